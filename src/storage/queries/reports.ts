import type { Queryable } from '../db.ts';
import { type IncidentScope, visibilitySql } from './incidents.ts';

// Open incidents by level among the rows of `from` (alias i) that pass `where`.
const levels = (from: string, where: string) => `SELECT json_agg(c) FROM (
    SELECT i.level, count(*)::int AS n,
           count(*) FILTER (WHERE i.state IN ('reported', 'under_verification') AND i.verification_due < $2)::int AS overdue
      FROM ${from} WHERE ${where} AND i.state NOT IN ('resolved', 'unsubstantiated') GROUP BY i.level) c`;

/**
 * Open incidents by level, with those whose verification is overdue, and plans past their review, among the
 * incidents the scope admits (`visibilitySql`, the organisation in $1). Over every incident both are
 * counted from indexes (incidents_open_idx); a `narrow` visibility's unresolved incidents are read once for both.
 */
export async function openIncidentCounts(
  q: Queryable,
  visibility: { scope: IncidentScope; narrow: boolean },
  organisationId: string,
  now: Date,
) {
  const visible = visibilitySql(visibility.scope, 1);
  const sql = visibility.narrow
    ? `WITH unresolved AS MATERIALIZED (
         SELECT i.id, i.level, i.state, i.verification_due FROM incidents i WHERE ${visible} AND i.state <> 'resolved')
       SELECT (${levels('unresolved i', 'TRUE')}) AS levels,
              (SELECT count(*)::int FROM mitigation_plans p JOIN unresolved i ON i.id = p.incident_id
                WHERE p.next_review_due < $2) AS overdue_review`
    : `SELECT (${levels('incidents i', visible)}) AS levels,
              (SELECT count(*)::int FROM mitigation_plans p JOIN incidents i ON i.id = p.incident_id
                WHERE ${visible} AND i.state <> 'resolved' AND p.next_review_due < $2) AS overdue_review`;
  const row = (
    await q.query<{ levels: { level: number; n: number; overdue: number }[] | null; overdue_review: number }>(
      sql,
      [organisationId, now],
    )
  ).rows[0];
  return { levels: row.levels ?? [], overdueReview: row.overdue_review };
}

export async function unreadAlertCount(q: Queryable, organisationId: string): Promise<number> {
  return (
    await q.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM alerts WHERE organisation_id = $1 AND read_at IS NULL',
      [organisationId],
    )
  ).rows[0].n;
}

/** Open corrective actions, overdue and due within the window; `owner` limits them to one organisation's. */
export async function correctiveActionCounts(
  q: Queryable,
  owner: string | null,
  today: string,
  until: string,
) {
  return (
    await q.query<{ open: number; overdue: number; soon: number }>(
      `SELECT count(*)::int AS open, count(*) FILTER (WHERE deadline < $2::date)::int AS overdue,
              count(*) FILTER (WHERE deadline BETWEEN $2::date AND $3::date)::int AS soon
         FROM corrective_actions WHERE status = 'open' AND ($1::uuid IS NULL OR owner_organisation_id = $1 OR organisation_id = $1)`,
      [owner, today, until],
    )
  ).rows[0];
}

/** Incidents reported per category and month (UTC) since `since`, among those the scope admits. */
export async function incidentsPerMonth(
  q: Queryable,
  scope: IncidentScope,
  organisationId: string,
  since: Date,
) {
  return (
    await q.query<{ category: string; month: string; n: number }>(
      `SELECT i.category, to_char(i.reported_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month, count(*)::int AS n
         FROM incidents i
        WHERE ${visibilitySql(scope, 1)} AND i.reported_at >= $2
        GROUP BY 1, 2`,
      [organisationId, since],
    )
  ).rows;
}

/** Grievances awaiting validation and validated ones not yet closed (grievances_status_newest_idx). */
export async function grievanceQueueCounts(q: Queryable): Promise<{ received: number; validated: number }> {
  return (
    await q.query<{ received: number; validated: number }>(
      `SELECT count(*) FILTER (WHERE status = 'received')::int AS received,
              count(*) FILTER (WHERE status = 'validated')::int AS validated
         FROM grievances WHERE status IN ('received', 'validated')`,
    )
  ).rows[0];
}
