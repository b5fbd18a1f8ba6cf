import { MAX_SCOPE_ENTRIES } from '../../domain/access/auditors.ts';
import { canManageAuditors } from '../../domain/access/roles.ts';
import { appendEvent } from '../../storage/events.ts';
import {
  type AuditGrantRow,
  endAuditGrant,
  existingScopeIds,
  findAuditGrant,
  findGrantInForce,
  insertAuditGrant,
  isAuditorUser,
  listAuditGrantsPage,
} from '../../storage/queries/audit.ts';
import { type Page, toPage } from '../../storage/queries/page.ts';
import { type AuthedContext, actorOf } from '../context.ts';
import { cursorKey } from '../cursor.ts';
import { conflict, type FieldError, forbidden, invalid, notFound } from '../errors.ts';
import { type CreateOperation, createOnce, rowIn } from '../idempotency.ts';
import type { AuditGrantView } from './views.ts';

/** Only an administrator grants, ends and lists auditors' access, and reads what they read. */
export function requireAuditAdmin(ctx: AuthedContext) {
  if (!canManageAuditors(ctx.principal))
    throw forbidden("only an administrator manages auditors' access", { code: 'audit.admin-only' });
}

export const grantView = (r: AuditGrantRow): AuditGrantView => ({
  id: r.id,
  auditor: { id: r.auditor_user_id, name: r.auditor_name, email: r.auditor_email },
  siteIds: r.site_ids,
  organisationIds: r.organisation_ids,
  periodFrom: r.period_from,
  periodTo: r.period_to,
  logPacks: r.log_packs,
  purpose: r.purpose,
  grantedBy: { id: r.granted_by, name: r.granted_by_name },
  grantedAt: r.granted_at.toISOString(),
  ended:
    r.ended_at && r.ended_by
      ? {
          by: { id: r.ended_by, name: r.ended_by_name ?? '' },
          at: r.ended_at.toISOString(),
          reason: r.end_reason ?? '',
        }
      : null,
});

export interface GrantInput {
  id?: string;
  auditorUserId: string;
  siteIds: string[];
  organisationIds: string[];
  periodFrom: string;
  periodTo: string;
  logPacks: boolean;
  purpose: string;
}

const GRANT: CreateOperation<AuditGrantView & { created: boolean }> = {
  name: 'audit-grant.create',
  exists: rowIn('audit_grants'),
};

/** Grants an auditor read access to a scope of sites and organisations for a period of the record. */
export async function grantAuditorAccess(ctx: AuthedContext, input: GrantInput) {
  requireAuditAdmin(ctx);
  return createOnce(ctx, GRANT, input, (c, id) => storeGrant(c, input, id));
}

async function storeGrant(ctx: AuthedContext, input: GrantInput, id: string) {
  const siteIds = [...new Set(input.siteIds)];
  const organisationIds = [...new Set(input.organisationIds)];
  const errors: FieldError[] = [];
  if (!(await isAuditorUser(ctx.db, input.auditorUserId)))
    errors.push({
      path: 'auditorUserId',
      message: 'this user holds no auditor role: give them one first (users)',
      code: 'audit.not-an-auditor',
    });
  if (siteIds.length + organisationIds.length === 0)
    errors.push({
      path: 'siteIds',
      message: 'name at least one site or organisation',
      code: 'audit.scope-empty',
    });
  if (siteIds.length + organisationIds.length > MAX_SCOPE_ENTRIES)
    errors.push({
      path: 'siteIds',
      message: `at most ${MAX_SCOPE_ENTRIES} sites and organisations together`,
      code: 'audit.scope-too-large',
      params: { max: MAX_SCOPE_ENTRIES },
    });
  if (input.periodTo < input.periodFrom)
    errors.push({
      path: 'periodTo',
      message: `must not be before periodFrom (${input.periodFrom})`,
      code: 'audit.period-order',
      params: { from: input.periodFrom },
    });
  const found = await existingScopeIds(ctx.db, siteIds, organisationIds);
  siteIds.forEach((s, i) => {
    if (!found.sites.includes(s))
      errors.push({
        path: `siteIds.${i}`,
        message: 'no such site',
        code: 'common.field.not-found',
        params: { record: 'site' },
      });
  });
  organisationIds.forEach((o, i) => {
    if (!found.organisations.includes(o))
      errors.push({
        path: `organisationIds.${i}`,
        message: 'no such organisation',
        code: 'common.field.not-found',
        params: { record: 'organisation' },
      });
  });
  if (errors.length) throw invalid(errors, 'cannot grant this access');
  if (await findGrantInForce(ctx.db, input.auditorUserId))
    throw conflict('this auditor already holds access in force: end it first', [], {
      code: 'audit.grant-in-force',
    });
  const now = ctx.clock();
  const fields = {
    siteIds,
    organisationIds,
    periodFrom: input.periodFrom,
    periodTo: input.periodTo,
    logPacks: input.logPacks,
    purpose: input.purpose,
  };
  await ctx.db.transaction(async (tx) => {
    await insertAuditGrant(tx, {
      id,
      auditor_user_id: input.auditorUserId,
      site_ids: siteIds,
      organisation_ids: organisationIds,
      period_from: input.periodFrom,
      period_to: input.periodTo,
      log_packs: input.logPacks,
      purpose: input.purpose,
      granted_by: ctx.principal.userId,
      granted_at: now,
    });
    await appendEvent(tx, {
      type: 'audit.granted',
      subjectType: 'audit_grant',
      subjectId: id,
      payload: { auditorUserId: input.auditorUserId, ...fields },
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
  return { ...grantView((await findAuditGrant(ctx.db, id))!), created: true };
}

/** Ends an auditor's access now, with the reason, on the record. */
export async function endAuditorAccess(
  ctx: AuthedContext,
  id: string,
  reason: string,
): Promise<AuditGrantView> {
  requireAuditAdmin(ctx);
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    const grant = await findAuditGrant(tx, id);
    if (!grant) throw notFound('audit grant');
    if (!(await endAuditGrant(tx, id, { by: ctx.principal.userId, at: now, reason })))
      throw conflict(`this access already ended on ${grant.ended_at?.toISOString()}`, [], {
        code: 'audit.grant-ended',
        params: { at: grant.ended_at?.toISOString() ?? '' },
      });
    await appendEvent(tx, {
      type: 'audit.ended',
      subjectType: 'audit_grant',
      subjectId: id,
      payload: { reason },
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
  return grantView((await findAuditGrant(ctx.db, id))!);
}

/** Every auditor's access, newest first. */
export async function listAuditGrants(
  ctx: AuthedContext,
  f: { limit: number; cursor?: string },
): Promise<Page<AuditGrantView>> {
  requireAuditAdmin(ctx);
  const after = cursorKey(f.cursor, ['instant', 'uuid']) as [string, string] | undefined;
  const rows = await listAuditGrantsPage(ctx.db, after, f.limit + 1);
  return toPage(rows, f.limit, (r) => [r.at_key, r.id], grantView);
}

export async function getAuditGrant(ctx: AuthedContext, id: string): Promise<AuditGrantView> {
  requireAuditAdmin(ctx);
  const row = await findAuditGrant(ctx.db, id);
  if (!row) throw notFound('audit grant');
  return grantView(row);
}
