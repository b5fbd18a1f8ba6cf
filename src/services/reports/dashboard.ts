import { assessmentScope } from '../../domain/access/roles.ts';
import type { AuthedContext } from '../context.ts';
import { visibilitySql } from '../incidents/incidents.ts';

export interface Dashboard {
  sites: { blue: number; green: number; yellow: number; red: number; suspended: number };
  incidents: {
    open: { level1: number; level2: number; level3: number };
    overdueVerification: number;
    overdueReview: number;
  } | null;
  alerts: { unread: number };
  correctiveActions: { open: number; overdue: number; dueIn30Days: number } | null;
}

/** The figures of the home page, each limited to what the caller may see. */
export async function dashboard(ctx: AuthedContext): Promise<Dashboard> {
  const now = ctx.clock();
  const sites = (
    await ctx.db.query<{ status: string; n: number; suspended: number }>(
      'SELECT status, count(*)::int AS n, count(*) FILTER (WHERE cardinality(suspended_by) > 0)::int AS suspended FROM sites GROUP BY status',
    )
  ).rows;
  const count = (s: string) => sites.find((r) => r.status === s)?.n ?? 0;
  const incidents = (
    await ctx.db.query<{ level: number; n: number; overdue: number }>(
      `SELECT i.level, count(*)::int AS n,
              count(*) FILTER (WHERE i.state IN ('reported', 'under_verification') AND i.verification_due < $2)::int AS overdue
         FROM incidents i WHERE ${visibilitySql(ctx.principal, 1)} AND i.state NOT IN ('resolved', 'unsubstantiated') GROUP BY i.level`,
      [ctx.principal.organisationId, now],
    )
  ).rows;
  const overdueReview = (
    await ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM mitigation_plans p JOIN incidents i ON i.id = p.incident_id
        WHERE ${visibilitySql(ctx.principal, 1)} AND i.state <> 'resolved' AND p.next_review_due < $2`,
      [ctx.principal.organisationId, now],
    )
  ).rows[0].n;
  const unread = (
    await ctx.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM alerts WHERE organisation_id = $1 AND read_at IS NULL',
      [ctx.principal.organisationId],
    )
  ).rows[0].n;
  const scope = assessmentScope(ctx.principal);
  let correctiveActions: Dashboard['correctiveActions'] = null;
  if (scope !== 'none') {
    const today = now.toISOString().slice(0, 10);
    const in30 = new Date(now.getTime() + 30 * 86400_000).toISOString().slice(0, 10);
    correctiveActions = (
      await ctx.db.query<{ open: number; overdue: number; soon: number }>(
        `SELECT count(*)::int AS open, count(*) FILTER (WHERE deadline < $2::date)::int AS overdue,
                count(*) FILTER (WHERE deadline BETWEEN $2::date AND $3::date)::int AS soon
           FROM corrective_actions WHERE status = 'open' AND ($1::uuid IS NULL OR owner_organisation_id = $1 OR organisation_id = $1)`,
        [scope === 'own' ? ctx.principal.organisationId : null, today, in30],
      )
    ).rows.map((r) => ({ open: r.open, overdue: r.overdue, dueIn30Days: r.soon }))[0];
  }
  const level = (l: number) => incidents.find((r) => r.level === l)?.n ?? 0;
  return {
    sites: {
      blue: count('blue'),
      green: count('green'),
      yellow: count('yellow'),
      red: count('red'),
      suspended: sites.reduce((s, r) => s + r.suspended, 0),
    },
    incidents: {
      open: { level1: level(1), level2: level(2), level3: level(3) },
      overdueVerification: incidents.reduce((s, r) => s + r.overdue, 0),
      overdueReview,
    },
    alerts: { unread },
    correctiveActions,
  };
}
