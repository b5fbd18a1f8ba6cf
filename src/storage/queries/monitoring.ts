import type { Indicator, IndicatorRule, Indicators } from '../../domain/monitoring/indicator-rules.ts';
import type { VisitFrequencies } from '../../domain/monitoring/visit-plan.ts';
import type { SiteGeometry } from '../../domain/sites/geometry.ts';
import type { SiteStatus } from '../../domain/sites/site.ts';
import type { Queryable } from '../db.ts';
import { inMergeGroup } from './merges.ts';
import { instantKey } from './page.ts';
import { type AssignedTo, assignedParams, assignedSql } from './sites.ts';

/** A visit with the incidents it opened and its photos, as one row. */
export interface VisitRow {
  id: string;
  site_id: string;
  site_code: string;
  site_name: string;
  monitor_id: string;
  monitor_name: string;
  visited_at: Date;
  latitude: number | null;
  longitude: number | null;
  indicators: Indicators;
  notes: string;
  device_id: string | null;
  accuracy_m: string | null;
  location_distance_m: string | null;
  location_tolerance_m: number | null;
  location_flagged: boolean;
  device_clock_skew_ms: string | null;
  created_at: Date;
  /** The observation time to the microsecond (ISO, UTC): a list cursor's key. */
  visited_key: string;
  incidents: { id: string; code: string; level: number; title: string }[];
  photos: { id: string; filename: string; contentType: string; sizeBytes: number }[];
}

// The incidents and photos of each visit come with it (correlated aggregates, evaluated only for the rows
// kept, each one lookup on incidents_visit_idx and visit_photos_visit_idx), so a page of visits is one query
// however long it is.
const VISIT_SELECT = `
  SELECT v.*, ${instantKey('v.visited_at')} AS visited_key,
         (SELECT s.code FROM sites s WHERE s.id = v.site_id) AS site_code,
         (SELECT s.name FROM sites s WHERE s.id = v.site_id) AS site_name,
         (SELECT u.name FROM users u WHERE u.id = v.monitor_id) AS monitor_name,
         COALESCE((SELECT json_agg(json_build_object('id', i.id, 'code', i.code, 'level', i.level, 'title', i.title)
                                   ORDER BY i.level, i.code)
                     FROM incidents i WHERE i.visit_id = v.id), '[]') AS incidents,
         COALESCE((SELECT json_agg(json_build_object('id', p.id, 'filename', p.filename, 'contentType', p.content_type,
                                                     'sizeBytes', p.size_bytes) ORDER BY p.uploaded_at, p.id)
                     FROM visit_photos p WHERE p.visit_id = v.id), '[]') AS photos
    FROM visits v`;

export async function findVisit(q: Queryable, id: string): Promise<VisitRow | undefined> {
  return (await q.query<VisitRow>(`${VISIT_SELECT} WHERE v.id = $1`, [id])).rows[0];
}

export interface VisitListFilter {
  siteId?: string;
  from?: string;
  to?: string;
  /** Only the visits at the sites assigned to this person now (a monitor or assessor). */
  assignedTo?: AssignedTo | null;
  /** Only the visits flagged (true) or not flagged (false) for a GPS fix away from their site. */
  locationFlagged?: boolean;
}

/**
 * One page of visits, newest observation first (ties on id), by site and period, after a keyset position
 * (`[visited at, id]`). Unfiltered it reads `visits_newest_idx`, by site `visits_site_newest_idx`, in order;
 * the incidents and photos of the page's rows come in the same statement.
 */
