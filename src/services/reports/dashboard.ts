import { assessmentScope } from '../../domain/access/roles.ts';
import {
  correctiveActionCounts,
  openIncidentCounts,
  siteStatusCounts,
  unreadAlertCount,
} from '../../storage/queries/reports.ts';
import type { AuthedContext } from '../context.ts';
import { incidentVisibility } from '../incidents/incidents.ts';
import type { DashboardView } from './views.ts';

/** The figures of the home page, each limited to what the caller may see. */
export async function dashboard(ctx: AuthedContext): Promise<DashboardView> {
  const now = ctx.clock();
  const { organisationId } = ctx.principal;
  const sites = await siteStatusCounts(ctx.db);
  const incidents = await openIncidentCounts(ctx.db, incidentVisibility(ctx.principal), organisationId, now);
  const unread = await unreadAlertCount(ctx.db, organisationId);
  const scope = assessmentScope(ctx.principal);
  let correctiveActions: DashboardView['correctiveActions'] = null;
  if (scope !== 'none') {
    const today = now.toISOString().slice(0, 10);
    const in30 = new Date(now.getTime() + 30 * 86400_000).toISOString().slice(0, 10);
    const c = await correctiveActionCounts(ctx.db, scope === 'own' ? organisationId : null, today, in30);
    correctiveActions = { open: c.open, overdue: c.overdue, dueIn30Days: c.soon };
  }
  const level = (l: number) => incidents.levels.find((r) => r.level === l)?.n ?? 0;
  return {
    sites: {
      blue: sites.byStatus.blue ?? 0,
      green: sites.byStatus.green ?? 0,
      yellow: sites.byStatus.yellow ?? 0,
      red: sites.byStatus.red ?? 0,
      suspended: sites.suspended,
    },
    incidents: {
      open: { level1: level(1), level2: level(2), level3: level(3) },
      overdueVerification: incidents.levels.reduce((s, r) => s + r.overdue, 0),
      overdueReview: incidents.overdueReview,
    },
    alerts: { unread },
    correctiveActions,
  };
}
