import { v7 as uuidv7 } from 'uuid';
import { canMonitor, canReadAllPrivate } from '../../domain/access/roles.ts';
import {
  checkIndicators,
  findingText,
  INDICATORS,
  type Indicator,
  type Indicators,
  ruleFinding,
  triggeredRules,
} from '../../domain/monitoring/indicator-rules.ts';
import { checkVisitLocation } from '../../domain/monitoring/visit-location.ts';
import { appendEvent } from '../../storage/events.ts';
import { deviceClockSkew } from '../../storage/queries/devices.ts';
import {
  findSiteForVisit,
  findVisit,
  findVisitPhoto,
  insertIndicatorValues,
  insertVisit,
  insertVisitPhoto,
  listIndicatorValues,
  listVisitsPage,
  type VisitListFilter,
  type VisitRow,
} from '../../storage/queries/monitoring.ts';
import { type Page, toPage } from '../../storage/queries/page.ts';
import { type AuthedContext, actorOf } from '../context.ts';
import { cursorKey } from '../cursor.ts';
import { type FieldError, forbidden, invalid, notFound } from '../errors.ts';
import { checkUpload, IMAGE_TYPES } from '../files.ts';
import { type CreateOperation, createOnce, rowIn } from '../idempotency.ts';
import { insertIncident } from '../incidents/incidents.ts';
import { siteInView, siteScope } from '../sites/site-scope.ts';
import { requireAssignedAt } from './assignments.ts';
import { loadRules } from './indicator-rules.ts';
import type { IndicatorSeriesView, VisitView } from './views.ts';

export interface VisitInput {
  id?: string;
  siteId: string;
  visitedAt: string;
  latitude?: number | null;
  longitude?: number | null;
  accuracyM?: number | null;
  indicators: Indicators;
  notes?: string;
}

function requireReader(ctx: AuthedContext) {
  if (!canReadAllPrivate(ctx.principal))
    throw forbidden('monitoring records are for registry staff', { code: 'monitoring.staff-only' });
}

const toView = (row: VisitRow): VisitView => ({
  id: row.id,
  siteId: row.site_id,
  site: { code: row.site_code, name: row.site_name },
  monitorId: row.monitor_id,
  monitorName: row.monitor_name,
  visitedAt: row.visited_at.toISOString(),
  latitude: row.latitude,
  longitude: row.longitude,
  indicators: row.indicators,
  notes: row.notes,
  accuracyM: row.accuracy_m == null ? null : Number(row.accuracy_m),
  location:
    row.location_distance_m == null || row.location_tolerance_m == null
      ? null
      : {
          distanceM: Number(row.location_distance_m),
          toleranceM: row.location_tolerance_m,
          flagged: row.location_flagged,
        },
  deviceId: row.device_id,
  deviceClockSkewMs: row.device_clock_skew_ms == null ? null : Number(row.device_clock_skew_ms),
  incidents: row.incidents,
  photos: row.photos,
  createdAt: row.created_at.toISOString(),
});

export async function getVisit(ctx: AuthedContext, id: string): Promise<VisitView> {
  requireReader(ctx);
  const row = await findVisit(ctx.db, id);
  if (!row) throw notFound('visit');
  return toView(row);
}

