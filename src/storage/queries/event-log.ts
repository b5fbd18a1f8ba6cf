import type { Queryable } from '../db.ts';

export interface SealRow {
  seq: number;
  hash: string;
  sealed_at: Date;
  key_id: string;
  signature: string;
}

export interface ChainHeadRow {
  seq: number;
  hash: string;
}

/** The last event's sequence number and hash (seq 0 before the first event). */
export async function findChainHead(q: Queryable): Promise<ChainHeadRow> {
  return (await q.query<ChainHeadRow>('SELECT seq, hash FROM event_chain_head')).rows[0];
}

export async function findLatestSeal(q: Queryable): Promise<SealRow | undefined> {
  return (await q.query<SealRow>('SELECT * FROM event_seals ORDER BY seq DESC LIMIT 1')).rows[0];
}

export async function listSealsBetween(q: Queryable, from: number, to: number): Promise<SealRow[]> {
  return (
    await q.query<SealRow>('SELECT * FROM event_seals WHERE seq >= $1 AND seq <= $2 ORDER BY seq', [from, to])
  ).rows;
}

/** The first seal after event `seq`, if any. */
export async function findNextSealSeq(q: Queryable, seq: number): Promise<number | undefined> {
  return (
    (await q.query<{ seq: number | null }>('SELECT min(seq) AS seq FROM event_seals WHERE seq > $1', [seq]))
      .rows[0]?.seq ?? undefined
  );
}

export async function findEventHash(q: Queryable, seq: number): Promise<string | undefined> {
  return (await q.query<{ hash: string }>('SELECT hash FROM events WHERE seq = $1', [seq])).rows[0]?.hash;
}

/** Serialises sealers for the rest of the transaction. */
export async function lockSealer(q: Queryable, key: number): Promise<void> {
  await q.query('SELECT pg_advisory_xact_lock($1)', [key]);
}

export async function insertSeal(q: Queryable, seal: SealRow): Promise<void> {
  await q.query(
    'INSERT INTO event_seals (seq, hash, sealed_at, key_id, signature) VALUES ($1, $2, $3, $4, $5)',
    [seal.seq, seal.hash, seal.sealed_at, seal.key_id, seal.signature],
  );
}

/** Every seal beside the hash the log holds for its event (null where the event is gone). */
export async function listSealsAgainstLog(
  q: Queryable,
): Promise<(SealRow & { event_hash: string | null })[]> {
  return (
    await q.query<SealRow & { event_hash: string | null }>(
      'SELECT s.*, e.hash AS event_hash FROM event_seals s LEFT JOIN events e ON e.seq = s.seq ORDER BY s.seq',
    )
  ).rows;
}

/** The first and last event recorded in [since, until), by the time of recording (`events_occurred_idx`). */
export async function findSeqRangeBetween(
  q: Queryable,
  since: Date,
  until: Date,
): Promise<{ first: number | null; last: number | null }> {
  return (
    await q.query<{ first: number | null; last: number | null }>(
      `SELECT (SELECT seq FROM events WHERE occurred_at >= $1 AND occurred_at < $2 ORDER BY occurred_at, seq LIMIT 1) AS first,
              (SELECT seq FROM events WHERE occurred_at >= $1 AND occurred_at < $2 ORDER BY occurred_at DESC, seq DESC LIMIT 1) AS last`,
      [since, until],
    )
  ).rows[0];
}

/** The first seal at or after event `seq`, if any. */
export async function findSealAtOrAfter(q: Queryable, seq: number): Promise<number | undefined> {
  return (
    (await q.query<{ seq: number | null }>('SELECT min(seq) AS seq FROM event_seals WHERE seq >= $1', [seq]))
      .rows[0]?.seq ?? undefined
  );
}

/** An event of a record's history, with the stored hash of the event before it, for checking it in place. */
export interface HistoryEventRow {
  seq: number;
  id: string;
  occurred_at: Date;
  user_id: string | null;
  user_name: string | null;
  organisation_id: string | null;
  device_id: string | null;
  type: string;
  subject_type: string;
  subject_id: string;
  payload: unknown;
  prev_hash: string;
  hash: string;
  previous_hash: string | null;
}

/**
 * Up to `limit` events about the records given, newest first, before the sequence `before`: events whose subject is
 * one of `subjectIds` of `subjectType`, or (for a lot) the custody operations naming it.
 */
export async function recordEventsPage(
  q: Queryable,
  subject: { type: string; ids: readonly string[] } | { lotId: string },
  before: number | undefined,
  limit: number,
): Promise<HistoryEventRow[]> {
  const where =
    'lotId' in subject
      ? `e.subject_type = 'custody_operation' AND e.payload -> 'lotIds' @> $1::jsonb`
      : 'e.subject_type = $1 AND e.subject_id = ANY($4::text[])';
  const params =
    'lotId' in subject
      ? [JSON.stringify([subject.lotId]), before ?? null, limit]
      : [subject.type, before ?? null, limit, subject.ids];
  return (
    await q.query<HistoryEventRow>(
      `SELECT e.*, u.name AS user_name,
              CASE WHEN e.seq = 1 THEN '${'0'.repeat(64)}' ELSE p.hash END AS previous_hash
         FROM events e LEFT JOIN events p ON p.seq = e.seq - 1 LEFT JOIN users u ON u.id = e.user_id
        WHERE ${where} AND ($2::bigint IS NULL OR e.seq < $2)
        ORDER BY e.seq DESC LIMIT $3`,
      params,
    )
  ).rows;
}
