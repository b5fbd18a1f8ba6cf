import { queryOptions } from '@tanstack/react-query';
import { type Answer, api, ok } from '../../api/client.ts';

export const SCREENING = ['screening'] as const;

export type ListVersion = Answer<'/api/screening/list-versions/{id}'>;
export type Hit = Answer<'/api/screening/hits/{id}'>;
export type HitStatus = Hit['status'];
export const HIT_STATUSES = [
  'open',
  'confirmed',
  'dismissed',
  'delisted',
] as const satisfies readonly HitStatus[];

/** One page of list versions, newest first. */
export const versionsPage = (cursor?: string) =>
  ok(
    api.GET('/api/screening/list-versions', { params: { query: { limit: 20, ...(cursor && { cursor }) } } }),
  );

export const versionQuery = (id: string) =>
  queryOptions({
    queryKey: [...SCREENING, 'version', id],
    queryFn: () => ok(api.GET('/api/screening/list-versions/{id}', { params: { path: { id } } })),
    // While its screening runs, the version's progress is asked for again every two seconds.
    refetchInterval: (q) => (q.state.data?.screening?.status === 'done' ? false : 2000),
  });

export type ChangeKind = 'added' | 'removed' | 'changed';

/** One page of what a version changed. */
export const changesPage = (id: string, change: ChangeKind | '', cursor?: string) =>
  ok(
    api.GET('/api/screening/list-versions/{id}/changes', {
      params: { path: { id }, query: { limit: 50, ...(change && { change }), ...(cursor && { cursor }) } },
    }),
  );

/** One page of the review queue, of a status. */
export const hitsPage = (status: HitStatus, cursor?: string, organisationId?: string) =>
  ok(
    api.GET('/api/screening/hits', {
      params: {
        query: { status, limit: 50, ...(cursor && { cursor }), ...(organisationId && { organisationId }) },
      },
    }),
  );

export const hitQuery = (id: string) =>
  queryOptions({
    queryKey: [...SCREENING, 'hit', id],
    queryFn: () => ok(api.GET('/api/screening/hits/{id}', { params: { path: { id } } })),
  });

export const organisationScreeningQuery = (id: string) =>
  queryOptions({
    queryKey: [...SCREENING, 'organisation', id],
    queryFn: () => ok(api.GET('/api/organisations/{id}/screening', { params: { path: { id } } })),
  });