/** One photo of a visit, for those who read the visit. */
export async function readVisitPhoto(ctx: AuthedContext, id: string, photoId: string) {
  requireReader(ctx);
  const row = await findVisitPhoto(ctx.db, id, photoId);
  if (!row) throw notFound('evidence');
  return {
    file: { filename: row.filename, contentType: row.content_type },
    content: Buffer.from(row.content),
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
  if (!canMonitor(ctx.principal))
    throw forbidden('only monitors, analysts and administrators record visits', {
      code: 'monitoring.visit-role',
    });
  return createOnce(ctx, RECORD, input, (c, id) => storeVisit(c, input, id));
}

async function storeVisit(ctx: AuthedContext, input: VisitInput, id: string) {
  const site = await findSiteForVisit(ctx.db, input.siteId);
  if (!site) throw invalid([{ path: 'siteId', message: 'no such site', code: 'monitoring.no-such-site' }]);
  const now = ctx.clock();
  const visitedAt = new Date(input.visitedAt);
  const problems: FieldError[] = checkIndicators(input.indicators);
  if (visitedAt.getTime() > now.getTime() + 5 * 60_000)
    problems.push({ path: 'visitedAt', message: 'is in the future', code: 'monitoring.visit-in-future' });
  if ((input.latitude == null) !== (input.longitude == null))
    problems.push({
      path: 'longitude',
      message: 'give both latitude and longitude, or neither',
      code: 'monitoring.position-half',
    });
  if (input.accuracyM != null && input.latitude == null)
    problems.push({
      path: 'accuracyM',
      message: 'an accuracy goes with a position: give latitude and longitude too',
      code: 'monitoring.accuracy-without-position',
    });
  if (problems.length) throw invalid(problems);
  await requireAssignedAt(ctx, site.id, visitedAt, 'monitoring.site-not-assigned', 'the visit was made');
  // Judged against the site as it is now and the tolerance in force, both kept with the visit; never a refusal.
  const toleranceM = ctx.config.visitLocationToleranceM;
  const location =
    input.latitude != null && input.longitude != null
      ? {
          ...checkVisitLocation(
            { latitude: input.latitude, longitude: input.longitude, accuracyM: input.accuracyM },
            site.geometry,
            toleranceM,
          ),
          toleranceM,
        }
      : null;
  const deviceId = ctx.principal.deviceId ?? null;
  const deviceClockSkewMs = deviceId ? await deviceClockSkew(ctx.db, deviceId) : null;
  const rules = await loadRules(ctx.db);
  const actor = actorOf(ctx.principal);
  await ctx.db.transaction(async (tx) => {
    await insertVisit(tx, {
      id,
      siteId: site.id,
      monitorId: ctx.principal.userId,
      visitedAt,
      latitude: input.latitude ?? null,
      longitude: input.longitude ?? null,
      notes: input.notes ?? '',
      indicators: input.indicators,
      deviceId,
      accuracyM: input.accuracyM ?? null,
      location,
      deviceClockSkewMs,
      createdAt: now,
    });
    await insertIndicatorValues(tx, {
      siteId: site.id,
      visitId: id,
      observedAt: visitedAt,
      values: Object.entries(input.indicators).map(([indicator, value]) => ({
        indicator,
        value: typeof value === 'boolean' ? Number(value) : (value as number),
      })),
    });
    await appendEvent(tx, {
      type: 'visit.recorded',
      subjectType: 'visit',
      subjectId: id,
      payload: {
        siteId: site.id,
        visitedAt: visitedAt.toISOString(),
        indicators: input.indicators,
        notes: input.notes ?? '',
        ...(location && {
          position: {
            latitude: input.latitude,
            longitude: input.longitude,
            accuracyM: input.accuracyM ?? null,
          },
          location,
        }),
      },
      actor,
      at: now,
    });
    for (const rule of triggeredRules(input.indicators, rules)) {
      const finding = ruleFinding(rule, input.indicators, visitedAt, site.code);
      await insertIncident(
        tx,
        ctx,
        {
          siteId: site.id,
          level: rule.level,
          category: rule.category,
          title: rule.title,
          description: findingText(finding),
          source: 'rule',
          visitId: id,
          ruleCode: rule.code,
          ruleFinding: finding,
        },
        actor,
        now,
      );
    }
  });
  return { visit: await getVisit(ctx, id), created: true };
}

/** Visits, newest observation first, by site and period, one page at a time. */
export async function listVisits(
  ctx: AuthedContext,
  f: VisitListFilter & { limit: number; cursor?: string },
): Promise<Page<VisitView>> {
  requireReader(ctx);
  const after = cursorKey(f.cursor, ['instant', 'uuid']) as [string, string] | undefined;
  const rows = await listVisitsPage(ctx.db, { ...f, assignedTo: siteScope(ctx) }, after, f.limit + 1);
  return toPage(rows, f.limit, (r) => [r.visited_key, r.id], toView);
}

/** A site's indicator values over a period, oldest first: the time series behind its charts. */
export async function indicatorSeries(
  ctx: AuthedContext,
  siteId: string,
  f: { indicator?: Indicator; from?: string; to?: string },
): Promise<IndicatorSeriesView[]> {
  requireReader(ctx);
  await siteInView(ctx, siteId);
  const rows = await listIndicatorValues(ctx.db, siteId, f);
  return INDICATORS.filter((i) => !f.indicator || i === f.indicator)
    .map((indicator) => ({
      indicator,
      points: rows
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
  id: string = uuidv7(),
) {
  const visit = await getVisit(ctx, visitId);
  if (visit.monitorId !== ctx.principal.userId && !['admin', 'analyst'].includes(ctx.principal.role)) {
    throw forbidden('only the monitor who made the visit adds its photos', {
      code: 'monitoring.photo-not-yours',
    });
  }
  const photo = checkUpload(file, ctx.config.uploadLimitBytes, IMAGE_TYPES);
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    await insertVisitPhoto(tx, {
      id,
      visitId,
      filename: photo.filename,
      contentType: photo.contentType,
      sizeBytes: photo.sizeBytes,
      sha256: photo.sha256,
      content: photo.content,
      uploadedAt: now,
    });
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
