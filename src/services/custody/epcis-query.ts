import { withCapturer } from '../../domain/custody/capturer.ts';
import { EVENT_TYPES, identifier, vocabularyTerm } from '../../domain/custody/epcis/event-index.ts';
import { queryDocumentToXml } from '../../domain/custody/epcis/xml-binding.ts';
import { lotEpcs } from '../../storage/queries/custody.ts';
import {
  type EventFilter,
  type EventMatchColumn,
  listEvents,
  runningCaptureIds,
} from '../../storage/queries/epcis.ts';
import type { AuthedContext } from '../context.ts';
import { type FieldError, invalid, notFound } from '../errors.ts';
import { buildXml } from './epcis-xml.ts';
import { type ChainView, chainOf } from './lots.ts';

/** The EPCIS 2.0 JSON-LD context every answer refers to. */
export const EPCIS_CONTEXT = 'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld';

/** SimpleEventQuery parameters Amana answers (EPCIS 2.0 §8.2.7.1, REST binding). */
export const QUERY_PARAMETERS = [
  'eventType',
  'GE_eventTime',
  'LT_eventTime',
  'GE_recordTime',
  'LT_recordTime',
  'EQ_action',
  'EQ_bizStep',
  'EQ_disposition',
  'EQ_readPoint',
  'EQ_bizLocation',
  'MATCH_epc',
  'MATCH_parentID',
  'MATCH_inputEPC',
  'MATCH_outputEPC',
  'MATCH_anyEPC',
  'MATCH_epcClass',
  'MATCH_inputEPCClass',
  'MATCH_outputEPCClass',
  'MATCH_anyEPCClass',
  'EQ_eventID',
  'perPage',
  'nextPageToken',
] as const;

/** Several values of one parameter are separated by "|" (REST binding) or commas. */
const values = (raw: string) =>
  raw
    .split(/[|,]/)
    .map((v) => v.trim())
    .filter(Boolean);

/**
 * An EPC or class pattern (urn:epc:idpat:sgtin:0614141.107346.*, or any URI ending in *) becomes a
 * LIKE prefix on the stored form; anything else an exact value.
 */
function patterns(raw: string): { exact: string[]; prefixes: string[] } {
  const exact: string[] = [];
  const prefixes: string[] = [];
  for (const v of values(raw)) {
    const idpat = /^urn:epc:idpat:sgtin:([0-9]+)\.([0-9]+)\.\*$/.exec(v);
    if (idpat) {
      const gtin = identifier(`urn:epc:idpat:sgtin:${idpat[1]}.${idpat[2]}.*`);
      prefixes.push(`${gtin}/`.replace(/[%_\\]/g, '\\$&'));
    } else if (v.endsWith('*')) prefixes.push(v.slice(0, -1).replace(/[%_\\]/g, '\\$&'));
    else exact.push(identifier(v));
  }
  return { exact, prefixes: prefixes.map((p) => `${p}%`) };
}

const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/;

export interface EventPage {
  events: Record<string, unknown>[];
  nextPageToken: string | null;
}

