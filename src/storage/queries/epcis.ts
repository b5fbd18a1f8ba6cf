import type { QueryFilters } from '../../domain/custody/epcis/query-filters.ts';
import type { Queryable } from '../db.ts';

export interface CaptureRecord {
  id: string;
  organisationId: string;
  createdBy: string;
  at: Date;
  eventCount: number;
}

/** A capture that ran and succeeded at once (events recorded by Amana itself). */
export async function insertFinishedCapture(tx: Queryable, c: CaptureRecord): Promise<void> {
  await tx.query(
    `INSERT INTO epcis_captures (id, organisation_id, created_by, created_at, finished_at, error_behaviour, success, event_count, stored_count)
     VALUES ($1, $2, $3, $4, $4, 'rollback', true, $5, $5)`,
    [c.id, c.organisationId, c.createdBy, c.at, c.eventCount],
  );
}

export async function eventIdExists(q: Queryable, eventId: string): Promise<boolean> {
  return (await q.query('SELECT 1 FROM epcis_events WHERE event_id = $1', [eventId])).rows.length > 0;
}

/** Stored events bearing one of these event ids or hashes, with the organisation that captured them. */
export async function eventsByIdOrHash(q: Queryable, eventIds: readonly string[], hashes: readonly string[]) {
  return (
    await q.query<{ event_id: string; event_hash: string; organisation_id: string }>(
      'SELECT event_id, event_hash, organisation_id FROM epcis_events WHERE event_id = ANY($1::text[]) OR event_hash = ANY($2::text[])',
      [eventIds, hashes],
    )
  ).rows;
}

/** Columns of `epcis_events` a SimpleEventQuery matches EPCs or classes against. */
export type EventMatchColumn =
  | 'epcs'
  | 'parent_id'
  | 'input_epcs'
  | 'output_epcs'
  | 'epc_classes'
  | 'input_classes'
  | 'output_classes';

export interface EventFilter {
  eventTypes?: string[];
  times: { column: 'event_time' | 'record_time'; op: '>=' | '<'; at: Date }[];
  equals: {
    column: 'action' | 'biz_step' | 'disposition' | 'read_point' | 'biz_location';
    values: string[];
  }[];
  /** Known by the eventID it was sent with or by its hash. */
  eventIds?: string[];
  /** Each: any of the columns holds one of the exact values or a value LIKE one of the prefixes. */
  matches: { columns: EventMatchColumn[]; exact: string[]; prefixes: string[] }[];
  /** Each: the event names one of these "type id" transactions. */
  bizTransactions: string[][];
  /** Tests on the stored event's JSON (sensor data, quantities, extension fields…). */
  body: QueryFilters;
  /** What a viewer sees (null: everything): its own captures, events about the EPCs it sees whole, and about those it handed over up to then. */
  chain: { organisationId: string; full: string[]; cut: { epc: string; at: Date }[] } | null;
  /** Captures still being stored, left out. */
  excludeCaptures: string[];
  /** Only events recorded after `after` up to `upTo` (record sequence), for subscriptions. */
  seqRange?: { after: number; upTo: number };
}

/** The order of an answer: record order, a time column, or an extension field of the event. */
export type EventOrder =
  | { by: 'seq' }
  | { by: 'event_time' | 'record_time'; direction: 'ASC' | 'DESC' }
  | { by: 'field'; namespaces: string[]; local: string; direction: 'ASC' | 'DESC' };

/** Where a page starts: after a row (record or time order), or after so many rows (field order). */
export type EventPosition = { seq: number; at?: Date } | { offset: number } | null;

export interface EventRow {
  seq: number;
  body: Record<string, unknown>;
  organisation_id: string;
  captured_by: string;
  event_time: Date;
  record_time: Date;
}

type Param = (v: unknown) => string;

/** The event's own namespace declarations, as a JSON array of context entries. */
const CONTEXTS = `CASE jsonb_typeof(body->'@context') WHEN 'array' THEN body->'@context' WHEN 'object' THEN jsonb_build_array(body->'@context') ELSE '[]'::jsonb END`;

