import type { Outcome, StatusReason } from '../../domain/assessments/site-status.ts';
import type { SiteGeometry } from '../../domain/sites/geometry.ts';
import type { LayerFeature, MapLayerKind } from '../../domain/sites/map-layer.ts';
import type { Mineral, SiteStatus } from '../../domain/sites/site.ts';
import { prepared, type Queryable, shaped } from '../db.ts';
import { exposedSitesSql } from './alerts.ts';
import { keysetSql } from './page.ts';

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

/** Someone who sees only the sites assigned to it (a monitor or assessor), at a time: decision 0021. */
export interface AssignedTo {
  userId: string;
  organisationId: string;
  at: Date;
}

/**
 * The condition that the site `site` (an id expression) is assigned to the person in params n, n+1 at the time in
 * param n+2, or true when param n is null (one who sees every site); one lookup on site_assignments_user_idx.
 */
export const assignedSql = (site: string, n: number) =>
  `($${n}::uuid IS NULL OR EXISTS (SELECT 1 FROM site_assignments a WHERE a.user_id = $${n} AND a.organisation_id = $${n + 1}
      AND a.site_id = ${site} AND a.starts_at <= $${n + 2} AND (a.ends_at IS NULL OR a.ends_at > $${n + 2})))`;
export const assignedParams = (who: AssignedTo | null) => [
  who?.userId ?? null,
  who?.organisationId ?? null,
  who?.at ?? null,
];

/** Whether the site is assigned to the person at the time. */
export async function isSiteAssigned(q: Queryable, siteId: string, who: AssignedTo): Promise<boolean> {
  return (
    (await q.query(`SELECT 1 WHERE ${assignedSql('$4::uuid', 1)}`, [...assignedParams(who), siteId])).rows
      .length > 0
  );
}

export async function findSiteById(q: Queryable, id: string): Promise<SiteRow | undefined> {
  return (await q.query<SiteRow>('SELECT * FROM sites WHERE id = $1', [id])).rows[0];
}

/** Sites by id as a reference reads them: code, name and province. */
export async function siteRefs(
  q: Queryable,
  ids: readonly string[],
): Promise<{ id: string; code: string; name: string; province: string }[]> {
  if (ids.length === 0) return [];
  return (
    await q.query<{ id: string; code: string; name: string; province: string }>(
      'SELECT id, code, name, province FROM sites WHERE id = ANY($1::uuid[])',
      [[...new Set(ids)]],
    )
  ).rows;
}

export async function findSiteByCode(q: Queryable, code: string): Promise<SiteRow | undefined> {
  return (await q.query<SiteRow>('SELECT * FROM sites WHERE code = $1', [code])).rows[0];
}

