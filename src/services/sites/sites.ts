import { v7 as uuidv7 } from 'uuid';
import { canEditSites } from '../../domain/access/roles.ts';
import { describeStatus, type StatusReason } from '../../domain/assessments/site-status.ts';
import { checkVertexLimit, type SiteGeometry } from '../../domain/sites/geometry.ts';
import type { Mineral, SiteStatus } from '../../domain/sites/site.ts';
import type { Queryable } from '../../storage/db.ts';
import { appendEvent, type EventActor } from '../../storage/events.ts';
import { keysetSql, type Page, toPage } from '../../storage/queries/page.ts';
import {
  findSiteByCode,
  findSiteById,
  operatorsOf,
  recordSiteStatuses,
  type SiteRow,
} from '../../storage/queries/sites.ts';
import { type AuthedContext, actorOf } from '../context.ts';
import { sortedCursorKey } from '../cursor.ts';
import { conflict, forbidden, invalid, notFound, stale } from '../errors.ts';
import { type CreateOperation, createOnce, rowIn } from '../idempotency.ts';
import type { SiteInput } from './site-input.ts';

export interface SiteView {
  id: string;
  code: string;
  name: string;
  province: string;
  territory: string | null;
  zoneCode: string | null;
  concession: string | null;
  geometry: SiteGeometry;
  minerals: Mineral[];
  cooperatives: { id: string; name: string }[];
  workforce: number | null;
  pits: number | null;
  capacityKgMonth: number | null;
  typicalGradePct: number | null;
  status: SiteStatus;
  statusSince: string;
  /** Why the site has its status, in English words; `statusReason` holds the same as data. */
  statusExplanation: string;
  statusReason: StatusReason;
  /** Yellow: last day to correct. Green: first day no longer valid. Red: earliest end of the suspension. */
  statusDeadline: string | null;
  statusValidUntil: string | null;
  statusRedUntil: string | null;
  /** Codes of the verified level-1 incidents that suspend the site until they are resolved. */
  suspendedBy: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

export async function siteViews(q: Queryable, rows: SiteRow[]): Promise<SiteView[]> {
  const operators = await operatorsOf(
    q,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    province: r.province,
    territory: r.territory,
    zoneCode: r.zone_code,
    concession: r.concession,
    geometry: r.geometry,
    minerals: r.minerals,
    cooperatives: operators
      .filter((o) => o.site_id === r.id)
      .map((o) => ({ id: o.organisation_id, name: o.legal_name })),
    workforce: r.workforce,
    pits: r.pits,
    capacityKgMonth: r.capacity_kg_month,
    typicalGradePct: r.typical_grade_pct,
    status: r.status,
    statusSince: r.status_since.toISOString(),
    statusExplanation: describeStatus(r.status, r.status_since.toISOString().slice(0, 10), r.status_reason),
    statusReason: r.status_reason,
    statusDeadline: r.status_deadline,
    statusValidUntil: r.status_valid_until,
    statusRedUntil: r.status_red_until,
    suspendedBy: r.suspended_by,
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  }));
}

/** Checks that every operating organisation exists and is a cooperative. */
export async function checkCooperatives(q: Queryable, ids: readonly string[], path = 'cooperativeIds') {
  if (ids.length === 0) return;
  const found = await q.query<{ id: string; chain_roles: string[] }>(
    'SELECT id, chain_roles FROM organisations WHERE id = ANY($1::uuid[])',
    [ids],
  );
  const errors = ids.flatMap((id, i) => {
    const org = found.rows.find((r) => r.id === id);
    if (!org) return [{ path: `${path}.${i}`, message: 'no such organisation' }];
    if (!org.chain_roles.includes('cooperative'))
      return [{ path: `${path}.${i}`, message: 'this organisation is not a cooperative' }];
    return [];
  });
  if (errors.length) throw invalid(errors);
}

