import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { allPages } from '../../api/all-pages.ts';
import { api, ok, okOrHidden } from '../../api/client.ts';

// Assessments and corrective actions change a site's status: their keys sit apart, and approving
// refreshes the sites as well.
export const ASSESSMENTS = ['assessments'] as const;

export const assessmentQuery = (id: string) =>
  queryOptions({
    queryKey: [...ASSESSMENTS, id],
    queryFn: () => ok(api.GET('/api/assessments/{id}', { params: { path: { id } } })),
  });

/** An assessment's photos and documents; null for a reader whose role may not see them. */
export const assessmentEvidenceQuery = (id: string) =>
  queryOptions({
    queryKey: [...ASSESSMENTS, id, 'evidence'],
    queryFn: () => okOrHidden(api.GET('/api/assessments/{id}/evidence', { params: { path: { id } } })),
  });

/** A site's assessments, newest first, page by page; a page is null when the reader's role may not see them. */
export const siteAssessmentsQuery = (siteId: string) =>
  infiniteQueryOptions({
    queryKey: [...ASSESSMENTS, 'site', siteId],
    queryFn: ({ pageParam }) =>
      okOrHidden(
        api.GET('/api/assessments', {
          params: { query: { siteId, ...(pageParam && { cursor: pageParam }) } },
        }),
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last?.nextCursor ?? undefined,
  });

/** A site's open corrective actions, soonest deadline first, page by page (null pages as above). */
export const openActionsQuery = (siteId: string) =>
  infiniteQueryOptions({
    queryKey: [...ASSESSMENTS, 'actions', siteId],
    queryFn: ({ pageParam }) =>
      okOrHidden(
        api.GET('/api/corrective-actions', {
          params: { query: { siteId, status: 'open', ...(pageParam && { cursor: pageParam }) } },
        }),
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last?.nextCursor ?? undefined,
  });

export const criteriaSetQuery = (id: string) =>
  queryOptions({
    queryKey: ['criteria-sets', id],
    queryFn: () => ok(api.GET('/api/criteria-sets/{id}', { params: { path: { id } } })),
    // A published version never changes.
    staleTime: Number.POSITIVE_INFINITY,
  });

/** The newest published version of each site criteria set, read across every page of the list. */
export const publishedSetsQuery = queryOptions({
  queryKey: ['criteria-sets', 'published', 'site'],
  queryFn: () =>
    allPages((cursor) =>
      ok(
        api.GET('/api/criteria-sets', {
          params: { query: { kind: 'site', status: 'published', limit: 200, ...(cursor && { cursor }) } },
        }),
      ),
    ).then((sets) =>
      Object.values(
        Object.fromEntries([...sets].sort((a, b) => a.version - b.version).map((x) => [x.key, x])),
      ),
    ),
});
