// List exports at 10^6 rows. For each engine — the embedded PGlite (in memory) and PostgreSQL (a throwaway
// database amana_exports on DATABASE_URL's server, or 127.0.0.1:5432) — loads the demo, adds BENCH_ROWS miners
// (default 1,000,000) to one cooperative with one INSERT … SELECT generate_series, then streams
// GET /api/persons?organisationId=…&kind=miner as CSV and as xlsx through HTTP with an analyst's token, reading the
// body as a client would. Reports rows/s, wall time, and the process's peak RSS sampled every 50 ms during the
// export against its RSS before it, beside a baseline of the same rows read by the database alone in the same
// run: `COPY (SELECT …) TO STDOUT` on PostgreSQL, the list's plain keyset SELECT in batches of 1,000 on PGlite.
// Run: npm run bench:exports   (BENCH_ROWS=N to resize, BENCH_ENGINES=pglite,postgres to choose)
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { loadConfig } from '../src/config.ts';
import { DEMO_DOMAIN } from '../src/demo/demo-world.ts';
import { seedDemo } from '../src/demo/seed-demo.ts';
import { buildApp } from '../src/http/app.ts';
import { createTokenForEmail } from '../src/services/access/tokens.ts';
import type { ServiceContext } from '../src/services/context.ts';
import { type Db, openDb } from '../src/storage/db.ts';
import { migrate } from '../src/storage/migrate.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const ENGINES = (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',');
const PORT = Number(process.env.BENCH_PORT ?? 3150);
const SERVER = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const BENCH_DB = 'amana_exports';
const MB = 1024 * 1024;

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Samples the process's resident memory and JS heap while `work` runs: their peaks, and their values just before. */
async function sampled<T>(
  work: () => Promise<T>,
): Promise<{ result: T; ms: number; before: number; peak: number; heapBefore: number; heapPeak: number }> {
  globalThis.gc?.();
  const before = process.memoryUsage.rss();
  const heapBefore = process.memoryUsage().heapUsed;
  let peak = before;
  let heapPeak = heapBefore;
  let tick = 0;
  const timer = setInterval(() => {
    // BENCH_GC=1 collects once a second: what the export holds on to, rather than garbage not yet collected.
    if (process.env.BENCH_GC === '1' && ++tick % 20 === 0) globalThis.gc?.();
    const m = process.memoryUsage();
    peak = Math.max(peak, m.rss);
    heapPeak = Math.max(heapPeak, m.heapUsed);
  }, 50);
  const start = performance.now();
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { result, ms: performance.now() - start, before, peak, heapBefore, heapPeak };
  } finally {
    clearInterval(timer);
  }
}

async function admin(sql: string) {
  const c = new pg.Client({ connectionString: SERVER });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

const benchUrl = () => {
  const url = new URL(SERVER);
  url.pathname = `/${BENCH_DB}`;
  return url.toString();
};

async function open(engine: string): Promise<Db> {
  if (engine === 'pglite') return openDb({ dataDir: 'memory' });
  await admin(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${BENCH_DB}`);
  return openDb({ databaseUrl: benchUrl(), dataDir: 'memory' });
}

const LIST_SQL = `SELECT id, full_name, kind, card_number, birth_year, created_at FROM persons
  WHERE organisation_id = $1 AND kind = 'miner'`;

/** The database alone reading the same rows in the list's order: COPY on PostgreSQL, keyset batches on PGlite. */
async function baseline(engine: string, db: Db, orgId: string): Promise<{ rows: number; bytes: number }> {
  if (engine === 'postgres') {
    const c = new pg.Client({ connectionString: benchUrl() });
    await c.connect();
    let bytes = 0;
    let rows = 0;
    try {
      await pipeline(
        c.query(
          copyTo(
            `COPY (${LIST_SQL.replace('$1', `'${orgId}'`)} ORDER BY lower(full_name), id) TO STDOUT WITH (FORMAT csv)`,
          ),
        ),
        new Writable({
          write(chunk: Buffer, _enc, done) {
            bytes += chunk.length;
            for (const b of chunk) if (b === 10) rows++;
            done();
          },
        }),
      );
    } finally {
      await c.end();
    }
    return { rows, bytes };
  }
  let rows = 0;
  let bytes = 0;
  let after: [string, string] | null = null;
  for (;;) {
    const page: { id: string; sort_value: string }[] = (
      await db.query<{ id: string; sort_value: string }>(
        `${LIST_SQL.replace('SELECT id', 'SELECT lower(full_name) AS sort_value, id')}
           AND ($2::text IS NULL OR (lower(full_name), id) > ($2, $3::uuid)) ORDER BY lower(full_name), id LIMIT 1000`,
        [orgId, after?.[0] ?? null, after?.[1] ?? null],
      )
    ).rows;
    if (page.length === 0) break;
    rows += page.length;
    bytes += JSON.stringify(page).length;
    const last = page[page.length - 1];
    after = [last.sort_value, last.id];
  }
  return { rows, bytes };
}

/** Reads an export as a client would, counting bytes (and CSV line ends) without keeping the body. */
const liveHeap = () => {
  globalThis.gc?.();
  globalThis.gc?.();
  return process.memoryUsage().heapUsed;
};

async function download(
  url: string,
  token: string,
): Promise<{ status: number; bytes: number; lines: number; live: number }> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}`, 'accept-language': 'fr' } });
  let bytes = 0;
  let lines = 0;
  let chunks = 0;
  let live = 0;
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    for (const b of value) if (b === 10) lines++;
    // Every 500 chunks, what is still alive after a full collection: the export's live memory, garbage aside.
    if (++chunks % 500 === 0) live = Math.max(live, liveHeap());
  }
  return { status: res.status, bytes, lines, live };
}