/** The member names an extension field may have in this event: prefix:local for each prefix bound to its namespace, or the full IRI. */
function fieldKeys(p: Param, namespaces: string[], local: string): string {
  const full = namespaces.filter((n) => /[#/:]$/.test(n)).map((n) => `${n}${local}`);
  return `(ARRAY(SELECT c.key || ':' || ${p(local)}::text FROM jsonb_array_elements(${CONTEXTS}) x,
      jsonb_each_text(CASE jsonb_typeof(x) WHEN 'object' THEN x ELSE '{}'::jsonb END) c
     WHERE c.value = ANY(${p(namespaces)}::text[])) || ${p(full)}::text[])`;
}

/** A JSON value as a number (a JSON number, or a string spelling one), else null. */
const asNumber = (v: string) =>
  `(CASE WHEN jsonb_typeof(${v}) = 'number' THEN (${v})::numeric WHEN jsonb_typeof(${v}) = 'string' AND (${v} #>> '{}') ~ '^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]{1,3})?$' THEN (${v} #>> '{}')::numeric END)`;
/** A JSON value as a time (a string that reads as one), else null. */
const asTime = (v: string) =>
  `(CASE WHEN jsonb_typeof(${v}) = 'string' THEN amana_epcis_time(${v} #>> '{}') END)`;

/** The members of the rare-JSON index (migration 0025), and paths that stand within them. */
const RARE_MEMBERS = `body ?| ARRAY['errorDeclaration', 'persistentDisposition', 'sensorElementList', 'transformationID']`;
const RARE = /^\$\.(errorDeclaration|persistentDisposition|sensorElementList|transformationID)\b/;

function bodyWhere(f: QueryFilters, p: Param): string[] {
  const where: string[] = [];
  if (f.nothing) where.push('false');
  for (const group of f.paths) {
    const test = `(${group.map((g) => `body @? ${p(g)}::jsonpath`).join(' OR ')})`;
    // Said as the partial index says it, so the planner may read that index.
    where.push(group.every((g) => RARE.test(g)) ? `(${RARE_MEMBERS} AND ${test})` : test);
  }
  for (const c of f.compare)
    where.push(
      `EXISTS (SELECT 1 FROM unnest(${p(c.paths)}::text[]) jp, jsonb_path_query(body, jp::jsonpath) v
                WHERE ${c.kind === 'number' ? asNumber('v') : asTime('v')} ${c.op} ${p(c.value)}::${c.kind === 'number' ? 'numeric' : 'timestamptz'})`,
    );
  for (const m of f.measures) {
    const converted = `(${asNumber(`o->${p(m.field)}::text`)} * u.factor + u.shift)`;
    where.push(
      `EXISTS (SELECT 1 FROM unnest(${p(m.paths)}::text[]) jp, jsonb_path_query(body, jp::jsonpath) o,
                unnest(${p(m.units.map((u) => u.uom))}::text[], ${p(m.units.map((u) => u.factor))}::numeric[], ${p(m.units.map((u) => u.offset))}::numeric[]) AS u(uom, factor, shift)
                WHERE jsonb_typeof(o) = 'object' AND o->>'uom' = u.uom
                  AND ${m.op === '=' ? `abs(${converted} - ${p(m.base)}::numeric) < 1e-9` : `${converted} ${m.op} ${p(m.base)}::numeric`})`,
    );
  }
  for (const x of f.fields) {
    const t = x.test;
    const test =
      t.op === 'exists'
        ? 'true'
        : t.op === '='
          ? `((m.value #>> '{}') = ANY(${p(t.values)}::text[]) OR ${asNumber('m.value')} = ANY(${p(t.numbers)}::numeric[]))`
          : t.kind === 'number'
            ? `${asNumber('m.value')} ${t.op} ${p(t.value)}::numeric`
            : `${asTime('m.value')} ${t.op} ${p(t.value)}::timestamptz`;
    where.push(
      `EXISTS (SELECT 1 FROM jsonb_path_query(body, ${p(x.objects)}::jsonpath) o,
                jsonb_each(CASE WHEN jsonb_typeof(o) = 'object' THEN o ELSE '{}'::jsonb END) m
                WHERE m.key = ANY(${fieldKeys(p, x.namespaces, x.local)}) AND ${test})`,
    );
  }
  // Said as the partial indexes of migration 0025 say them.
  if (f.errorDeclared) where.push(`body ? 'errorDeclaration'`);
  if (f.sensed) where.push(`body ? 'sensorElementList'`);
  return where;
}

export function filterWhere(f: EventFilter, p: Param): string[] {
  const where: string[] = [];
  if (f.eventTypes) where.push(`event_type = ANY(${p(f.eventTypes)}::text[])`);
  for (const t of f.times) where.push(`${t.column} ${t.op} ${p(t.at)}`);
  for (const e of f.equals) where.push(`${e.column} = ANY(${p(e.values)}::text[])`);
  if (f.eventIds) {
    const ids = p(f.eventIds);
    where.push(`(event_id = ANY(${ids}::text[]) OR event_hash = ANY(${ids}::text[]))`);
  }
  for (const m of f.matches) {
    const e = p(m.exact);
    const l = p(m.prefixes);
    where.push(
      `(${m.columns
        .map((c) =>
          c === 'parent_id'
            ? `(parent_id = ANY(${e}::text[]) OR parent_id LIKE ANY(${l}::text[]))`
            : `(${c} && ${e}::text[] OR EXISTS (SELECT 1 FROM unnest(${c}) x WHERE x LIKE ANY(${l}::text[])))`,
        )
        .join(' OR ')})`,
    );
  }
  for (const b of f.bizTransactions) where.push(`biz_transactions && ${p(b)}::text[]`);
  where.push(...bodyWhere(f.body, p));
  if (f.chain) {
    const fl = p(f.chain.full);
    const c = p(f.chain.cut.map((x) => x.epc));
    const until = p(f.chain.cut.map((x) => x.at));
    where.push(
      `(organisation_id = ${p(f.chain.organisationId)}
        OR epcs && ${fl}::text[] OR input_epcs && ${fl}::text[] OR output_epcs && ${fl}::text[] OR parent_id = ANY(${fl}::text[])
        OR ((epcs && ${c}::text[] OR input_epcs && ${c}::text[] OR output_epcs && ${c}::text[] OR parent_id = ANY(${c}::text[]))
            AND EXISTS (SELECT 1 FROM unnest(${c}::text[], ${until}::timestamptz[]) AS h(epc, until)
                         WHERE event_time <= h.until
                           AND (h.epc = ANY(epcs) OR h.epc = ANY(input_epcs) OR h.epc = ANY(output_epcs) OR h.epc = parent_id))))`,
    );
  }
  if (f.excludeCaptures.length) where.push(`NOT (capture_id = ANY(${p(f.excludeCaptures)}::uuid[]))`);
  if (f.seqRange) where.push(`seq > ${p(f.seqRange.after)} AND seq <= ${p(f.seqRange.upTo)}`);
  return where;
}

const params = () => {
  const list: unknown[] = [];
  const p: Param = (v) => {
    list.push(v);
    return `$${list.length}`;
  };
  return { list, p };
};

/** Events matching a filter, in the order asked, from a position on. */
export async function listEvents(
  q: Queryable,
  f: EventFilter,
  order: EventOrder,
  after: EventPosition,
  limit: number,
): Promise<EventRow[]> {
  const { list, p } = params();
  const where = filterWhere(f, p);
  let orderBy = 'seq';
  let offset = '';
  if (order.by === 'seq') {
    if (after && 'seq' in after) where.push(`seq > ${p(after.seq)}`);
  } else if (order.by === 'field') {
    const value = `(SELECT m.value FROM jsonb_each(body) m WHERE m.key = ANY(${fieldKeys(p, order.namespaces, order.local)}) LIMIT 1)`;
    const d = order.direction;
    // Numbers by value, then times by instant, then strings by their code points (EPCIS 2.0 §8.2.7.1).
    orderBy = `${asNumber(value)} ${d}, ${asTime(value)} ${d}, (${value} #>> '{}') COLLATE "C" ${d}, seq ${d}`;
    if (after && 'offset' in after) offset = ` OFFSET ${p(after.offset)}`;
  } else {
    const d = order.direction;
    if (after && 'seq' in after && after.at)
      where.push(
        `(${order.by}, seq) ${d === 'ASC' ? '>' : '<'} (${p(after.at)}::timestamptz, ${p(after.seq)}::bigint)`,
      );
    orderBy = `${order.by} ${d}, seq ${d}`;
  }
  return (
    await q.query<EventRow>(
      `SELECT seq, body, organisation_id, captured_by, event_time, record_time FROM epcis_events
        WHERE ${where.length ? where.join(' AND ') : 'true'} ORDER BY ${orderBy} LIMIT ${p(limit)}${offset}`,
      list,
    )
  ).rows;
}

/** How many events match a filter, counting no further than `upTo`. */
export async function countEvents(q: Queryable, f: EventFilter, upTo: number): Promise<number> {
  const { list, p } = params();
  const where = filterWhere(f, p);
  const r = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM epcis_events WHERE ${where.length ? where.join(' AND ') : 'true'} LIMIT ${p(upTo)}) x`,
    list,
  );
  return r.rows[0].n;
}

/** Captures the embedded database is still storing. */
export async function runningCaptureIds(q: Queryable): Promise<string[]> {
  return (await q.query<{ id: string }>('SELECT id FROM epcis_captures WHERE running')).rows.map((r) => r.id);
}

/**
 * Inserts event rows given one array per column (`columns`: name and SQL type, in the order of
 * `params`), leaving out the positions given; a row whose event is already stored is skipped. Each
 * row records its capturer, the user of its capture job. Answers the event ids inserted.
 */
export async function insertEventRows(
  tx: Queryable,
  columns: readonly (readonly [string, string])[],
  params: readonly string[],
  leaveOut: readonly number[],
): Promise<string[]> {
  const names = columns.map(([c]) => c);
  // One array per column, unnested: as many parameters as columns whatever the number of events.
  const casts = columns.map(([, t], k) => `$${k + 1}::${t === 'text[]' || t === 'jsonb' ? 'text' : t}[]`);
  const select = columns.map(([c, t]) => (t === 'text[]' || t === 'jsonb' ? `t.${c}::${t}` : `t.${c}`));
  // Held until the transaction ends, so a subscription never reads past events still being stored.
  await tx.query('SELECT pg_advisory_xact_lock_shared(7346001)');
  const result = await tx.query<{ event_id: string }>(
    `INSERT INTO epcis_events (${names.join(', ')}, captured_by)
     SELECT ${select.join(', ')}, c.created_by
       FROM unnest(${casts.join(', ')}) WITH ORDINALITY AS t(${names.join(', ')}, n)
       JOIN epcis_captures c ON c.id = t.capture_id
      WHERE NOT (t.n - 1 = ANY($${names.length + 1}::int[]))
     ON CONFLICT DO NOTHING RETURNING event_id`,
    [...params, `{${leaveOut.join(',')}}`],
  );
  return result.rows.map((r) => r.event_id);
}

/** Hashes of the stored events bearing one of these event ids or hashes. */
export async function storedHashes(
  q: Queryable,
  eventIds: readonly string[],
  hashes: readonly string[],
): Promise<string[]> {
  return (
    await q.query<{ event_hash: string }>(
      'SELECT event_hash FROM epcis_events WHERE event_id = ANY($1::text[]) OR event_hash = ANY($2::text[])',
      [eventIds, hashes],
    )
  ).rows.map((r) => r.event_hash);
}

/** Stored events captured by this organisation take on an error declaration, once. */
export async function setErrorDeclarations(
  tx: Queryable,
  declarations: readonly { eventId: string; hash: string; declaration: string }[],
  organisationId: string,
): Promise<void> {
  await tx.query(
    `UPDATE epcis_events e SET body = jsonb_set(e.body, '{errorDeclaration}', d.declaration::jsonb)
       FROM unnest($1::text[], $2::text[], $3::text[]) AS d(event_id, event_hash, declaration)
      WHERE (e.event_id = d.event_id OR e.event_hash = d.event_hash) AND NOT (e.body ? 'errorDeclaration')
        AND e.organisation_id = $4`,
    [
      declarations.map((d) => d.eventId),
      declarations.map((d) => d.hash),
      declarations.map((d) => d.declaration),
      organisationId,
    ],
  );
}

export async function finishCapture(
  tx: Queryable,
  c: { id: string; at: Date; stored: number; errors: unknown[] },
): Promise<void> {
  await tx.query(
    'UPDATE epcis_captures SET running = false, finished_at = $2, stored_count = $3, success = $4, errors = $5 WHERE id = $1',
    [c.id, c.at, c.stored, c.errors.length === 0, JSON.stringify(c.errors)],
  );
}

export async function insertCapture(
  q: Queryable,
  c: {
    id: string;
    organisationId: string;
    createdBy: string;
    at: Date;
    errorBehaviour: string;
    eventCount: number;
    running: boolean;
  },
): Promise<void> {
  await q.query(
    `INSERT INTO epcis_captures (id, organisation_id, created_by, created_at, finished_at, error_behaviour, success, event_count, stored_count, running)
     VALUES ($1, $2, $3, $4, $5, $6, true, $7, 0, $8)`,
    [
      c.id,
      c.organisationId,
      c.createdBy,
      c.at,
      c.running ? null : c.at,
      c.errorBehaviour,
      c.eventCount,
      c.running,
    ],
  );
}

/** Deletes up to `batch` events of a capture; answers how many went. */
export async function deleteCaptureEvents(q: Queryable, captureId: string, batch: number): Promise<number> {
  const r = await q.query(
    'DELETE FROM epcis_events WHERE seq IN (SELECT seq FROM epcis_events WHERE capture_id = $1 LIMIT $2)',
    [captureId, batch],
  );
  return r.rowCount ?? 0;
}

export async function deleteCapture(q: Queryable, captureId: string): Promise<void> {
  await q.query('DELETE FROM epcis_captures WHERE id = $1', [captureId]);
}

export interface CaptureRow {
  id: string;
  organisation_id: string;
  created_by: string;
  created_at: Date;
  finished_at: Date | null;
  running: boolean;
  error_behaviour: 'rollback' | 'proceed';
  success: boolean;
  errors: { path: string; message: string }[];
  event_count: number;
  stored_count: number;
}

export async function findCaptureOf(
  q: Queryable,
  id: string,
  organisationId: string,
): Promise<CaptureRow | undefined> {
  return (
    await q.query<CaptureRow>('SELECT * FROM epcis_captures WHERE id = $1 AND organisation_id = $2', [
      id,
      organisationId,
    ])
  ).rows[0];
}

/** Columns whose distinct values a top-level resource of the REST binding lists. */
export type ValueColumn = 'epcs' | 'biz_step' | 'biz_location' | 'read_point' | 'disposition';

/**
 * The distinct values of a column among the events matching a filter, in code-point order, after `after`
 * (or exactly `only`); for EPCs, every EPC an event names (its list, parent, inputs and outputs).
 */
export async function distinctEventValues(
  q: Queryable,
  f: EventFilter,
  column: ValueColumn,
  after: string | null,
  limit: number,
  only?: string,
): Promise<string[]> {
  const { list, p } = params();
  const where = filterWhere(f, p);
  const value =
    column === 'epcs'
      ? 'unnest(epcs || input_epcs || output_epcs || CASE WHEN parent_id IS NULL THEN ARRAY[]::text[] ELSE ARRAY[parent_id] END)'
      : column;
  const outer: string[] = ['v IS NOT NULL'];
  if (after !== null) outer.push(`v COLLATE "C" > ${p(after)}`);
  if (only !== undefined) outer.push(`v = ${p(only)}`);
  return (
    await q.query<{ v: string }>(
      `SELECT DISTINCT v COLLATE "C" AS v FROM (SELECT ${value} AS v FROM epcis_events
          WHERE ${where.length ? where.join(' AND ') : 'true'}) x
        WHERE ${outer.join(' AND ')} ORDER BY 1 LIMIT ${p(limit)}`,
      list,
    )
  ).rows.map((r) => r.v);
}

/** A page of an organisation's capture jobs, newest first, after the [created_at, id] key given. */
export async function listCapturesPage(
  q: Queryable,
  organisationId: string,
  after: { createdAt: Date; id: string } | null,
  limit: number,
): Promise<CaptureRow[]> {
  return (
    await q.query<CaptureRow>(
      `SELECT * FROM epcis_captures WHERE organisation_id = $1
          AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
        ORDER BY created_at DESC, id DESC LIMIT $4`,
      [organisationId, after?.createdAt ?? null, after?.id ?? null, limit],
    )
  ).rows;
}

/** The ids of the events one capture stored, in the order they were recorded. */
export async function captureEventIds(q: Queryable, captureId: string, limit: number): Promise<string[]> {
  return (
    await q.query<{ event_id: string }>(
      'SELECT event_id FROM epcis_events WHERE capture_id = $1 ORDER BY seq LIMIT $2',
      [captureId, limit],
    )
  ).rows.map((r) => r.event_id);
}
