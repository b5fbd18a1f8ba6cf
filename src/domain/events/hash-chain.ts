import { createHash } from 'node:crypto';

/** The fields of an event that its hash covers. */
export interface ChainedEventFields {
  seq: number;
  id: string;
  occurredAt: string;
  userId: string | null;
  organisationId: string | null;
  deviceId: string | null;
  type: string;
  subjectType: string;
  subjectId: string;
  payload: unknown;
}

/** The hash that precedes the first event of a chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every depth, so equal values always serialise alike. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** SHA-256 (hex) of the previous hash followed by the event's canonical form. */
export function eventHash(previousHash: string, event: ChainedEventFields): string {
  const { seq, id, occurredAt, userId, organisationId, deviceId, type, subjectType, subjectId, payload } =
    event;
  const covered = {
    seq,
    id,
    occurredAt,
    userId,
    organisationId,
    deviceId,
    type,
    subjectType,
    subjectId,
    payload,
  };
  return createHash('sha256').update(previousHash).update('\n').update(canonicalJson(covered)).digest('hex');
}

export interface StoredChainEvent extends ChainedEventFields {
  prevHash: string;
  hash: string;
}

export type ChainFault =
  | { kind: 'missing'; seq: number; message: string }
  | { kind: 'altered'; seq: number; id: string; message: string }
  | { kind: 'relinked'; seq: number; id: string; message: string }
  | { kind: 'head_mismatch'; seq: number; message: string };

/**
 * Compares the last verified event with the recorded chain head: a deleted tail leaves the head pointing
 * past the log; rows appended around the log leave it pointing at another event.
 */
export function checkChainHead(
  tail: { seq: number; hash: string },
  head: { seq: number; hash: string },
): ChainFault | null {
  if (tail.seq === head.seq && tail.hash === head.hash) return null;
  if (tail.seq < head.seq) {
    return {
      kind: 'missing',
      seq: tail.seq + 1,
      message: `event #${tail.seq + 1} is missing (the log ends at #${tail.seq}, its head says #${head.seq})`,
    };
  }
  return {
    kind: 'head_mismatch',
    seq: tail.seq,
    message: `the log ends at event #${tail.seq} but its head records #${head.seq} with another hash`,
  };
}

/**
 * Walks events in sequence order from `expected` (the previous event's seq and hash) and returns the
 * first fault, or null with the new tail when every event is intact.
 */
export function verifyChainSegment(
  events: readonly StoredChainEvent[],
  expected: { seq: number; hash: string },
): { fault: ChainFault } | { fault: null; tail: { seq: number; hash: string } } {
  let { seq, hash } = expected;
  for (const event of events) {
    if (event.seq !== seq + 1) {
      return { fault: { kind: 'missing', seq: seq + 1, message: `event #${seq + 1} is missing` } };
    }
    if (event.prevHash !== hash) {
      return {
        fault: {
          kind: 'relinked',
          seq: event.seq,
          id: event.id,
          message: `event #${event.seq} (${event.id}) does not link to the event before it`,
        },
      };
    }
    const recomputed = eventHash(hash, event);
    if (recomputed !== event.hash) {
      return {
        fault: {
          kind: 'altered',
          seq: event.seq,
          id: event.id,
          message: `event #${event.seq} (${event.id}, ${event.type}) was altered: its content no longer matches its hash`,
        },
      };
    }
    seq = event.seq;
    hash = event.hash;
  }
  return { fault: null, tail: { seq, hash } };
}