export async function operatorsOf(q: Queryable, siteIds: readonly string[]) {
  return (
    await q.query<{ site_id: string; organisation_id: string; legal_name: string }>(
      prepared(
        'site_operators_of',
        `SELECT so.site_id, so.organisation_id, o.legal_name FROM site_operators so JOIN organisations o ON o.id = so.organisation_id
        WHERE so.site_id = ANY($1::uuid[]) ORDER BY o.legal_name`,
      ),
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
  /** A polygon's geometry, from which its marker is worked out; null for a point. */
  outline_json: string | null;
  /** A point's own coordinates; null for a polygon. */
  point_lon: number | null;
  point_lat: number | null;
}

/** Up to `limit` sites for the map after code `after` (from the first when null), by code. */
export async function siteMapPage(
  q: Queryable,
  after: string | null,
  limit: number,
  who: AssignedTo | null = null,
): Promise<SiteMapRow[]> {
  return (
    await q.query<SiteMapRow>(
      `SELECT id, code,
              '{"id":"' || id || '","code":' || to_json(code) || ',"name":' || to_json(name) || ',"status":' ||
                to_json(status) || ',"suspended":' || (cardinality(suspended_by) > 0) || ',"province":' ||
                to_json(province) || ',"minerals":' || to_json(minerals) AS properties_json,
              CASE WHEN geometry->>'type' <> 'Point' THEN geometry::text END AS outline_json,
              CASE WHEN geometry->>'type' = 'Point' THEN (geometry->'coordinates'->>0)::float8 END AS point_lon,
              CASE WHEN geometry->>'type' = 'Point' THEN (geometry->'coordinates'->>1)::float8 END AS point_lat
         FROM sites WHERE merged_into IS NULL AND ($1::text IS NULL OR code > $1) AND ${assignedSql('sites.id', 3)} ORDER BY code LIMIT $2`,
      [after, limit, ...assignedParams(who)],
    )
  ).rows;
}

/** The outlines (polygons) among the sites `ids`, as GeoJSON text; points have none. */
export async function siteOutlines(q: Queryable, ids: readonly string[], who: AssignedTo | null = null) {
  return (
    await q.query<{ id: string; geometry_json: string }>(
      `SELECT id, geometry::text AS geometry_json FROM sites
        WHERE id = ANY($1::uuid[]) AND geometry->>'type' <> 'Point' AND ${assignedSql('sites.id', 2)} ORDER BY code`,
      [ids, ...assignedParams(who)],
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

export async function findOrganisationRoles(q: Queryable, ids: readonly string[]) {
  return (
    await q.query<{ id: string; chain_roles: string[] }>(
      'SELECT id, chain_roles FROM organisations WHERE id = ANY($1::uuid[])',
      [ids],
    )
  ).rows;
}

export const SITE_SORT_EXPR = {
  code: 's.code',
  name: 'lower(s.name)',
  province: 'lower(s.province)',
  status: 's.status',
};

export interface SiteListFilter {
  q?: string;
  status?: string;
  province?: string;
  mineral?: string;
  cooperativeId?: string;
  zoneCode?: string;
  /** Only the sites assigned to this person (a monitor or assessor); every site when absent. */
  assignedTo?: AssignedTo | null;
  /** Only the sites with a verified level-1 incident standing (suspended). */
  suspended?: boolean;
  /** Only the sites an organisation operates, or those it is exposed to through follows and custody. */
  ownedBy?: { scope: 'operated' | 'exposed'; organisationId: string } | null;
}

/** The conditions of a site filter on `sites s`, with their parameters pushed through `param`. */
function siteConditions(f: SiteListFilter, params: unknown[]): string[] {
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  // A record merged into another is read through the one kept (decision 0026).
  const where: string[] = ['s.merged_into IS NULL'];
  if (f.q) {
    const n = param(f.q);
    where.push(`(s.code ILIKE '%' || ${n} || '%' OR s.name ILIKE '%' || ${n} || '%')`);
  }
  if (f.status) where.push(`s.status = ${param(f.status)}`);
  if (f.suspended) where.push('cardinality(s.suspended_by) > 0');
  if (f.province) where.push(`s.province ILIKE ${param(f.province)}`);
  if (f.mineral) where.push(`${param(f.mineral)} = ANY(s.minerals)`);
  if (f.cooperativeId)
    where.push(
      `EXISTS (SELECT 1 FROM site_operators o WHERE o.site_id = s.id AND o.organisation_id = ${param(f.cooperativeId)}::uuid)`,
    );
  if (f.ownedBy?.scope === 'operated')
    where.push(
      `EXISTS (SELECT 1 FROM site_operators o WHERE o.site_id = s.id AND o.organisation_id = ${param(f.ownedBy.organisationId)}::uuid)`,
    );
  if (f.ownedBy?.scope === 'exposed')
    where.push(`s.id = ANY(ARRAY${exposedSitesSql(`${param(f.ownedBy.organisationId)}::uuid`)})`);
  if (f.zoneCode) where.push(`s.zone_code = upper(${param(f.zoneCode)})`);
  // A monitor or assessor: the sites assigned to it (decision 0021).
  if (f.assignedTo) {
    params.push(...assignedParams(f.assignedTo));
    where.push(assignedSql('s.id', params.length - 2));
  }
  return where;
}

/** Sites by status, and the suspended ones, among those the filter admits. */
export async function countSitesByStatus(
  q: Queryable,
  f: SiteListFilter,
): Promise<{ byStatus: Record<string, number>; suspended: number }> {
  const params: unknown[] = [];
  const where = siteConditions(f, params).join(' AND ');
  const row = (
    await q.query<{ by_status: Record<string, number> | null; suspended: number }>(
      shaped(`SELECT (SELECT json_object_agg(status, n) FROM (SELECT s.status, count(*)::int AS n FROM sites s
                       WHERE ${where} GROUP BY s.status) c) AS by_status,
                     (SELECT count(*)::int FROM sites s WHERE ${where} AND cardinality(s.suspended_by) > 0) AS suspended`),
      params,
    )
  ).rows[0];
  return { byStatus: row.by_status ?? {}, suspended: row.suspended };
}

/** One page of sites by a sort field, after a keyset position (`[sort value, code]`). */
export async function listSitesPage(
  q: Queryable,
  f: SiteListFilter,
  sort: { field: keyof typeof SITE_SORT_EXPR; desc: boolean },
  after: readonly [unknown, unknown] | undefined,
  limit: number,
): Promise<(SiteRow & { sort_value: string })[]> {
  const expr = SITE_SORT_EXPR[sort.field];
  // Only the filters given become SQL: each combination is one prepared shape, planned for what it asks.
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const where = siteConditions(f, params);
  if (after?.[0] != null) {
    param(after[0]);
    param(after[1]);
    where.push(keysetSql({ expr, desc: sort.desc, tie: 's.code', tieCast: 'text' }, params.length - 1).after);
  }
  const { orderBy } = keysetSql({ expr, desc: sort.desc, tie: 's.code', tieCast: 'text' }, 0);
  const sql = `SELECT s.*, ${expr} AS sort_value FROM sites s${where.length ? ` WHERE ${where.join(' AND ')}` : ''}
        ORDER BY ${orderBy} LIMIT ${param(limit)}`;
  return (await q.query<SiteRow & { sort_value: string }>(shaped(sql), params)).rows;
}

export interface StatusHistoryRow {
  id: string;
  status: SiteStatus;
  reason: string;
  reason_data: StatusReason;
  effective_at: Date;
  recorded_by: string | null;
}

/** A site's status records, newest record first (records are made in order; effective days may repeat). */
export async function listStatusHistory(q: Queryable, siteId: string): Promise<StatusHistoryRow[]> {
  return (
    await q.query<StatusHistoryRow>(
      'SELECT id, status, reason, reason_data, effective_at, recorded_by FROM site_status_history WHERE site_id = $1 ORDER BY created_at DESC, id DESC',
      [siteId],
    )
  ).rows;
}

/** Every site by code, for the export. */
export async function listAllSites(q: Queryable, who: AssignedTo | null = null): Promise<SiteRow[]> {
  return (
    await q.query<SiteRow>(
      `SELECT * FROM sites WHERE ${assignedSql('sites.id', 1)} ORDER BY code`,
      assignedParams(who),
    )
  ).rows;
}

/** The first registration number of every organisation (by scheme), as the export names operators. */
export async function firstRegistrationNumbers(q: Queryable) {
  return (
    await q.query<{ organisation_id: string; number: string }>(
      'SELECT DISTINCT ON (organisation_id) organisation_id, number FROM registration_numbers ORDER BY organisation_id, scheme',
    )
  ).rows;
}

export interface LayerRow {
  id: string;
  organisation_id: string;
  legal_name: string;
  name: string;
  kind: MapLayerKind;
  colour: string;
  feature_count: number;
  created_at: Date;
}

const LAYER_SELECT = `SELECT l.id, l.organisation_id, o.legal_name, l.name, l.kind, l.colour, l.feature_count, l.created_at
                        FROM map_layers l JOIN organisations o ON o.id = l.organisation_id`;

/** Every operator layer, oldest first. */
export async function listMapLayerRows(q: Queryable): Promise<LayerRow[]> {
  return (await q.query<LayerRow>(`${LAYER_SELECT} ORDER BY l.created_at, l.id`)).rows;
}

export async function findMapLayer(q: Queryable, id: string): Promise<LayerRow | undefined> {
  return (await q.query<LayerRow>(`${LAYER_SELECT} WHERE l.id = $1`, [id])).rows[0];
}

export async function findMapLayerFeatures(q: Queryable, id: string) {
  return (await q.query<{ features: LayerFeature[] }>('SELECT features FROM map_layers WHERE id = $1', [id]))
    .rows[0];
}

export async function insertMapLayer(
  q: Queryable,
  l: {
    id: string;
    organisationId: string;
    name: string;
    kind: MapLayerKind;
    colour: string;
    features: LayerFeature[];
    createdBy: string;
    createdAt: Date;
  },
): Promise<void> {
  await q.query(
    `INSERT INTO map_layers (id, organisation_id, name, kind, colour, features, feature_count, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      l.id,
      l.organisationId,
      l.name,
      l.kind,
      l.colour,
      JSON.stringify(l.features),
      l.features.length,
      l.createdBy,
      l.createdAt,
    ],
  );
}

/** Deletes a layer of this organisation; false when it has none by that id. */
export async function deleteMapLayer(q: Queryable, id: string, organisationId: string): Promise<boolean> {
  return (
    (await q.query('DELETE FROM map_layers WHERE id = $1 AND organisation_id = $2', [id, organisationId]))
      .rowCount > 0
  );
}

/** A site's colour and the facts behind it; an approval also names the assessment and its day. */
export async function updateSiteStatus(
  q: Queryable,
  s: {
    id: string;
    status: SiteStatus;
    since: Date;
    reason: StatusReason;
    deadline: string | null;
    validUntil: string | null;
    redUntil: string | null;
    pending: Outcome | null;
    approvedAt: Date | null;
    assessmentId: string | null;
  },
): Promise<void> {
  await q.query(
    `UPDATE sites SET status = $2, status_since = $3, status_reason = $4, status_deadline = $5, status_valid_until = $6,
            status_red_until = $7, status_pending = $8,
            status_approved_at = COALESCE($9, status_approved_at), status_assessment = COALESCE($10, status_assessment)
      WHERE id = $1`,
    [
      s.id,
      s.status,
      s.since,
      JSON.stringify(s.reason),
      s.deadline,
      s.validUntil,
      s.redUntil,
      s.pending && JSON.stringify(s.pending),
      s.approvedAt,
      s.assessmentId,
    ],
  );
}

export async function lockSite(q: Queryable, id: string): Promise<SiteRow | undefined> {
  return (await q.query<SiteRow>('SELECT * FROM sites WHERE id = $1 FOR UPDATE', [id])).rows[0];
}

/** Records which level-1 incidents now suspend a site. */
export async function setSuspendedBy(
  tx: Queryable,
  id: string,
  suspendedBy: readonly string[],
): Promise<void> {
  await tx.query('UPDATE sites SET suspended_by = $2 WHERE id = $1', [id, suspendedBy]);
}
