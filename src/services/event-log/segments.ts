import { createHash, type KeyObject } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import { z } from 'zod';
import { GENESIS_HASH } from '../../domain/events/hash-chain.ts';
import type { Seal } from '../../domain/events/seal.ts';
import {
  type LogFileKind,
  SEGMENT,
  SEGMENT_FORMAT,
  type SegmentStep,
  type SegmentSummary,
  segmentChecker,
  signSegmentTrailer,
} from '../../domain/events/segment.ts';
import { readEvents } from '../../storage/events.ts';
import { findChainHead, findEventHash, findNextSealSeq } from '../../storage/queries/event-log.ts';
import type { ServiceContext } from '../context.ts';
import { conflict, type FieldError, invalid } from '../errors.ts';
import { loadSealKey } from './seal-key.ts';
import { sealsBetween } from './seals.ts';

// A segment is JSON Lines (one record a line: header, seals, events, trailer), so that a log of any length
// streams out and back in without ever being held whole in memory.
const BATCH = 5000;
/** Longest line read back: far above any event the API accepts (2 MiB bodies, 25 MiB map layers). */
const LINE_LIMIT = 64 * 1024 * 1024;

export interface SegmentExport {
  from: number;
  to: number;
  events: number;
  seals: number;
  /** The highest sealed event exported; events after it are covered by no seal yet. */
  sealedUpTo: number;
}

/**
 * Writes events `from`..`to` (default: the whole log) with the seals among them, the hash the chain had
 * before them and the public key, then a trailer signing the digest of everything above it.
 */
export async function exportSegment(
  ctx: ServiceContext,
  range: { from?: number; to?: number },
  out: NodeJS.WritableStream,
): Promise<SegmentExport> {
  const { db } = ctx;
  const head = await findChainHead(db);
  if (head.seq === 0)
    throw conflict('the event log is empty: there is nothing to export', [], { code: 'event-log.empty' });
  const from = range.from ?? 1;
  const to = range.to ?? head.seq;
  const errors: FieldError[] = [];
  const past = { code: 'event-log.past-end', params: { last: head.seq } } as const;
  if (from > head.seq) errors.push({ path: 'from', message: `the log ends at event #${head.seq}`, ...past });
  if (to > head.seq) errors.push({ path: 'to', message: `the log ends at event #${head.seq}`, ...past });
  if (from > to)
    errors.push({
      path: 'to',
      message: `must not be before --from (#${from})`,
      code: 'event-log.before-from',
      params: { from },
    });
  if (errors.length) throw invalid(errors, 'cannot export that range');
  const key = loadSealKey(ctx.config, { create: false });
  if (!key)
    throw conflict('this instance has no seal key, so nothing is sealed yet: run amana seal first', [], {
      code: 'event-log.no-seal-key',
    });
  const seals = await sealsBetween(db, from, to);
  if (seals.length === 0) {
    const next = await findNextSealSeq(db, to);
    throw conflict(
      `no seal lies within events #${from}–#${to}, so the segment could not be checked: ${
        next ? `export up to the next seal (--to ${next})` : 'run amana seal first'
      }`,
      [],
      next
        ? { code: 'event-log.unsealed-range', params: { from, to, next } }
        : { code: 'event-log.unsealed-range-no-seal', params: { from, to } },
    );
  }
  const previousHash = await hashBefore(ctx, from);

  const header = {
    kind: 'segment',
    format: SEGMENT_FORMAT,
    from,
    to,
    previousHash,
    exportedAt: ctx.clock().toISOString(),
    keyId: key.keyId,
    publicKey: key.publicKeyPem,
  };
  const events = await writeLogFile(ctx, { header, seals, kind: SEGMENT, privateKey: key.privateKey }, out);
  return { from, to, events, seals: seals.length, sealedUpTo: seals[seals.length - 1].seq };
}

/**
 * Writes a log file: the header, the seals, events `header.from`..`header.to` read in batches, and a trailer
 * signing the digest of every line above it. Returns the number of events written.
 */
export async function writeLogFile(
  ctx: ServiceContext,
  file: { header: { from: number; to: number }; seals: Seal[]; kind: LogFileKind; privateKey: KeyObject },
  out: NodeJS.WritableStream,
): Promise<number> {
  const { from, to } = file.header;
  const digest = createHash('sha256');
  const write = async (record: unknown) => {
    const line = `${JSON.stringify(record)}\n`;
    digest.update(line);
    if (!out.write(line)) await once(out, 'drain');
  };
  await write(file.header);
  for (const seal of file.seals) await write({ kind: 'seal', ...seal });
  let tail = from - 1;
  let events = 0;
  while (tail < to) {
    const batch = await readEvents(ctx.db, tail, to, BATCH);
    if (batch.length === 0) break;
    for (const event of batch) await write({ kind: 'event', ...event });
    tail = batch[batch.length - 1].seq;
    events += batch.length;
  }
  const trailer = signSegmentTrailer(
    { events, seals: file.seals.length, digest: digest.digest('hex') },
    file.privateKey,
    file.kind,
  );
  const line = `${JSON.stringify({ kind: 'end', ...trailer })}\n`;
  if (!out.write(line)) await once(out, 'drain');
  return events;
}

