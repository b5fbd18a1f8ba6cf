import type { Outcome, StatusReason } from '../../domain/assessments/site-status.ts';
import type { SiteGeometry } from '../../domain/sites/geometry.ts';
import type { Mineral, SiteStatus } from '../../domain/sites/site.ts';
import type { Queryable } from '../db.ts';

export interface SiteRow {
  id: string;
  code: string;
  name: string;
  province: string;
  territory: string | null;
  zone_code: string | null;
  concession: string | null;
  geometry: SiteGeometry;
  minerals: Mineral[];
  workforce: number | null;
  pits: number | null;
  capacity_kg_month: number | null;
  typical_grade_pct: number | null;
  status: SiteStatus;
  status_since: Date;
  status_reason: StatusReason;
  status_deadline: string | null;
  status_valid_until: string | null;
  status_red_until: string | null;
  status_pending: Outcome | null;
  status_approved_at: Date | null;
  status_assessment: string | null;
  /** Codes of the verified level-1 incidents suspending the site. */
  suspended_by: string[];
  version: number;
  created_at: Date;
  updated_at: Date;
}

export async function findSiteById(q: Queryable, id: string): Promise<SiteRow | undefined> {
  return (await q.query<SiteRow>('SELECT * FROM sites WHERE id = $1', [id])).rows[0];
}

export async function findSiteByCode(q: Queryable, code: string): Promise<SiteRow | undefined> {
  return (await q.query<SiteRow>('SELECT * FROM sites WHERE code = $1', [code])).rows[0];
}

export async function operatorsOf(q: Queryable, siteIds: readonly string[]) {
  return (
    await q.query<{ site_id: string; organisation_id: string; legal_name: string }>(
      `SELECT so.site_id, so.organisation_id, o.legal_name FROM site_operators so JOIN organisations o ON o.id = so.organisation_id
        WHERE so.site_id = ANY($1::uuid[]) ORDER BY o.legal_name`,
      [siteIds],
    )
  ).rows;
}

/** A site as the map draws it, its JSON parts written by the database. */
export interface SiteMapRow {
  id: string;
  code: string;
  /** `{"id":…,"code":…,"name":…,"status":…,"suspended":…,"province":…,"minerals":[…]` (left open). */
  properties_json: string;
  geometry_json: string;
  /** A point's own coordinates; null for a polygon, whose marker is worked out from its geometry. */
  point_lon: number | null;
  point_lat: number | null;
}

/** Up to `limit` sites for the map after code `after` (from the first when null), by code. */
export async function siteMapPage(q: Queryable, after: string | null, limit: number): Promise<SiteMapRow[]> {
  return (
    await q.query<SiteMapRow>(
      `SELECT id, code,
              '{"id":"' || id || '","code":' || to_json(code) || ',"name":' || to_json(name) || ',"status":' ||
                to_json(status) || ',"suspended":' || (cardinality(suspended_by) > 0) || ',"province":' ||
                to_json(province) || ',"minerals":' || to_json(minerals) AS properties_json,
              geometry::text AS geometry_json,
              CASE WHEN geometry->>'type' = 'Point' THEN (geometry->'coordinates'->>0)::float8 END AS point_lon,
              CASE WHEN geometry->>'type' = 'Point' THEN (geometry->'coordinates'->>1)::float8 END AS point_lat
         FROM sites WHERE ($1::text IS NULL OR code > $1) ORDER BY code LIMIT $2`,
      [after, limit],
    )
  ).rows;
}

/**
 * Ids (by code) of the sites whose status the passing of time may have changed by `today`: green at or past its
 * validity, yellow past its deadline, blue since before `blueSince`, red with a pending outcome at or past the
 * minimum. A superset of what the rules will change; the rules decide.
 */
