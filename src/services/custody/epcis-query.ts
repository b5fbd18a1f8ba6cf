import { createHash } from 'node:crypto';
import { withCapturer } from '../../domain/custody/capturer.ts';
import { EVENT_TYPES, identifier, vocabularyTerm } from '../../domain/custody/epcis/event-index.ts';
import {
  noFilters,
  qualifiedName,
  readFilterParameter,
  TIME,
  values,
} from '../../domain/custody/epcis/query-filters.ts';
import { queryDocumentToXml } from '../../domain/custody/epcis/xml-binding.ts';
import { lotEpcs } from '../../storage/queries/custody.ts';
import {
  countEvents,
  type EventFilter,
  type EventMatchColumn,
  type EventOrder,
  type EventPosition,
  listEvents,
  runningCaptureIds,
} from '../../storage/queries/epcis.ts';
import type { AuthedContext } from '../context.ts';
import { type FieldError, invalid, notFound, ServiceError } from '../errors.ts';
import { buildXml } from './epcis-xml.ts';
import { type ChainView, chainOf } from './lots.ts';

/** The EPCIS 2.0 JSON-LD context every answer refers to. */
export const EPCIS_CONTEXT = 'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld';

/**
 * The SimpleEventQuery parameters of fixed name (EPCIS 2.0 §8.2.7.1, REST binding). Families named by
 * what follows a prefix are answered too: EQ_bizTransaction_type, EQ_source_type, EQ_destination_type,
 * the quantity and sensor value forms with a unit (GE_quantity_KGM, GT_value_CEL…), extension fields
 * (EQ_/GT_/GE_/LT_/LE_/EXISTS_, INNER_, ILMD_, SENSORELEMENT_, SENSORMETADATA_, SENSORREPORT_,
 * ERROR_DECLARATION_ with the field's qualified name) and master-data attributes (HASATTR_, EQATTR_).
 */
export const QUERY_PARAMETERS = [
  'eventType',
  'GE_eventTime',
  'LT_eventTime',
  'GE_recordTime',
  'LT_recordTime',
  'EQ_action',
  'EQ_bizStep',
  'EQ_disposition',
  'EQ_persistentDisposition_set',
  'EQ_persistentDisposition_unset',
  'EQ_readPoint',
  'WD_readPoint',
  'EQ_bizLocation',
  'WD_bizLocation',
  'EQ_transformationID',
  'MATCH_epc',
  'MATCH_parentID',
  'MATCH_inputEPC',
  'MATCH_outputEPC',
  'MATCH_anyEPC',
  'MATCH_epcClass',
  'MATCH_inputEPCClass',
  'MATCH_outputEPCClass',
  'MATCH_anyEPCClass',
  'EQ_quantity',
  'GT_quantity',
  'GE_quantity',
  'LT_quantity',
  'LE_quantity',
  'EQ_eventID',
  'EXISTS_errorDeclaration',
  'GE_errorDeclarationTime',
  'LT_errorDeclarationTime',
  'EQ_errorReason',
  'EQ_correctiveEventID',
  'GE_time',
  'LT_time',
  'GE_startTime',
  'LT_startTime',
  'GE_endTime',
  'LT_endTime',
  'EQ_type',
  'EQ_deviceID',
  'EQ_dataProcessingMethod',
  'EQ_microorganism',
  'EQ_chemicalSubstance',
  'EQ_bizRules',
  'EQ_stringValue',
  'EQ_booleanValue',
  'EQ_hexBinaryValue',
  'EQ_uriValue',
  'EQ_percRank',
  'GT_percRank',
  'GE_percRank',
  'LT_percRank',
  'LE_percRank',
  'orderBy',
  'orderDirection',
  'eventCountLimit',
  'maxEventCount',
  'perPage',
  'nextPageToken',
] as const;

/** The parameters this module reads itself; the others are the filters of query-filters.ts. */
const OWN = new Set<string>([
  'eventType',
  'GE_eventTime',
  'LT_eventTime',
  'GE_recordTime',
  'LT_recordTime',
  'EQ_action',
  'EQ_bizStep',
  'EQ_disposition',
  'EQ_readPoint',
  'WD_readPoint',
  'EQ_bizLocation',
  'WD_bizLocation',
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
  'orderBy',
  'orderDirection',
  'eventCountLimit',
  'maxEventCount',
  'perPage',
  'nextPageToken',
]);

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

