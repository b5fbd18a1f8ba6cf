import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { allPages } from '../../api/all-pages.ts';
import { api, ok, okOrHidden } from '../../api/client.ts';
import { SITES } from '../sites/queries.ts';

/** A site's indicators over time: under the site's key, so that a new visit refreshes them. */
export const indicatorsQuery = (siteId: string) =>
  queryOptions({
    queryKey: [...SITES, siteId, 'indicators'],
    queryFn: () => okOrHidden(api.GET('/api/sites/{id}/indicators', { params: { path: { id: siteId } } })),
  });

// Plans and assignments move together: an assignment made or ended, or a visit recorded, refreshes them all.
export const PLAN = ['visit-plan'] as const;

/** Items per page of the plan and of the overdue report. */
const PLAN_PAGE = 25;

/** The caller's own visit plan, most urgent first, page by page. */
export const visitPlanQuery = infiniteQueryOptions({
  queryKey: [...PLAN, 'mine'],
  queryFn: ({ pageParam }) =>
    ok(
      api.GET('/api/visit-plan', {
        params: { query: { limit: PLAN_PAGE, ...(pageParam && { cursor: pageParam }) } },
      }),
    ),
  initialPageParam: '',
  getNextPageParam: (last) => last.nextCursor ?? undefined,
});

/** The organisation's monitors with overdue visits, most overdue first, page by page. */
export const overdueQuery = infiniteQueryOptions({
  queryKey: [...PLAN, 'overdue'],
  queryFn: ({ pageParam }) =>
    ok(
      api.GET('/api/visit-plan/overdue', {
        params: { query: { limit: PLAN_PAGE, ...(pageParam && { cursor: pageParam }) } },
      }),
    ),
  initialPageParam: '',
  getNextPageParam: (last) => last.nextCursor ?? undefined,
});

/** Every monitor and assessor of the organisation, for the assignment form (a few dozen). */
export const fieldStaffQuery = queryOptions({
  queryKey: [...PLAN, 'people'],
  queryFn: () =>
    allPages((cursor) =>
      ok(
        api.GET('/api/site-assignments/people', {
          params: { query: { limit: 200, ...(cursor && { cursor }) } },
        }),
      ),
    ),
});
