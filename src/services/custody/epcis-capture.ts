import { v7 as uuidv7 } from 'uuid';
import { canCaptureCustody, canReadAllPrivate } from '../../domain/access/roles.ts';
import { captureViolations } from '../../domain/custody/capture-authority.ts';
import type { Db, Queryable } from '../../storage/db.ts';
import { appendEvent } from '../../storage/events.ts';
import {
  type CaptureRow,
  deleteCapture,
  deleteCaptureEvents,
  findCaptureOf,
  finishCapture,
  insertCapture as insertCaptureRow,
  insertEventRows,
  runningCaptureIds,
  setErrorDeclarations,
  storedHashes,
} from '../../storage/queries/epcis.ts';
import { type AuthedContext, actorOf } from '../context.ts';
import { conflict, type FieldError, forbidden, invalid, notFound, ServiceError } from '../errors.ts';
import { captureFacts } from './capture-facts.ts';
import { prepareOffThread } from './capture-pool.ts';
import {
  type CaptureRows,
  type ErrorDeclaration,
  EVENT_COLUMNS,
  mergeRows,
  type PreparedPart,
} from './capture-rows.ts';

export type CaptureErrorBehaviour = 'rollback' | 'proceed';

/** A capture job as the EPCIS 2.0 REST binding describes it, with who captured it. */
export interface CaptureJob {
  captureID: string;
  createdAt: string;
  finishedAt?: string;
  running: boolean;
  success: boolean;
  captureErrorBehaviour: CaptureErrorBehaviour;
  errors: FieldError[];
  eventCount: number;
  storedCount: number;
  capturedBy: { organisationId: string; userId: string };
}

/**
 * Inserts some events' rows (leaving out those at the positions given); a re-sent event (same eventID
 * or hash) is skipped. Answers how many were new, and the positions of events whose eventID already
 * names a different event (a conflict, never a silent loss). Each row records its capturer, the
 * organisation and user of its capture job.
 */
export async function insertEvents(
  tx: Queryable,
  rows: CaptureRows,
  leaveOut: readonly number[] = [],
): Promise<{ stored: number; conflicts: number[] }> {
  const inserted = new Set(await insertEventRows(tx, EVENT_COLUMNS, rows.params, leaveOut));
  const left = new Set(leaveOut);
  // Events not inserted are either re-sent (same hash: acknowledged) or clash with another event
  // stored under the same eventID; checked after the insert, so concurrent captures are covered too.
  const skipped = rows.eventIds
    .map((id, i) => ({ id, i }))
    .filter(({ id, i }) => !inserted.has(id) && !left.has(i));
  const conflicts: number[] = [];
  if (skipped.length) {
    const known = new Set(
      await storedHashes(
        tx,
        skipped.map(({ id }) => id),
        skipped.map(({ i }) => rows.hashes[i]),
      ),
    );
    for (const { i } of skipped) if (!known.has(rows.hashes[i])) conflicts.push(i);
  }
  return { stored: inserted.size, conflicts };
}

/**
 * An error declaration is the same event sent again with errorDeclaration (EPCIS 2.0 §7.4.1.4): the
 * stored event takes it on, once, when the declaring organisation is the one that captured it.
 */
async function declareErrors(
  tx: Queryable,
  declarations: readonly ErrorDeclaration[],
  organisationId: string,
) {
  for (let i = 0; i < declarations.length; i += 250) {
    const part = declarations.slice(i, i + 250);
    await setErrorDeclarations(tx, part, organisationId);
  }
}

/** What storing a document needs, once prepared and checked. */
interface Storing {
  id: string;
  now: Date;
  behaviour: CaptureErrorBehaviour;
  eventCount: number;
  /** The rows, piece by piece as they are prepared; the error declarations once they all are. */
  pieces: AsyncIterator<CaptureRows>;
  /** The first hundred eventIds, for the log. */
  firstEventIds: string[];
  /** Positions in the document of events refused by the authority rules (left out under proceed). */
  refused: Set<number>;
  declarations: ErrorDeclaration[];
}

const clashError = (eventId: string, index: number): FieldError => ({
  path: `epcisBody.eventList.${index}.eventID`,
  message: `eventID ${eventId} already names a different event; give this one its own eventID`,
  code: 'custody.epcis-event-id-clash',
  params: { eventId },
});

/** How long one statement of the embedded database may hold the server's thread, as a target. */
const STATEMENT_TARGET_MS = 20;

/**
 * Inserts every piece of rows through `run` (one transaction, or one each); answers what was stored
 * and what clashed. Paced, the pieces a statement takes follow how long the last one held the thread,
 * so whatever the machine a statement stays near the target; between statements the event loop turns.
 */
