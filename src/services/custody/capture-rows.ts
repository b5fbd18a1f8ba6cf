import { type CaptureClaim, captureClaim } from '../../domain/custody/capture-authority.ts';
import { isCapturerField } from '../../domain/custody/capturer.ts';
import { contextPrefixes, eventHash, withIgnoredFields } from '../../domain/custody/epcis/event-hash.ts';
import { indexEvent } from '../../domain/custody/epcis/event-index.ts';
import type { FieldError } from '../errors.ts';
import { epcisSchemaErrors } from './epcis-schema.ts';

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
  return (body.eventList ?? []).map((sent) => {
    const prefixes = withIgnoredFields(contextPrefixes(docContext, sent['@context']), doc);
    // Who captured an event is the repository's to record: a capturer field sent along is left out,
    // so an event read from Amana and sent back is the same event.
    const event = Object.fromEntries(Object.entries(sent).filter(([k]) => !isCapturerField(k, prefixes)));
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

/** A PostgreSQL array literal of values (null as NULL), sent as one text parameter for a whole column. */
const arrayLiteral = (values: readonly (string | null)[]) =>
  `{${values.map((v) => (v === null ? 'NULL' : `"${v.replace(/["\\]/g, '\\$&')}"`)).join(',')}}`;

/** The columns of epcis_events a capture writes, and the type each is cast to. */
export const EVENT_COLUMNS: [string, string][] = [
  ['event_id', 'text'],
  ['event_hash', 'text'],
  ['event_type', 'text'],
  ['event_time', 'timestamptz'],
  ['record_time', 'timestamptz'],
  ['action', 'text'],
  ['biz_step', 'text'],
  ['disposition', 'text'],
  ['read_point', 'text'],
  ['biz_location', 'text'],
  ['parent_id', 'text'],
  ['epcs', 'text[]'],
  ['input_epcs', 'text[]'],
  ['output_epcs', 'text[]'],
  ['epc_classes', 'text[]'],
  ['input_classes', 'text[]'],
  ['output_classes', 'text[]'],
  ['biz_transactions', 'text[]'],
  ['capture_id', 'uuid'],
  ['organisation_id', 'uuid'],
  ['body', 'jsonb'],
];

/**
 * Events ready to store in one statement: their identities, and one array literal per column (sent
 * unnested, so a statement has 21 parameters whatever its size and the server's thread only passes
 * strings on).
 */
export interface CaptureRows {
  eventIds: string[];
  hashes: string[];
  params: string[];
}

/** The rows of some events, in one statement. */
export function captureRows(
  events: readonly PreparedEvent[],
  captureId: string,
  organisationId: string,
  recordTime: string,
  bodies: readonly string[] = events.map((e) => JSON.stringify(e.body)),
): CaptureRows {
  const columns: (string | null)[][] = EVENT_COLUMNS.map(() => []);
  for (const [n, e] of events.entries()) {
    const i = indexEvent(e.body);
    const values = [
      e.eventId,
      e.hash,
      i.eventType,
      i.eventTime.toISOString(),
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
      bodies[n],
    ];
    values.forEach((v, k) => {
      columns[k].push(v);
    });
  }
  return {
    eventIds: events.map((e) => e.eventId),
    hashes: events.map((e) => e.hash),
    params: columns.map(arrayLiteral),
  };
}

/**
 * A document's rows are cut in pieces that a statement takes one or several of. On the embedded
 * database a statement holds the server's thread and other requests wait for it: small pieces. On
 * PostgreSQL one piece is one statement, and fewer pieces are fewer messages between threads.
 */
export const PIECES = {
  small: { events: 50, bytes: 128 * 1024 },
  large: { events: 500, bytes: 1024 * 1024 },
} as const;

/** Several pieces of rows as one statement's (array literals of a column joined). */
export function mergeRows(parts: readonly CaptureRows[]): CaptureRows {
  if (parts.length === 1) return parts[0];
  return {
    eventIds: parts.flatMap((p) => p.eventIds),
    hashes: parts.flatMap((p) => p.hashes),
    params: parts[0].params.map(
      (_, k) =>
        `{${parts
          .map((p) => p.params[k].slice(1, -1))
          .filter(Boolean)
          .join(',')}}`,
    ),
  };
}

