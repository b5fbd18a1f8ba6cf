import { type CaptureClaim, captureClaim } from '../../domain/custody/capture-authority.ts';
import { isCapturerField } from '../../domain/custody/capturer.ts';
import { contextPrefixes, eventHash, withIgnoredFields } from '../../domain/custody/epcis/event-hash.ts';
import { indexEvent } from '../../domain/custody/epcis/event-index.ts';
import { documentFromXml } from '../../domain/custody/epcis/xml-binding.ts';
import type { Coded, FieldError } from '../errors.ts';
import { checkEpcisDocument } from './epcis-schema.ts';
import { parseXml } from './epcis-xml.ts';

type Obj = Record<string, unknown>;

/** One event as it is stored: what was sent, with its identity, record time and namespaces. */
export interface PreparedEvent {
  eventId: string;
  hash: string;
  body: Obj;
}

/** What every event of a document shares when prepared: its namespaces and the record time. */
interface DocumentFrame {
  doc: Obj;
  context: unknown[];
  extraContext: unknown[];
  recordTime: string;
}

/** The EPCIS 2.0 context, wherever a document refers to it. */
const STANDARD_CONTEXT = /epcis-context\.jsonld$/;

/**
 * A query document sent to capture (the binding's capture takes both) read as the EPCISDocument of the
 * events it answered; any other document unchanged.
 */
function asCaptureDocument(doc: unknown): unknown {
  const d = doc as Obj | null;
  if (!d || typeof d !== 'object' || d.type !== 'EPCISQueryDocument') return doc;
  const body = d.epcisBody as { queryResults?: { resultsBody?: { eventList?: unknown } } } | undefined;
  const list = body?.queryResults?.resultsBody?.eventList;
  if (!Array.isArray(list)) return doc;
  const { epcisBody: _, ...rest } = d;
  return { ...rest, type: 'EPCISDocument', epcisBody: { eventList: list } };
}

const frameOf = (doc: Obj, recordTime: Date): DocumentFrame => {
  const context = Array.isArray(doc['@context']) ? doc['@context'] : [doc['@context']];
  return {
    doc,
    context,
    // The document's own contexts, inline or by reference, travel with each event; the standard one is
    // implied by every answer.
    extraContext: context.filter(
      (c) => (c && typeof c === 'object') || (typeof c === 'string' && !STANDARD_CONTEXT.test(c)),
    ),
    recordTime: recordTime.toISOString(),
  };
};

/**
 * A context list without the entries that an identical one repeats later (a namespace declared by the
 * document and again by the event): the active context it makes is the same, and GS1's schema wants
 * the entries of a list unique.
 */
function lastOfEach(context: unknown[]): unknown[] {
  if (context.length < 2) return context;
  const texts = context.map((c) => JSON.stringify(c));
  return context.filter((_, i) => texts.indexOf(texts[i], i + 1) === -1);
}

/**
 * Gives an event its identity (eventID, else the CBV 2.0 hash), the repository's record time, and the
 * document's namespace declarations so it reads alike outside the document.
 */
function prepareEvent(f: DocumentFrame, sent: Obj): PreparedEvent {
  const prefixes = withIgnoredFields(contextPrefixes(f.context, sent['@context']), f.doc);
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
  const context = lastOfEach([...f.extraContext, ...own]);
  const stored: Obj = { ...event };
  delete stored['@context'];
  const eventId = typeof event.eventID === 'string' ? event.eventID : hash;
  return {
    eventId,
    hash,
    body: {
      ...(context.length ? { '@context': context.length === 1 ? context[0] : context } : {}),
      ...stored,
      eventID: eventId,
      recordTime: f.recordTime,
    },
  };
}

