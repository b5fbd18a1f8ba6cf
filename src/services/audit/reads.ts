import type { Principal } from '../../domain/access/roles.ts';
import { appendEvent } from '../../storage/events.ts';
import { type AuditGrantRow, auditReadsPage, findGrantInForce } from '../../storage/queries/audit.ts';
import { type Page, toPage } from '../../storage/queries/page.ts';
import { type AuthedContext, actorOf, type ServiceContext } from '../context.ts';
import { cursorKey } from '../cursor.ts';
import type { ServiceError } from '../errors.ts';
import { requireAuditAdmin } from './grants.ts';
import type { AuditReadView } from './views.ts';

/** What an auditor asked for: the route's method and pattern, and the path with its query. */
export interface ReadRequest {
  route: string;
  path: string;
}

/**
 * Puts one read of an auditor on the record, as an event of the log (so it is chained, sealed and in the packs):
 * subject its grant in force, or the auditor's user when it holds none.
 */
export async function recordAuditRead(
  ctx: ServiceContext,
  principal: Principal,
  grant: AuditGrantRow | undefined,
  read: ReadRequest,
  refusal?: ServiceError,
): Promise<void> {
  await ctx.db.transaction((tx) =>
    appendEvent(tx, {
      type: 'audit.read',
      subjectType: grant ? 'audit_grant' : 'user',
      subjectId: grant ? grant.id : principal.userId,
      payload: {
        route: read.route,
        path: read.path.slice(0, 1000),
        outcome: refusal ? 'refused' : 'allowed',
        code: refusal?.code ?? null,
      },
      actor: actorOf(principal),
      at: ctx.clock(),
    }),
  );
}

/** Records a refusal of an auditor's call made outside what its grant serves, whatever the route. */
export async function recordRefusedAuditorCall(
  ctx: ServiceContext,
  principal: Principal,
  read: ReadRequest,
  refusal: ServiceError,
): Promise<void> {
  const grant = await findGrantInForce(ctx.db, principal.userId);
  await recordAuditRead(ctx, principal, grant, read, refusal);
}

/** The reads auditors made, newest first: of one grant, or of every grant. */
export async function listAuditReads(
  ctx: AuthedContext,
  f: { grantId?: string; limit: number; cursor?: string },
): Promise<Page<AuditReadView>> {
  requireAuditAdmin(ctx);
  const after = cursorKey(f.cursor, ['int']) as [number] | undefined;
  const rows = await auditReadsPage(ctx.db, f.grantId ?? null, after?.[0], f.limit + 1);
  return toPage(
    rows,
    f.limit,
    (r) => [r.seq],
    (r) => {
      const p = r.payload as {
        route: string;
        path: string;
        outcome: 'allowed' | 'refused';
        code: string | null;
      };
      return {
        seq: r.seq,
        at: r.occurred_at.toISOString(),
        grantId: r.subject_type === 'audit_grant' ? r.subject_id : null,
        auditor: { id: r.user_id ?? '', name: r.user_name },
        route: p.route,
        path: p.path,
        outcome: p.outcome,
        code: p.code,
      };
    },
  );
}
