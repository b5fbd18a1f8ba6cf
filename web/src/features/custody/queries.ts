import { queryOptions } from '@tanstack/react-query';
import { api, ok } from '../../api/client.ts';
import { SITES } from '../sites/queries.ts';

export const LOTS = ['lots'] as const;

export const lotsQuery = queryOptions({
  queryKey: [...LOTS, 'list'],
  queryFn: () => ok(api.GET('/api/lots', { params: { query: { limit: 500 } } })),
});

export const originQuery = (id: string) =>
  queryOptions({
    queryKey: [...LOTS, id, 'origin'],
    queryFn: () => ok(api.GET('/api/lots/{id}/origin', { params: { path: { id } } })),
  });

export const lineageQuery = (id: string) =>
  queryOptions({
    queryKey: [...LOTS, id, 'lineage'],
    queryFn: () => ok(api.GET('/api/lots/{id}/lineage', { params: { path: { id } } })),
  });

/** How re-judgements of a lot's sites changed its non-conforming share after the fact, oldest first. */
export const conformityQuery = (id: string) =>
  queryOptions({
    queryKey: [...LOTS, id, 'conformity'],
    queryFn: () => ok(api.GET('/api/lots/{id}/conformity', { params: { path: { id } } })),
  });

/** Where a site's production went: under the site's key and its own. */
export const downstreamQuery = (siteId: string) =>
  queryOptions({
    queryKey: [...SITES, siteId, 'downstream'],
    queryFn: () => ok(api.GET('/api/sites/{id}/downstream', { params: { path: { id: siteId } } })),
  });
