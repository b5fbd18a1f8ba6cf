import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api, ok } from '../../api/client.ts';

/** The organisation's unread alerts, for the badge in the navigation. */
export const unreadQuery = queryOptions({
  queryKey: ['alerts', 'unread'],
  queryFn: () => ok(api.GET('/api/alerts', { params: { query: { limit: 1 } } })).then((a) => a.unread),
});

/** Alerts per page of the inbox. */
const INBOX_PAGE = 50;

/** The organisation's alerts inbox, newest first, page by page ("show more" asks for the next). */
export const inboxQuery = infiniteQueryOptions({
  queryKey: ['alerts', 'inbox'],
  queryFn: ({ pageParam }) =>
    ok(
      api.GET('/api/alerts', {
        params: { query: { limit: INBOX_PAGE, ...(pageParam && { cursor: pageParam }) } },
      }),
    ),
  initialPageParam: '',
  getNextPageParam: (last) => last.nextCursor ?? undefined,
});
