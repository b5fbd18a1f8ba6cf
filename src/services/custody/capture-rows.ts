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

/** A document ready to store: one array per column, and what the insert must check afterwards. */
export interface CaptureRows {
  eventIds: string[];
  hashes: string[];
  columns: unknown[][];
  errorDeclarations: { eventId: string; hash: string; declaration: string }[];
}

/** The rows of a document's events, one array per column (sent unnested: one parameter a column). */
export function captureRows(
  events: readonly PreparedEvent[],
  captureId: string,
  organisationId: string,
  recordTime: string,
): CaptureRows {
  const columns: unknown[][] = EVENT_COLUMNS.map(() => []);
  for (const e of events) {
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
      JSON.stringify(e.body),
    ];
    values.forEach((v, k) => {
      columns[k].push(v);
    });
  }
  return {
    eventIds: events.map((e) => e.eventId),
    hashes: events.map((e) => e.hash),
    columns,
    errorDeclarations: events
      .filter((e) => e.body.errorDeclaration)
      .map((e) => ({
        eventId: e.eventId,
        hash: e.hash,
        declaration: JSON.stringify(e.body.errorDeclaration),
      })),
  };
}

/** What a capture prepares before touching the database. */
export interface CapturePreparation {
  schemaPath: string;
  /** The document, parsed or as the JSON text it came in. */
  document: unknown;
  captureId: string;
  organisationId: string;
  recordTime: string;
}

export type PreparedCapture =
  | { ok: false; errors: FieldError[]; message: string }
  | { ok: true; rows: CaptureRows };

/**
 * The work of a capture that needs no database: parsing, validation against the schema, identities
 * and rows. Pure CPU, so it can run beside the database in a worker thread.
 */
export function prepareCapture(p: CapturePreparation): PreparedCapture {
  let doc = p.document;
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc);
    } catch {
      return {
        ok: false,
        errors: [{ path: '(document)', message: 'not valid JSON' }],
        message: 'the body is not valid JSON',
      };
    }
  }
  const errors = epcisSchemaErrors(p.schemaPath, doc);
  if (errors.length) return { ok: false, errors, message: 'the document is not valid EPCIS 2.0' };
  if ((doc as Obj).type !== 'EPCISDocument')
    return {
      ok: false,
      errors: [{ path: 'type', message: 'capture takes an EPCISDocument (a query document is an answer)' }],
      message: 'some fields are invalid',
    };
  const events = prepareEvents(doc as Obj, new Date(p.recordTime));
  return { ok: true, rows: captureRows(events, p.captureId, p.organisationId, p.recordTime) };
}
