import { queryOptions } from '@tanstack/react-query';
import { api, ok } from '../../api/client.ts';

export const GRIEVANCES = ['grievances'] as const;

/** The sites anyone may name in a grievance (code, name, province). */
export const publicSitesQuery = queryOptions({
  queryKey: ['public', 'sites'],
  queryFn: () => ok(api.GET('/api/public/sites')),
  staleTime: 5 * 60_000,
});

export const grievancesQuery = (status: '' | 'received' | 'validated' | 'rejected' | 'closed') =>
  queryOptions({
    queryKey: [...GRIEVANCES, 'list', status],
    queryFn: () => ok(api.GET('/api/grievances', { params: { query: status ? { status } : {} } })),
  });

export const grievanceQuery = (id: string) =>
  queryOptions({
    queryKey: [...GRIEVANCES, id],
    queryFn: () => ok(api.GET('/api/grievances/{id}', { params: { path: { id } } })),
  });
