import { assessmentScope, canHandleGrievances, ownSitesScope } from '../../domain/access/roles.ts';
import { deadlineWindow } from '../../domain/assessments/corrective-actions.ts';
import {
  correctiveActionCounts,
  grievanceQueueCounts,
  openIncidentCounts,
  unreadAlertCount,
} from '../../storage/queries/reports.ts';
import { countSitesByStatus } from '../../storage/queries/sites.ts';
import type { AuthedContext } from '../context.ts';
import { incidentVisibility } from '../incidents/incidents.ts';
import { ownSitesFilter } from '../sites/site-scope.ts';
import type { DashboardView } from './views.ts';

/**
 * The figures of the home page, each limited to what is the caller's: its own sites (ownSitesScope), the incidents
 * it sees, its alerts, its corrective actions and, for a grievance officer, its queue. Each figure's list opens with
 * the same filter (`mine=true` on the sites list).
 */
export async function dashboard(ctx: AuthedContext): Promise<DashboardView> {
  const now = ctx.clock();
  const { organisationId } = ctx.principal;
  const sites = await countSitesByStatus(ctx.db, ownSitesFilter(ctx));
  const incidents = await openIncidentCounts(ctx.db, incidentVisibility(ctx.principal), organisationId, now);
  const unread = await unreadAlertCount(ctx.db, organisationId);
  const scope = assessmentScope(ctx.principal);
  let correctiveActions: DashboardView['correctiveActions'] = null;
  if (scope !== 'none') {
    const { today, until } = deadlineWindow(now);
    const c = await correctiveActionCounts(ctx.db, scope === 'own' ? organisationId : null, today, until);
    correctiveActions = { open: c.open, overdue: c.overdue, dueIn30Days: c.soon };
  }
  const grievances = canHandleGrievances(ctx.principal) ? await grievanceQueueCounts(ctx.db) : null;
  const level = (l: number) => incidents.levels.find((r) => r.level === l)?.n ?? 0;
  return {
    sites: {
      blue: sites.byStatus.blue ?? 0,
      green: sites.byStatus.green ?? 0,
      yellow: sites.byStatus.yellow ?? 0,
      red: sites.byStatus.red ?? 0,
      suspended: sites.suspended,
      scope: ownSitesScope(ctx.principal),
    },
    incidents: {
      open: { level1: level(1), level2: level(2), level3: level(3) },
      overdueVerification: incidents.levels.reduce((s, r) => s + r.overdue, 0),
      overdueReview: incidents.overdueReview,
    },
    alerts: { unread },
    correctiveActions,
    grievances,
  };
}