/** Inserts or replaces one site row with its operators and event, inside the caller's transaction. */
export async function writeSite(
  tx: Queryable,
  site: SiteInput,
  target: { id: string; existing: SiteRow | null },
  actor: EventActor | null,
  now: Date,
): Promise<void> {
  const values = [
    target.id,
    site.code,
    site.name,
    site.province,
    site.territory ?? null,
    site.zoneCode ?? null,
    site.concession ?? null,
    JSON.stringify(site.geometry),
    site.minerals,
    site.workforce ?? null,
    site.pits ?? null,
    site.capacityKgMonth ?? null,
    site.typicalGradePct ?? null,
    now,
  ];
  if (target.existing) {
    const updated = await tx.query(
      `UPDATE sites SET code = $2, name = $3, province = $4, territory = $5, zone_code = $6, concession = $7, geometry = $8,
              minerals = $9, workforce = $10, pits = $11, capacity_kg_month = $12, typical_grade_pct = $13,
              version = version + 1, updated_at = $14
        WHERE id = $1 AND version = $15`,
      [...values, target.existing.version],
    );
    if (updated.rowCount === 0) throw stale('site', target.existing.version + 1);
    await tx.query('DELETE FROM site_operators WHERE site_id = $1', [target.id]);
  } else {
    await tx.query(
      `INSERT INTO sites (id, code, name, province, territory, zone_code, concession, geometry, minerals, workforce, pits,
                          capacity_kg_month, typical_grade_pct, status, status_since, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'blue', $14, $14, $14)`,
      values,
    );
    await recordSiteStatuses(tx, [
      {
        id: uuidv7(),
        siteId: target.id,
        status: 'blue',
        reason: describeStatus('blue', now.toISOString().slice(0, 10), { kind: 'registered' }),
        reasonData: { kind: 'registered' },
        effectiveAt: now,
        recordedBy: actor?.userId ?? null,
        recordedAt: now,
      },
    ]);
  }
  for (const orgId of new Set(site.cooperativeIds)) {
    await tx.query('INSERT INTO site_operators (site_id, organisation_id) VALUES ($1, $2)', [
      target.id,
      orgId,
    ]);
  }
  await appendEvent(tx, {
    type: target.existing ? 'site.updated' : 'site.registered',
    subjectType: 'site',
    subjectId: target.id,
    payload: site,
    actor,
    at: now,
  });
}

export async function getSite(ctx: AuthedContext, id: string): Promise<SiteView> {
  const row = await findSiteById(ctx.db, id);
  if (!row) throw notFound('site');
  return (await siteViews(ctx.db, [row]))[0];
}

function requireEditor(ctx: AuthedContext) {
  if (!canEditSites(ctx.principal))
    throw forbidden('only administrators and analysts edit the site registry');
}

/** Refuses a geometry holding more positions than configured: every map load carries it to every user. */
function requireGeometryWithinLimit(ctx: AuthedContext, geometry: unknown) {
  const problem = checkVertexLimit(geometry, ctx.config.siteMaxVertices);
  if (problem) throw invalid([problem]);
}

const REGISTER: CreateOperation<{ site: SiteView; created: boolean }> = {
  name: 'site.register',
  exists: rowIn('sites'),
};

export async function createSite(ctx: AuthedContext, input: SiteInput & { id?: string }) {
  requireEditor(ctx);
  requireGeometryWithinLimit(ctx, input.geometry);
  return createOnce(ctx, REGISTER, input, (c, id) => registerSite(c, input, id));
}

async function registerSite(ctx: AuthedContext, input: SiteInput, id: string) {
  if (await findSiteByCode(ctx.db, input.code)) {
    throw conflict('a site with this code already exists', [{ path: 'code', message: 'already used' }]);
  }
  await checkCooperatives(ctx.db, input.cooperativeIds);
  await ctx.db.transaction((tx) =>
    writeSite(tx, input, { id, existing: null }, actorOf(ctx.principal), ctx.clock()),
  );
  return { site: await getSite(ctx, id), created: true };
}