async function insertChunks(
  s: Storing,
  run: <T>(fn: (tx: Queryable) => Promise<T>) => Promise<T>,
  paced: boolean,
): Promise<{ stored: number; clashes: FieldError[] }> {
  let stored = 0;
  let offset = 0;
  let take = paced ? 2 : 1;
  const clashes: FieldError[] = [];
  for (;;) {
    const pieces: CaptureRows[] = [];
    while (pieces.length < take) {
      const next = await s.pieces.next();
      if (next.done) break;
      pieces.push(next.value);
    }
    if (pieces.length === 0) break;
    const rows = mergeRows(pieces);
    const leaveOut = rows.eventIds.flatMap((_, i) => (s.refused.has(offset + i) ? [i] : []));
    const started = performance.now();
    const r = await run((tx) => insertEvents(tx, rows, leaveOut));
    stored += r.stored;
    for (const i of r.conflicts) clashes.push(clashError(rows.eventIds[i], offset + i));
    // Atomic by default: one clash refuses the whole document (GS1-Capture-Error-Behaviour: rollback).
    if (clashes.length && s.behaviour === 'rollback')
      throw conflict('some events clash with events already captured', clashes, {
        code: 'custody.epcis-clash',
      });
    offset += rows.eventIds.length;
    if (!paced) continue;
    const ms = performance.now() - started;
    take =
      ms < STATEMENT_TARGET_MS / 2
        ? Math.min(take * 2, 40)
        : ms > STATEMENT_TARGET_MS * 1.5
          ? Math.max(1, take >> 1)
          : take;
    // The embedded database answers without any I/O to wait for: without a turn of the event loop
    // here, requests that arrived meanwhile would not even be read until the whole document is in.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { stored, clashes };
}

/** Marks the capture finished, with its outcome, and logs it: one entry per capture. */
async function finish(tx: Queryable, ctx: AuthedContext, s: Storing, stored: number, errors: FieldError[]) {
  await declareErrors(
    tx,
    s.declarations.filter((d) => !s.refused.has(d.index)),
    ctx.principal.organisationId,
  );
  await finishCapture(tx, { id: s.id, at: s.now, stored, errors });
  // The events themselves are the custody record.
  await appendEvent(tx, {
    type: 'epcis.captured',
    subjectType: 'epcis_capture',
    subjectId: s.id,
    payload: {
      eventCount: s.eventCount,
      storedCount: stored,
      eventIds: s.firstEventIds,
    },
    actor: actorOf(ctx.principal),
    at: s.now,
  });
}

const insertCapture = (q: Queryable, ctx: AuthedContext, s: Storing, running: boolean) =>
  insertCaptureRow(q, {
    id: s.id,
    organisationId: ctx.principal.organisationId,
    createdBy: ctx.principal.userId,
    at: s.now,
    errorBehaviour: s.behaviour,
    eventCount: s.eventCount,
    running,
  });

/** On PostgreSQL: one transaction, its statements small; other requests use other connections meanwhile. */
async function storeInOneTransaction(ctx: AuthedContext, s: Storing, refusals: FieldError[]) {
  return ctx.db.transaction(async (tx) => {
    await insertCapture(tx, ctx, s, false);
    const { stored, clashes } = await insertChunks(s, (fn) => fn(tx), false);
    const errors = sortErrors([...refusals, ...clashes]);
    await finish(tx, ctx, s, stored, errors);
    return { stored, errors };
  });
}

/** Deletes the events of a capture that will not finish, a few hundred per statement. */
async function discard(q: Queryable, captureId: string) {
  while ((await deleteCaptureEvents(q, captureId, 500)) > 0);
  await deleteCapture(q, captureId);
}

// The embedded database captures one document at a time: a capture's events are committed statement by
// statement, and another capture acknowledging them before the first finished could lose them.
const queues = new WeakMap<Db, Promise<unknown>>();
function oneAtATime<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  const run = (queues.get(db) ?? Promise.resolve()).then(fn, fn);
  queues.set(
    db,
    run.catch(() => {}),
  );
  return run;
}

/**
 * On the embedded database (one connection, one transaction at a time): the document is stored in
 * short transactions, so other requests are answered between them, its events hidden from every query
 * until it finishes; on failure they are removed. What a crash leaves running is removed by the next
 * capture, before anything else.
 */
async function storeInSteps(ctx: AuthedContext, s: Storing, refusals: FieldError[]) {
  return oneAtATime(ctx.db, async () => {
    for (const id of await runningCaptureIds(ctx.db)) await discard(ctx.db, id);
    await insertCapture(ctx.db, ctx, s, true);
    try {
      const { stored, clashes } = await insertChunks(s, (fn) => ctx.db.transaction(fn), true);
      const errors = sortErrors([...refusals, ...clashes]);
      await ctx.db.transaction((tx) => finish(tx, ctx, s, stored, errors));
      return { stored, errors };
    } catch (error) {
      await discard(ctx.db, s.id);
      throw error;
    }
  });
}

const position = (e: FieldError) => Number(/^epcisBody\.eventList\.(\d+)/.exec(e.path)?.[1] ?? -1);
const sortErrors = (errors: FieldError[]) => [...errors].sort((a, b) => position(a) - position(b));

/**
 * Captures an EPCIS 2.0 document (parsed, or the bytes it came in, JSON or XML): validated against the standard's
 * schema, every event that names Amana's lots, sites or organisations checked against its capturer,
 * every event stored with its identity and capturer, all or nothing by default; re-sent events are
 * acknowledged without being stored twice.
 */
