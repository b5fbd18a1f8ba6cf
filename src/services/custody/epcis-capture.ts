import { v7 as uuidv7 } from 'uuid';
import { canCaptureCustody } from '../../domain/access/roles.ts';
import { contextPrefixes, eventHash, withIgnoredFields } from '../../domain/custody/epcis/event-hash.ts';
import { indexEvent } from '../../domain/custody/epcis/event-index.ts';
import type { Queryable } from '../../storage/db.ts';
import { appendEvent } from '../../storage/events.ts';
import { type AuthedContext, actorOf } from '../context.ts';
import { conflict, type FieldError, forbidden, invalid, notFound } from '../errors.ts';
import { epcisSchemaErrors } from './epcis-schema.ts';

export type CaptureErrorBehaviour = 'rollback' | 'proceed';

/** A capture job as the EPCIS 2.0 REST binding describes it. */
export interface CaptureJob {
  captureID: string;
  createdAt: string;
  finishedAt: string;
  running: false;
  success: boolean;
  captureErrorBehaviour: CaptureErrorBehaviour;
  errors: FieldError[];
  eventCount: number;
  storedCount: number;
}

type Obj = Record<string, unknown>;

/** One event as it is stored: what was sent, with its identity, record time and namespaces. */
export interface PreparedEvent {
  eventId: string;
  hash: string;
  body: Obj;
}

/**
 * Gives each event of a document its identity (eventID, else the CBV 2.0 hash), the repository's
 * record time, and the document's namespace declarations so it reads alike outside the document.
 */
export function prepareEvents(doc: Obj, recordTime: Date): PreparedEvent[] {
  const body = doc.epcisBody as { eventList?: Obj[] };
  const docContext = Array.isArray(doc['@context']) ? doc['@context'] : [doc['@context']];
  const extraContext = docContext.filter((c) => c && typeof c === 'object');
  return (body.eventList ?? []).map((event) => {
    const prefixes = withIgnoredFields(contextPrefixes(docContext, event['@context']), doc);
    const hash = eventHash(event, prefixes);
    const own =
      event['@context'] === undefined
        ? []
        : Array.isArray(event['@context'])
          ? event['@context']
          : [event['@context']];
    const context = [...extraContext, ...own];
    const stored: Obj = { ...event };
    delete stored['@context'];
    return {
      eventId: typeof event.eventID === 'string' ? event.eventID : hash,
      hash,
      body: {
        ...(context.length ? { '@context': context.length === 1 ? context[0] : context } : {}),
        ...stored,
        eventID: typeof event.eventID === 'string' ? event.eventID : hash,
        recordTime: recordTime.toISOString(),
      },
    };
  });
}

