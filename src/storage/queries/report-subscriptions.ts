import type { Queryable } from '../db.ts';

export interface ReportSubscriptionRow {
  id: string;
  organisation_id: string;
  user_id: string;
  member_of: string;
  email: string;
  language: 'fr' | 'en';
  format: 'pdf' | 'json';
  first_quarter: string;
  created_at: Date;
  /** Quarters sent, oldest first. */
  sent: string[];
}

const SELECT = `SELECT s.id, s.organisation_id, s.user_id, s.member_of, s.email, s.language, s.format, s.first_quarter,
       s.created_at,
       coalesce((SELECT array_agg(d.quarter ORDER BY d.quarter) FROM report_deliveries d
                  WHERE d.subscription_id = s.id AND d.sent_at IS NOT NULL), '{}') AS sent
  FROM report_subscriptions s`;

export async function insertReportSubscription(
  q: Queryable,
  row: Omit<ReportSubscriptionRow, 'sent' | 'created_at'>,
  now: Date,
): Promise<boolean> {
  const r = await q.query(
    `INSERT INTO report_subscriptions (id, organisation_id, user_id, member_of, email, language, format, first_quarter, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
    [
      row.id,
      row.organisation_id,
      row.user_id,
      row.member_of,
      row.email,
      row.language,
      row.format,
      row.first_quarter,
      now,
    ],
  );
  return r.rowCount > 0;
}

/** A user's live subscriptions to one organisation's report. */
export async function liveSubscriptionsOf(q: Queryable, organisationId: string, userId: string) {
  return (
    await q.query<ReportSubscriptionRow>(
      `${SELECT} WHERE s.organisation_id = $1 AND s.user_id = $2 AND s.cancelled_at IS NULL ORDER BY s.created_at, s.id`,
      [organisationId, userId],
    )
  ).rows;
}

export async function findReportSubscription(q: Queryable, id: string) {
  return (
    await q.query<ReportSubscriptionRow & { cancelled_at: Date | null }>(`${SELECT} WHERE s.id = $1`, [id])
  ).rows[0];
}

export async function cancelReportSubscription(q: Queryable, id: string, by: string, now: Date) {
  await q.query(
    'UPDATE report_subscriptions SET cancelled_at = $3, cancelled_by = $2 WHERE id = $1 AND cancelled_at IS NULL',
    [id, by, now],
  );
}

/** Every live subscription, for the worker. */
export async function allLiveSubscriptions(q: Queryable) {
  return (
    await q.query<ReportSubscriptionRow>(`${SELECT} WHERE s.cancelled_at IS NULL ORDER BY s.created_at, s.id`)
  ).rows;
}

/**
 * Claims the sending of one quarter: a new claim, or again one whose sending is known to have failed. A claim with
 * neither a sending nor an error (a crash between claim and answer) is never taken again: at most once.
 */
export async function claimDelivery(q: Queryable, subscriptionId: string, quarter: string, now: Date) {
  const fresh = await q.query(
    `INSERT INTO report_deliveries (subscription_id, quarter, claimed_at) VALUES ($1, $2, $3)
     ON CONFLICT DO NOTHING RETURNING quarter`,
    [subscriptionId, quarter, now],
  );
  if (fresh.rowCount > 0) return true;
  const again = await q.query(
    `UPDATE report_deliveries SET claimed_at = $3, error = NULL
      WHERE subscription_id = $1 AND quarter = $2 AND sent_at IS NULL AND error IS NOT NULL RETURNING quarter`,
    [subscriptionId, quarter, now],
  );
  return again.rowCount > 0;
}

export async function settleDelivery(
  q: Queryable,
  subscriptionId: string,
  quarter: string,
  outcome: { sentAt: Date } | { error: string },
) {
  await q.query(
    'UPDATE report_deliveries SET sent_at = $3, error = $4 WHERE subscription_id = $1 AND quarter = $2',
    [
      subscriptionId,
      quarter,
      'sentAt' in outcome ? outcome.sentAt : null,
      'error' in outcome ? outcome.error : null,
    ],
  );
}

/** Quarters that a subscription has had settled in any way (sent, failed, or claimed and never answered). */
export async function deliveriesOf(q: Queryable, subscriptionId: string) {
  return (
    await q.query<{ quarter: string; sent_at: Date | null; error: string | null }>(
      'SELECT quarter, sent_at, error FROM report_deliveries WHERE subscription_id = $1 ORDER BY quarter',
      [subscriptionId],
    )
  ).rows;
}
