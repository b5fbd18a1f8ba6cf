import type { Queryable } from '../db.ts';

/**
 * SQL that is true when ore from site `$site` reached organisation `$org` through the chain of custody: it
 * holds, or once received, a lot carrying some of the site's cobalt. The custody part of exposure, and alone
 * the rule for an incident's evidence files.
 */
export const reachedSql = (org: string, site: string) =>
  `EXISTS (SELECT 1 FROM custody_lots l WHERE (l.origin->'bySite') ? (${site})::text
              AND (l.holder_id = ${org} OR EXISTS (SELECT 1 FROM custody_transfers t WHERE t.lot_id = l.id AND t.to_id = ${org})))`;

/**
 * SQL that is true when organisation `$org` is exposed to site `$site`: it subscribes to the site or to a
 * supplier operating it, or ore from the site reached it through the chain of custody (it received or
 * holds a lot carrying some of the site's cobalt).
 */
export const exposedSql = (org: string, site: string) => `(
  EXISTS (SELECT 1 FROM subscriptions s WHERE s.organisation_id = ${org} AND s.site_id = ${site})
  OR EXISTS (SELECT 1 FROM subscriptions s JOIN site_operators o ON o.organisation_id = s.supplier_id
              WHERE s.organisation_id = ${org} AND o.site_id = ${site})
  OR ${reachedSql(org, site)})`;

// Keys of a lot's origin are site ids; a key that is not a canonical (lower-case) uuid names no site, as the
// `?` test above would find no site for it either.
const UUID_TEXT = "'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'";

/**
 * SQL for the set of sites organisation `$org` is exposed to (the same rule as exposedSql), to be used as
 * `site_id IN (…)`: the organisation's subscriptions and lots are read once for a whole query, instead of once
 * per incident.
 */
export const exposedSitesSql = (org: string) => `(
  SELECT s.site_id FROM subscriptions s WHERE s.organisation_id = ${org} AND s.site_id IS NOT NULL
  UNION
  SELECT o.site_id FROM subscriptions s JOIN site_operators o ON o.organisation_id = s.supplier_id
   WHERE s.organisation_id = ${org}
  UNION
  SELECT lot_site FROM (
    SELECT CASE WHEN k ~ ${UUID_TEXT} THEN k::uuid END AS lot_site
      FROM custody_lots l,
           jsonb_object_keys(CASE WHEN jsonb_typeof(l.origin->'bySite') = 'object' THEN l.origin->'bySite' ELSE '{}' END) k
     WHERE l.holder_id = ${org} OR l.id IN (SELECT t.lot_id FROM custody_transfers t WHERE t.to_id = ${org})) lots
   WHERE lot_site IS NOT NULL)`;

/** Whether ore from the site reached the organisation through the chain (reachedSql). */
export async function oreReached(
  q: Queryable,
  organisationId: string | null,
  siteId: string | null,
): Promise<boolean> {
  const rows = await q.query(`SELECT 1 WHERE ${reachedSql('$1::uuid', '$2::uuid')}`, [
    organisationId,
    siteId,
  ]);
  return rows.rows.length > 0;
}

/** The organisations exposed to a site, each once: its followers and those its ore reached. */
export async function listExposedOrganisations(q: Queryable, siteId: string): Promise<string[]> {
  const rows = await q.query<{ organisation_id: string }>(
    `SELECT s.organisation_id FROM subscriptions s
      WHERE s.site_id = $1 OR s.supplier_id IN (SELECT organisation_id FROM site_operators WHERE site_id = $1)
     UNION
     SELECT t.to_id FROM custody_transfers t JOIN custody_lots l ON l.id = t.lot_id WHERE (l.origin->'bySite') ? $1::text
     UNION
     SELECT l.holder_id FROM custody_lots l WHERE (l.origin->'bySite') ? $1::text
     ORDER BY 1`,
    [siteId],
  );
  return rows.rows.map((r) => r.organisation_id);
}
