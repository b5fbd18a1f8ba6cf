import type { Queryable } from '../../storage/db.ts';

/**
 * SQL that is true when organisation `$org` is exposed to site `$site`: it subscribes to the site or to a
 * supplier operating it. (Custody links join this once chain of custody exists.)
 */
export const exposedSql = (org: string, site: string) => `(
  EXISTS (SELECT 1 FROM subscriptions s WHERE s.organisation_id = ${org} AND s.site_id = ${site})
  OR EXISTS (SELECT 1 FROM subscriptions s JOIN site_operators o ON o.organisation_id = s.supplier_id
              WHERE s.organisation_id = ${org} AND o.site_id = ${site}))`;

/** The organisations exposed to a site, each once. */
export async function exposedOrganisations(q: Queryable, siteId: string): Promise<string[]> {
  const rows = await q.query<{ organisation_id: string }>(
    `SELECT DISTINCT s.organisation_id FROM subscriptions s
      WHERE s.site_id = $1 OR s.supplier_id IN (SELECT organisation_id FROM site_operators WHERE site_id = $1)
      ORDER BY s.organisation_id`,
    [siteId],
  );
  return rows.rows.map((r) => r.organisation_id);
}