export async function sitesWithTimeRuleDue(q: Queryable, today: string, blueSince: Date): Promise<string[]> {
  return (
    await q.query<{ id: string }>(
      `SELECT id FROM sites
        WHERE (status = 'green' AND status_valid_until <= $1::date)
           OR (status = 'yellow' AND status_deadline < $1::date)
           OR (status = 'blue' AND status_since < $2)
           OR (status = 'red' AND status_pending IS NOT NULL AND status_red_until <= $1::date)
        ORDER BY code`,
      [today, blueSince],
    )
  ).rows.map((r) => r.id);
}

/** Locks sites for update inside the caller's transaction and returns them by code. */
export async function lockSites(tx: Queryable, ids: readonly string[]): Promise<SiteRow[]> {
  return (
    await tx.query<SiteRow>('SELECT * FROM sites WHERE id = ANY($1::uuid[]) ORDER BY code FOR UPDATE', [ids])
  ).rows;
}

/** The sites holding any of these codes. */
export async function findSitesByCodes(q: Queryable, codes: readonly string[]): Promise<SiteRow[]> {
  return (await q.query<SiteRow>('SELECT * FROM sites WHERE code = ANY($1::text[])', [codes])).rows;
}

const UUID_TEXT = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

/**
 * Organisations named by id or by registration number, for each reference once: an id (in its canonical
 * lower-case form) is looked up by primary key, anything else by number in upper case. A reference matching
 * both kinds resolves to the organisation with that id.
 */
export async function findOrganisationRefs(q: Queryable, refs: readonly string[]) {
  return (
    await q.query<{ ref: string; id: string; chain_roles: string[] }>(
      `SELECT DISTINCT ON (m.ref) m.ref, m.id, m.chain_roles
         FROM (SELECT r.ref, o.id, o.chain_roles, true AS by_id
                 FROM unnest($1::text[]) AS r(ref)
                 JOIN organisations o ON o.id = CASE WHEN r.ref ~ $2 THEN r.ref::uuid END
               UNION ALL
               SELECT r.ref, o.id, o.chain_roles, false
                 FROM unnest($1::text[]) AS r(ref)
                 JOIN registration_numbers n ON n.number = upper(r.ref)
                 JOIN organisations o ON o.id = n.organisation_id) m
        ORDER BY m.ref, m.by_id DESC, m.id`,
      [[...new Set(refs)], UUID_TEXT],
    )
  ).rows;
}

/** The columns of a site its describer gives (see writeSite in services/sites/sites.ts, the one-site path). */
export interface SiteColumns {
  id: string;
  code: string;
  name: string;
  province: string;
  territory: string | null;
  zone_code: string | null;
  concession: string | null;
  geometry: unknown;
  minerals: string[];
  workforce: number | null;
  pits: number | null;
  capacity_kg_month: number | null;
  typical_grade_pct: number | null;
}

const COLUMN_TYPES = `id uuid, code text, name text, province text, territory text, zone_code text, concession text,
  geometry jsonb, minerals text[], workforce integer, pits integer, capacity_kg_month numeric, typical_grade_pct numeric`;

// Rows go to the server as one JSON document per statement, in slices that keep each parameter small.
const SLICE = 1000;
const slices = <T>(xs: readonly T[]) =>
  Array.from({ length: Math.ceil(xs.length / SLICE) }, (_, i) => xs.slice(i * SLICE, (i + 1) * SLICE));

/** Inserts new blue sites with the first entry of their history, in a few statements. */
export async function insertSites(
  tx: Queryable,
  sites: readonly (SiteColumns & { history_id: string })[],
  history: { reason: string; recordedBy: string | null },
  now: Date,
): Promise<void> {
  for (const slice of slices(sites)) {
    await tx.query(
      `INSERT INTO sites (id, code, name, province, territory, zone_code, concession, geometry, minerals, workforce, pits,
                          capacity_kg_month, typical_grade_pct, status, status_since, created_at, updated_at)
       SELECT x.id, x.code, x.name, x.province, x.territory, x.zone_code, x.concession, x.geometry, x.minerals, x.workforce,
              x.pits, x.capacity_kg_month, x.typical_grade_pct, 'blue', $2, $2, $2
         FROM jsonb_to_recordset($1::jsonb) AS x(${COLUMN_TYPES})`,
      [JSON.stringify(slice), now],
    );
    await recordSiteStatuses(
      tx,
      slice.map((site) => ({
        id: site.history_id,
        siteId: site.id,
        status: 'blue' as const,
        reason: history.reason,
        reasonData: { kind: 'registered' },
        effectiveAt: now,
        recordedBy: history.recordedBy,
        recordedAt: now,
      })),
    );
  }
}