export async function captureDocument(
  ctx: AuthedContext,
  doc: unknown,
  behaviour: CaptureErrorBehaviour,
  format: 'json' | 'xml' = 'json',
): Promise<CaptureJob> {
  return (await captureWithIds(ctx, doc, behaviour, format)).job;
}

/** Captures a document as captureDocument does; answers the job and the identities of its first events. */
export async function captureWithIds(
  ctx: AuthedContext,
  doc: unknown,
  behaviour: CaptureErrorBehaviour,
  format: 'json' | 'xml' = 'json',
): Promise<{ job: CaptureJob; firstEventIds: string[] }> {
  if (!canCaptureCustody(ctx.principal))
    throw forbidden('your role does not capture custody events', { code: 'custody.role-cannot-capture' });
  const now = ctx.clock();
  const id = uuidv7();
  const { organisationId, userId } = ctx.principal;
  // Parsing, validation and hashing run beside the database when the document is large, and go on
  // while the first rows are stored.
  const parts = prepareOffThread({
    schemaPath: ctx.config.epcisSchemaPath,
    document: doc,
    captureId: id,
    organisationId,
    recordTime: now.toISOString(),
    maxEvents: ctx.config.epcisMaxEvents,
    pieces: ctx.db.engine === 'pglite' ? 'small' : 'large',
    format,
  });
  try {
    const head = (await parts.next()).value as PreparedPart | undefined;
    if (!head || head.kind === 'refused')
      throw head?.reason === 'too_large'
        ? new ServiceError('too_large', head.message, head.errors, head.coded)
        : head
          ? invalid(head.errors, head.message, head.coded)
          : invalid([], 'the document could not be read', { code: 'custody.epcis-unreadable' });
    if (head.kind !== 'head') throw new Error(`a capture was prepared out of order (${head.kind} first)`);
    const capturer = { organisationId, staff: canReadAllPrivate(ctx.principal) };
    const violations = head.claims.length
      ? captureViolations(head.claims, await captureFacts(ctx.db, head.claims, organisationId), capturer)
      : [];
    const refusals: FieldError[] = violations.map((v) => ({
      path: `epcisBody.eventList.${v.index}`,
      message: `event ${v.eventId} breaks ${v.rule}: ${v.message}`,
      code: v.code,
      params: v.params,
    }));
    // Refused whole by default; under proceed, left out and named in the job, as clashes are.
    if (refusals.length && behaviour === 'rollback')
      throw new ServiceError(
        'forbidden',
        'some events are not yours to capture; nothing was stored',
        refusals,
        { code: 'custody.epcis-not-yours' },
      );
    const storing: Storing = {
      id,
      now,
      behaviour,
      eventCount: head.eventCount,
      pieces: rowsOf(parts, (declarations) => {
        storing.declarations = declarations;
      }),
      firstEventIds: head.firstEventIds,
      refused: new Set(violations.map((v) => v.index)),
      declarations: [],
    };
    const { stored, errors } =
      ctx.db.engine === 'pglite'
        ? await storeInSteps(ctx, storing, refusals)
        : await storeInOneTransaction(ctx, storing, refusals);
    // Subscribers streaming this repository hear of the new events now rather than at the next tick.
    ctx.wakeSubscriptions?.();
    const job: CaptureJob = {
      captureID: id,
      createdAt: now.toISOString(),
      finishedAt: now.toISOString(),
      running: false,
      success: errors.length === 0,
      captureErrorBehaviour: behaviour,
      errors,
      eventCount: head.eventCount,
      storedCount: stored,
      capturedBy: { organisationId, userId },
    };
    return { job, firstEventIds: head.firstEventIds };
  } finally {
    // Whatever stopped the capture, its preparation stops too.
    await parts.return(undefined);
  }
}

/** The rows of prepared parts, piece by piece; the error declarations, at the end, to `onEnd`. */
async function* rowsOf(
  parts: AsyncGenerator<PreparedPart>,
  onEnd: (declarations: ErrorDeclaration[]) => void,
): AsyncGenerator<CaptureRows> {
  for (;;) {
    const next = await parts.next();
    if (next.done) return;
    const part = next.value;
    if (part.kind === 'rows') yield part.rows;
    else if (part.kind === 'end') onEnd(part.declarations);
  }
}

/** A stored capture job as the binding shows it. */
export function captureJobOf(row: CaptureRow): CaptureJob {
  return {
    captureID: row.id,
    createdAt: row.created_at.toISOString(),
    ...(row.finished_at ? { finishedAt: row.finished_at.toISOString() } : {}),
    running: row.running,
    success: row.success,
    captureErrorBehaviour: row.error_behaviour,
    errors: row.errors as FieldError[],
    eventCount: row.event_count,
    storedCount: row.stored_count,
    capturedBy: { organisationId: row.organisation_id, userId: row.created_by },
  };
}

/** A capture job of the caller's organisation (running while the embedded database stores it). */
export async function getCapture(ctx: AuthedContext, id: string): Promise<CaptureJob> {
  const row = await findCaptureOf(ctx.db, id, ctx.principal.organisationId);
  if (!row) throw notFound('capture job');
  return captureJobOf(row);
}