/** The longest value one parameter may carry, and the most parameters one query may have. */
const MAX_VALUE_CHARS = 8000;
const MAX_PARAMETERS = 100;
/** The largest eventCountLimit and maxEventCount taken. */
const MAX_COUNT = 1_000_000_000;

const FILTER_CODES = {
  value: 'custody.epcis-query-value',
  number: 'custody.epcis-query-number',
  boolean: 'custody.epcis-query-boolean',
  time: 'custody.epcis-query-time',
  field: 'custody.epcis-query-field',
} as const;

export interface EventPage {
  events: Record<string, unknown>[];
  nextPageToken: string | null;
  /** The record sequence of the page's last event. */
  lastSeq?: number;
}

/** What a paging token holds: the query and caller it was issued for, where the next page starts, and how many events came before. */
interface PageToken {
  q: string;
  p: EventPosition;
  n: number;
}

/**
 * The query a token is bound to: who asks, and every parameter but the page's own (perPage may change
 * between pages), each list of values in a fixed order.
 */
function queryBinding(ctx: AuthedContext, query: Record<string, string | undefined>): string {
  const normal = Object.entries(query)
    .filter(([k, v]) => k !== 'nextPageToken' && k !== 'perPage' && v !== undefined)
    .map(([k, v]) => [
      k,
      values(v as string)
        .sort()
        .join('|'),
    ])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256')
    .update(JSON.stringify([ctx.principal.userId, ctx.principal.organisationId, normal]))
    .digest('base64url')
    .slice(0, 22);
}

function readToken(raw: string): PageToken | null {
  try {
    const t = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (!t || typeof t !== 'object' || typeof t.q !== 'string' || !Number.isSafeInteger(t.n) || t.n < 0)
      return null;
    const p = t.p;
    if (p && typeof p === 'object' && Number.isSafeInteger(p.offset) && p.offset >= 0)
      return { q: t.q, n: t.n, p: { offset: p.offset } };
    if (p && typeof p === 'object' && Number.isSafeInteger(p.seq) && p.seq >= 0) {
      if (p.at === undefined) return { q: t.q, n: t.n, p: { seq: p.seq } };
      if (typeof p.at === 'string' && TIME.test(p.at))
        return { q: t.q, n: t.n, p: { seq: p.seq, at: new Date(p.at) } };
    }
    return null;
  } catch {
    return null;
  }
}

const writeToken = (t: PageToken) =>
  Buffer.from(
    JSON.stringify({
      q: t.q,
      n: t.n,
      p: t.p && 'at' in t.p && t.p.at ? { seq: t.p.seq, at: t.p.at.toISOString() } : t.p,
    }),
  ).toString('base64url');

/** A whole number parameter within bounds, or an error naming it. */
function wholeNumber(
  raw: string | undefined,
  key: string,
  min: number,
  max: number,
  code: 'custody.epcis-query-per-page' | 'custody.epcis-query-count',
  errors: FieldError[],
): number | undefined {
  if (raw === undefined) return undefined;
  const n = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    errors.push({ path: key, message: `a whole number from ${min} to ${max}`, code, params: { min, max } });
    return undefined;
  }
  return n;
}

