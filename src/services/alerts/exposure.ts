import type { Queryable } from '../../storage/db.ts';
import { listExposedOrganisations, oreReached } from '../../storage/queries/alerts.ts';

/**
 * Who is exposed to a site: an organisation that follows the site or a supplier operating it, or that ore
 * from the site reached through the chain of custody. The rule itself is SQL (`exposedSql`, `exposedSitesSql`
 * and its custody part `reachedSql` in src/storage/queries/alerts.ts), so that lists filter on it in one query.
 */
export { exposedSitesSql, exposedSql } from '../../storage/queries/alerts.ts';

/** The organisations exposed to a site, each once: its followers and those its ore reached. */
export function exposedOrganisations(q: Queryable, siteId: string): Promise<string[]> {
  return listExposedOrganisations(q, siteId);
}

/** Whether ore from the site reached the organisation through the chain (the custody part of exposure). */
export function reachedThroughChain(
  q: Queryable,
  organisationId: string | null,
  siteId: string | null,
): Promise<boolean> {
  return oreReached(q, organisationId, siteId);
}