/** Answers a SimpleEventQuery over the events the caller may see, in the order they were recorded. */
export async function queryEvents(
  ctx: AuthedContext,
  query: Record<string, string | undefined>,
): Promise<EventPage> {
  const filter: EventFilter = {
    times: [],
    equals: [],
    matches: [],
    bizTransactions: [],
    chain: null,
    excludeCaptures: [],
    afterSeq: 0,
    limit: 0,
  };
  const errors: FieldError[] = [];
  for (const key of Object.keys(query)) {
    if (!(QUERY_PARAMETERS as readonly string[]).includes(key) && !key.startsWith('EQ_bizTransaction_'))
      errors.push({
        path: key,
        message: 'not a SimpleEventQuery parameter Amana answers',
        code: 'custody.epcis-query-parameter',
      });
  }
  const q = (k: string) => query[k];
  if (q('eventType')) {
    const types = values(q('eventType') as string);
    const unknown = types.filter((t) => !(EVENT_TYPES as readonly string[]).includes(t));
    if (unknown.length)
      errors.push({
        path: 'eventType',
        message: `unknown event type ${unknown.join(', ')}`,
        code: 'custody.epcis-query-event-type',
        params: { types: unknown.join(', ') },
      });
    filter.eventTypes = types;
  }
  for (const [k, col, op] of [
    ['GE_eventTime', 'event_time', '>='],
    ['LT_eventTime', 'event_time', '<'],
    ['GE_recordTime', 'record_time', '>='],
    ['LT_recordTime', 'record_time', '<'],
  ] as const) {
    const v = q(k);
    if (v === undefined) continue;
    if (!TIME.test(v))
      errors.push({
        path: k,
        message: 'an ISO 8601 date-time with its offset, e.g. 2026-11-01T00:00:00Z',
        code: 'custody.epcis-query-time',
      });
    else filter.times.push({ column: col, op, at: new Date(v) });
  }
  const eq = (k: string, column: EventFilter['equals'][number]['column'], norm: (v: string) => string) => {
    if (q(k)) filter.equals.push({ column, values: values(q(k) as string).map(norm) });
  };
  eq('EQ_action', 'action', (v) => v);
  eq('EQ_bizStep', 'biz_step', (v) => vocabularyTerm(v, 'BizStep'));
  eq('EQ_disposition', 'disposition', (v) => vocabularyTerm(v, 'Disp'));
  eq('EQ_readPoint', 'read_point', identifier);
  eq('EQ_bizLocation', 'biz_location', identifier);
  // An event is known by the eventID it was sent with and by its CBV 2.0 hash alike.
  if (q('EQ_eventID')) {
    filter.eventIds = values(q('EQ_eventID') as string);
  }
  const match = (k: string, columns: EventMatchColumn[]) => {
    if (!q(k)) return;
    filter.matches.push({ columns, ...patterns(q(k) as string) });
  };
  match('MATCH_epc', ['epcs']);
  match('MATCH_parentID', ['parent_id']);
  match('MATCH_inputEPC', ['input_epcs']);
  match('MATCH_outputEPC', ['output_epcs']);
  match('MATCH_anyEPC', ['epcs', 'parent_id', 'input_epcs', 'output_epcs']);
  match('MATCH_epcClass', ['epc_classes']);
  match('MATCH_inputEPCClass', ['input_classes']);
  match('MATCH_outputEPCClass', ['output_classes']);
  match('MATCH_anyEPCClass', ['epc_classes', 'input_classes', 'output_classes']);
  for (const key of Object.keys(query).filter((k) => k.startsWith('EQ_bizTransaction_'))) {
    const type = vocabularyTerm(key.slice('EQ_bizTransaction_'.length), 'BTT');
    filter.bizTransactions.push(values(query[key] as string).map((v) => `${type} ${v}`));
  }
  const perPage = q('perPage') === undefined ? 30 : Number(q('perPage'));
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > 1000)
    errors.push({
      path: 'perPage',
      message: 'a whole number from 1 to 1000',
      code: 'custody.epcis-query-per-page',
      params: { min: 1, max: 1000 },
    });
  let after = 0;
  if (q('nextPageToken')) {
    after = Number(Buffer.from(q('nextPageToken') as string, 'base64url').toString('utf8'));
    if (!Number.isSafeInteger(after) || after < 0)
      errors.push({
        path: 'nextPageToken',
        message: 'this token was not issued by this repository; start again without it',
        code: 'custody.epcis-query-token',
      });
  }
  if (errors.length)
    throw invalid(errors, 'the query has parameters to fix', { code: 'custody.epcis-query-invalid' });
  // Registry staff see every event. Others see the events they captured, every event about the lots
  // upstream of what they held, and those about a lot they handed over up to their hand-over.
  const chain = await chainOf(ctx.db, ctx.principal);
  if (chain)
    filter.chain = { organisationId: ctx.principal.organisationId, ...(await chainEpcs(ctx, chain)) };
  // A capture the embedded database is still storing is not there yet.
  filter.excludeCaptures = await runningCaptureIds(ctx.db);
  filter.afterSeq = after;
  filter.limit = perPage + 1;
  const rows = await listEvents(ctx.db, filter);
  const page = rows.slice(0, perPage);
  return {
    events: page.map((r) =>
      withCapturer(r.body, { organisationId: r.organisation_id, userId: r.captured_by }),
    ),
    nextPageToken:
      rows.length > perPage ? Buffer.from(String(page[page.length - 1].seq)).toString('base64url') : null,
  };
}

/** The EPCs of the lots the caller sees whole, and of those it handed over, with when it did. */
async function chainEpcs(
  ctx: AuthedContext,
  chain: ChainView,
): Promise<{ full: string[]; cut: { epc: string; at: Date }[] }> {
  if (chain.visible.size === 0) return { full: [], cut: [] };
  const rows = await lotEpcs(ctx.db, [...chain.visible]);
  const full: string[] = [];
  const cut: { epc: string; at: Date }[] = [];
  for (const r of rows) {
    const handed = chain.handedOver.get(r.id);
    if (handed) cut.push({ epc: r.epc, at: handed.at });
    else full.push(r.epc);
  }
  return { full, cut };
}

/** One event by its eventID (as sent, or the event hash Amana gave it). */
export async function getEvent(ctx: AuthedContext, eventId: string): Promise<Record<string, unknown>> {
  const page = await queryEvents(ctx, { EQ_eventID: eventId.replace(/[|,]/g, ''), perPage: '1' });
  const event = page.events.find((e) => e.eventID === eventId) ?? page.events[0];
  if (!event) throw notFound('event');
  return event;
}

/** An EPCIS 2.0 query document around a page of events. */
export function queryDocument(events: Record<string, unknown>[], now: Date) {
  return {
    '@context': [EPCIS_CONTEXT],
    type: 'EPCISQueryDocument',
    schemaVersion: '2.0',
    creationDate: now.toISOString(),
    epcisBody: { queryResults: { queryName: 'SimpleEventQuery', resultsBody: { eventList: events } } },
  };
}

/**
 * The same answer in the XML binding (EPCIS 2.0 EPCISQueryDocument): CBV terms as their 1.x URNs,
 * sensor types as gs1: names, each event declaring the namespaces of its extensions.
 */
export function queryDocumentXml(events: Record<string, unknown>[], now: Date): string {
  return buildXml(queryDocumentToXml(events, now.toISOString()));
}
