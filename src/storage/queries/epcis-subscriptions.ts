import type { Queryable } from '../db.ts';

export interface NamedQueryRow {
  id: string;
  name: string;
  organisation_id: string;
  created_by: string;
  query: Record<string, string>;
  created_at: Date;
}

export async function insertNamedQuery(q: Queryable, r: NamedQueryRow): Promise<boolean> {
  const res = await q.query(
    `INSERT INTO epcis_named_queries (id, name, organisation_id, created_by, query, created_at)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (created_by, name) DO NOTHING`,
    [r.id, r.name, r.organisation_id, r.created_by, JSON.stringify(r.query), r.created_at],
  );
  return (res.rowCount ?? 0) > 0;
}

export async function findNamedQuery(
  q: Queryable,
  userId: string,
  name: string,
): Promise<NamedQueryRow | undefined> {
  return (
    await q.query<NamedQueryRow>('SELECT * FROM epcis_named_queries WHERE created_by = $1 AND name = $2', [
      userId,
      name,
    ])
  ).rows[0];
}

/** A user's named queries in name order, after the name given. */
export async function listNamedQueries(
  q: Queryable,
  userId: string,
  after: string | null,
  limit: number,
): Promise<NamedQueryRow[]> {
  return (
    await q.query<NamedQueryRow>(
      `SELECT * FROM epcis_named_queries WHERE created_by = $1 AND ($2::text IS NULL OR name COLLATE "C" > $2)
        ORDER BY name COLLATE "C" LIMIT $3`,
      [userId, after, limit],
    )
  ).rows;
}

export async function deleteNamedQuery(q: Queryable, id: string): Promise<void> {
  await q.query('DELETE FROM epcis_named_queries WHERE id = $1', [id]);
}

export interface SubscriptionRow {
  id: string;
  query_id: string;
  organisation_id: string;
  created_by: string;
  dest: string;
  secret: string;
  stream: boolean;
  schedule: Record<string, string> | null;
  report_if_empty: boolean;
  initial_record_time: Date;
  after_seq: number;
  next_attempt_at: Date;
  attempts: number;
  last_error: string | null;
  last_run_at: Date | null;
  created_at: Date;
}

export async function insertSubscription(
  q: Queryable,
  s: Omit<SubscriptionRow, 'attempts' | 'last_error' | 'last_run_at' | 'after_seq'>,
): Promise<void> {
  // Events recorded before the initial record time are not the subscription's.
  await q.query(
    `INSERT INTO epcis_subscriptions (id, query_id, organisation_id, created_by, dest, secret, stream, schedule,
        report_if_empty, initial_record_time, after_seq, next_attempt_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
        (SELECT coalesce(max(seq), 0) FROM epcis_events WHERE record_time < $10), $11, $12)`,
    [
      s.id,
      s.query_id,
      s.organisation_id,
      s.created_by,
      s.dest,
      s.secret,
      s.stream,
      s.schedule === null ? null : JSON.stringify(s.schedule),
      s.report_if_empty,
      s.initial_record_time,
      s.next_attempt_at,
      s.created_at,
    ],
  );
}

export async function listSubscriptionsOf(q: Queryable, queryId: string): Promise<SubscriptionRow[]> {
  return (
    await q.query<SubscriptionRow>(
      'SELECT * FROM epcis_subscriptions WHERE query_id = $1 ORDER BY created_at, id',
      [queryId],
    )
  ).rows;
}

export async function deleteSubscription(q: Queryable, queryId: string, id: string): Promise<boolean> {
  const r = await q.query('DELETE FROM epcis_subscriptions WHERE query_id = $1 AND id = $2', [queryId, id]);
  return (r.rowCount ?? 0) > 0;
}

/** Subscriptions due by `now`, locked for the caller's transaction, with their query. */
export async function lockDueSubscriptions(
  q: Queryable,
  now: Date,
  limit: number,
): Promise<(SubscriptionRow & { query: Record<string, string>; query_name: string })[]> {
  return (
    await q.query<SubscriptionRow & { query: Record<string, string>; query_name: string }>(
      `SELECT s.*, n.query, n.name AS query_name FROM epcis_subscriptions s JOIN epcis_named_queries n ON n.id = s.query_id
        WHERE s.next_attempt_at <= $1 ORDER BY s.next_attempt_at LIMIT $2 FOR UPDATE OF s SKIP LOCKED`,
      [now, limit],
    )
  ).rows;
}

export async function updateSubscriptionRun(
  q: Queryable,
  s: {
    id: string;
    afterSeq: number;
    nextAttemptAt: Date;
    attempts: number;
    lastError: string | null;
    lastRunAt: Date | null;
  },
): Promise<void> {
  await q.query(
    `UPDATE epcis_subscriptions SET after_seq = $2, next_attempt_at = $3, attempts = $4, last_error = $5,
        last_run_at = coalesce($6, last_run_at) WHERE id = $1`,
    [s.id, s.afterSeq, s.nextAttemptAt, s.attempts, s.lastError, s.lastRunAt],
  );
}

/** The advisory lock every statement storing events holds, shared, until its transaction ends. */
export const STORING_EVENTS_LOCK = 7_346_001;

/**
 * The last event seq below which every event is committed and finished: none may yet appear below it. Null
 * while events are being stored on PostgreSQL (another pass will ask again). Must run in a transaction.
 */
export async function settledHorizon(tx: Queryable): Promise<number | null> {
  const got = await tx.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS ok', [
    STORING_EVENTS_LOCK,
  ]);
  if (!got.rows[0].ok) return null;
  const r = await tx.query<{ h: string | null }>(
    `SELECT coalesce((SELECT min(e.seq) - 1 FROM epcis_events e JOIN epcis_captures c ON c.id = e.capture_id WHERE c.running),
                     (SELECT max(seq) FROM epcis_events), 0) AS h`,
  );
  return Number(r.rows[0].h ?? 0);
}