/** The hash the chain had before event `from` (the genesis hash before #1). */
export async function hashBefore(ctx: ServiceContext, from: number): Promise<string> {
  if (from <= 1) return GENESIS_HASH;
  const before = await findEventHash(ctx.db, from - 1);
  if (before === undefined)
    throw conflict(`event #${from - 1} is missing: run amana verify`, [], {
      code: 'event-log.event-missing',
      params: { seq: from - 1 },
    });
  return before;
}

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 hex digits');
const seq = z.number().int().min(1);
/** The fields every log file's header has; a pack adds its own. */
export const headerFields = {
  format: z.string().max(100),
  from: seq,
  to: seq,
  previousHash: hex64,
  exportedAt: z.string().max(40),
  keyId: z.string().max(100),
  publicKey: z.string().max(4096),
};
/** The seal, event and trailer lines, alike in every log file. */
export const bodyRecords = [
  z.strictObject({
    kind: z.literal('seal'),
    seq,
    hash: hex64,
    sealedAt: z.string().max(40),
    keyId: z.string().max(100),
    signature: z.string().max(200),
  }),
  z.strictObject({
    kind: z.literal('event'),
    seq,
    id: z.string().max(100),
    occurredAt: z.string().max(40),
    userId: z.string().max(100).nullable(),
    organisationId: z.string().max(100).nullable(),
    deviceId: z.string().max(1000).nullable(),
    type: z.string().max(200),
    subjectType: z.string().max(200),
    subjectId: z.string().max(1000),
    payload: z.json(),
    prevHash: hex64,
    hash: hex64,
  }),
  z.strictObject({
    kind: z.literal('end'),
    events: z.number().int().min(0),
    seals: z.number().int().min(0),
    digest: hex64,
    signature: z.string().max(200),
  }),
] as const;
const RECORDS = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('segment'), ...headerFields }),
  ...bodyRecords,
]);
type LogRecord = z.output<typeof RECORDS>;

/** The lines of a file as raw bytes (without their newline), refusing any longer than `limit`. */
export async function* linesOf(file: string, limit: number): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let pendingLength = 0;
  for await (const chunk of fs.createReadStream(file) as AsyncIterable<Buffer>) {
    let start = 0;
    for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
      pending.push(chunk.subarray(start, nl));
      yield Buffer.concat(pending);
      pending = [];
      pendingLength = 0;
      start = nl + 1;
    }
    pending.push(chunk.subarray(start));
    pendingLength += chunk.length - start;
    if (pendingLength > limit) throw new Error(`a line is longer than ${limit} bytes`);
  }
  if (pendingLength > 0) yield Buffer.concat(pending);
}

export type SegmentVerdict = { ok: true; summary: SegmentSummary } | { ok: false; problem: string };

/**
 * Checks a segment file offline against the trusted public key: every line's form, the chain inside it, each
 * seal, and the export signature over every byte; the verdict names the first problem.
 */
export async function verifySegmentFile(file: string, trusted: KeyObject): Promise<SegmentVerdict> {
  return checkLogFile(file, trusted, {
    kind: SEGMENT,
    records: RECORDS,
    what: 'segment',
    lineNumbers: false,
  });
}

/** How one kind of log file is read back: its checks, the form of its lines, and how failures are worded. */
export interface LogFileReading {
  kind: LogFileKind;
  records: z.ZodType<LogRecord | (Omit<LogRecord, 'kind'> & { kind: string })>;
  /** 'segment' or 'pack': how the file is named in messages. */
  what: string;
  /** Whether a failure of one line names the line, so a reader finds the record at once. */
  lineNumbers: boolean;
}

/** Reads a log file line by line through its checker; the verdict names the first problem. */
export async function checkLogFile(
  file: string,
  trusted: KeyObject,
  reading: LogFileReading,
): Promise<SegmentVerdict> {
  try {
    if (!fs.statSync(file).isFile()) return { ok: false, problem: `${file} is not a file` };
  } catch (error) {
    return { ok: false, problem: `cannot read ${file}: ${(error as NodeJS.ErrnoException).code}` };
  }
  const checker = segmentChecker(trusted, reading.kind);
  const digest = createHash('sha256');
  let lineNo = 0;
  let verdict: SegmentVerdict | null = null;
  const at = (problem: string) => ({
    ok: false as const,
    problem: reading.lineNumbers ? `line ${lineNo}: ${problem}` : problem,
  });
  try {
    for await (const raw of linesOf(file, LINE_LIMIT)) {
      lineNo++;
      if (verdict) return { ok: false, problem: `line ${lineNo}: content after the trailer` };
      let json: unknown;
      try {
        json = JSON.parse(raw.toString('utf8'));
      } catch {
        return { ok: false, problem: `line ${lineNo} is not JSON` };
      }
      const parsed = reading.records.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
        return {
          ok: false,
          problem: `line ${lineNo} is not a ${reading.what} record: ${where}${issue.message}`,
        };
      }
      const record = parsed.data as
        | LogRecord
        | (Omit<Extract<LogRecord, { kind: 'segment' }>, 'kind'> & { kind: 'pack' });
      if (record.kind === 'end') {
        verdict = checker.end(record, digest.digest('hex'));
        if (!verdict.ok) return verdict;
        continue;
      }
      let step: SegmentStep;
      if (record.kind === 'segment' || record.kind === 'pack') step = checker.header(record);
      else if (record.kind === 'seal') step = checker.seal(record);
      else {
        const { kind: _, ...event } = record;
        step = checker.event(event);
      }
      if (!step.ok) return at(step.problem);
      digest.update(raw).update('\n');
    }
  } catch (error) {
    return { ok: false, problem: `line ${lineNo + 1}: ${(error as Error).message}` };
  }
  return verdict ?? { ok: false, problem: `the ${reading.what} ends at line ${lineNo} without its trailer` };
}
