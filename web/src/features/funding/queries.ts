import { queryOptions } from '@tanstack/react-query';
import { api, ok } from '../../api/client.ts';

// Everything of the fund moves together: a vote, a milestone or a disbursement refreshes the fund and its pages.
export const FUNDS = ['funds'] as const;

/** The funds the caller runs, oversees or belongs to (a handful). */
export const fundsQuery = queryOptions({
  queryKey: [...FUNDS, 'list'],
  queryFn: () => ok(api.GET('/api/funds', { params: { query: { limit: 200 } } })),
});

export const fundQuery = (id: string) =>
  queryOptions({
    queryKey: [...FUNDS, id],
    queryFn: () => ok(api.GET('/api/funds/{id}', { params: { path: { id } } })),
  });

export const scheduleQuery = (id: string, year: number) =>
  queryOptions({
    queryKey: [...FUNDS, id, 'schedule', year],
    queryFn: () => ok(api.GET('/api/funds/{id}/schedule', { params: { path: { id }, query: { year } } })),
  });

export const projectQuery = (id: string) =>
  queryOptions({
    queryKey: [...FUNDS, 'project', id],
    queryFn: () => ok(api.GET('/api/fund-projects/{id}', { params: { path: { id } } })),
  });

export const funderQuery = (fundId: string, organisationId: string) =>
  queryOptions({
    queryKey: [...FUNDS, fundId, 'funder', organisationId],
    queryFn: () =>
      ok(
        api.GET('/api/funds/{id}/funders/{organisationId}', {
          params: { path: { id: fundId, organisationId } },
        }),
      ),
  });