/** A PostgreSQL array literal of text values, for columns sent as one text each. */
const arrayLiteral = (values: readonly string[]) =>
  `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;

const COLUMNS = [
  'event_id',
  'event_hash',
  'event_type',
  'event_time',
  'record_time',
  'action',
  'biz_step',
  'disposition',
  'read_point',
  'biz_location',
  'parent_id',
  'epcs',
  'input_epcs',
  'output_epcs',
  'epc_classes',
  'input_classes',
  'output_classes',
  'biz_transactions',
  'capture_id',
  'organisation_id',
  'body',
];
const COLUMN_TYPES = [
  'text',
  'text',
  'text',
  'timestamptz',
  'timestamptz',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text[]',
  'text[]',
  'text[]',
  'text[]',
  'text[]',
  'text[]',
  'text[]',
  'uuid',
  'uuid',
  'jsonb',
];

/**
 * Inserts events in batches; a re-sent event (same eventID or hash) is skipped. Answers how many were
 * new, and the events whose eventID already names a different event (a conflict, never a silent loss).
 */
export async function insertEvents(
  tx: Queryable,
  events: readonly PreparedEvent[],
  captureId: string,
  organisationId: string,
  recordTime: Date,
): Promise<{ stored: number; conflicts: number[] }> {
  let stored = 0;
  const inserted = new Set<string>();
  // One array per column, unnested: 21 parameters a statement whatever the number of events, which
  // spares the parsing and binding of a statement with tens of thousands of parameters.
  for (let start = 0; start < events.length; start += 5000) {
    const batch = events.slice(start, start + 5000);
    const cols: unknown[][] = COLUMNS.map(() => []);
    for (const e of batch) {
      const i = indexEvent(e.body);
      const values = [
        e.eventId,
        e.hash,
        i.eventType,
        i.eventTime,
        recordTime,
        i.action,
        i.bizStep,
        i.disposition,
        i.readPoint,
        i.bizLocation,
        i.parentId,
        arrayLiteral(i.epcs),
        arrayLiteral(i.inputEpcs),
        arrayLiteral(i.outputEpcs),
        arrayLiteral(i.epcClasses),
        arrayLiteral(i.inputClasses),
        arrayLiteral(i.outputClasses),
        arrayLiteral(i.bizTransactions),
        captureId,
        organisationId,
        JSON.stringify(e.body),
      ];
      values.forEach((v, k) => {
        cols[k].push(v);
      });
    }
    const casts = COLUMN_TYPES.map((t, k) => `$${k + 1}::${t === 'text[]' || t === 'jsonb' ? 'text' : t}[]`);
    const select = COLUMNS.map((c, k) =>
      COLUMN_TYPES[k] === 'text[]' || COLUMN_TYPES[k] === 'jsonb' ? `${c}::${COLUMN_TYPES[k]}` : c,
    );
    const result = await tx.query(
      `INSERT INTO epcis_events (${COLUMNS.join(', ')})
       SELECT ${select.join(', ')} FROM unnest(${casts.join(', ')}) AS t(${COLUMNS.join(', ')})
       ON CONFLICT DO NOTHING RETURNING event_id`,
      cols,
    );
    stored += result.rowCount ?? 0;
    for (const r of result.rows as { event_id: string }[]) inserted.add(r.event_id);
  }
  // Events not inserted are either re-sent (same hash: acknowledged) or clash with another event
  // stored under the same eventID; checked after the insert, so concurrent captures are covered too.
  const skipped = events.map((e, i) => ({ e, i })).filter(({ e }) => !inserted.has(e.eventId));
  const conflicts: number[] = [];
  if (skipped.length) {
    const known = (
      await tx.query<{ event_id: string; event_hash: string }>(
        'SELECT event_id, event_hash FROM epcis_events WHERE event_id = ANY($1::text[]) OR event_hash = ANY($2::text[])',
        [skipped.map(({ e }) => e.eventId), skipped.map(({ e }) => e.hash)],
      )
    ).rows;
    for (const { e, i } of skipped) {
      const sameHash = known.some((k) => k.event_hash === e.hash);
      if (!sameHash) conflicts.push(i);
    }
  }
  // An error declaration is the same event sent again with errorDeclaration (EPCIS 2.0 §7.4.1.4):
  // the stored event takes it on, once.
  for (const e of events.filter((x) => x.body.errorDeclaration)) {
    await tx.query(
      `UPDATE epcis_events SET body = jsonb_set(body, '{errorDeclaration}', $3::jsonb)
        WHERE (event_id = $1 OR event_hash = $2) AND NOT (body ? 'errorDeclaration')`,
      [e.eventId, e.hash, JSON.stringify(e.body.errorDeclaration)],
    );
  }
  return { stored, conflicts };
}

/**
 * Captures an EPCIS 2.0 document: validated against the standard's schema, every event stored with
 * its identity in one transaction, re-sent events acknowledged without being stored twice.
 */
export async function captureDocument(
  ctx: AuthedContext,
  doc: unknown,
  behaviour: CaptureErrorBehaviour,
): Promise<CaptureJob> {
  if (!canCaptureCustody(ctx.principal)) throw forbidden('your role does not capture custody events');
  const schemaErrors = epcisSchemaErrors(ctx.config.epcisSchemaPath, doc);
  if (schemaErrors.length) throw invalid(schemaErrors, 'the document is not valid EPCIS 2.0');
  const d = doc as Obj;
  if (d.type !== 'EPCISDocument')
    throw invalid([
      { path: 'type', message: 'capture takes an EPCISDocument (a query document is an answer)' },
    ]);
  const now = ctx.clock();
  const events = prepareEvents(d, now);
  const id = uuidv7();
  const { stored, errors } = await ctx.db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO epcis_captures (id, organisation_id, created_by, created_at, finished_at, error_behaviour, success, event_count, stored_count)
       VALUES ($1, $2, $3, $4, $4, $5, true, $6, 0)`,
      [id, ctx.principal.organisationId, ctx.principal.userId, now, behaviour, events.length],
    );
    const { stored: n, conflicts } = await insertEvents(tx, events, id, ctx.principal.organisationId, now);
    const errors = conflicts.map((i) => ({
      path: `epcisBody.eventList.${i}.eventID`,
      message: `eventID ${events[i].eventId} already names a different event; give this one its own eventID`,
    }));
    // Atomic by default: one clash refuses the whole document (GS1-Capture-Error-Behaviour: rollback).
    if (errors.length && behaviour === 'rollback')
      throw conflict('some events clash with events already captured', errors);
    await tx.query('UPDATE epcis_captures SET stored_count = $2, success = $3, errors = $4 WHERE id = $1', [
      id,
      n,
      errors.length === 0,
      JSON.stringify(errors),
    ]);
    // One entry in the log per capture: the events themselves are the custody record.
    await appendEvent(tx, {
      type: 'epcis.captured',
      subjectType: 'epcis_capture',
      subjectId: id,
      payload: {
        eventCount: events.length,
        storedCount: n,
        eventIds: events.slice(0, 100).map((e) => e.eventId),
      },
      actor: actorOf(ctx.principal),
      at: now,
    });
    return { stored: n, errors };
  });
  return {
    captureID: id,
    createdAt: now.toISOString(),
    finishedAt: now.toISOString(),
    running: false,
    success: errors.length === 0,
    captureErrorBehaviour: behaviour,
    errors,
    eventCount: events.length,
    storedCount: stored,
  };
}

/** A capture job of the caller's organisation. */
export async function getCapture(ctx: AuthedContext, id: string): Promise<CaptureJob> {
  const row = (
    await ctx.db.query<{
      id: string;
      created_at: Date;
      finished_at: Date;
      error_behaviour: CaptureErrorBehaviour;
      success: boolean;
      errors: FieldError[];
      event_count: number;
      stored_count: number;
    }>('SELECT * FROM epcis_captures WHERE id = $1 AND organisation_id = $2', [
      id,
      ctx.principal.organisationId,
    ])
  ).rows[0];
  if (!row) throw notFound('capture job');
  return {
    captureID: row.id,
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at.toISOString(),
    running: false,
    success: row.success,
    captureErrorBehaviour: row.error_behaviour,
    errors: row.errors,
    eventCount: row.event_count,
    storedCount: row.stored_count,
  };
}
