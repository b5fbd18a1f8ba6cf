import type { Indicator, IndicatorRule, Indicators } from '../../domain/monitoring/indicator-rules.ts';
import type { Queryable } from '../db.ts';
import { inMergeGroup } from './merges.ts';
import { instantKey } from './page.ts';

/** A visit with the incidents it opened and its photos, as one row. */
export interface VisitRow {
  id: string;
  site_id: string;
  monitor_id: string;
  visited_at: Date;
  latitude: number | null;
  longitude: number | null;
  indicators: Indicators;
  notes: string;
  device_id: string | null;
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
        ORDER BY v.visited_at DESC, v.id DESC LIMIT $6`,
      [f.siteId ?? null, f.from ?? null, f.to ?? null, after?.[0] ?? null, after?.[1] ?? null, limit],
    )
  ).rows;
}

export async function findSiteCode(q: Queryable, siteId: string) {
  return (await q.query<{ id: string; code: string }>('SELECT id, code FROM sites WHERE id = $1', [siteId]))
    .rows[0];
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
  createdAt: Date;
}

export async function insertVisit(q: Queryable, v: NewVisit): Promise<void> {
  await q.query(
    `INSERT INTO visits (id, site_id, monitor_id, visited_at, latitude, longitude, notes, indicators, device_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
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
