import type { KeyObject } from 'node:crypto';
import fs from 'node:fs';
import { z } from 'zod';
import {
  choosePackKey,
  PACK,
  PACK_FORMAT,
  PACK_MAX_BYTES,
  type PackTrust,
} from '../../domain/events/pack.ts';
import type { SegmentSummary } from '../../domain/events/segment.ts';
import {
  findChainHead,
  findLatestSeal,
  findSealAtOrAfter,
  findSeqRangeBetween,
} from '../../storage/queries/event-log.ts';
import type { ServiceContext } from '../context.ts';
import { conflict, type FieldError, invalid } from '../errors.ts';
import { loadSealKey } from './seal-key.ts';
import { sealsBetween } from './seals.ts';
import { bodyRecords, checkLogFile, hashBefore, headerFields, linesOf, writeLogFile } from './segments.ts';

/** The days of the record a pack is asked for, inclusive, by the time each event was recorded (UTC). */
export interface PackPeriod {
  since: string;
  until: string;
}

/** Which events a pack holds: `from`..`to`, `to` always a sealed event; `period` when asked by days. */
export interface PackPlan {
  from: number;
  to: number;
  period: PackPeriod | null;
}

const dayStart = (day: string) => new Date(`${day}T00:00:00.000Z`);
const nextDay = (day: string) => new Date(dayStart(day).getTime() + 86_400_000);

/**
 * Which events a pack of `period` (or of the whole log) holds: from the first event recorded in it to the first
 * seal at or after the last one (or the latest seal, when the period runs past it), so that every record in the
 * pack lies under a seal. Refuses a period with no event, or none of whose events is sealed yet.
 */
export async function planPack(ctx: ServiceContext, period: PackPeriod | null): Promise<PackPlan> {
  const head = await findChainHead(ctx.db);
  if (head.seq === 0)
    throw conflict('the event log is empty: there is nothing to export', [], { code: 'event-log.empty' });
  let first = 1;
  let last = head.seq;
  if (period) {
    if (period.until < period.since)
      throw invalid([
        {
          path: 'until',
          message: `must not be before since (${period.since})`,
          code: 'event-log.pack-until-before-since',
          params: { since: period.since },
        },
      ]);
    const range = await findSeqRangeBetween(ctx.db, dayStart(period.since), nextDay(period.until));
    if (range.first === null || range.last === null)
      throw conflict(`no event was recorded from ${period.since} to ${period.until}`, [], {
        code: 'event-log.pack-empty-period',
        params: { since: period.since, until: period.until },
      });
    first = Math.min(range.first, range.last);
    last = Math.max(range.first, range.last);
  }
  // The first seal at or after the period's last event; when the period runs into events not sealed yet, the pack
  // stops at the latest seal, and the events after it come in the next pack.
  const sealed = (await findSealAtOrAfter(ctx.db, last)) ?? (await findLatestSeal(ctx.db))?.seq;
  if (sealed === undefined || sealed < first)
    throw conflict(
      `event #${first} is not sealed yet, so the pack could not be checked: run amana seal, or wait for the worker`,
      [],
      { code: 'event-log.pack-unsealed', params: { first } },
    );
  return { from: first, to: sealed, period };
}

/** Writes the pack `plan` names: header, seals, events, and the trailer signed by the instance key. */
export async function writePack(
  ctx: ServiceContext,
  plan: PackPlan,
  out: NodeJS.WritableStream,
): Promise<{ events: number; seals: number }> {
  const key = loadSealKey(ctx.config, { create: false });
  if (!key)
    throw conflict('this instance has no seal key, so nothing is sealed yet: run amana seal first', [], {
      code: 'event-log.no-seal-key',
    });
  const seals = await sealsBetween(ctx.db, plan.from, plan.to);
  const header = {
    kind: 'pack',
    format: PACK_FORMAT,
    from: plan.from,
    to: plan.to,
    period: plan.period,
    previousHash: await hashBefore(ctx, plan.from),
    exportedAt: ctx.clock().toISOString(),
    keyId: key.keyId,
    publicKey: key.publicKeyPem,
  };
  const events = await writeLogFile(ctx, { header, seals, kind: PACK, privateKey: key.privateKey }, out);
  return { events, seals: seals.length };
}

const day = z.iso.date();
const PACK_HEADER = z.strictObject({
  kind: z.literal('pack'),
  ...headerFields,
  period: z.strictObject({ since: day, until: day }).nullable(),
});
const PACK_RECORDS = z.discriminatedUnion('kind', [PACK_HEADER, ...bodyRecords]);

export type PackVerdict =
  | { ok: true; summary: SegmentSummary & { period: PackPeriod | null }; keyId: string; trust: PackTrust }
  | { ok: false; problem: string };

/**
 * Checks a verification pack offline: its size against `maxBytes`, the key (the one given, or the one it carries
 * pinned by its id, or unpinned), then every record, seal and the export signature. Needs no database.
 */
export async function verifyPackFile(
  file: string,
  given: { key?: KeyObject; keyId?: string; maxBytes?: number },
): Promise<PackVerdict> {
  const maxBytes = given.maxBytes ?? PACK_MAX_BYTES;
  let size: number;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) return { ok: false, problem: `${file} is not a file` };
    size = stat.size;
  } catch (error) {
    return { ok: false, problem: `cannot read ${file}: ${(error as NodeJS.ErrnoException).code}` };
  }
  if (size > maxBytes)
    return {
      ok: false,
      problem: `the pack is ${size} bytes, over the limit of ${maxBytes} bytes (raise it with --max-bytes)`,
    };
  let header: z.output<typeof PACK_HEADER> | undefined;
  try {
    for await (const raw of linesOf(file, 64 * 1024)) {
      const parsed = PACK_HEADER.safeParse(JSON.parse(raw.toString('utf8')));
      if (parsed.success) header = parsed.data;
      break;
    }
  } catch {
    header = undefined;
  }
  if (!header)
    return { ok: false, problem: `line 1 is not the header of a verification pack (${PACK_FORMAT})` };
  const key = choosePackKey(header, given);
  if (!key.ok) return key;
  const verdict = await checkLogFile(file, key.key, {
    kind: PACK,
    records: PACK_RECORDS,
    what: 'pack',
    lineNumbers: true,
  });
  if (!verdict.ok) return verdict;
  return {
    ok: true,
    summary: { ...verdict.summary, period: header.period },
    keyId: key.keyId,
    trust: key.trust,
  };
}

/** A field error for a day that is not one (`since`, `until`). */
export function dayErrors(period: Partial<PackPeriod>): FieldError[] {
  const errors: FieldError[] = [];
  for (const path of ['since', 'until'] as const) {
    const v = period[path];
    if (v !== undefined && !day.safeParse(v).success)
      errors.push({ path, message: 'must be a day, YYYY-MM-DD', code: 'event-log.pack-day' });
  }
  return errors;
}