/** Replaces existing sites read at `version`; returns the ids that were still at that version. */
export async function updateSites(
  tx: Queryable,
  sites: readonly (SiteColumns & { version: number })[],
  now: Date,
): Promise<Set<string>> {
  const updated = new Set<string>();
  for (const slice of slices(sites)) {
    const rows = await tx.query<{ id: string }>(
      `UPDATE sites s SET code = x.code, name = x.name, province = x.province, territory = x.territory,
              zone_code = x.zone_code, concession = x.concession, geometry = x.geometry, minerals = x.minerals,
              workforce = x.workforce, pits = x.pits, capacity_kg_month = x.capacity_kg_month,
              typical_grade_pct = x.typical_grade_pct, version = s.version + 1, updated_at = $2
         FROM jsonb_to_recordset($1::jsonb) AS x(${COLUMN_TYPES}, version integer)
        WHERE s.id = x.id AND s.version = x.version
        RETURNING s.id`,
      [JSON.stringify(slice), now],
    );
    for (const r of rows.rows) updated.add(r.id);
  }
  return updated;
}

/** Sets the operating organisations of sites, replacing those they had. */
export async function replaceSiteOperators(
  tx: Queryable,
  operators: readonly { siteId: string; organisationIds: readonly string[] }[],
): Promise<void> {
  for (const slice of slices(operators)) {
    await tx.query('DELETE FROM site_operators WHERE site_id = ANY($1::uuid[])', [
      slice.map((o) => o.siteId),
    ]);
    const pairs = slice.flatMap((o) => [...new Set(o.organisationIds)].map((org) => [o.siteId, org]));
    await tx.query(
      'INSERT INTO site_operators (site_id, organisation_id) SELECT * FROM unnest($1::uuid[], $2::uuid[])',
      [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
    );
  }
}

/** One entry of a site's colour history: what it became, why, from when, and who recorded it when. */
export interface SiteStatusEntry {
  id: string;
  siteId: string;
  status: SiteStatus;
  /** The reason in words, as the history shows it. */
  reason: string;
  /** The reason as data (the assessment, the incident), for translation and links. */
  reasonData: StatusReason;
  effectiveAt: Date;
  recordedBy: string | null;
  recordedAt: Date;
}

/** The one writer of `site_status_history`: registration, assessments, suspensions and time rules all come here. */
export async function recordSiteStatuses(tx: Queryable, entries: readonly SiteStatusEntry[]): Promise<void> {
  for (const slice of slices(entries)) {
    await tx.query(
      `INSERT INTO site_status_history (id, site_id, status, reason, reason_data, effective_at, recorded_by, created_at)
       SELECT e.id, e.site_id, e.status, e.reason, e.reason_data, e.effective_at, e.recorded_by, e.recorded_at
         FROM jsonb_to_recordset($1::jsonb)
           AS e(id uuid, site_id uuid, status text, reason text, reason_data jsonb, effective_at timestamptz,
                recorded_by uuid, recorded_at timestamptz)`,
      [
        JSON.stringify(
          slice.map((e) => ({
            id: e.id,
            site_id: e.siteId,
            status: e.status,
            reason: e.reason,
            reason_data: e.reasonData,
            effective_at: e.effectiveAt.toISOString(),
            recorded_by: e.recordedBy,
            recorded_at: e.recordedAt.toISOString(),
          })),
        ),
      ],
    );
  }
}
