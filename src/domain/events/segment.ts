import { type KeyObject, sign, verify } from 'node:crypto';
import { canonicalJson, GENESIS_HASH, type StoredChainEvent, verifyChainSegment } from './hash-chain.ts';
import { checkSeals, keyIdOf, type Seal, type SealAgainstLog } from './seal.ts';

/** The format name a segment file carries in its first line. */
export const SEGMENT_FORMAT = 'amana-event-segment/1';

/** The first record of a segment: which events it holds and what the chain before them ended with. */
export interface SegmentHeader {
  format: string;
  from: number;
  to: number;
  previousHash: string;
  exportedAt: string;
  keyId: string;
  /** The exporter's public key (PEM), for information: a verifier trusts only the key it is given. */
  publicKey: string;
}

/** The last record: counts, the SHA-256 of every byte before it, and the exporter's signature over both. */
export interface SegmentTrailer {
  events: number;
  seals: number;
  digest: string;
  signature: string;
}

/**
 * What tells one kind of log file from another: its format name, the context line its trailer signature starts
 * with (so a segment's trailer is never valid as a pack's), and whether every event must lie under a seal.
 */
export interface LogFileKind {
  format: string;
  context: string;
  /** Whether events after the last seal are a fault (a verification pack) rather than a remark (a segment). */
  sealedToTheEnd: boolean;
}

/** The segment written by `amana export events` (decision 0010). */
export const SEGMENT: LogFileKind = {
  format: SEGMENT_FORMAT,
  context: 'amana-event-segment/1\n',
  sealedToTheEnd: false,
};

/** The exact bytes the exporter signs in a segment's trailer. */
export function segmentTrailerBytes(
  t: Omit<SegmentTrailer, 'signature'>,
  kind: LogFileKind = SEGMENT,
): Buffer {
  return Buffer.from(
    kind.context + canonicalJson({ digest: t.digest, events: t.events, seals: t.seals }),
    'utf8',
  );
}

/** Signs a segment's trailer with the instance's Ed25519 private key. */
export function signSegmentTrailer(
  t: Omit<SegmentTrailer, 'signature'>,
  privateKey: KeyObject,
  kind: LogFileKind = SEGMENT,
): SegmentTrailer {
  return { ...t, signature: sign(null, segmentTrailerBytes(t, kind), privateKey).toString('base64') };
}

export interface SegmentSummary {
  from: number;
  to: number;
  seals: number;
  /** The highest sealed event in the segment; events after it are covered by no seal. */
  sealedUpTo: number;
}

export interface SegmentProblem {
  ok: false;
  problem: string;
}
export type SegmentStep = { ok: true } | SegmentProblem;
export type SegmentEnd = { ok: true; summary: SegmentSummary } | SegmentProblem;

const OK: SegmentStep = { ok: true };
const fail = (problem: string): SegmentProblem => ({ ok: false, problem });

/**
 * Checks a segment record by record, in file order (header, seals, events, trailer), so that a file of any
 * length streams through it. Trust comes only from `trusted`, never from the key the file carries: whoever
 * could alter the file could also put their own key in it and sign with that.
 */
export function segmentChecker(trusted: KeyObject, kind: LogFileKind = SEGMENT) {
  let header: SegmentHeader | null = null;
  let tail = { seq: 0, hash: GENESIS_HASH };
  const seals: Seal[] = [];
  const sealedSeqs = new Set<number>();
  const hashAtSeal = new Map<number, string>();
  let events = 0;
  let stage: 'header' | 'seals' | 'events' | 'done' = 'header';

  return {
    header(h: SegmentHeader): SegmentStep {
      if (stage !== 'header') return fail('the segment has a second header');
      if (h.format !== kind.format) return fail(`the format is "${h.format}", not ${kind.format}`);
      if (h.from < 1 || h.to < h.from) return fail(`the range #${h.from}–#${h.to} is empty`);
      if (h.from === 1 && h.previousHash !== GENESIS_HASH)
        return fail('a segment from event #1 must start from the genesis hash');
      header = h;
      tail = { seq: h.from - 1, hash: h.previousHash };
      stage = 'seals';
      return OK;
    },
    seal(s: Seal): SegmentStep {
      if (!header) return fail('the segment does not start with its header');
      if (stage !== 'seals') return fail('a seal comes after the events; seals come first');
      if (s.seq < header.from || s.seq > header.to)
        return fail(
          `the seal of event #${s.seq} lies outside the segment's range #${header.from}–#${header.to}`,
        );
      seals.push(s);
      sealedSeqs.add(s.seq);
      return OK;
    },
    event(e: StoredChainEvent): SegmentStep {
      if (!header) return fail('the segment does not start with its header');
      if (stage === 'done') return fail('an event comes after the trailer');
      stage = 'events';
      if (e.seq > header.to) return fail(`event #${e.seq} lies past the segment's end #${header.to}`);
      const result = verifyChainSegment([e], tail);
      if (result.fault) return fail(result.fault.message);
      tail = result.tail;
      events++;
      if (sealedSeqs.has(e.seq)) hashAtSeal.set(e.seq, e.hash);
      return OK;
    },
    /** `digest` is the SHA-256 (hex) the reader computed over every byte before the trailer. */
    end(t: SegmentTrailer, digest: string): SegmentEnd {
      if (!header) return fail('the segment does not start with its header');
      stage = 'done';
      if (tail.seq !== header.to)
        return fail(`the segment ends at event #${tail.seq}; its header says #${header.to}`);
      const rows: SealAgainstLog[] = seals.map((s) => ({ ...s, eventHash: hashAtSeal.get(s.seq) ?? null }));
      const sealFault = checkSeals(rows, tail.seq, trusted);
      if (sealFault) return fail(sealFault.message);
      if (seals.length === 0)
        return fail(
          `no seal lies within events #${header.from}–#${header.to}: nothing in the segment was signed when it was recorded`,
        );
      if (t.events !== events || t.seals !== seals.length)
        return fail(
          `the trailer counts ${t.events} event(s) and ${t.seals} seal(s); the file holds ${events} and ${seals.length}`,
        );
      const sealedUpTo = seals.reduce((max, s) => Math.max(max, s.seq), 0);
      if (kind.sealedToTheEnd && sealedUpTo < header.to)
        return fail(
          `events #${sealedUpTo + 1}–#${header.to} are covered by no seal: the pack must end at a sealed event`,
        );
      const signed = segmentTrailerBytes({ digest, events, seals: seals.length }, kind);
      const signature = Buffer.from(t.signature, 'base64');
      let valid = t.digest === digest && signature.length === 64;
      if (valid) {
        try {
          valid = verify(null, signed, trusted, signature);
        } catch {
          valid = false;
        }
      }
      if (!valid)
        return fail(
          `the file was changed after export: its export signature does not verify with key ${keyIdOf(trusted)}`,
        );
      return {
        ok: true,
        summary: {
          from: header.from,
          to: header.to,
          seals: seals.length,
          sealedUpTo,
        },
      };
    },
  };
}