const HEADER =
  '| engine | what | rows | wall | rows/s | of baseline | size | RSS before | peak RSS | growth | peak JS heap growth | live JS heap growth |\n|---|---|---|---|---|---|---|---|---|---|---|---|';

/** One line of the results table, printed as soon as it is measured (a long run keeps what it finished). */
function report(l: Line, base: Line | undefined) {
  const rate = l.rows / (l.ms / 1000);
  const baseRate = base ? base.rows / (base.ms / 1000) : rate;
  console.log(
    `| ${l.engine} | ${l.what} | ${fmt(l.rows)} | ${fmt(l.ms / 1000, 1)} s | ${fmt(rate)} | ${fmt(rate / baseRate, 2)}× | ${fmt(l.bytes / MB, 1)} MiB | ${fmt(l.before / MB)} MiB | ${fmt(l.peak / MB)} MiB | +${fmt((l.peak - l.before) / MB)} MiB | +${fmt((l.heapPeak - l.heapBefore) / MB)} MiB | ${l.live ? `${l.live >= l.heapBefore ? '+' : ''}${fmt((l.live - l.heapBefore) / MB)} MiB` : '—'} |`,
  );
}

interface Line {
  engine: string;
  what: string;
  rows: number;
  ms: number;
  bytes: number;
  before: number;
  peak: number;
  heapBefore: number;
  heapPeak: number;
  /** Most JS heap alive (after a full collection) during an export. */
  live?: number;
}

async function run(engine: string): Promise<Line[]> {
  const db = await open(engine);
  const lines: Line[] = [];
  try {
    await migrate(db);
    const ctx: ServiceContext = {
      db,
      config: { ...loadConfig({}), logLevel: 'silent', exportMaxRows: 1_048_575 },
      clock: () => new Date(),
    };
    await seedDemo(ctx);
    const org = (
      await db.query<{ id: string }>(
        "SELECT id FROM organisations WHERE 'cooperative' = ANY(chain_roles) ORDER BY legal_name LIMIT 1",
      )
    ).rows[0].id;
    let t0 = performance.now();
    await db.query(
      `INSERT INTO persons (id, organisation_id, full_name, kind, card_number, birth_year, operating_zones, created_at, updated_at)
       SELECT gen_random_uuid(), $1, 'Mineur ' || lpad(i::text, 7, '0') || ' Kalenga', 'miner', 'BENCH-' || i, 1970 + i % 35,
              '{}', now(), now()
         FROM generate_series(1, $2::int) AS i`,
      [org, ROWS],
    );
    await db.exec('ANALYZE persons');
    console.log(`${engine}: ${fmt(ROWS)} miners written in ${fmt((performance.now() - t0) / 1000, 1)} s`);
    const { token } = await createTokenForEmail(ctx, `analyst@${DEMO_DOMAIN}`, { name: 'bench' });
    const app = await buildApp(ctx, { logger: false });
    await app.listen({ host: '127.0.0.1', port: PORT });
    try {
      const base = `http://127.0.0.1:${PORT}/api/persons?organisationId=${org}&kind=miner`;
      const first = await fetch(`${base}&limit=1`, { headers: { authorization: `Bearer ${token}` } });
      if (first.status !== 200) throw new Error(`the list answers ${first.status}`);
      const seeded = (
        await db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM persons WHERE organisation_id = $1 AND kind = 'miner'",
          [org],
        )
      ).rows[0].n;
      t0 = performance.now();
      const b = await sampled(() => baseline(engine, db, org));
      lines.push({
        engine,
        what: engine === 'postgres' ? 'baseline: COPY … TO STDOUT' : 'baseline: plain keyset SELECT',
        rows: b.result.rows,
        ms: b.ms,
        bytes: b.result.bytes,
        before: b.before,
        peak: b.peak,
        heapBefore: b.heapBefore,
        heapPeak: b.heapPeak,
      });
      report(lines[0], lines[0]);
      for (const format of ['csv', 'xlsx'] as const) {
        const r = await sampled(() => download(`${base}&format=${format}`, token));
        if (r.result.status !== 200) throw new Error(`${format} export answered ${r.result.status}`);
        lines.push({
          engine,
          what: `export ${format}`,
          // CSV: one line per row after the header; xlsx is counted by the list itself.
          rows: format === 'csv' ? r.result.lines - 1 : seeded,
          ms: r.ms,
          bytes: r.result.bytes,
          before: r.before,
          peak: r.peak,
          heapBefore: r.heapBefore,
          heapPeak: r.heapPeak,
          live: r.result.live,
        });
        report(lines[lines.length - 1], lines[0]);
      }
      if (lines.at(-2)?.rows !== seeded)
        throw new Error(`the CSV holds ${lines.at(-2)?.rows} rows of ${seeded}`);
    } finally {
      await app.close();
    }
  } finally {
    await db.close();
    if (engine === 'postgres') await admin(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
  }
  return lines;
}

console.log(HEADER);
for (const engine of ENGINES) await run(engine);
process.exit(0);
