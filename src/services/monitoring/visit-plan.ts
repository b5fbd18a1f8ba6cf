import { canManageAssignments, hasVisitPlan } from '../../domain/access/roles.ts';
import { nextVisit } from '../../domain/monitoring/visit-plan.ts';
import type { SiteStatus } from '../../domain/sites/site.ts';
import { overdueByMonitorPage, visitPlanPage } from '../../storage/queries/monitoring.ts';
import { type Page, toPage } from '../../storage/queries/page.ts';
import type { AuthedContext } from '../context.ts';
import { cursorKey } from '../cursor.ts';
import { forbidden } from '../errors.ts';
import type { OverdueMonitorView, PlannedVisitView } from './views.ts';

interface PlanFacts {
  siteId: string;
  code: string;
  name: string;
  status: SiteStatus;
  suspended: boolean;
  openLevel1: number;
  lastVisitAt: Date | null;
  since: Date;
}

/** A site of the plan as the domain rule judges it at `now` (the SQL orders by the same rule). */
function planned(ctx: AuthedContext, f: PlanFacts, now: Date): PlannedVisitView {
  const next = nextVisit(f, now, ctx.config.visitFrequencies);
  return {
    site: { id: f.siteId, code: f.code, name: f.name, status: f.status, suspended: f.suspended },
    openLevel1: f.openLevel1,
    lastVisitAt: f.lastVisitAt?.toISOString() ?? null,
    since: f.since.toISOString(),
    dueAt: next.dueAt.toISOString(),
    everyDays: next.everyDays,
    reason: next.reason,
    urgent: next.urgent,
    overdue: next.overdue,
    daysOverdue: next.daysOverdue,
  };
}

/**
 * The caller's visit plan now: the sites assigned to it as a monitor, those with an open level-1 incident first,
 * then the earliest due, each with when its next visit is due and whether it is overdue (decision 0024).
 */
export async function myVisitPlan(
  ctx: AuthedContext,
  f: { limit: number; cursor?: string },
): Promise<Page<PlannedVisitView>> {
  if (!hasVisitPlan(ctx.principal))
    throw forbidden('a visit plan is a monitor’s own', { code: 'monitoring.plan-monitors-only' });
  const now = ctx.clock();
  const after = cursorKey(f.cursor, ['int', 'instant', 'text']) as [number, string, string] | undefined;
  const rows = await visitPlanPage(
    ctx.db,
    ctx.principal,
    now,
    ctx.config.visitFrequencies,
    after,
    f.limit + 1,
  );
  return toPage(
    rows,
    f.limit,
    (r) => [r.rank, r.due_key, r.code],
    (r) =>
      planned(
        ctx,
        {
          siteId: r.site_id,
          code: r.code,
          name: r.name,
          status: r.status,
          suspended: r.suspended,
          openLevel1: r.open_level1,
          lastVisitAt: r.last_visit_at,
          since: r.since,
        },
        now,
      ),
  );
}

/**
 * The monitors of the caller's organisation with visits overdue now, most overdue sites first, each with those
 * sites in the plan's order: for the programme's administrators and analysts.
 */
export async function overdueVisitsByMonitor(
  ctx: AuthedContext,
  f: { limit: number; cursor?: string },
): Promise<Page<OverdueMonitorView>> {
  if (!canManageAssignments(ctx.principal))
    throw forbidden('only administrators and analysts follow overdue visits', {
      code: 'monitoring.overdue-role',
    });
  const now = ctx.clock();
  const after = cursorKey(f.cursor, ['int', 'text', 'uuid']) as [number, string, string] | undefined;
  const rows = await overdueByMonitorPage(
    ctx.db,
    ctx.principal.organisationId,
    now,
    ctx.config.visitFrequencies,
    after,
    f.limit + 1,
  );
  return toPage(
    rows,
    f.limit,
    (r) => [-r.overdue, r.user_name, r.user_id],
    (r) => ({
      monitor: { id: r.user_id, name: r.user_name, email: r.user_email },
      overdue: r.overdue,
      sites: r.sites.map((s) =>
        planned(
          ctx,
          {
            ...s,
            lastVisitAt: s.lastVisitAt === null ? null : new Date(s.lastVisitAt),
            since: new Date(s.since),
          },
          now,
        ),
      ),
    }),
  );
}