/** Every event of a document, prepared to be stored. */
export function prepareEvents(doc: Obj, recordTime: Date): PreparedEvent[] {
  const f = frameOf(doc, recordTime);
  return ((doc.epcisBody as { eventList?: Obj[] }).eventList ?? []).map((e) => prepareEvent(f, e));
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
  /** The binding the bytes are in: JSON (JSON-LD) by default, or XML (EPCIS 2.0 or 1.2). */
  format?: 'json' | 'xml';
}

/** An event that declares an earlier one erroneous: the stored event takes the declaration on. */
export interface ErrorDeclaration {
  index: number;
  eventId: string;
  hash: string;
  declaration: string;
}

/**
 * What preparing a capture yields, in this order: the refusal of the whole document, or its head (what
 * the authority rules need before anything is stored), then its rows piece by piece, then its end.
 */
export type PreparedPart =
  | { kind: 'refused'; reason: 'invalid' | 'too_large'; errors: FieldError[]; message: string; coded: Coded }
  | {
      kind: 'head';
      eventCount: number;
      /** What the events that name Amana's identifiers (or declare errors) claim. */
      claims: CaptureClaim[];
      /** The first hundred eventIds, for the log. */
      firstEventIds: string[];
    }
  | { kind: 'rows'; rows: CaptureRows }
  | { kind: 'end'; declarations: ErrorDeclaration[] };

/** A \u0000 escape in JSON text (not an escaped backslash followed by "u0000"). */
const NUL_ESCAPE = /(?<!\\)(?:\\\\)*\\u0000/;

const refused = (
  reason: 'invalid' | 'too_large',
  errors: FieldError[],
  message: string,
  coded: Coded,
): PreparedPart => ({ kind: 'refused', reason, errors, message, coded });

