import { v7 as uuidv7 } from 'uuid';
import { canMonitor, canReadAllPrivate } from '../../domain/access/roles.ts';
import {
  checkIndicators,
  INDICATORS,
  type Indicator,
  type Indicators,
  triggeredRules,
} from '../../domain/monitoring/indicator-rules.ts';
import { appendEvent } from '../../storage/events.ts';
import { type AuthedContext, actorOf } from '../context.ts';
import { forbidden, invalid, notFound } from '../errors.ts';
import { checkUpload, IMAGE_TYPES } from '../files.ts';
import { type CreateOperation, createOnce, rowIn } from '../idempotency.ts';
import { insertIncident } from '../incidents/incidents.ts';
import { loadRules } from './indicator-rules.ts';

export interface VisitInput {
  id?: string;
  siteId: string;
  visitedAt: string;
  latitude?: number | null;
  longitude?: number | null;
  indicators: Indicators;
  notes?: string;
}

export interface VisitView {
  id: string;
  siteId: string;
  monitorId: string;
  visitedAt: string;
  latitude: number | null;
  longitude: number | null;
  indicators: Indicators;
  notes: string;
  deviceId: string | null;
  incidents: { id: string; code: string; level: number; title: string }[];
  photos: { id: string; filename: string; contentType: string; sizeBytes: number }[];
  createdAt: string;
}

interface VisitRow {
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
}

function requireReader(ctx: AuthedContext) {
  if (!canReadAllPrivate(ctx.principal)) throw forbidden('monitoring records are for registry staff');
}

export async function getVisit(ctx: AuthedContext, id: string): Promise<VisitView> {
  requireReader(ctx);
  const row = (await ctx.db.query<VisitRow>('SELECT * FROM visits WHERE id = $1', [id])).rows[0];
  if (!row) throw notFound('visit');
  const incidents = await ctx.db.query<{ id: string; code: string; level: number; title: string }>(
    'SELECT id, code, level, title FROM incidents WHERE visit_id = $1 ORDER BY level, code',
    [id],
  );
  const photos = await ctx.db.query<{
    id: string;
    filename: string;
    content_type: string;
    size_bytes: number;
  }>(
    'SELECT id, filename, content_type, size_bytes FROM visit_photos WHERE visit_id = $1 ORDER BY uploaded_at, id',
    [id],
  );
  return {
    id: row.id,
    siteId: row.site_id,
    monitorId: row.monitor_id,
    visitedAt: row.visited_at.toISOString(),
    latitude: row.latitude,
    longitude: row.longitude,
    indicators: row.indicators,
    notes: row.notes,
    deviceId: row.device_id,
    incidents: incidents.rows,
    photos: photos.rows.map((p) => ({
      id: p.id,
      filename: p.filename,
      contentType: p.content_type,
      sizeBytes: p.size_bytes,
    })),
    createdAt: row.created_at.toISOString(),
  };
}

const RECORD: CreateOperation<{ visit: VisitView; created: boolean }> = {
  name: 'visit.record',
  exists: rowIn('visits'),
};

/**
 * Records a monitoring visit: the indicators go into the site's time series and every rule they trigger
 * opens an incident linked to the visit, in one transaction. A re-sent visit (same id) is acknowledged once.
 */
export async function recordVisit(
  ctx: AuthedContext,
  input: VisitInput,
): Promise<{ visit: VisitView; created: boolean }> {
  if (!canMonitor(ctx.principal)) throw forbidden('only monitors, analysts and administrators record visits');
  return createOnce(ctx, RECORD, input, (c, id) => storeVisit(c, input, id));
}

