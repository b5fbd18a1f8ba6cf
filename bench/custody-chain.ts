// Custody at national scale: capture throughput of EPCIS documents (schema validation, event hashing,
// storage) against raw PostgreSQL COPY of the same rows, and trace latency on the chain it built.
// Run: BENCH_EVENTS=1000000 npm run bench:custody            (embedded PGlite, on disk)
//      DATABASE_URL=postgres://… BENCH_EVENTS=10000000 npm run bench:custody
// BENCH_CONCURRENCY sets how many documents are in flight, as from as many clients (default 2 embedded, 4 on PostgreSQL).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { v7 as uuidv7 } from 'uuid';
import { loadConfig } from '../src/config.ts';
import type { Principal } from '../src/domain/access/roles.ts';
import { indexEvent } from '../src/domain/custody/epcis/event-index.ts';
import { bootstrapAdmin } from '../src/services/access/bootstrap.ts';
import { closeCapturePool } from '../src/services/custody/capture-pool.ts';
import { prepareEvents } from '../src/services/custody/capture-rows.ts';
import { captureDocument } from '../src/services/custody/epcis-capture.ts';
import { lotOrigin } from '../src/services/custody/trace.ts';
import { insertIncident } from '../src/services/incidents/incidents.ts';
import type { Queryable } from '../src/storage/db.ts';
import { openDb } from '../src/storage/db.ts';
import { migrate } from '../src/storage/migrate.ts';
import {
  type Chunk,
  generateChain,
  type LotRecord,
  makeWorld,
  random,
  type World,
} from './custody-generator.ts';

const TOTAL = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const DOC_EVENTS = 1000;
const TRACES = Number(process.env.BENCH_TRACES ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? (process.env.DATABASE_URL ? 4 : 2));

