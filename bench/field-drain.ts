// 500 phones come back to the network at once, each with 200 visits in its outbox, against one server: how long until
// every record is acknowledged, and, counted in the database afterwards, how many were stored twice or lost. The
// baseline is the same number of records sent by one phone, in the same run, on the same server.
// Run: npm run bench:field-drain (DATABASE_URL=postgres://… for PostgreSQL; BENCH_PHONES, BENCH_RECORDS to resize).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { demoCopy } from '../test/worlds.ts';

const CLI = path.resolve(import.meta.dirname, '../src/cli/amana.ts');
const PHONES = Number(process.env.BENCH_PHONES ?? 500);
const RECORDS = Number(process.env.BENCH_RECORDS ?? 200);
// As the app sends them: web/field/src/sync.ts BATCH, one batch at a time per phone, each answer before the next.
const BATCH = 20;
const PORT = Number(process.env.BENCH_PORT ?? 3111);
const base = `http://127.0.0.1:${PORT}`;
const databaseUrl = process.env.DATABASE_URL || '';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amana-bench-drain-'));
const env = { ...process.env, AMANA_DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_URL: databaseUrl };
const amana = (...args: string[]) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`amana ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
};

// On PGlite a copy of the tests' demo world (seeded once, cached); on PostgreSQL the demo seeded into the database named.
if (databaseUrl) amana('seed', '--demo');
else {
  const { DATABASE_URL: _none, ...embedded } = process.env;
  await demoCopy(embedded, dataDir);
}
// The phones are the demo monitor's, who is assigned every demo site (decision 0021): one user, many devices, each
// registered and checked at every request as any phone is (decision 0031).
const tokens = [amana('token', 'create', '--user', 'monitor@demo.amana.test')];
const server = spawn(process.execPath, [CLI, 'serve'], {
  env: { ...env, PORT: String(PORT), HOST: '127.0.0.1' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${base}/api/health`)).ok) break;
  } catch {}
  if (i > 600) throw new Error('the server did not start');
  await new Promise((r) => setTimeout(r, 100));
}

interface Phone {
  token: string;
  device: string;
  records: { kind: 'visit'; body: Record<string, unknown> }[];
}

const call = async (phone: Pick<Phone, 'token' | 'device'>, method: string, url: string, body?: unknown) => {
  const res = await fetch(`${base}${url}`, {
    method,
    headers: {
      authorization: `Bearer ${phone.token}`,
      'content-type': 'application/json',
      'amana-device': phone.device,
      'amana-device-time': new Date().toISOString(),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
};

// The sites, read as the browser app would (no device named).
const sites = (await (
  await fetch(`${base}/api/sites?limit=200`, { headers: { authorization: `Bearer ${tokens[0]}` } })
).json()) as { items: { id: string }[] };
// Fixed pseudo-random indicators (a linear congruential sequence), so two runs send the same visits.
let seed = 42;
const rand = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};

/** A phone registered to its user, with its outbox of visits made over the last month. */
async function makePhone(n: number, records: number, tag: string): Promise<Phone> {
  const token = tokens[n % tokens.length];
  const device = crypto.randomUUID();
  const reg = await fetch(`${base}/api/me/devices`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'amana-device': device },
    body: JSON.stringify({ id: device, name: `bench phone ${n}` }),
  });
  if (reg.status !== 201) throw new Error(`device ${n}: ${reg.status} ${await reg.text()}`);
  const list = [];
  for (let i = 0; i < records; i++) {
    const id = uuidv7();
    list.push({
      kind: 'visit' as const,
      body: {
        id,
        siteId: sites.items[Math.floor(rand() * sites.items.length)].id,
        visitedAt: new Date(Date.now() - Math.floor(rand() * 30 * 86_400_000)).toISOString(),
        indicators: {
          headCount: 10 + Math.floor(rand() * 200),
          // Mostly none: a visit that sees children opens an incident by the threshold rules, as in the field.
          childrenSeen: rand() < 0.01 ? 1 : 0,
          pregnantWomenSeen: 0,
          ppeSharePct: Math.floor(rand() * 100),
          securityForcesPresent: rand() < 0.05,
          armedPeoplePresent: false,
        },
        notes: `${tag} ${n}-${i}`,
      },
    });
  }
  return { token, device, records: list };
}

let refusal: string | undefined;

/** Sends a phone's outbox as the app does; a batch the network or server lost is sent again. */
async function drain(phone: Phone, outcomes: Map<string, number>) {
  for (let i = 0; i < phone.records.length; i += BATCH) {
    const batch = phone.records.slice(i, i + BATCH);
    for (let attempt = 0; ; attempt++) {
      const res = await call(phone, 'POST', '/api/field/sync', { records: batch }).catch(() => undefined);
      if (res?.status === 200) {
        for (const r of res.body.results) {
          outcomes.set(r.outcome, (outcomes.get(r.outcome) ?? 0) + 1);
          if (r.outcome === 'refused' && !refusal) refusal = JSON.stringify(r.problem);
        }
        break;
      }
      if (attempt >= 5) throw new Error(`batch refused: ${res?.status} ${JSON.stringify(res?.body)}`);
      await new Promise((r) => setTimeout(r, 500 * (attempt + 1)));
    }
  }
}

async function run(label: string, phones: number, perPhone: number) {
  const tag = `bench-${label}`;
  const fleet = await Promise.all(Array.from({ length: phones }, (_, n) => makePhone(n, perPhone, tag)));
  const outcomes = new Map<string, number>();
  const started = performance.now();
  await Promise.all(fleet.map((p) => drain(p, outcomes)));
  const seconds = (performance.now() - started) / 1000;
  return { label, phones, records: phones * perPhone, seconds, outcomes: Object.fromEntries(outcomes), tag };
}

const total = PHONES * RECORDS;
const baseline = await run('one', 1, total);
const fleet = await run('fleet', PHONES, RECORDS);

server.kill('SIGTERM');
await new Promise((r) => server.once('exit', r));

/** Counted in the database: distinct records present, rows beyond one per record (duplicates), records missing. */
async function count(tag: string, expected: number) {
  const sql = `SELECT count(*)::int AS rows, count(DISTINCT notes)::int AS distinct FROM visits WHERE notes LIKE $1`;
  let row: { rows: number; distinct: number };
  if (databaseUrl) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    row = (await client.query(sql, [`${tag} %`])).rows[0];
    await client.end();
  } else {
    const db = new PGlite(dataDir);
    row = ((await db.query(sql, [`${tag} %`])).rows[0] ?? { rows: 0, distinct: 0 }) as typeof row;
    await db.close();
  }
  return { duplicates: row.rows - row.distinct, losses: expected - row.distinct };
}

const engine = databaseUrl ? 'PostgreSQL' : 'PGlite';
const lines = [];
for (const r of [baseline, fleet]) {
  const db = await count(r.tag, r.records);
  lines.push({ ...r, ...db, perSecond: Math.round(r.records / r.seconds) });
}
console.log(`field drain on ${engine}: ${PHONES} phones × ${RECORDS} visits, batches of ${BATCH}`);
for (const l of lines)
  console.log(
    `${l.label === 'one' ? 'one phone (baseline)' : `${l.phones} phones`}: ${l.records} records in ${l.seconds.toFixed(1)} s (${l.perSecond}/s), outcomes ${JSON.stringify(l.outcomes)}, duplicates ${l.duplicates}, losses ${l.losses}`,
  );
console.log(
  `fleet / one phone, records per second: ${(lines[1].perSecond / lines[0].perSecond).toFixed(2)}×`,
);
fs.rmSync(dataDir, { recursive: true, force: true });
