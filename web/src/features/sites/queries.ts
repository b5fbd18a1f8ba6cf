import { queryOptions } from '@tanstack/react-query';
import { allPages } from '../../api/all-pages.ts';
import { api, ok } from '../../api/client.ts';

/** Where the DR Congo's artisanal cobalt and copper sites are. */
export const PROVINCES = [
  'Lualaba',
  'Haut-Katanga',
  'Haut-Lomami',
  'Tanganyika',
  'Sud-Kivu',
  'Nord-Kivu',
  'Ituri',
  'Maniema',
];

// Everything read about sites sits under ['sites']: a change to a site, its status or its list refreshes it all.
export const SITES = ['sites'] as const;

export const siteQuery = (id: string) =>
  queryOptions({
    queryKey: [...SITES, id],
    queryFn: () => ok(api.GET('/api/sites/{id}', { params: { path: { id } } })),
  });

export const statusHistoryQuery = (id: string) =>
  queryOptions({
    queryKey: [...SITES, id, 'history'],
    queryFn: () => ok(api.GET('/api/sites/{id}/status-history', { params: { path: { id } } })),
  });

export const sitesMapQuery = queryOptions({
  queryKey: [...SITES, 'map'],
  queryFn: () => ok(api.GET('/api/sites/map')),
});

/** The cooperatives a site may be operated by, for the site form. */
export const cooperativesQuery = queryOptions({
  queryKey: ['organisations', 'list', { chainRole: 'cooperative' }],
  queryFn: async () => ({
    items: await allPages((cursor) =>
      ok(
        api.GET('/api/organisations', {
          params: { query: { chainRole: 'cooperative', limit: 200, cursor } },
        }),
      ),
    ),
  }),
});