async function insertRows(q: Queryable, table: string, columns: string[], rows: unknown[][]) {
  const per = Math.floor(30_000 / columns.length);
  for (let i = 0; i < rows.length; i += per) {
    const part = rows.slice(i, i + per);
    const params: unknown[] = [];
    const values = part.map(
      (r) =>
        `(${r
          .map((v) => {
            params.push(v);
            return `$${params.length}`;
          })
          .join(', ')})`,
    );
    await q.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values.join(', ')}`, params);
  }
}

async function seedWorld(q: Queryable, w: World, now: Date) {
  const orgs = [
    ...w.cooperatives.map((id, i) => [id, `Coopérative banc ${i + 1}`, '{cooperative}']),
    ...w.traders.map((id, i) => [id, `Négociant banc ${i + 1}`, '{trader}']),
    ...w.depots.map((id, i) => [id, `Comptoir banc ${i + 1}`, '{depot}']),
    ...w.processors.map((id, i) => [id, `Transformateur banc ${i + 1}`, '{processor}']),
    ...w.refiners.map((id, i) => [id, `Raffineur banc ${i + 1}`, '{refiner}']),
  ].map((r) => [...r, 'CD', now, now]);
  await insertRows(
    q,
    'organisations',
    ['id', 'legal_name', 'chain_roles', 'country', 'created_at', 'updated_at'],
    orgs,
  );
  await insertRows(
    q,
    'sites',
    [
      'id',
      'code',
      'name',
      'province',
      'geometry',
      'minerals',
      'status',
      'status_since',
      'created_at',
      'updated_at',
      'capacity_kg_month',
    ],
    w.siteIds.map((id, i) => [
      id,
      w.siteCodes[i],
      `Site ${i + 1}`,
      'Lualaba',
      JSON.stringify({ type: 'Point', coordinates: [25 + i / 1000, -10.7] }),
      '{cobalt}',
      w.siteRed[i] ? 'red' : 'green',
      now,
      now,
      now,
      100_000,
    ]),
  );
  // Each site's colour since before the chain began: taggings and re-judgements read it from the history.
  await insertRows(
    q,
    'site_status_history',
    ['id', 'site_id', 'status', 'reason', 'effective_at', 'created_at'],
    w.siteIds.map((id, i) => [
      uuidv7(),
      id,
      w.siteRed[i] ? 'red' : 'green',
      'bench',
      new Date(Date.UTC(2024, 0, 1)),
      new Date(Date.UTC(2024, 0, 1)),
    ]),
  );
}

const lotRow = (l: LotRecord, now: Date) => [
  l.id,
  l.epc,
  l.tag,
  l.kind,
  'cobalt',
  l.siteId,
  l.cooperativeId,
  l.producedAt,
  l.massKg,
  l.gradePct,
  l.holderId,
  l.consumed ? l.producedAt : null,
  JSON.stringify(l.origin),
  l.origin.nonConformingShare,
  l.eventId,
  now,
];
const LOT_COLUMNS = [
  'id',
  'epc',
  'tag',
  'kind',
  'mineral',
  'site_id',
  'cooperative_id',
  'produced_at',
  'mass_kg',
  'grade_pct',
  'holder_id',
  'consumed_at',
  'origin',
  'nonconforming_share',
  'event_id',
  'created_at',
];

// Captured as any EPCIS client's chain, under a namespace of its own: Amana's (urn:amana:) names only
// what Amana registered, and its lots are made through the custody API (decision 0006).
const document = (chunk: Chunk) => ({
  '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
  type: 'EPCISDocument',
  schemaVersion: '2.0',
  creationDate: new Date().toISOString(),
  epcisBody: { eventList: JSON.parse(JSON.stringify(chunk.events).replaceAll('urn:amana:', 'urn:bench:')) },
});

const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

/** A COPY text-format field. */
const copyField = (v: unknown): string => {
  if (v === null || v === undefined) return '\\N';
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v))
    return copyField(`{${v.map((x) => `"${String(x).replace(/["\\]/g, '\\$&')}"`).join(',')}}`);
  return String(v).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
};

async function main() {
  const base = process.env.DATABASE_URL;
  let url: string | undefined;
  const name = `amana_bench_${randomBytes(4).toString('hex')}`;
  let dataDir = 'memory';
  if (base) {
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    await c.query(`CREATE DATABASE ${name}`);
    await c.end();
    const u = new URL(base);
    u.pathname = `/${name}`;
    url = u.toString();
  } else dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amana-bench-'));
  const db = await openDb({ databaseUrl: url, dataDir });
  await migrate(db);
  const config = loadConfig({});
  const ctx = { db, config, clock: () => new Date() };
  const admin: Principal = await bootstrapAdmin(ctx, {
    email: 'b@bench.test',
    name: 'b',
    password: 'lanterne-kolwezi-puits-7',
    organisationName: 'Bench',
  });
  const as = { ...ctx, principal: admin };
  const world = makeWorld();
  await seedWorld(db, world, new Date());
  const engine = url ? 'PostgreSQL' : 'PGlite';
  console.log(`${engine}: ${TOTAL.toLocaleString('en')} events in documents of ${DOC_EVENTS}`);

  // Pass 1, timed: the chain's EPCIS documents captured, CONCURRENCY of them in flight as from as many
  // clients (a server with a separate database uses both cores; the embedded one runs in this thread).
  let events = 0;
  let docs = 0;
  const copyRows: unknown[][] = [];
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();
  for (const chunk of generateChain(world, TOTAL, DOC_EVENTS)) {
    const doc = document(chunk);
    const job: Promise<void> = captureDocument(as, doc, 'rollback').then(() => {
      inFlight.delete(job);
    });
    inFlight.add(job);
    if (inFlight.size >= CONCURRENCY) await Promise.race(inFlight);
    events += chunk.events.length;
    docs += 1;
    if (docs % 200 === 0) {
      const s = (performance.now() - started) / 1000;
      console.log(
        `  ${events.toLocaleString('en')} events, ${Math.round(events / s).toLocaleString('en')} events/s, ${Math.round(s)} s`,
      );
    }
  }
  await Promise.all(inFlight);
  const captureMs = performance.now() - started;
  // Capture is over: its worker threads would otherwise keep the process alive after the results.
  await closeCapturePool();

  // Pass 2, untimed: the same chain again (same seed) as custody lots and lineage, for the traces.
  const sample: { id: string; kind: string }[] = [];
  const rnd = random(99);
  for (const chunk of generateChain(world, TOTAL, DOC_EVENTS)) {
    const now = new Date();
    await insertRows(
      db,
      'custody_lots',
      LOT_COLUMNS,
      chunk.lots.map((l) => lotRow(l, now)),
    );
    await insertRows(
      db,
      'custody_lot_inputs',
      ['lot_id', 'input_id', 'contained_kg'],
      chunk.inputs.map((i) => [i.lotId, i.inputId, i.containedKg]),
    );
    for (const l of chunk.lots) {
      // About TRACES lots spread over the chain, favouring batches and outputs.
      const keep =
        l.kind === 'sack' ? TRACES / (TOTAL * 0.9) : l.kind === 'batch' ? (TRACES * 40) / TOTAL : 1;
      if (rnd() < keep) sample.push({ id: l.id, kind: l.kind });
    }
    // The same rows, kept for the COPY ceiling on PostgreSQL (the first 200,000 events give its rate).
    if (url && copyRows.length < 200_000) {
      for (const p of prepareEvents(document(chunk), now)) {
        const i = indexEvent(p.body);
        copyRows.push([
          `copy-${p.eventId}`,
          `copy-${p.hash}`,
          i.eventType,
          i.eventTime,
          now,
          i.action,
          i.bizStep,
          i.disposition,
          i.readPoint,
          i.bizLocation,
          i.parentId,
          i.epcs,
          i.inputEpcs,
          i.outputEpcs,
          i.epcClasses,
          i.inputClasses,
          i.outputClasses,
          i.bizTransactions,
          null,
          admin.organisationId,
          JSON.stringify(p.body),
        ]);
      }
    }
  }
  const captureRate = events / (captureMs / 1000);
  console.log(
    `capture: ${events.toLocaleString('en')} events in ${(captureMs / 1000).toFixed(1)} s = ${Math.round(captureRate).toLocaleString('en')} events/s (schema, hash, store)`,
  );

  if (url) {
    // The physical ceiling: COPY of the same rows into a table with the same columns and indexes.
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query('CREATE TABLE epcis_copy (LIKE epcis_events INCLUDING ALL)');
    await c.query('ALTER TABLE epcis_copy ALTER COLUMN capture_id DROP NOT NULL');
    await c.query('ALTER TABLE epcis_copy ALTER COLUMN captured_by DROP NOT NULL');
    const columns = [
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
    const text = copyRows.map((r) => `${r.map(copyField).join('\t')}\n`);
    const t = performance.now();
    await pipeline(
      Readable.from(text),
      c.query(copyFrom(`COPY epcis_copy (${columns.join(', ')}) FROM STDIN`)),
    );
    const copyRate = copyRows.length / ((performance.now() - t) / 1000);
    await c.end();
    console.log(
      `raw COPY: ${copyRows.length.toLocaleString('en')} rows = ${Math.round(copyRate).toLocaleString('en')} rows/s; capture / COPY = ${(captureRate / copyRate).toFixed(2)}`,
    );
  }

  // Trace latency on lots of every kind.
  const times: number[] = [];
  for (const s of sample) {
    const t = performance.now();
    const o = await lotOrigin(as, s.id);
    times.push(performance.now() - t);
    if (!o.bySite.length) throw new Error(`lot ${s.id} has no origin`);
  }
  times.sort((a, b) => a - b);
  const kinds = sample.reduce<Record<string, number>>(
    (m, s) => ({ ...m, [s.kind]: (m[s.kind] ?? 0) + 1 }),
    {},
  );
  console.log(
    `trace (GET /api/lots/{id}/origin service, ${times.length} lots: ${JSON.stringify(kinds)}): p50 ${pct(times, 50).toFixed(2)} ms, p95 ${pct(times, 95).toFixed(2)} ms, p99 ${pct(times, 99).toFixed(2)} ms`,
  );
  // History changed after the fact at national scale: a level-1 incident at the busiest site, reported now
  // with the harm observed before the chain began, judges again every sack of the site and every batch and
  // hydroxide made from them, in one transaction.
  const busiest = (
    await db.query<{ site_id: string; n: number }>(
      "SELECT site_id, count(*)::int AS n FROM custody_lots WHERE kind = 'sack' GROUP BY site_id ORDER BY n DESC LIMIT 1",
    )
  ).rows[0];
  const r0 = performance.now();
  await db.transaction((tx) =>
    insertIncident(
      tx,
      ctx,
      {
        siteId: busiest.site_id,
        level: 1,
        category: 'child_labour',
        title: 'Children seen at the washing',
        description: 'bench',
        source: 'analyst',
        observedAt: new Date(Date.UTC(2024, 11, 31)),
      },
      null,
      new Date(),
    ),
  );
  const rejudgeMs = performance.now() - r0;
  const rejudged = (
    await db.query<{ sacks: number; lots_changed: number }>(
      'SELECT sacks, lots_changed FROM custody_rejudgements',
    )
  ).rows[0];
  console.log(
    `re-judgement (level-1 incident observed in the past at the busiest site, ${busiest.n.toLocaleString('en')} sacks): ${rejudged.sacks.toLocaleString('en')} sacks and ${rejudged.lots_changed.toLocaleString('en')} lots changed in ${(rejudgeMs / 1000).toFixed(2)} s, one transaction`,
  );
  const size = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM epcis_events');
  console.log(`stored events: ${size.rows[0].n.toLocaleString('en')}`);
  await db.close();
  if (base) {
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    await c.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await c.end();
  } else fs.rmSync(dataDir, { recursive: true, force: true });
  void uuidv7;
}

await main();
