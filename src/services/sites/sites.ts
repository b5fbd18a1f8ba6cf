import { v7 as uuidv7 } from 'uuid';
import { canEditSites } from '../../domain/access/roles.ts';
import { describeStatus } from '../../domain/assessments/site-status.ts';
import { checkVertexLimit } from '../../domain/sites/geometry.ts';
import type { Mineral, SiteStatus } from '../../domain/sites/site.ts';
import type { Queryable } from '../../storage/db.ts';
import { appendEvent, type EventActor } from '../../storage/events.ts';
import { type Page, toPage } from '../../storage/queries/page.ts';
import {
  findOrganisationRoles,
  findSiteByCode,
  findSiteById,
  insertSites,
  listSitesPage,
  listStatusHistory,
  operatorsOf,
  replaceSiteOperators,
  type SITE_SORT_EXPR,
  type SiteRow,
  updateSites,
} from '../../storage/queries/sites.ts';
import { type AuthedContext, actorOf } from '../context.ts';
import { sortedCursorKey } from '../cursor.ts';
import { conflict, type FieldError, forbidden, invalid, notFound, stale } from '../errors.ts';
import { type CreateOperation, createOnce, rowIn } from '../idempotency.ts';
import type { SiteInput } from './site-input.ts';
import { ownSitesFilter, siteInView, siteScope } from './site-scope.ts';
import type { SiteView, StatusChangeView } from './views.ts';

export async function siteViews(q: Queryable, rows: SiteRow[]): Promise<SiteView[]> {
  // Each site's cooperatives, by name, grouped once for the page.
  const bySite = Map.groupBy(
    await operatorsOf(
      q,
      rows.map((r) => r.id),
    ),
    (o) => o.site_id,
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
    cooperatives: (bySite.get(r.id) ?? []).map((o) => ({ id: o.organisation_id, name: o.legal_name })),
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
  const found = await findOrganisationRoles(q, ids);
  const errors = ids.flatMap((id, i): FieldError[] => {
    const org = found.find((r) => r.id === id);
    if (!org)
      return [{ path: `${path}.${i}`, message: 'no such organisation', code: 'sites.no-such-organisation' }];
    if (!org.chain_roles.includes('cooperative'))
      return [
        {
          path: `${path}.${i}`,
          message: 'this organisation is not a cooperative',
          code: 'sites.not-cooperative',
        },
      ];
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
  const columns = {
    id: target.id,
    code: site.code,
    name: site.name,
    province: site.province,
    territory: site.territory ?? null,
    zone_code: site.zoneCode ?? null,
    concession: site.concession ?? null,
    geometry: site.geometry,
    minerals: site.minerals,
    workforce: site.workforce ?? null,
    pits: site.pits ?? null,
    capacity_kg_month: site.capacityKgMonth ?? null,
    typical_grade_pct: site.typicalGradePct ?? null,
  };
  if (target.existing) {
    const updated = await updateSites(tx, [{ ...columns, version: target.existing.version }], now);
    if (!updated.has(target.id)) throw stale('site', target.existing.version + 1);
  } else {
    await insertSites(
      tx,
      [{ ...columns, history_id: uuidv7() }],
      {
        reason: describeStatus('blue', now.toISOString().slice(0, 10), { kind: 'registered' }),
        recordedBy: actor?.userId ?? null,
      },
      now,
    );
  }
  await replaceSiteOperators(tx, [{ siteId: target.id, organisationIds: site.cooperativeIds }]);
  await appendEvent(tx, {
    type: target.existing ? 'site.updated' : 'site.registered',
    subjectType: 'site',
    subjectId: target.id,
    payload: site,
    actor,
    at: now,
  });
}

/** One site; a monitor or assessor sees only the sites assigned to it. */
export async function getSite(ctx: AuthedContext, id: string): Promise<SiteView> {
  return (await siteViews(ctx.db, [await siteInView(ctx, id)]))[0];
}

/** Another site already has this code. */
const codeTaken = (code: string) =>
  conflict(
    'a site with this code already exists',
    [{ path: 'code', message: 'already used', code: 'sites.code-used', params: { code } }],
    { code: 'sites.code-exists', params: { code } },
  );

function requireEditor(ctx: AuthedContext) {
  if (!canEditSites(ctx.principal))
    throw forbidden('only administrators and analysts edit the site registry', { code: 'sites.edit-role' });
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
    throw codeTaken(input.code);
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
  if (other && other.id !== id) throw codeTaken(input.code);
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
  /** Only suspended sites (a verified level-1 incident standing). */
  suspended?: boolean;
  /** Only the caller's own sites (ownSitesScope): those it operates, is exposed to or is assigned. */
  mine?: boolean;
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
/**
 * Lists sites by code; the site registry is visible to every signed-in user, save monitors and assessors, who see
 * the sites assigned to them (decision 0021).
 */
export async function listSites(ctx: AuthedContext, f: SiteFilter): Promise<Page<SiteView>> {
  const sort = f.sort ?? 'code';
  const after = sortedCursorKey(f.cursor, sort);
  const rows = await listSitesPage(
    ctx.db,
    { ...f, ...(f.mine ? ownSitesFilter(ctx) : { assignedTo: siteScope(ctx) }) },
    { field: sort.replace('-', '') as keyof typeof SITE_SORT_EXPR, desc: sort.startsWith('-') },
    after,
    f.limit + 1,
  );
  const page = toPage(
    rows,
    f.limit,
    (r) => [sort, r.sort_value, r.code],
    (r) => r,
  );
  return { items: await siteViews(ctx.db, page.items), nextCursor: page.nextCursor };
}

export async function siteStatusHistory(ctx: AuthedContext, id: string): Promise<StatusChangeView[]> {
  await siteInView(ctx, id);
  const rows = await listStatusHistory(ctx.db, id);
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    reason: r.reason,
    reasonData: r.reason_data,
    effectiveAt: r.effective_at.toISOString(),
    recordedBy: r.recorded_by,
  }));
}