export async function listVisitsPage(
  q: Queryable,
  f: VisitListFilter,
  after: readonly [string, string] | undefined,
  limit: number,
): Promise<VisitRow[]> {
  return (
    await q.query<VisitRow>(
      `${VISIT_SELECT}
        WHERE ($1::uuid IS NULL OR ${inMergeGroup('v.site_id', 'sites', '$1')}) AND ($2::timestamptz IS NULL OR v.visited_at >= $2)
          AND ($3::timestamptz IS NULL OR v.visited_at < $3)
          AND ($4::timestamptz IS NULL OR (v.visited_at, v.id) < ($4::timestamptz, $5::uuid))
          AND ($7::boolean IS NULL OR v.location_flagged = $7)
          AND ${assignedSql('v.site_id', 8)}
        ORDER BY v.visited_at DESC, v.id DESC LIMIT $6`,
      [
        f.siteId ?? null,
        f.from ?? null,
        f.to ?? null,
        after?.[0] ?? null,
        after?.[1] ?? null,
        limit,
        f.locationFlagged ?? null,
        ...assignedParams(f.assignedTo ?? null),
      ],
    )
  ).rows;
}

export async function findSiteCode(q: Queryable, siteId: string) {
  return (await q.query<{ id: string; code: string }>('SELECT id, code FROM sites WHERE id = $1', [siteId]))
    .rows[0];
}

/** A site's code and geometry: what a visit is recorded and checked against. */
export async function findSiteForVisit(q: Queryable, siteId: string) {
  return (
    await q.query<{ id: string; code: string; geometry: SiteGeometry }>(
      'SELECT id, code, geometry FROM sites WHERE id = $1',
      [siteId],
    )
  ).rows[0];
}

export interface NewVisit {
  id: string;
  siteId: string;
  monitorId: string;
  visitedAt: Date;
  latitude: number | null;
  longitude: number | null;
  notes: string;
  indicators: Indicators;
  deviceId: string | null;
  accuracyM: number | null;
  location: { distanceM: number; toleranceM: number; flagged: boolean } | null;
  deviceClockSkewMs: number | null;
  createdAt: Date;
}

