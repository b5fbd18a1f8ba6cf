import {
  type AuditScope,
  organisationInScope,
  siteInScope,
  withinPeriod,
} from '../../domain/access/auditors.ts';
import {
  type AuditEventRow,
  type AuditGrantRow,
  findGrantInForce,
  findSiteWithOperators,
  scopeSitesPage,
  statusHistoryBetween,
  subjectRecordsPage,
} from '../../storage/queries/audit.ts';
import { type Page, toPage } from '../../storage/queries/page.ts';
import type { AuthedContext } from '../context.ts';
import { cursorKey } from '../cursor.ts';
import { forbidden, type ServiceError } from '../errors.ts';
import { grantView } from './grants.ts';
import { type ReadRequest, recordAuditRead } from './reads.ts';
import type { AuditAccessView, AuditRecordView, AuditSiteDetailView, AuditSiteView } from './views.ts';

const scopeOf = (g: AuditGrantRow): AuditScope => ({
  siteIds: g.site_ids,
  organisationIds: g.organisation_ids,
  periodFrom: g.period_from,
  periodTo: g.period_to,
});
const dayStart = (day: string) => new Date(`${day}T00:00:00.000Z`);
const nextDay = (day: string) => new Date(dayStart(day).getTime() + 86_400_000);

/** The auditor's own access, for its landing page (read on the record like every other). */
export async function myAuditAccess(ctx: AuthedContext, read: ReadRequest): Promise<AuditAccessView> {
  const grant = await auditorGrant(ctx, read, { optional: true });
  return { grant: grant ? grantView(grant) : null };
}

/**
 * The grant in force of the auditor calling, with the read put on the record first; refuses (and records the
 * refusal) anyone who is not an auditor with access in force.
 */
async function auditorGrant(
  ctx: AuthedContext,
  read: ReadRequest,
  opts: { optional?: boolean } = {},
): Promise<AuditGrantRow | undefined> {
  if (ctx.principal.role !== 'auditor')
    throw forbidden('these reads are for auditors, through the access an administrator granted them', {
      code: 'audit.auditors-only',
    });
  const grant = await findGrantInForce(ctx.db, ctx.principal.userId);
  if (!grant && !opts.optional)
    await refuse(
      ctx,
      undefined,
      read,
      forbidden('you hold no auditor access in force: ask an administrator', { code: 'audit.no-grant' }),
    );
  await recordAuditRead(ctx, ctx.principal, grant, read);
  return grant;
}

/** Records a refused read, then refuses it. */
async function refuse(
  ctx: AuthedContext,
  grant: AuditGrantRow | undefined,
  read: ReadRequest,
  error: ServiceError,
): Promise<never> {
  await recordAuditRead(ctx, ctx.principal, grant, read, error);
  throw error;
}

/** The days a read covers: those asked for, which must lie inside the grant's period, or the whole period. */
async function daysOf(
  ctx: AuthedContext,
  grant: AuditGrantRow,
  read: ReadRequest,
  asked: { since?: string; until?: string },
): Promise<{ since: string; until: string }> {
  const since = asked.since ?? grant.period_from;
  const until = asked.until ?? grant.period_to;
  if (!withinPeriod(scopeOf(grant), since, until))
    await refuse(
      ctx,
      grant,
      read,
      forbidden(`your access covers ${grant.period_from} to ${grant.period_to} only`, {
        code: 'audit.outside-period',
        params: { from: grant.period_from, to: grant.period_to },
      }),
    );
  return { since, until };
}

/** Where the checks of scope and period come before the read is recorded as allowed. */
async function checkedGrant(ctx: AuthedContext, read: ReadRequest): Promise<AuditGrantRow> {
  if (ctx.principal.role !== 'auditor')
    throw forbidden('these reads are for auditors, through the access an administrator granted them', {
      code: 'audit.auditors-only',
    });
  const grant = await findGrantInForce(ctx.db, ctx.principal.userId);
  if (!grant)
    return refuse(
      ctx,
      undefined,
      read,
      forbidden('you hold no auditor access in force: ask an administrator', { code: 'audit.no-grant' }),
    );
  return grant;
}

const siteView = (r: {
  id: string;
  code: string;
  name: string;
  province: string;
  status: string;
  status_since: Date;
}): AuditSiteView => ({
  id: r.id,
  code: r.code,
  name: r.name,
  province: r.province,
  status: r.status as AuditSiteView['status'],
  statusSince: r.status_since.toISOString(),
});

