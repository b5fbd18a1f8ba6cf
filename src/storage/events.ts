import { v7 as uuidv7 } from 'uuid';
import {
  type ChainFault,
  checkChainHead,
  eventHash,
  GENESIS_HASH,
  type StoredChainEvent,
  verifyChainSegment,
} from '../domain/events/hash-chain.ts';
import type { Db, Queryable } from './db.ts';

/** Who caused an event: a user acting for an organisation, maybe from a device; null for the system. */
export interface EventActor {
  userId: string;
  organisationId: string;
  deviceId?: string | null;
}

export interface NewEvent {
  type: string;
  subjectType: string;
  subjectId: string;
  payload: unknown;
  actor: EventActor | null;
  at: Date;
}

/**
 * Appends one event to the log inside the caller's transaction. Locking the chain head serialises
 * appenders, so each event links to exactly one predecessor.
 */
export async function appendEvent(tx: Queryable, event: NewEvent): Promise<{ seq: number; id: string }> {
  const head = await tx.query<{ seq: number; hash: string }>(
    'SELECT seq, hash FROM event_chain_head WHERE singleton FOR UPDATE',
  );
  const prev = head.rows[0];
  const fields = {
    seq: prev.seq + 1,
    id: uuidv7(),
    occurredAt: event.at.toISOString(),
    userId: event.actor?.userId ?? null,
    organisationId: event.actor?.organisationId ?? null,
    deviceId: event.actor?.deviceId ?? null,
    type: event.type,
    subjectType: event.subjectType,
    subjectId: event.subjectId,
    // Stored as jsonb and read back with JSON.parse, so hash what that round trip gives.
    payload: JSON.parse(JSON.stringify(event.payload ?? {})),
  };
  const hash = eventHash(prev.hash, fields);
  await tx.query(
    `INSERT INTO events (seq, id, occurred_at, user_id, organisation_id, device_id, type, subject_type, subject_id,
                         payload, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      fields.seq,
      fields.id,
      fields.occurredAt,
      fields.userId,
      fields.organisationId,
      fields.deviceId,
      fields.type,
      fields.subjectType,
      fields.subjectId,
      JSON.stringify(fields.payload),
      prev.hash,
      hash,
    ],
  );
  await tx.query('UPDATE event_chain_head SET seq = $1, hash = $2 WHERE singleton', [fields.seq, hash]);
  return { seq: fields.seq, id: fields.id };
}

interface EventRow {
  seq: number;
  id: string;
  occurred_at: Date;
  user_id: string | null;
  organisation_id: string | null;
  device_id: string | null;
  type: string;
  subject_type: string;
  subject_id: string;
  payload: unknown;
  prev_hash: string;
  hash: string;
}

const toChainEvent = (r: EventRow): StoredChainEvent => ({
  seq: r.seq,
  id: r.id,
  occurredAt: r.occurred_at.toISOString(),
  userId: r.user_id,
  organisationId: r.organisation_id,
  deviceId: r.device_id,
  type: r.type,
  subjectType: r.subject_type,
  subjectId: r.subject_id,
  payload: r.payload,
  prevHash: r.prev_hash,
  hash: r.hash,
});

/** The stored events after `afterSeq` up to `toSeq`, in sequence order, at most `limit` of them. */
export async function readEvents(
  db: Queryable,
  afterSeq: number,
  toSeq: number,
  limit: number,
): Promise<StoredChainEvent[]> {
  const rows = await db.query<EventRow>(
    'SELECT * FROM events WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3',
    [afterSeq, toSeq, limit],
  );
  return rows.rows.map(toChainEvent);
}

export type VerifyResult =
  | { ok: true; count: number; headHash: string }
  | { ok: false; fault: ChainFault; checked: number };

/** Recomputes the whole chain in batches and returns the first fault, if any. */
export async function verifyEventLog(
  db: Db,
  onProgress: (checked: number, total: number) => void = () => {},
  batchSize = 5000,
): Promise<VerifyResult> {
  const head = (await db.query<{ seq: number; hash: string }>('SELECT seq, hash FROM event_chain_head'))
    .rows[0];
  let tail = { seq: 0, hash: GENESIS_HASH };
  for (;;) {
    const batch = await db.query<EventRow>('SELECT * FROM events WHERE seq > $1 ORDER BY seq LIMIT $2', [
      tail.seq,
      batchSize,
    ]);
    if (batch.rows.length === 0) break;
    const result = verifyChainSegment(batch.rows.map(toChainEvent), tail);
    if (result.fault) return { ok: false, fault: result.fault, checked: result.fault.seq - 1 };
    tail = result.tail;
    onProgress(tail.seq, head.seq);
  }
  const fault = checkChainHead(tail, head);
  if (fault) return { ok: false, fault, checked: tail.seq };
  return { ok: true, count: tail.seq, headHash: tail.hash };
}