/** Answers a SimpleEventQuery over the events the caller may see, in the order asked (by default, the order they were recorded). */
export async function queryEvents(
  ctx: AuthedContext,
  query: Record<string, string | undefined>,
  seqRange?: { after: number; upTo: number },
): Promise<EventPage> {
  const filter: EventFilter = {
    times: [],
    equals: [],
    matches: [],
    bizTransactions: [],
    body: noFilters(),
    chain: null,
    excludeCaptures: [],
    seqRange,
  };
  const errors: FieldError[] = [];
  const keys = Object.keys(query).filter((k) => query[k] !== undefined);
  if (keys.length > MAX_PARAMETERS)
    throw invalid(
      [
        {
          path: keys[MAX_PARAMETERS],
          message: `at most ${MAX_PARAMETERS} parameters`,
          code: 'custody.epcis-query-too-many',
          params: { max: MAX_PARAMETERS },
        },
      ],
      'the query has parameters to fix',
      { code: 'custody.epcis-query-invalid' },
    );
  const filterErrors: { path: string; message: string; code: keyof typeof FILTER_CODES }[] = [];
  for (const key of keys) {
    const raw = query[key] as string;
    if (raw.length > MAX_VALUE_CHARS) {
      errors.push({
        path: key,
        message: `at most ${MAX_VALUE_CHARS} characters`,
        code: 'custody.epcis-query-too-long',
        params: { max: MAX_VALUE_CHARS },
      });
      continue;
    }
    if (OWN.has(key)) continue;
    if (key.startsWith('EQ_bizTransaction_')) {
      const type = vocabularyTerm(key.slice('EQ_bizTransaction_'.length), 'BTT');
      filter.bizTransactions.push(values(raw).map((v) => `${type} ${v}`));
      continue;
    }
    if (!readFilterParameter(key, raw, filter.body, filterErrors))
      errors.push({
        path: key,
        message: 'not a SimpleEventQuery parameter Amana answers',
        code: 'custody.epcis-query-parameter',
      });
  }
  for (const e of filterErrors) errors.push({ path: e.path, message: e.message, code: FILTER_CODES[e.code] });
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
  if (q('EQ_action')) {
    const wrong = values(q('EQ_action') as string).filter((a) => !['ADD', 'OBSERVE', 'DELETE'].includes(a));
    if (wrong.length)
      errors.push({
        path: 'EQ_action',
        message: 'ADD, OBSERVE or DELETE',
        code: 'custody.epcis-query-action',
      });
  }
  eq('EQ_action', 'action', (v) => v);
  eq('EQ_bizStep', 'biz_step', (v) => vocabularyTerm(v, 'BizStep'));
  eq('EQ_disposition', 'disposition', (v) => vocabularyTerm(v, 'Disp'));
  eq('EQ_readPoint', 'read_point', identifier);
  eq('EQ_bizLocation', 'biz_location', identifier);
  // Amana holds no master data, so no location has descendants: "with descendants" is the location itself.
  eq('WD_readPoint', 'read_point', identifier);
  eq('WD_bizLocation', 'biz_location', identifier);
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

  // Order and size (EPCIS 2.0 §8.2.7.1): orderDirection defaults to DESC; eventCountLimit needs an
  // order and excludes maxEventCount.
  const direction = q('orderDirection') === undefined ? 'DESC' : (q('orderDirection') as string).trim();
  if (direction !== 'ASC' && direction !== 'DESC')
    errors.push({
      path: 'orderDirection',
      message: 'ASC or DESC',
      code: 'custody.epcis-query-order-direction',
    });
  let order: EventOrder = { by: 'seq' };
  const orderBy = q('orderBy')?.trim();
  if (orderBy !== undefined) {
    const field = qualifiedName(orderBy);
    const d = direction === 'ASC' ? 'ASC' : 'DESC';
    if (orderBy === 'eventTime') order = { by: 'event_time', direction: d };
    else if (orderBy === 'recordTime') order = { by: 'record_time', direction: d };
    else if (field) order = { by: 'field', ...field, direction: d };
    else
      errors.push({
        path: 'orderBy',
        message: 'eventTime, recordTime, or the qualified name of an extension field (namespace#name)',
        code: 'custody.epcis-query-order-by',
      });
  }
  const countLimit = wholeNumber(
    q('eventCountLimit'),
    'eventCountLimit',
    0,
    MAX_COUNT,
    'custody.epcis-query-count',
    errors,
  );
  const maxCount = wholeNumber(
    q('maxEventCount'),
    'maxEventCount',
    0,
    MAX_COUNT,
    'custody.epcis-query-count',
    errors,
  );
  if (q('eventCountLimit') !== undefined && q('maxEventCount') !== undefined)
    errors.push({
      path: 'eventCountLimit',
      message: 'eventCountLimit and maxEventCount may not both be given',
      code: 'custody.epcis-query-count-exclusive',
    });
  if (q('eventCountLimit') !== undefined && orderBy === undefined)
    errors.push({
      path: 'eventCountLimit',
      message: 'eventCountLimit needs orderBy: it keeps the first events of an order',
      code: 'custody.epcis-query-count-order',
    });
  const perPage =
    wholeNumber(q('perPage') ?? '30', 'perPage', 1, 1000, 'custody.epcis-query-per-page', errors) ?? 30;
  const binding = queryBinding(ctx, query);
  let token: PageToken | null = null;
  if (q('nextPageToken')) {
    token = readToken(q('nextPageToken') as string);
    if (!token)
      errors.push({
        path: 'nextPageToken',
        message: 'this token was not issued by this repository; start again without it',
        code: 'custody.epcis-query-token',
      });
    else if (token.q !== binding)
      errors.push({
        path: 'nextPageToken',
        message:
          'this token was issued for another query or another caller: send it with the parameters it came with, or start again without it',
        code: 'custody.epcis-query-token-replayed',
      });
    else if ('offset' in (token.p ?? {}) !== (order.by === 'field'))
      errors.push({
        path: 'nextPageToken',
        message: 'this token was not issued by this repository; start again without it',
        code: 'custody.epcis-query-token',
      });
  }
  if (errors.length)
    throw invalid(errors, 'the query has parameters to fix', { code: 'custody.epcis-query-invalid' });
  await applyVisibility(ctx, filter);
  // maxEventCount is checked when the query is first asked; its later pages carry the token it earned.
  if (maxCount !== undefined && !token && (await countEvents(ctx.db, filter, maxCount + 1)) > maxCount)
    throw new ServiceError(
      'too_large',
      `QueryTooLargeException: more than ${maxCount} events match (maxEventCount); narrow the query`,
      [],
      { code: 'custody.epcis-query-too-large', params: { max: maxCount } },
    );
  const given = token?.n ?? 0;
  const size = countLimit === undefined ? perPage : Math.min(perPage, countLimit - given);
  if (size <= 0) return { events: [], nextPageToken: null };
  const rows = await listEvents(ctx.db, filter, order, token?.p ?? null, size + 1);
  const page = rows.slice(0, size);
  const last = page[page.length - 1];
  const more = rows.length > size && (countLimit === undefined || given + size < countLimit);
  const position: EventPosition = !last
    ? null
    : order.by === 'field'
      ? { offset: ((token?.p as { offset: number } | null)?.offset ?? 0) + page.length }
      : order.by === 'seq'
        ? { seq: last.seq }
        : { seq: last.seq, at: order.by === 'event_time' ? last.event_time : last.record_time };
  return {
    events: page.map((r) =>
      withCapturer(r.body, { organisationId: r.organisation_id, userId: r.captured_by }),
    ),
    nextPageToken: more ? writeToken({ q: binding, p: position, n: given + page.length }) : null,
    ...(last ? { lastSeq: Number(last.seq) } : {}),
  };
}

/**
 * Narrows a filter to what the caller may see. Registry staff see every event. Others see the events they
 * captured, every event about the lots upstream of what they held, and those about a lot they handed over
 * up to their hand-over. A capture the embedded database is still storing is not there yet.
 */
async function applyVisibility(ctx: AuthedContext, filter: EventFilter): Promise<void> {
  const chain = await chainOf(ctx.db, ctx.principal);
  if (chain)
    filter.chain = { organisationId: ctx.principal.organisationId, ...(await chainEpcs(ctx, chain)) };
  filter.excludeCaptures = await runningCaptureIds(ctx.db);
}

/** A filter of every event the caller may see. */
export async function visibleFilter(ctx: AuthedContext): Promise<EventFilter> {
  const filter: EventFilter = {
    times: [],
    equals: [],
    matches: [],
    bizTransactions: [],
    body: noFilters(),
    chain: null,
    excludeCaptures: [],
  };
  await applyVisibility(ctx, filter);
  return filter;
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
