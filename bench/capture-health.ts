// Whether a large EPCIS capture stalls the server: latency of GET /api/health while one document of
// BENCH_MB megabytes (default 50) is captured, against the same endpoint's latency when idle, measured in
// the same run. The server runs in its own process, as `amana serve` would.
// Run: npm run bench:capture-health                      (embedded PGlite, on disk)
//      DATABASE_URL=postgres://… npm run bench:capture-health
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { generateChain, makeWorld } from './custody-generator.ts';

const MB = Number(process.env.BENCH_MB ?? 50);
const IDLE_SAMPLES = Number(process.env.BENCH_IDLE ?? 200);
/** Pause between two health requests, so the probe itself does not load the server. */
const PROBE_GAP_MS = 10;

async function serve() {
  const { loadConfig } = await import('../src/config.ts');
  const { buildApp } = await import('../src/http/app.ts');
  const { bootstrapAdmin } = await import('../src/services/access/bootstrap.ts');
  const { createTokenForEmail } = await import('../src/services/access/tokens.ts');
  const { openDb } = await import('../src/storage/db.ts');
  const { migrate } = await import('../src/storage/migrate.ts');
  const config = { ...loadConfig(process.env), logLevel: 'silent' };
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await migrate(db);
  const ctx = { db, config, clock: () => new Date() };
  await bootstrapAdmin(ctx, {
    email: 'bench@bench.test',
    name: 'bench',
    password: 'lanterne-kolwezi-puits-7',
    organisationName: 'Bench',
  });
  const { token } = await createTokenForEmail(ctx, 'bench@bench.test', { name: 'bench' });
  const app = await buildApp(ctx, { logger: false });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  process.send?.({ url, token });
  process.on('message', async () => {
    await app.close();
    await db.close();
    process.exit(0);
  });
}

/**
 * A document of about `mb` megabytes from the synthetic national chain, under a namespace of its own:
 * Amana's (urn:amana:) holds only what Amana registered, and this document is any EPCIS client's.
 */
function documentOf(mb: number): { text: string; events: number } {
  const events: string[] = [];
  let bytes = 0;
  for (const chunk of generateChain(makeWorld(), Number.MAX_SAFE_INTEGER, 1000)) {
    for (const e of chunk.events) {
      const json = JSON.stringify(e).replaceAll('urn:amana:', 'urn:bench:');
      events.push(json);
      bytes += json.length + 1;
    }
    if (bytes >= mb * 1024 * 1024) break;
  }
  const text = `{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"${new Date().toISOString()}","epcisBody":{"eventList":[${events.join(',')}]}}`;
  return { text, events: events.length };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

async function main() {
  const base = process.env.DATABASE_URL;
  const name = `amana_bench_${randomBytes(4).toString('hex')}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AMANA_EPCIS_MAX_BYTES: String((MB + 8) * 1024 * 1024),
    AMANA_EPCIS_MAX_EVENTS: String(1_000_000),
  };
  let dataDir: string | null = null;
  if (base) {
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    await c.query(`CREATE DATABASE ${name}`);
    await c.end();
    const u = new URL(base);
    u.pathname = `/${name}`;
    env.DATABASE_URL = u.toString();
  } else {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amana-bench-'));
    env.AMANA_DATA_DIR = dataDir;
  }
  const doc = documentOf(MB);
  const body = Buffer.from(doc.text);
  const server = fork(import.meta.filename, ['--serve'], { env });
  const { url, token } = await new Promise<{ url: string; token: string }>((resolve, reject) => {
    server.once('message', (m) => resolve(m as { url: string; token: string }));
    server.once('exit', (code) => reject(new Error(`the server exited (${code})`)));
  });
  const health = async () => {
    const t = performance.now();
    const res = await fetch(`${url}/api/health`);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`health answered ${res.status}`);
    return performance.now() - t;
  };
  for (let i = 0; i < 20; i++) await health();
  const idle: number[] = [];
  for (let i = 0; i < IDLE_SAMPLES; i++) {
    idle.push(await health());
    await sleep(PROBE_GAP_MS);
  }

  let done = false;
  const during: number[] = [];
  const started = performance.now();
  const capture = fetch(`${url}/epcis/capture`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/ld+json' },
    body,
  }).then(async (res) => {
    const answer = await res.json();
    done = true;
    return { status: res.status, answer, ms: performance.now() - started };
  });
  while (!done) {
    during.push(await health());
    await sleep(PROBE_GAP_MS);
  }
  const result = await capture;
  server.send('stop');
  await new Promise((resolve) => server.once('exit', resolve));
  if (base) {
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  }
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  if (result.status !== 202 || result.answer.storedCount !== doc.events)
    throw new Error(`capture answered ${result.status}: ${JSON.stringify(result.answer).slice(0, 500)}`);

  const idleP50 = pct(idle, 50);
  const row = (label: string, xs: number[]) =>
    `| ${label} | ${xs.length} | ${pct(xs, 50).toFixed(1)} ms (${(pct(xs, 50) / idleP50).toFixed(1)}×) | ${pct(xs, 95).toFixed(1)} ms (${(pct(xs, 95) / idleP50).toFixed(1)}×) | ${Math.max(...xs).toFixed(1)} ms (${(Math.max(...xs) / idleP50).toFixed(1)}×) |`;
  console.log(
    `${base ? 'PostgreSQL' : 'PGlite'}: one document of ${(body.length / 1024 / 1024).toFixed(1)} MB, ${doc.events.toLocaleString('en')} events, captured in ${(result.ms / 1000).toFixed(1)} s (${Math.round(doc.events / (result.ms / 1000)).toLocaleString('en')} events/s)`,
  );
  console.log('| GET /api/health | requests | p50 (× idle p50) | p95 | max |');
  console.log('|---|---|---|---|---|');
  console.log(row('idle', idle));
  console.log(row('during the capture', during));
}

if (process.argv.includes('--serve')) await serve();
else await main();
