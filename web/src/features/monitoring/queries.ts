import { queryOptions } from '@tanstack/react-query';
import { api, okOrHidden } from '../../api/client.ts';
import { SITES } from '../sites/queries.ts';

/** A site's indicators over time: under the site's key, so that a new visit refreshes them. */
export const indicatorsQuery = (siteId: string) =>
  queryOptions({
    queryKey: [...SITES, siteId, 'indicators'],
    queryFn: () => okOrHidden(api.GET('/api/sites/{id}/indicators', { params: { path: { id: siteId } } })),
  });
