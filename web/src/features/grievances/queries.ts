import { queryOptions } from '@tanstack/react-query';
import { api, ok } from '../../api/client.ts';
import type { PageRequest } from '../../components/paged-list.tsx';

export const GRIEVANCES = ['grievances'] as const;

/** One page of the officers' queue; the list is read a page at a time through `PagedList`. */
export const loadGrievancesPage = (
  status: '' | 'received' | 'validated' | 'rejected' | 'closed',
  page: PageRequest<'date'>,
) =>
  ok(
    api.GET('/api/grievances', {
      params: { query: { limit: 25, ...page, ...(status && { status }) } },
    }),
  );

export const grievanceQuery = (id: string) =>
  queryOptions({
    queryKey: [...GRIEVANCES, id],
    queryFn: () => ok(api.GET('/api/grievances/{id}', { params: { path: { id } } })),
  });

/** A grievance's SMS thread, oldest first; empty when it came by the web form. */
export const smsThreadQuery = (id: string) =>
  queryOptions({
    queryKey: [...GRIEVANCES, id, 'sms'],
    queryFn: () => ok(api.GET('/api/grievances/{id}/sms', { params: { path: { id } } })),
  });