/** An XML document's bytes read into the JSON binding, or why they cannot be. */
function xmlDocument(text: string): { doc: Obj } | { refusal: PreparedPart } {
  const notXml = (e: FieldError) => ({
    refusal: refused('invalid', [e], 'the body is not an EPCIS XML document', {
      code: 'custody.epcis-not-xml',
    }),
  });
  // PostgreSQL stores no NUL character, however the XML spells it.
  if (text.includes('\u0000') || /&#(?:0+|x0+);/i.test(text))
    return {
      refusal: refused(
        'invalid',
        [
          {
            path: '(document)',
            message: 'text may not contain the NUL character',
            code: 'custody.epcis-nul',
          },
        ],
        'the document cannot be stored as it is',
        { code: 'custody.epcis-unstorable' },
      ),
    };
  const parsed = parseXml(text);
  if ('problem' in parsed) {
    const { message, ...coded } = parsed.problem;
    return notXml({ path: '(document)', message, ...coded });
  }
  const read = documentFromXml(parsed.root);
  if ('refusal' in read)
    return notXml({ path: '(document)', message: read.refusal.message, code: read.refusal.code });
  return { doc: read.document };
}

/** The document a capture sent, parsed and checked against the limits and the schema; else why not. */
function checkedDocument(p: CapturePreparation): { doc: Obj } | { refusal: PreparedPart } {
  let doc = p.document;
  if (doc instanceof Uint8Array || typeof doc === 'string') {
    const text =
      typeof doc === 'string'
        ? doc
        : Buffer.from(doc.buffer, doc.byteOffset, doc.byteLength).toString('utf8');
    // PostgreSQL stores no NUL character in text or jsonb (XML spells it otherwise: xmlDocument).
    if (p.format !== 'xml' && NUL_ESCAPE.test(text))
      return {
        refusal: refused(
          'invalid',
          [
            {
              path: '(document)',
              message: 'text fields may not contain the NUL character (\\u0000)',
              code: 'custody.epcis-nul',
            },
          ],
          'the document cannot be stored as it is',
          { code: 'custody.epcis-unstorable' },
        ),
      };
    if (p.format === 'xml') {
      const read = xmlDocument(text);
      if ('refusal' in read) return read;
      doc = read.doc;
    } else
      try {
        doc = JSON.parse(text);
      } catch {
        return {
          refusal: refused(
            'invalid',
            [{ path: '(document)', message: 'not valid JSON', code: 'custody.epcis-not-json' }],
            'the body is not valid JSON',
            { code: 'custody.epcis-not-json' },
          ),
        };
      }
  }
  doc = asCaptureDocument(doc);
  const list = (doc as { epcisBody?: { eventList?: unknown } } | null)?.epcisBody?.eventList;
  // Counted before anything else is done with them.
  if (Array.isArray(list) && list.length > p.maxEvents)
    return {
      refusal: refused(
        'too_large',
        [
          {
            path: 'epcisBody.eventList',
            message: `${list.length} events, more than the ${p.maxEvents} a document may hold (AMANA_EPCIS_MAX_EVENTS); send them in several documents`,
            code: 'custody.epcis-event-count',
            params: { count: list.length, max: p.maxEvents },
          },
        ],
        `a document may hold at most ${p.maxEvents} events`,
        { code: 'custody.epcis-too-many-events', params: { max: p.maxEvents } },
      ),
    };
  const checked = checkEpcisDocument(p.schemaPath, doc);
  const errors = checked.errors;
  doc = checked.document;
  if (errors.length)
    return {
      refusal: refused('invalid', errors, 'the document is not valid EPCIS 2.0', {
        code: 'custody.epcis-invalid-document',
      }),
    };
  if ((doc as Obj).type !== 'EPCISDocument')
    return {
      refusal: refused(
        'invalid',
        [
          {
            path: 'type',
            message: 'capture takes an EPCISDocument (a query document is an answer)',
            code: 'custody.epcis-not-capture-document',
          },
        ],
        'some fields are invalid',
        { code: 'common.invalid-input' },
      ),
    };
  return { doc: doc as Obj };
}

/**
 * The work of a capture that needs no database: parsing, validation against the schema, what events
 * claim, identities and rows, yielded piece by piece so the rows can be stored while the rest is
 * prepared. Pure CPU, so it runs beside the database in a worker thread.
 */
export function* prepareCapture(p: CapturePreparation): Generator<PreparedPart> {
  const checked = checkedDocument(p);
  if ('refusal' in checked) {
    yield checked.refusal;
    return;
  }
  const f = frameOf(checked.doc, new Date(p.recordTime));
  const list = (checked.doc.epcisBody as { eventList?: Obj[] }).eventList ?? [];
  // Only events that name something of Amana's need their identity before the rules run.
  const claims = list.flatMap((sent, i) => {
    const claim = captureClaim(sent, i, { eventId: '', hash: '' });
    if (!claim) return [];
    const { eventId, hash } = prepareEvent(f, sent);
    return [{ ...claim, eventId, hash }];
  });
  const firstEventIds = list
    .slice(0, 100)
    .map((sent) => (typeof sent.eventID === 'string' ? sent.eventID : prepareEvent(f, sent).eventId));
  yield { kind: 'head', eventCount: list.length, claims, firstEventIds };
  const piece = PIECES[p.pieces ?? 'small'];
  const declarations: ErrorDeclaration[] = [];
  let events: PreparedEvent[] = [];
  let bodies: string[] = [];
  let bytes = 0;
  for (const [i, sent] of list.entries()) {
    const e = prepareEvent(f, sent);
    if (e.body.errorDeclaration)
      declarations.push({
        index: i,
        eventId: e.eventId,
        hash: e.hash,
        declaration: JSON.stringify(e.body.errorDeclaration),
      });
    const body = JSON.stringify(e.body);
    events.push(e);
    bodies.push(body);
    bytes += body.length;
    if (events.length >= piece.events || bytes >= piece.bytes || i === list.length - 1) {
      yield { kind: 'rows', rows: captureRows(events, p.captureId, p.organisationId, f.recordTime, bodies) };
      events = [];
      bodies = [];
      bytes = 0;
    }
  }
  yield { kind: 'end', declarations };
}