/** A document's rows in pieces small enough to let other requests through between statements. */
export function chunkedRows(
  events: readonly PreparedEvent[],
  captureId: string,
  organisationId: string,
  recordTime: string,
  piece: { events: number; bytes: number } = PIECES.small,
): CaptureRows[] {
  const chunks: CaptureRows[] = [];
  let bodies: string[] = [];
  let start = 0;
  let bytes = 0;
  for (let i = 0; i < events.length; i++) {
    const body = JSON.stringify(events[i].body);
    bodies.push(body);
    bytes += body.length;
    if (i + 1 - start >= piece.events || bytes >= piece.bytes || i === events.length - 1) {
      chunks.push(captureRows(events.slice(start, i + 1), captureId, organisationId, recordTime, bodies));
      start = i + 1;
      bytes = 0;
      bodies = [];
    }
  }
  return chunks;
}

/** What a capture prepares before touching the database. */
export interface CapturePreparation {
  schemaPath: string;
  /** The document, parsed, or the bytes of its JSON text as they came in. */
  document: unknown;
  captureId: string;
  organisationId: string;
  recordTime: string;
  /** Most events a document may hold (AMANA_EPCIS_MAX_EVENTS). */
  maxEvents: number;
  /** Size of the pieces the rows come in (PIECES). */
  pieces?: keyof typeof PIECES;
}

/** An event that declares an earlier one erroneous: the stored event takes the declaration on. */
export interface ErrorDeclaration {
  index: number;
  eventId: string;
  hash: string;
  declaration: string;
}

export type PreparedCapture =
  | { ok: false; kind: 'invalid' | 'too_large'; errors: FieldError[]; message: string }
  | {
      ok: true;
      eventCount: number;
      /** The rows, statement by statement, in document order. */
      chunks: CaptureRows[];
      /** What the events that name Amana's identifiers claim, for the authority rules. */
      claims: CaptureClaim[];
      declarations: ErrorDeclaration[];
    };

/** A \u0000 escape in JSON text (not an escaped backslash followed by "u0000"). */
const NUL_ESCAPE = /(?<!\\)(?:\\\\)*\\u0000/;

/**
 * The work of a capture that needs no database: parsing, validation against the schema, identities,
 * what events claim, and rows. Pure CPU, so it can run beside the database in a worker thread.
 */
export function prepareCapture(p: CapturePreparation): PreparedCapture {
  let doc = p.document;
  if (doc instanceof Uint8Array || typeof doc === 'string') {
    const text =
      typeof doc === 'string'
        ? doc
        : Buffer.from(doc.buffer, doc.byteOffset, doc.byteLength).toString('utf8');
    // PostgreSQL stores no NUL character in text or jsonb.
    if (NUL_ESCAPE.test(text))
      return {
        ok: false,
        kind: 'invalid',
        errors: [{ path: '(document)', message: 'text fields may not contain the NUL character (\\u0000)' }],
        message: 'the document cannot be stored as it is',
      };
    try {
      doc = JSON.parse(text);
    } catch {
      return {
        ok: false,
        kind: 'invalid',
        errors: [{ path: '(document)', message: 'not valid JSON' }],
        message: 'the body is not valid JSON',
      };
    }
  }
  const list = (doc as { epcisBody?: { eventList?: unknown } } | null)?.epcisBody?.eventList;
  // Counted before anything else is done with them.
  if (Array.isArray(list) && list.length > p.maxEvents)
    return {
      ok: false,
      kind: 'too_large',
      errors: [
        {
          path: 'epcisBody.eventList',
          message: `${list.length} events, more than the ${p.maxEvents} a document may hold (AMANA_EPCIS_MAX_EVENTS); send them in several documents`,
        },
      ],
      message: `a document may hold at most ${p.maxEvents} events`,
    };
  const errors = epcisSchemaErrors(p.schemaPath, doc);
  if (errors.length)
    return { ok: false, kind: 'invalid', errors, message: 'the document is not valid EPCIS 2.0' };
  if ((doc as Obj).type !== 'EPCISDocument')
    return {
      ok: false,
      kind: 'invalid',
      errors: [{ path: 'type', message: 'capture takes an EPCISDocument (a query document is an answer)' }],
      message: 'some fields are invalid',
    };
  const events = prepareEvents(doc as Obj, new Date(p.recordTime));
  return {
    ok: true,
    eventCount: events.length,
    chunks: chunkedRows(events, p.captureId, p.organisationId, p.recordTime, PIECES[p.pieces ?? 'small']),
    claims: events.flatMap((e, i) => captureClaim(e.body, i, e) ?? []),
    declarations: events.flatMap((e, index) =>
      e.body.errorDeclaration
        ? [{ index, eventId: e.eventId, hash: e.hash, declaration: JSON.stringify(e.body.errorDeclaration) }]
        : [],
    ),
  };
}