async function storeVisit(ctx: AuthedContext, input: VisitInput, id: string) {
  const site = (
    await ctx.db.query<{ id: string; code: string }>('SELECT id, code FROM sites WHERE id = $1', [
      input.siteId,
    ])
  ).rows[0];
  if (!site) throw invalid([{ path: 'siteId', message: 'no such site' }]);
  const now = ctx.clock();
  const visitedAt = new Date(input.visitedAt);
  const problems = checkIndicators(input.indicators);
  if (visitedAt.getTime() > now.getTime() + 5 * 60_000)
    problems.push({ path: 'visitedAt', message: 'is in the future' });
  if ((input.latitude == null) !== (input.longitude == null))
    problems.push({ path: 'longitude', message: 'give both latitude and longitude, or neither' });
  if (problems.length) throw invalid(problems);
  const rules = await loadRules(ctx.db);
  const actor = actorOf(ctx.principal);
  await ctx.db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO visits (id, site_id, monitor_id, visited_at, latitude, longitude, notes, indicators, device_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        id,
        site.id,
        ctx.principal.userId,
        visitedAt,
        input.latitude ?? null,
        input.longitude ?? null,
        input.notes ?? '',
        JSON.stringify(input.indicators),
        ctx.principal.deviceId ?? null,
        now,
      ],
    );
    for (const [indicator, value] of Object.entries(input.indicators)) {
      await tx.query(
        'INSERT INTO indicator_values (site_id, indicator, observed_at, visit_id, value) VALUES ($1, $2, $3, $4, $5)',
        [site.id, indicator, visitedAt, id, typeof value === 'boolean' ? Number(value) : value],
      );
    }
    await appendEvent(tx, {
      type: 'visit.recorded',
      subjectType: 'visit',
      subjectId: id,
      payload: {
        siteId: site.id,
        visitedAt: visitedAt.toISOString(),
        indicators: input.indicators,
        notes: input.notes ?? '',
      },
      actor,
      at: now,
    });
    for (const rule of triggeredRules(input.indicators, rules)) {
      await insertIncident(
        tx,
        ctx,
        {
          siteId: site.id,
          level: rule.level,
          category: rule.category,
          title: rule.title,
          description: `Visit of ${visitedAt.toISOString().slice(0, 10)} at ${site.code}: ${rule.indicator} ${rule.operator === 'is_true' ? 'reported' : `${rule.operator} ${rule.threshold}`} (value ${input.indicators[rule.indicator]}).`,
          source: 'rule',
          visitId: id,
          ruleCode: rule.code,
        },
        actor,
        now,
      );
    }
  });
  return { visit: await getVisit(ctx, id), created: true };
}

export async function listVisits(
  ctx: AuthedContext,
  f: { siteId?: string; from?: string; to?: string },
): Promise<VisitView[]> {
  requireReader(ctx);
  const rows = await ctx.db.query<{ id: string }>(
    `SELECT id FROM visits WHERE ($1::uuid IS NULL OR site_id = $1) AND ($2::timestamptz IS NULL OR visited_at >= $2)
        AND ($3::timestamptz IS NULL OR visited_at < $3) ORDER BY visited_at DESC, id DESC LIMIT 500`,
    [f.siteId ?? null, f.from ?? null, f.to ?? null],
  );
  return Promise.all(rows.rows.map((r) => getVisit(ctx, r.id)));
}

/** A site's indicator values over a period, oldest first: the time series behind its charts. */
export async function indicatorSeries(
  ctx: AuthedContext,
  siteId: string,
  f: { indicator?: Indicator; from?: string; to?: string },
) {
  requireReader(ctx);
  if (!(await ctx.db.query('SELECT 1 FROM sites WHERE id = $1', [siteId])).rows.length)
    throw notFound('site');
  const rows = await ctx.db.query<{
    indicator: Indicator;
    observed_at: Date;
    value: number;
    visit_id: string;
  }>(
    `SELECT indicator, observed_at, value, visit_id FROM indicator_values
      WHERE site_id = $1 AND ($2::text IS NULL OR indicator = $2) AND ($3::timestamptz IS NULL OR observed_at >= $3)
        AND ($4::timestamptz IS NULL OR observed_at < $4)
      ORDER BY indicator, observed_at, visit_id`,
    [siteId, f.indicator ?? null, f.from ?? null, f.to ?? null],
  );
  return INDICATORS.filter((i) => !f.indicator || i === f.indicator)
    .map((indicator) => ({
      indicator,
      points: rows.rows
        .filter((r) => r.indicator === indicator)
        .map((r) => ({ at: r.observed_at.toISOString(), value: r.value, visitId: r.visit_id })),
    }))
    .filter((s) => s.points.length > 0);
}

/** Adds a photo taken on a visit (JPEG, PNG or WebP; size-limited). */
export async function addVisitPhoto(
  ctx: AuthedContext,
  visitId: string,
  file: { filename: string; declaredType: string; content: Buffer },
) {
  const visit = await getVisit(ctx, visitId);
  if (visit.monitorId !== ctx.principal.userId && !['admin', 'analyst'].includes(ctx.principal.role)) {
    throw forbidden('only the monitor who made the visit adds its photos');
  }
  const photo = checkUpload(file, ctx.config.uploadLimitBytes, IMAGE_TYPES);
  const id = uuidv7();
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    await tx.query(
      'INSERT INTO visit_photos (id, visit_id, filename, content_type, size_bytes, sha256, content, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
      [id, visitId, photo.filename, photo.contentType, photo.sizeBytes, photo.sha256, photo.content, now],
    );
    await appendEvent(tx, {
      type: 'visit.photo_added',
      subjectType: 'visit',
      subjectId: visitId,
      payload: { photoId: id, sha256: photo.sha256 },
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
  return getVisit(ctx, visitId);
}
