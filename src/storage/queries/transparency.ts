import type { IncidentState } from '../../domain/incidents/lifecycle.ts';
import type { SiteGeometry } from '../../domain/sites/geometry.ts';
import type { Mineral, SiteStatus } from '../../domain/sites/site.ts';
import type { PublicLocation } from '../../domain/transparency/transparency.ts';
import type { Queryable } from '../db.ts';

/** What the public view reads of a site: never its people, operators, workforce or reasons in words. */
export interface PublicSiteRow {
  id: string;
  code: string;
  name: string;
  province: string;
  territory: string | null;
  minerals: Mineral[];
  geometry: SiteGeometry;
  public_location: PublicLocation;
  history: { status: SiteStatus; effective_at: string; kind: string }[];
}

/**
 * The sites (not merged into another) that had a status before the cut, with their status changes before it.
 * A site is read by code when one is given.
 */
export async function publicSiteRows(q: Queryable, cut: Date, code?: string): Promise<PublicSiteRow[]> {
  return (
    await q.query<PublicSiteRow>(
      `SELECT s.id, s.code, s.name, s.province, s.territory, s.minerals, s.geometry, s.public_location,
              h.history
         FROM sites s
         JOIN LATERAL (
           SELECT json_agg(json_build_object('status', x.status, 'effective_at', x.effective_at,
                                             'kind', x.reason_data->>'kind')
                           ORDER BY x.effective_at, x.created_at) AS history
             FROM site_status_history x WHERE x.site_id = s.id AND x.effective_at < $1) h ON h.history IS NOT NULL
        WHERE s.merged_into IS NULL AND ($2::text IS NULL OR s.code = $2)
        ORDER BY s.code`,
      [cut, code ?? null],
    )
  ).rows;
}

export interface MonthlyVolumeRow {
  site_id: string;
  month: string;
  sacks: number;
  mass_kg: number;
  cobalt_kg: number;
}

/** Ore tagged at each site (sacks, by their production time) by month, before `bound`. */
export async function monthlyVolumes(
  q: Queryable,
  bound: Date,
  siteId?: string,
): Promise<MonthlyVolumeRow[]> {
  return (
    await q.query<MonthlyVolumeRow>(
      `SELECT site_id, to_char(produced_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month, count(*)::int AS sacks,
              sum(mass_kg)::float8 AS mass_kg, sum(mass_kg * grade_pct / 100)::float8 AS cobalt_kg
         FROM custody_lots
        WHERE kind = 'sack' AND site_id IS NOT NULL AND produced_at < $1 AND ($2::uuid IS NULL OR site_id = $2)
        GROUP BY 1, 2 ORDER BY 1, 2`,
      [bound, siteId ?? null],
    )
  ).rows;
}

export interface ClosedIncidentRow {
  level: number;
  category: string;
  reported_at: Date;
  transitions: { to: IncidentState; at: string }[];
}

/** Incidents reported before the cut that are closed now, with their transitions (never their words). */
export async function closedIncidentRows(q: Queryable, cut: Date): Promise<ClosedIncidentRow[]> {
  return (
    await q.query<ClosedIncidentRow>(
      `SELECT i.level, i.category, i.reported_at,
              coalesce((SELECT json_agg(json_build_object('to', t.to_state, 'at', t.at) ORDER BY t.at)
                          FROM incident_transitions t WHERE t.incident_id = i.id), '[]') AS transitions
         FROM incidents i
        WHERE i.state IN ('resolved', 'unsubstantiated') AND i.reported_at < $1`,
      [cut],
    )
  ).rows;
}

/** Sets how the public view shows a site's place; false when no such site. */
export async function setPublicLocation(q: Queryable, siteId: string, location: PublicLocation, now: Date) {
  const r = await q.query(
    'UPDATE sites SET public_location = $2, version = version + 1, updated_at = $3 WHERE id = $1 AND merged_into IS NULL',
    [siteId, location, now],
  );
  return (r.rowCount ?? 0) > 0;
}