export async function insertVisit(q: Queryable, v: NewVisit): Promise<void> {
  await q.query(
    `INSERT INTO visits (id, site_id, monitor_id, visited_at, latitude, longitude, notes, indicators, device_id, created_at,
                         accuracy_m, location_distance_m, location_tolerance_m, location_flagged, device_clock_skew_ms)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
    [
      v.id,
      v.siteId,
      v.monitorId,
      v.visitedAt,
      v.latitude,
      v.longitude,
      v.notes,
      JSON.stringify(v.indicators),
      v.deviceId,
      v.createdAt,
      v.accuracyM,
      v.location?.distanceM ?? null,
      v.location?.toleranceM ?? null,
      v.location?.flagged ?? false,
      v.deviceClockSkewMs,
    ],
  );
}

/** The visit's indicator values into the site's time series, one statement for all of them. */
export async function insertIndicatorValues(
  q: Queryable,
  v: { siteId: string; visitId: string; observedAt: Date; values: { indicator: string; value: number }[] },
): Promise<void> {
  if (!v.values.length) return;
  await q.query(
    `INSERT INTO indicator_values (site_id, indicator, observed_at, visit_id, value)
     SELECT $1, x.indicator, $3, $4, x.value FROM unnest($2::text[], $5::numeric[]) AS x(indicator, value)`,
    [v.siteId, v.values.map((x) => x.indicator), v.observedAt, v.visitId, v.values.map((x) => x.value)],
  );
}

export interface IndicatorValueRow {
  indicator: Indicator;
  observed_at: Date;
  value: number;
  visit_id: string;
}

/** A site's indicator values over a period, by indicator and oldest first. */
export async function listIndicatorValues(
  q: Queryable,
  siteId: string,
  f: { indicator?: string; from?: string; to?: string },
): Promise<IndicatorValueRow[]> {
  return (
    await q.query<IndicatorValueRow>(
      `SELECT indicator, observed_at, value, visit_id FROM indicator_values
        WHERE site_id = $1 AND ($2::text IS NULL OR indicator = $2) AND ($3::timestamptz IS NULL OR observed_at >= $3)
          AND ($4::timestamptz IS NULL OR observed_at < $4)
        ORDER BY indicator, observed_at, visit_id`,
      [siteId, f.indicator ?? null, f.from ?? null, f.to ?? null],
    )
  ).rows;
}

export interface NewVisitPhoto {
  id: string;
  visitId: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  content: Buffer;
  uploadedAt: Date;
}

export async function insertVisitPhoto(q: Queryable, p: NewVisitPhoto): Promise<void> {
  await q.query(
    'INSERT INTO visit_photos (id, visit_id, filename, content_type, size_bytes, sha256, content, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
    [p.id, p.visitId, p.filename, p.contentType, p.sizeBytes, p.sha256, p.content, p.uploadedAt],
  );
}

export interface RuleRow {
  code: string;
  indicator: IndicatorRule['indicator'];
  operator: IndicatorRule['operator'];
  threshold: number;
  level: IndicatorRule['level'];
  category: IndicatorRule['category'];
  title: string;
  enabled: boolean;
  revision: number;
}

/** Every rule, by level then code: what a visit is checked against. */
export async function listIndicatorRules(q: Queryable): Promise<RuleRow[]> {
  return (await q.query<RuleRow>('SELECT * FROM indicator_rules ORDER BY level, code')).rows;
}

/** One page of rules by level then code, after a keyset position (`[level, code]`). */
export async function listIndicatorRulesPage(
  q: Queryable,
  after: readonly [number, string] | undefined,
  limit: number,
): Promise<RuleRow[]> {
  return (
    await q.query<RuleRow>(
      `SELECT * FROM indicator_rules WHERE ($1::int IS NULL OR (level, code) > ($1::int, $2::text))
        ORDER BY level, code LIMIT $3`,
      [after?.[0] ?? null, after?.[1] ?? null, limit],
    )
  ).rows;
}

export async function findIndicatorRule(q: Queryable, code: string): Promise<RuleRow | undefined> {
  return (await q.query<RuleRow>('SELECT * FROM indicator_rules WHERE code = $1', [code])).rows[0];
}

export async function hasIndicatorRules(q: Queryable): Promise<boolean> {
  return (await q.query('SELECT 1 FROM indicator_rules LIMIT 1')).rows.length > 0;
}

export async function lockIndicatorRule(q: Queryable, code: string): Promise<RuleRow | undefined> {
  return (await q.query<RuleRow>('SELECT * FROM indicator_rules WHERE code = $1 FOR UPDATE', [code])).rows[0];
}

export async function insertIndicatorRule(q: Queryable, r: IndicatorRule): Promise<void> {
  await q.query(
    'INSERT INTO indicator_rules (code, indicator, operator, threshold, level, category, title, enabled) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
    [r.code, r.indicator, r.operator, r.threshold, r.level, r.category, r.title, r.enabled],
  );
}

/** Creates the rule or replaces it, moving its revision on. */
export async function upsertIndicatorRule(q: Queryable, r: IndicatorRule): Promise<void> {
  await q.query(
    `INSERT INTO indicator_rules (code, indicator, operator, threshold, level, category, title, enabled) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (code) DO UPDATE SET indicator = $2, operator = $3, threshold = $4, level = $5, category = $6, title = $7, enabled = $8,
                                      revision = indicator_rules.revision + 1`,
    [r.code, r.indicator, r.operator, r.threshold, r.level, r.category, r.title, r.enabled],
  );
}

/** An assignment of a monitor or assessor to a site, with the names its list shows. */
export interface AssignmentRow {
  id: string;
  site_id: string;
  site_code: string;
  site_name: string;
  user_id: string;
  user_name: string;
  user_email: string;
  organisation_id: string;
  role: 'monitor' | 'assessor';
  starts_at: Date;
  ends_at: Date | null;
  assigned_by: string;
  created_at: Date;
  ended_by: string | null;
  ended_recorded_at: Date | null;
  /** The start to the microsecond (ISO, UTC): a list cursor's key. */
  starts_key: string;
}

const ASSIGNMENT_SELECT = `
  SELECT a.*, s.code AS site_code, s.name AS site_name, u.name AS user_name, u.email AS user_email,
         ${instantKey('a.starts_at')} AS starts_key
    FROM site_assignments a JOIN sites s ON s.id = a.site_id JOIN users u ON u.id = a.user_id`;

export async function findAssignment(q: Queryable, id: string): Promise<AssignmentRow | undefined> {
  return (await q.query<AssignmentRow>(`${ASSIGNMENT_SELECT} WHERE a.id = $1`, [id])).rows[0];
}

export async function lockAssignment(q: Queryable, id: string): Promise<{ id: string } | undefined> {
  return (await q.query<{ id: string }>('SELECT id FROM site_assignments WHERE id = $1 FOR UPDATE', [id]))
    .rows[0];
}

export interface AssignmentListFilter {
  organisationId: string;
  userId?: string;
  siteId?: string;
  /** Only those in force at this time. */
  inForceAt?: Date;
}

/**
 * One page of an organisation's assignments, latest start first (ties on id), by assignee, site and whether in
 * force at a time, after a keyset position (`[starts at, id]`); it reads `site_assignments_org_idx` in order.
 */
export async function listAssignmentsPage(
  q: Queryable,
  f: AssignmentListFilter,
  after: readonly [string, string] | undefined,
  limit: number,
): Promise<AssignmentRow[]> {
  return (
    await q.query<AssignmentRow>(
      `${ASSIGNMENT_SELECT}
        WHERE a.organisation_id = $1 AND ($2::uuid IS NULL OR a.user_id = $2) AND ($3::uuid IS NULL OR a.site_id = $3)
          AND ($4::timestamptz IS NULL OR (a.starts_at <= $4 AND (a.ends_at IS NULL OR a.ends_at > $4)))
          AND ($5::timestamptz IS NULL OR (a.starts_at, a.id) < ($5::timestamptz, $6::uuid))
        ORDER BY a.starts_at DESC, a.id DESC LIMIT $7`,
      [
        f.organisationId,
        f.userId ?? null,
        f.siteId ?? null,
        f.inForceAt ?? null,
        after?.[0] ?? null,
        after?.[1] ?? null,
        limit,
      ],
    )
  ).rows;
}

/** The assignments of one person, acting for one organisation, to one site, oldest start first. */
export async function assignmentsOf(
  q: Queryable,
  who: { userId: string; organisationId: string },
  siteId: string,
): Promise<{ id: string; starts_at: Date; ends_at: Date | null }[]> {
  return (
    await q.query<{ id: string; starts_at: Date; ends_at: Date | null }>(
      `SELECT id, starts_at, ends_at FROM site_assignments
        WHERE user_id = $1 AND organisation_id = $2 AND site_id = $3 ORDER BY starts_at, id`,
      [who.userId, who.organisationId, siteId],
    )
  ).rows;
}

/** The role a user holds in an organisation, with its name; undefined when not a member. */
export async function findMember(q: Queryable, userId: string, organisationId: string) {
  return (
    await q.query<{ role: string; name: string; disabled_at: Date | null }>(
      `SELECT m.role, u.name, u.disabled_at FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.user_id = $1 AND m.organisation_id = $2`,
      [userId, organisationId],
    )
  ).rows[0];
}

export interface NewAssignment {
  id: string;
  siteId: string;
  userId: string;
  organisationId: string;
  role: 'monitor' | 'assessor';
  startsAt: Date;
  endsAt: Date | null;
  assignedBy: string;
  createdAt: Date;
}

export async function insertAssignment(q: Queryable, a: NewAssignment): Promise<void> {
  await q.query(
    `INSERT INTO site_assignments (id, site_id, user_id, organisation_id, role, starts_at, ends_at, assigned_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [a.id, a.siteId, a.userId, a.organisationId, a.role, a.startsAt, a.endsAt, a.assignedBy, a.createdAt],
  );
}

export async function endAssignment(
  q: Queryable,
  e: { id: string; endsAt: Date; endedBy: string; recordedAt: Date },
): Promise<void> {
  await q.query(
    'UPDATE site_assignments SET ends_at = $2, ended_by = $3, ended_recorded_at = $4 WHERE id = $1',
    [e.id, e.endsAt, e.endedBy, e.recordedAt],
  );
}

/** What the visit plan reads of each site a monitor is assigned to at a time. */
export interface PlanRow {
  user_id: string;
  site_id: string;
  code: string;
  name: string;
  province: string;
  status: SiteStatus;
  suspended: boolean;
  open_level1: number;
  last_visit_at: Date | null;
  since: Date;
  /** 0 with an open level-1 incident, else 1: the first part of the plan's order. */
  rank: number;
  due_at: Date;
  /** The due time to the microsecond (ISO, UTC): a list cursor's key. */
  due_key: string;
}

/**
 * The sites of monitors' assignments in force at `$1`, each once per monitor (from its earliest assignment in
 * force), with what the plan needs: status, suspension, open level-1 incidents, the last visit at or before `$1`
 * (one step down `visits_site_newest_idx`) — and its due time, the same rule as `nextVisit` in
 * src/domain/monitoring/visit-plan.ts, so that the plan is ordered and paged in SQL. Frequencies are `$2`…`$7`
 * (level1, suspended, red, yellow, blue, green); `where` narrows the assignments (alias a).
 */
const planSql = (where: string) => `
  WITH mine AS (
    SELECT DISTINCT ON (a.user_id, a.site_id) a.user_id, a.site_id, a.starts_at
      FROM site_assignments a
     WHERE a.role = 'monitor' AND a.starts_at <= $1 AND (a.ends_at IS NULL OR a.ends_at > $1) AND ${where}
     ORDER BY a.user_id, a.site_id, a.starts_at),
  facts AS (
    SELECT m.user_id, s.id AS site_id, s.code, s.name, s.province, s.status, cardinality(s.suspended_by) > 0 AS suspended,
           m.starts_at AS since, lv.visited_at AS last_visit_at,
           (SELECT count(*)::int FROM incidents i
             WHERE i.site_id = s.id AND i.level = 1 AND i.state NOT IN ('resolved', 'unsubstantiated')
               AND i.reported_at <= $1) AS open_level1
      FROM mine m JOIN sites s ON s.id = m.site_id
      LEFT JOIN LATERAL (SELECT v.visited_at FROM visits v WHERE v.site_id = s.id AND v.visited_at <= $1
                          ORDER BY v.visited_at DESC, v.id DESC LIMIT 1) lv ON true),
  planned AS (
    SELECT f.*, CASE WHEN f.open_level1 > 0 THEN 0 ELSE 1 END AS rank,
           COALESCE(f.last_visit_at, f.since) + make_interval(hours => 24 * LEAST(
             CASE f.status WHEN 'red' THEN $4::int WHEN 'yellow' THEN $5::int WHEN 'blue' THEN $6::int ELSE $7::int END,
             CASE WHEN f.suspended THEN $3::int END,
             CASE WHEN f.open_level1 > 0 THEN $2::int END)) AS due_at
      FROM facts f)
  SELECT p.*, ${instantKey('p.due_at')} AS due_key FROM planned p`;

const frequencyParams = (f: VisitFrequencies) => [f.level1, f.suspended, f.red, f.yellow, f.blue, f.green];

/**
 * One page of a monitor's plan at `at`: its sites with an open level-1 incident first, then by due time, then by
 * code, after a keyset position (`[rank, due, code]`).
 */
export async function visitPlanPage(
  q: Queryable,
  who: { userId: string; organisationId: string },
  at: Date,
  frequencies: VisitFrequencies,
  after: readonly [number, string, string] | undefined,
  limit: number,
): Promise<PlanRow[]> {
  return (
    await q.query<PlanRow>(
      `SELECT * FROM (${planSql('a.user_id = $8 AND a.organisation_id = $9')}) x
        WHERE ($10::int IS NULL OR (x.rank, x.due_at, x.code) > ($10::int, $11::timestamptz, $12::text))
        ORDER BY x.rank, x.due_at, x.code LIMIT $13`,
      [
        at,
        ...frequencyParams(frequencies),
        who.userId,
        who.organisationId,
        after?.[0] ?? null,
        after?.[1] ?? null,
        after?.[2] ?? null,
        limit,
      ],
    )
  ).rows;
}

/** A monitor with visits overdue at a time: how many, and the sites in the plan's order. */
export interface OverdueRow {
  user_id: string;
  user_name: string;
  user_email: string;
  overdue: number;
  sites: {
    siteId: string;
    code: string;
    name: string;
    status: SiteStatus;
    suspended: boolean;
    openLevel1: number;
    lastVisitAt: string | null;
    since: string;
    dueAt: string;
  }[];
}

/**
 * One page of an organisation's monitors with visits overdue at `at`, most overdue sites first, then by name and
 * id, after a keyset position (`[-count, name, id]`); each with its overdue sites in the plan's order.
 */
export async function overdueByMonitorPage(
  q: Queryable,
  organisationId: string,
  at: Date,
  frequencies: VisitFrequencies,
  after: readonly [number, string, string] | undefined,
  limit: number,
): Promise<OverdueRow[]> {
  return (
    await q.query<OverdueRow>(
      `SELECT * FROM (
         SELECT u.id AS user_id, u.name AS user_name, u.email AS user_email, count(*)::int AS overdue,
                json_agg(json_build_object('siteId', p.site_id, 'code', p.code, 'name', p.name, 'status', p.status,
                                           'suspended', p.suspended, 'openLevel1', p.open_level1,
                                           'lastVisitAt', p.last_visit_at, 'since', p.since, 'dueAt', p.due_at)
                         ORDER BY p.rank, p.due_at, p.code) AS sites
           FROM (${planSql('a.organisation_id = $8')}) p JOIN users u ON u.id = p.user_id
          WHERE p.due_at < $1
          GROUP BY u.id, u.name, u.email) x
        WHERE ($9::int IS NULL OR (-x.overdue, x.user_name, x.user_id) > ($9::int, $10::text, $11::uuid))
        ORDER BY -x.overdue, x.user_name, x.user_id LIMIT $12`,
      [
        at,
        ...frequencyParams(frequencies),
        organisationId,
        after?.[0] ?? null,
        after?.[1] ?? null,
        after?.[2] ?? null,
        limit,
      ],
    )
  ).rows;
}

export interface FieldStaffRow {
  id: string;
  name: string;
  email: string;
  role: 'monitor' | 'assessor';
}

/**
 * One page of an organisation's monitors and assessors (enabled users), by name then id, after a keyset position
 * (`[name, id]`): whom its assignments may name. It reads `memberships_org_idx`.
 */
export async function listFieldStaffPage(
  q: Queryable,
  organisationId: string,
  after: readonly [string, string] | undefined,
  limit: number,
): Promise<FieldStaffRow[]> {
  return (
    await q.query<FieldStaffRow>(
      `SELECT u.id, u.name, u.email, m.role FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.organisation_id = $1 AND m.role IN ('monitor', 'assessor') AND u.disabled_at IS NULL
          AND ($2::text IS NULL OR (u.name, u.id) > ($2::text, $3::uuid))
        ORDER BY u.name, u.id LIMIT $4`,
      [organisationId, after?.[0] ?? null, after?.[1] ?? null, limit],
    )
  ).rows;
}

/** One photo of a visit with its content, or undefined. */
export async function findVisitPhoto(
  q: Queryable,
  visitId: string,
  photoId: string,
): Promise<{ filename: string; content_type: string; content: Uint8Array } | undefined> {
  return (
    await q.query<{ filename: string; content_type: string; content: Uint8Array }>(
      'SELECT filename, content_type, content FROM visit_photos WHERE visit_id = $1 AND id = $2',
      [visitId, photoId],
    )
  ).rows[0];
}