/** The sites the auditor's scope covers, by code. */
export async function auditSites(
  ctx: AuthedContext,
  read: ReadRequest,
  f: { limit: number; cursor?: string },
): Promise<Page<AuditSiteView>> {
  const after = cursorKey(f.cursor, ['text', 'uuid']) as [string, string] | undefined;
  const grant = (await auditorGrant(ctx, read))!;
  const rows = await scopeSitesPage(ctx.db, scopeOf(grant), after, f.limit + 1);
  return toPage(rows, f.limit, (r) => [r.code, r.id], siteView);
}

const outsideScope = () =>
  forbidden('this lies outside the scope of your access', { code: 'audit.outside-scope' });

/** A site in scope with its status through the days asked for (inside the grant's period). */
export async function auditSite(
  ctx: AuthedContext,
  read: ReadRequest,
  id: string,
  asked: { since?: string; until?: string },
): Promise<AuditSiteDetailView> {
  const grant = await checkedGrant(ctx, read);
  const site = await findSiteWithOperators(ctx.db, id);
  if (!site || !siteInScope(scopeOf(grant), { id, operatorIds: site.operators.map((o) => o.id) }))
    return refuse(ctx, grant, read, outsideScope());
  const { since, until } = await daysOf(ctx, grant, read, asked);
  await recordAuditRead(ctx, ctx.principal, grant, read);
  const history = await statusHistoryBetween(ctx.db, id, dayStart(since), nextDay(until));
  const change = (c: { status: string; reason: string; effective_at: Date }) => ({
    status: c.status as AuditSiteView['status'],
    reason: c.reason,
    effectiveAt: c.effective_at.toISOString(),
  });
  return {
    ...siteView(site),
    operators: site.operators,
    since,
    until,
    statusAtStart: history.before ? change(history.before) : null,
    statusChanges: history.changes.map(change),
  };
}

const recordView = (r: AuditEventRow): AuditRecordView => ({
  seq: r.seq,
  id: r.id,
  occurredAt: r.occurred_at.toISOString(),
  userId: r.user_id,
  organisationId: r.organisation_id,
  type: r.type,
  subjectType: r.subject_type,
  subjectId: r.subject_id,
  payload: r.payload,
  hash: r.hash,
});

/** The log's records about a site or organisation in scope, recorded in the days asked for, newest first. */
export async function auditRecords(
  ctx: AuthedContext,
  read: ReadRequest,
  f: {
    subjectType: 'site' | 'organisation';
    subjectId: string;
    since?: string;
    until?: string;
    limit: number;
    cursor?: string;
  },
): Promise<Page<AuditRecordView>> {
  const after = cursorKey(f.cursor, ['int']) as [number] | undefined;
  const grant = await checkedGrant(ctx, read);
  const scope = scopeOf(grant);
  let inScope = false;
  if (f.subjectType === 'organisation') inScope = organisationInScope(scope, f.subjectId);
  else {
    const site = await findSiteWithOperators(ctx.db, f.subjectId);
    inScope = !!site && siteInScope(scope, { id: site.id, operatorIds: site.operators.map((o) => o.id) });
  }
  if (!inScope) return refuse(ctx, grant, read, outsideScope());
  const { since, until } = await daysOf(ctx, grant, read, f);
  await recordAuditRead(ctx, ctx.principal, grant, read);
  const rows = await subjectRecordsPage(
    ctx.db,
    { type: f.subjectType, id: f.subjectId },
    dayStart(since),
    nextDay(until),
    after?.[0],
    f.limit + 1,
  );
  return toPage(rows, f.limit, (r) => [r.seq], recordView);
}

/**
 * For the verification pack: the auditor's period, when its grant allows packs and the days asked lie inside
 * it; the read is recorded either way.
 */
export async function auditorPackPeriod(
  ctx: AuthedContext,
  read: ReadRequest,
  asked: { since?: string; until?: string },
): Promise<{ since: string; until: string }> {
  const grant = await checkedGrant(ctx, read);
  if (!grant.log_packs)
    return refuse(
      ctx,
      grant,
      read,
      forbidden('your access does not include verification packs of the log', { code: 'audit.no-packs' }),
    );
  const days = await daysOf(ctx, grant, read, asked);
  await recordAuditRead(ctx, ctx.principal, grant, read);
  return days;
}

/**
 * For a buyer's due-diligence report: allowed when the auditor's scope names the buyer and the days asked lie
 * inside its period; the read is recorded either way.
 */
export async function auditorReportAccess(
  ctx: AuthedContext,
  read: ReadRequest,
  organisationId: string,
  asked: { since: string; until: string },
): Promise<void> {
  const grant = await checkedGrant(ctx, read);
  if (!organisationInScope(scopeOf(grant), organisationId)) return refuse(ctx, grant, read, outsideScope());
  await daysOf(ctx, grant, read, asked);
  await recordAuditRead(ctx, ctx.principal, grant, read);
}
