import { queryOptions } from '@tanstack/react-query';
import { api, ok } from '../../api/client.ts';

/** The organisation's unread alerts, for the badge in the navigation. */
export const unreadQuery = queryOptions({
  queryKey: ['alerts', 'unread'],
  queryFn: () => ok(api.GET('/api/alerts', { params: { query: { limit: 1 } } })).then((a) => a.unread),
});

/** The organisation's alerts inbox, newest first. */
export const inboxQuery = queryOptions({
  queryKey: ['alerts', 'inbox'],
  queryFn: () => ok(api.GET('/api/alerts', { params: { query: { limit: 100 } } })),
});
