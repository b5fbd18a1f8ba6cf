import { queryOptions } from '@tanstack/react-query';
import { allPages } from '../../api/all-pages.ts';
import { api, ok } from '../../api/client.ts';
import type { paths } from '../../api/schema.d.ts';
import { SITES } from '../sites/queries.ts';

export const LOTS = ['lots'] as const;

/** What GET /api/lots takes: filters, search, sort and the page. */
export type LotQuery = NonNullable<paths['/api/lots']['get']['parameters']['query']>;
/** The columns the lot list sorts by. */
export type LotSortKey = 'tag' | 'date' | 'mass' | 'cobalt' | 'holder' | 'origin';

/** One page of lots. */
export const lotPage = (query: LotQuery) => ok(api.GET('/api/lots', { params: { query } }));

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

/** What the caller's organisation holds now, and the custody rules its operations are judged by. */
export const stockQuery = queryOptions({
  queryKey: [...LOTS, 'stock'],
  queryFn: () => ok(api.GET('/api/custody/stock')),
});

/** Every lot an organisation holds now (not merged or processed), newest first, for the operation forms. */
export const heldLotsQuery = (holderId: string) =>
  queryOptions({
    queryKey: [...LOTS, 'held', holderId],
    queryFn: () =>
      allPages((cursor) =>
        ok(api.GET('/api/lots', { params: { query: { holderId, held: 'true', limit: 200, cursor } } })),
      ),
  });
