import { createHash } from 'node:crypto';
import type { Queryable } from '../db.ts';

/** A counter's state: hits in the current window, and when that window ends. */
export interface CounterState {
  hits: number;
  windowEndsAt: Date;
}

// Keys name accounts and client addresses: keep only a digest of them.
const digest = (key: string) => createHash('sha256').update(key).digest('hex');

/**
 * Counts one hit on `key` in one statement, so that concurrent requests on any number of server processes
 * each get their own count: a window that has ended starts again at 1.
 */
export async function countHit(
  q: Queryable,
  key: string,
  windowMs: number,
  now: Date,
): Promise<CounterState> {
  const res = await q.query<{ hits: number; window_ends_at: Date }>(
    `INSERT INTO rate_limit_counters AS c (key, hits, window_ends_at) VALUES ($1, 1, $3)
     ON CONFLICT (key) DO UPDATE SET
       hits = CASE WHEN c.window_ends_at <= $2 THEN 1 ELSE c.hits + 1 END,
       window_ends_at = CASE WHEN c.window_ends_at <= $2 THEN EXCLUDED.window_ends_at ELSE c.window_ends_at END
     RETURNING hits, window_ends_at`,
    [digest(key), now, new Date(now.getTime() + windowMs)],
  );
  return { hits: res.rows[0].hits, windowEndsAt: res.rows[0].window_ends_at };
}

/** The counter as it stands, without counting; none when no window is open. */
export async function readCounter(q: Queryable, key: string, now: Date): Promise<CounterState | null> {
  const res = await q.query<{ hits: number; window_ends_at: Date }>(
    'SELECT hits, window_ends_at FROM rate_limit_counters WHERE key = $1 AND window_ends_at > $2',
    [digest(key), now],
  );
  const row = res.rows[0];
  return row ? { hits: row.hits, windowEndsAt: row.window_ends_at } : null;
}

/** Takes one hit back (a request that turned out not to count). */
export async function refundHit(q: Queryable, key: string): Promise<void> {
  await q.query('UPDATE rate_limit_counters SET hits = hits - 1 WHERE key = $1 AND hits > 0', [digest(key)]);
}

/** Forgets a counter altogether. */
export async function clearCounter(q: Queryable, key: string): Promise<void> {
  await q.query('DELETE FROM rate_limit_counters WHERE key = $1', [digest(key)]);
}

/** Deletes the counters whose window has ended; returns how many. */
export async function purgeEndedCounters(q: Queryable, now: Date): Promise<number> {
  return (await q.query('DELETE FROM rate_limit_counters WHERE window_ends_at <= $1', [now])).rowCount;
}