export async function updateSite(ctx: AuthedContext, id: string, input: SiteInput & { version: number }) {
  requireEditor(ctx);
  requireGeometryWithinLimit(ctx, input.geometry);
  const existing = await findSiteById(ctx.db, id);
  if (!existing) throw notFound('site');
  if (existing.version !== input.version) throw stale('site', existing.version);
  const other = await findSiteByCode(ctx.db, input.code);
  if (other && other.id !== id)
    throw conflict('a site with this code already exists', [{ path: 'code', message: 'already used' }]);
  await checkCooperatives(ctx.db, input.cooperativeIds);
  await ctx.db.transaction((tx) =>
    writeSite(tx, input, { id, existing }, actorOf(ctx.principal), ctx.clock()),
  );
  return getSite(ctx, id);
}

export interface SiteFilter {
  q?: string;
  status?: SiteStatus;
  province?: string;
  mineral?: Mineral;
  cooperativeId?: string;
  zoneCode?: string;
  sort?: SiteSort;
  limit: number;
  cursor?: string;
}

/** The orders a site list offers; a leading '-' sorts descending. */
export const SITE_SORTS = [
  'code',
  '-code',
  'name',
  '-name',
  'province',
  '-province',
  'status',
  '-status',
] as const;
export type SiteSort = (typeof SITE_SORTS)[number];
const SITE_SORT_EXPR = {
  code: 's.code',
  name: 'lower(s.name)',
  province: 'lower(s.province)',
  status: 's.status',
};

/** Lists sites by code; the site registry is visible to every signed-in user. */
export async function listSites(ctx: AuthedContext, f: SiteFilter): Promise<Page<SiteView>> {
  const sort = f.sort ?? 'code';
  const after = sortedCursorKey(f.cursor, sort);
  const field = sort.replace('-', '') as keyof typeof SITE_SORT_EXPR;
  const order = keysetSql(
    { expr: SITE_SORT_EXPR[field], desc: sort.startsWith('-'), tie: 's.code', tieCast: 'text' },
    7,
  );
  const rows = await ctx.db.query<SiteRow & { sort_value: string }>(
    `SELECT s.*, ${SITE_SORT_EXPR[field]} AS sort_value FROM sites s
      WHERE ($1::text IS NULL OR s.code ILIKE '%' || $1 || '%' OR s.name ILIKE '%' || $1 || '%')
        AND ($2::text IS NULL OR s.status = $2) AND ($3::text IS NULL OR s.province ILIKE $3)
        AND ($4::text IS NULL OR $4 = ANY(s.minerals))
        AND ($5::uuid IS NULL OR EXISTS (SELECT 1 FROM site_operators o WHERE o.site_id = s.id AND o.organisation_id = $5))
        AND ($6::text IS NULL OR s.zone_code = upper($6))
        AND ${order.after}
      ORDER BY ${order.orderBy} LIMIT $9`,
    [
      f.q ?? null,
      f.status ?? null,
      f.province ?? null,
      f.mineral ?? null,
      f.cooperativeId ?? null,
      f.zoneCode ?? null,
      after?.[0] ?? null,
      after?.[1] ?? null,
      f.limit + 1,
    ],
  );
  const page = toPage(
    rows.rows,
    f.limit,
    (r) => [sort, r.sort_value, r.code],
    (r) => r,
  );
  return { items: await siteViews(ctx.db, page.items), nextCursor: page.nextCursor };
}

export interface StatusChangeView {
  id: string;
  status: SiteStatus;
  reason: string;
  reasonData: StatusReason;
  effectiveAt: string;
  recordedBy: string | null;
}

export async function siteStatusHistory(ctx: AuthedContext, id: string): Promise<StatusChangeView[]> {
  if (!(await findSiteById(ctx.db, id))) throw notFound('site');
  const rows = await ctx.db.query<{
    id: string;
    status: SiteStatus;
    reason: string;
    reason_data: StatusReason;
    effective_at: Date;
    recorded_by: string | null;
  }>(
    // Newest record first: records are made in order, while effective days may repeat.
    'SELECT id, status, reason, reason_data, effective_at, recorded_by FROM site_status_history WHERE site_id = $1 ORDER BY created_at DESC, id DESC',
    [id],
  );
  return rows.rows.map((r) => ({
    id: r.id,
    status: r.status,
    reason: r.reason,
    reasonData: r.reason_data,
    effectiveAt: r.effective_at.toISOString(),
    recordedBy: r.recorded_by,
  }));
}
