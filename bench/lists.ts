// Lists, map and dashboards at national size. On a fresh PostgreSQL database (DATABASE_URL) holding the demo,
// measures p50/p95 of every list, map and dashboard route through HTTP with real tokens, then grows the world
// by bulk COPY (bench/lists-world.ts) to each of BENCH_SIZES (default 1000,10000,100000) sites, visits and
// incidents and measures again, as ratios to the demo in the same run. It also compares the throughput of an
// authenticated list read with a bare Fastify server answering the same bytes, times the worker's time-rule
// pass, and times a site import against COPY of the same rows. Run: DATABASE_URL=postgres://… npm run bench:lists
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import Fastify from 'fastify';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { loadConfig } from '../src/config.ts';
import { DEMO_DOMAIN, DEMO_USERS } from '../src/demo/demo-world.ts';
import { seedDemo } from '../src/demo/seed-demo.ts';
import type { Role } from '../src/domain/access/roles.ts';
import { createTokenForEmail } from '../src/services/access/tokens.ts';
import { runTimeRules } from '../src/services/assessments/site-status.ts';
import type { ServiceContext } from '../src/services/context.ts';
import { installReferenceData } from '../src/services/reference-data.ts';
import { importSites } from '../src/services/sites/site-exchange.ts';
import { openDb } from '../src/storage/db.ts';
import { migrate } from '../src/storage/migrate.ts';
import { type Anchors, emptyWorld, growWorld, type World } from './lists-world.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 40);
const IMPORT_COUNT = Number(process.env.BENCH_IMPORT ?? 10_000);

interface Answer {
  status: number;
  bytes: number;
  ms: number;
  body: Buffer;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
/** What Chrome and Firefox send. */
const BROWSER = 'gzip, deflate, br, zstd';

/** One GET, timed until the last byte; the body stays as sent (compressed when asked for). */
function get(base: string, p: string, headers: Record<string, string> = {}): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}${p}`, { agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, bytes: body.length, ms: performance.now() - started, body });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/** Starts a child process and resolves with the address it prints ("listening on http://…"). */
function startChild(args: string[], env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /listening on (http:\/\/\S+?)[\s)]/.exec(err);
      if (m) resolve({ child, url: m[1].replace('localhost', '127.0.0.1').replace('0.0.0.0', '127.0.0.1') });
    });
    child.on('exit', (code) => reject(new Error(`child exited ${code}: ${err}`)));
  });
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

interface Route {
  name: string;
  role: Role | null;
  path: string;
  /** Fewer repetitions for the big answers. */
  repeat?: number;
  /** The Accept-Encoding sent; by default a browser's (Chrome, Firefox). */
  encoding?: string;
}

function routes(siteId: string): Route[] {
  return [
    { name: 'sites (by code)', role: 'analyst', path: '/api/sites' },
    { name: 'sites sort=name', role: 'analyst', path: '/api/sites?sort=name' },
    { name: 'sites sort=-name, 2nd page', role: 'analyst', path: '/api/sites?sort=-name&cursor=$next' },
    { name: 'sites status=red', role: 'regulator', path: '/api/sites?status=red' },
    { name: 'sites province', role: 'regulator', path: '/api/sites?province=Lualaba&sort=name' },
    { name: 'sites of a cooperative', role: 'cooperative_manager', path: '/api/sites?cooperativeId=$coop' },
    // As Chrome and Firefox ask (zstd chosen), and as Safari asks (brotli).
    { name: 'site map (zstd)', role: 'analyst', path: '/api/sites/map', repeat: 5 },
    {
      name: 'site map (br)',
      role: 'analyst',
      path: '/api/sites/map',
      repeat: 5,
      encoding: 'gzip, deflate, br',
    },
    { name: 'public sites', role: null, path: '/api/public/sites' },
    { name: 'organisations', role: 'analyst', path: '/api/organisations' },
    { name: 'organisations sort=name', role: 'analyst', path: '/api/organisations?sort=name' },
    { name: 'incidents (analyst)', role: 'analyst', path: '/api/incidents' },
    { name: 'incidents overdue', role: 'analyst', path: '/api/incidents?overdue=true' },
    { name: 'incidents of a site', role: 'analyst', path: `/api/incidents?siteId=${siteId}` },
    { name: 'incidents (cooperative)', role: 'cooperative_manager', path: '/api/incidents' },
    { name: 'incidents (depot)', role: 'buyer', path: '/api/incidents' },
    { name: 'incidents (refiner)', role: 'downstream', path: '/api/incidents' },
    {
      name: 'incidents awaiting my verification',
      role: 'analyst',
      path: '/api/incidents?awaitingMyVerification=true',
    },
    { name: 'assessments submitted', role: 'analyst', path: '/api/assessments?status=submitted' },
    { name: 'organisations KYC pending', role: 'analyst', path: '/api/organisations?kycStatus=pending' },
    { name: 'visits', role: 'analyst', path: '/api/visits' },
    { name: 'visits of a site', role: 'monitor', path: `/api/visits?siteId=${siteId}` },
    { name: 'dashboard (admin)', role: 'admin', path: '/api/dashboard' },
    { name: 'dashboard (cooperative)', role: 'cooperative_manager', path: '/api/dashboard' },
    { name: 'dashboard (depot)', role: 'buyer', path: '/api/dashboard' },
    { name: 'dashboard (refiner)', role: 'downstream', path: '/api/dashboard' },
    { name: 'incident trends (analyst)', role: 'analyst', path: '/api/reports/incident-trends' },
    { name: 'incident trends (refiner)', role: 'downstream', path: '/api/reports/incident-trends' },
    { name: 'alerts (refiner)', role: 'downstream', path: '/api/alerts' },
    { name: 'lots (depot)', role: 'buyer', path: '/api/lots' },
    { name: 'subscriptions (refiner)', role: 'downstream', path: '/api/subscriptions' },
    { name: 'assessments', role: 'analyst', path: '/api/assessments' },
    { name: 'corrective actions', role: 'analyst', path: '/api/corrective-actions' },
    { name: 'grievances', role: 'grievance_officer', path: '/api/grievances' },
    { name: 'persons', role: 'analyst', path: '/api/persons' },
    { name: 'licences', role: 'analyst', path: '/api/licences' },
    { name: 'users', role: 'admin', path: '/api/users' },
    { name: 'tokens', role: 'admin', path: '/api/tokens' },
    { name: 'map layers', role: 'analyst', path: '/api/map-layers' },
    { name: 'criteria sets', role: 'analyst', path: '/api/criteria-sets' },
    { name: 'indicator rules', role: 'analyst', path: '/api/indicator-rules' },
    { name: 'EPCIS events', role: 'analyst', path: '/epcis/events' },
  ];
}

interface Measure {
  p50: number;
  p95: number;
  bytes: number;
  status: number;
}

async function measure(
  base: string,
  tokens: Record<Role, string>,
  r: Route,
  vars: Record<string, string>,
): Promise<Measure> {
  const headers: Record<string, string> = { 'accept-encoding': r.encoding ?? BROWSER };
  if (r.role) headers.authorization = `Bearer ${tokens[r.role]}`;
  let p = r.path;
  for (const [k, v] of Object.entries(vars)) p = p.replace(`$${k}`, v);
  const repeat = r.repeat ?? REPEAT;
  for (let i = 0; i < Math.min(3, repeat); i++) await get(base, p, headers);
  const ms: number[] = [];
  let last: Answer | undefined;
  for (let i = 0; i < repeat; i++) {
    last = await get(base, p, headers);
    ms.push(last.ms);
  }
  return { p50: pct(ms, 50), p95: pct(ms, 95), bytes: last?.bytes ?? 0, status: last?.status ?? 0 };
}

/** Requests per second with `concurrency` requests in flight for `seconds`. */
async function throughput(
  base: string,
  p: string,
  headers: Record<string, string>,
  seconds = 4,
  concurrency = 8,
) {
  const until = performance.now() + seconds * 1000;
  let done = 0;
  const loop = async () => {
    while (performance.now() < until) {
      const a = await get(base, p, headers);
      if (a.status !== 200) throw new Error(`${p} answered ${a.status}`);
      done++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, loop));
  return done / ((performance.now() - started) / 1000);
}

async function compareWithBare(base: string, tokens: Record<Role, string>) {
  const auth = { authorization: `Bearer ${tokens.analyst}`, 'accept-encoding': 'identity' };
  const list = await get(base, '/api/sites', auth);
  const file = path.join(os.tmpdir(), `amana-bench-list-${process.pid}.json`);
  fs.writeFileSync(file, list.body);
  const bare = await startChild([path.join(ROOT, 'bench/lists.ts'), '--bare', file], process.env);
  try {
    await throughput(bare.url, '/x', {}, 1);
    const bareRate = await throughput(bare.url, '/x', {});
    await throughput(base, '/api/sites', auth, 1);
    const listRate = await throughput(base, '/api/sites', auth);
    const healthAuthed = await throughput(base, '/api/health', auth);
    const healthBare = await throughput(base, '/api/health', { 'accept-encoding': 'identity' });
    return { bytes: list.bytes, bareRate, listRate, healthAuthed, healthBare };
  } finally {
    bare.child.kill();
    fs.rmSync(file, { force: true });
  }
}

/** A site import through the use case against COPY of the same rows into an empty copy of the table. */
async function importAgainstCopy(ctx: ServiceContext, c: pg.Client, coopNumber: string, count: number) {
  const header = 'code,name,province,minerals,cooperatives,workforce,longitude,latitude';
  const lines = Array.from(
    { length: count },
    (_, i) =>
      `IMP-${String(i).padStart(6, '0')},Import ${i},Lualaba,cobalt;copper,${coopNumber},${100 + (i % 300)},${(25 + (i % 1000) / 1000).toFixed(4)},${(-10 - (i % 700) / 1000).toFixed(4)}`,
  );
  let t = performance.now();
  await importSites({ ...ctx, principal: null }, [header, ...lines].join('\n'));
  const importSeconds = (performance.now() - t) / 1000;
  await c.query('CREATE TABLE sites_copy (LIKE sites INCLUDING ALL)');
  const now = new Date().toISOString();
  const text = lines.map((l, i) => {
    const [code, name, province] = l.split(',');
    const geometry = JSON.stringify({
      type: 'Point',
      coordinates: [25 + (i % 1000) / 1000, -10 - (i % 700) / 1000],
    });
    return `${crypto.randomUUID()}\t${code}\t${name}\t${province}\t${geometry}\t{cobalt,copper}\tblue\t${now}\t${now}\t${now}\n`;
  });
  t = performance.now();
  await pipeline(
    Readable.from([text.join('')]),
    c.query(
      copyFrom(
        'COPY sites_copy (id, code, name, province, geometry, minerals, status, status_since, created_at, updated_at) FROM STDIN',
      ),
    ),
  );
  const copySeconds = (performance.now() - t) / 1000;
  await c.query('DROP TABLE sites_copy');
  return { importSeconds, copySeconds };
}

const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const kib = (b: number) =>
  b >= 1024 * 1024 ? `${(b / 1024 / 1024).toFixed(1)} MiB` : `${(b / 1024).toFixed(1)} KiB`;

async function main() {
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl)
    throw new Error('set DATABASE_URL to a PostgreSQL server: the benchmark makes its own database there');
  // BENCH_DB names a database an earlier run kept (BENCH_KEEP=1): measured as it is, neither grown nor dropped.
  const reuse = process.env.BENCH_DB;
  const name = reuse ?? `amana_bench_lists_${randomBytes(4).toString('hex')}`;
  if (!reuse) {
    const admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
  }
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  const db = await openDb({ databaseUrl: url, dataDir: 'memory' });
  const c = new pg.Client({ connectionString: url });
  let server: ChildProcess | undefined;
  try {
    await migrate(db);
    const config = loadConfig({ DATABASE_URL: url });
    const ctx: ServiceContext = { db, config, clock: () => new Date() };
    if (!reuse) {
      await installReferenceData(ctx);
      await seedDemo(ctx);
    }
    await c.connect();
    const tokens = {} as Record<Role, string>;
    for (const du of DEMO_USERS)
      tokens[du.role] ??= (
        await createTokenForEmail(ctx, `${du.local}@${DEMO_DOMAIN}`, { name: 'bench' })
      ).token;
    const one = async (sql: string, params: unknown[] = []) => (await c.query(sql, params)).rows[0];
    const userId = async (local: string) =>
      (await one('SELECT id FROM users WHERE email = $1', [`${local}@${DEMO_DOMAIN}`])).id;
    const orgOf = async (local: string) =>
      (
        await one(
          'SELECT m.organisation_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = $1',
          [`${local}@${DEMO_DOMAIN}`],
        )
      ).organisation_id as string;
    const coopManagerOrg = await orgOf('cooperative');
    const coops = (
      await c.query("SELECT id FROM organisations WHERE 'cooperative' = ANY(chain_roles) ORDER BY id")
    ).rows
      .map((r) => r.id as string)
      .filter((id) => id !== coopManagerOrg);
    const anchors: Anchors = {
      now: new Date(),
      monitorId: await userId('monitor'),
      analystId: await userId('analyst'),
      cooperativeIds: [coopManagerOrg, ...coops],
      depotId: await orgOf('buyer'),
      refinerId: await orgOf('downstream'),
    };
    const world: World = emptyWorld(anchors);

    const started = await startChild([path.join(ROOT, 'src/cli/amana.ts'), 'serve'], {
      ...process.env,
      DATABASE_URL: url,
      PORT: '0',
      HOST: '127.0.0.1',
      AMANA_WORKER: 'off',
      LOG_LEVEL: 'info',
    });
    server = started.child;
    const base = started.url;

    const results: { size: number; m: Map<string, Measure> }[] = [];
    const extras: string[] = [];
    const run = async (size: number) => {
      const siteId =
        (
          await one(
            'SELECT site_id FROM incidents WHERE site_id IS NOT NULL GROUP BY site_id ORDER BY count(*) DESC LIMIT 1',
          )
        )?.site_id ?? '00000000-0000-7000-8000-000000000000';
      const first = await get(base, '/api/sites?sort=-name', { authorization: `Bearer ${tokens.analyst}` });
      const vars = {
        next: encodeURIComponent(JSON.parse(first.body.toString()).nextCursor ?? ''),
        coop: coopManagerOrg,
      };
      const m = new Map<string, Measure>();
      for (const r of routes(siteId)) {
        const x = await measure(base, tokens, r, vars);
        m.set(r.name, x);
        process.stderr.write(
          `  ${size}: ${r.name} p50 ${ms(x.p50)} p95 ${ms(x.p95)} ms, ${kib(x.bytes)} (${x.status})\n`,
        );
      }
      results.push({ size, m });
      const bare = await compareWithBare(base, tokens);
      extras.push(
        `| ${size} | ${kib(bare.bytes)} | ${bare.bareRate.toFixed(0)}/s | ${bare.listRate.toFixed(0)}/s | **${(bare.listRate / bare.bareRate).toFixed(2)}** | ${bare.healthAuthed.toFixed(0)}/s | ${bare.healthBare.toFixed(0)}/s | ${(bare.healthAuthed / bare.bareRate).toFixed(2)} / ${(bare.healthBare / bare.bareRate).toFixed(2)} |`,
      );
      process.stderr.write(`  ${size}: ${extras[extras.length - 1]}\n`);
    };

    const timeRules: string[] = [];
    const passTwice = async (size: number) => {
      let t = performance.now();
      const firstPass = await runTimeRules(ctx);
      const firstMs = performance.now() - t;
      t = performance.now();
      const next = await runTimeRules(ctx);
      const nextMs = performance.now() - t;
      timeRules.push(
        `| ${size} | ${firstPass.changed} | ${ms(firstMs)} ms | ${next.changed} | ${ms(nextMs)} ms |`,
      );
      process.stderr.write(`  ${size}: time rules ${timeRules[timeRules.length - 1]}\n`);
    };

    process.stderr.write(reuse ? `${reuse}:\n` : 'demo world:\n');
    await run(0);
    if (reuse) return;
    for (const size of SIZES) {
      const t = performance.now();
      await growWorld(c, world, anchors, size);
      process.stderr.write(`grown to ${size} in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
      await passTwice(size);
      await run(size);
    }
    const coopNumber = (
      await one('SELECT number FROM registration_numbers WHERE organisation_id = $1', [coopManagerOrg])
    ).number as string;
    const imported = await importAgainstCopy(ctx, c, coopNumber, IMPORT_COUNT);

    const demo = results[0].m;
    const header = [
      'route',
      'demo p50 / p95',
      ...results.slice(1).map((r) => `${r.size.toLocaleString('en')} p50 / p95`),
    ];
    const table = [
      `| ${header.join(' | ')} | p95 / demo at ${results[results.length - 1].size.toLocaleString('en')} | answer at ${results[results.length - 1].size.toLocaleString('en')} |`,
      `|${header.map(() => '---').join('|')}|---|---|`,
    ];
    for (const [route, d] of demo) {
      const cells = results.slice(1).map((r) => {
        const x = r.m.get(route)!;
        return `${ms(x.p50)} / ${ms(x.p95)}`;
      });
      const last = results[results.length - 1].m.get(route)!;
      table.push(
        `| ${route} | ${ms(d.p50)} / ${ms(d.p95)} | ${cells.join(' | ')} | ${(last.p95 / d.p95).toFixed(1)}× | ${kib(last.bytes)} |`,
      );
    }
    console.log(
      `\nPostgreSQL, ${REPEAT} requests per route (5 for the map), one at a time, asking as a browser does (answers above 1 KiB compressed), milliseconds through HTTP until the last byte:\n`,
    );
    console.log(table.join('\n'));
    console.log(
      '\nAuthenticated list read (GET /api/sites, 50 sites) against a bare Fastify server sending the same bytes, 8 in flight:\n',
    );
    console.log(
      '| size | answer | bare Fastify | GET /api/sites with token | ratio | GET /api/health with token | without | health ratios |',
    );
    console.log('|---|---|---|---|---|---|---|---|');
    console.log(extras.join('\n'));
    console.log(
      '\nWorker time-rule pass after growing (first pass applies what the new sites have due, the next finds nothing):\n',
    );
    console.log('| size | first pass: changes | time | next pass: changes | time |');
    console.log('|---|---|---|---|---|');
    console.log(timeRules.join('\n'));
    console.log(
      `\nSite import of ${IMPORT_COUNT.toLocaleString('en')} new sites (CSV, all-or-nothing, one event each): ${imported.importSeconds.toFixed(1)} s; COPY of the same rows: ${imported.copySeconds.toFixed(2)} s; ratio ${(imported.copySeconds / imported.importSeconds).toFixed(3)}×`,
    );
  } finally {
    server?.kill();
    agent.destroy();
    await c.end().catch(() => {});
    await db.close();
    if (!process.env.BENCH_KEEP && !reuse) {
      const a = new pg.Client({ connectionString: baseUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    } else process.stderr.write(`kept database ${name}\n`);
  }
}

/** The bare server: answers the bytes of one file at every path, as fast as Fastify can. */
async function bareServer(file: string) {
  const body = fs.readFileSync(file);
  const app = Fastify();
  app.get('/*', (_req, reply) => reply.type('application/json; charset=utf-8').send(body));
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  process.stderr.write(`listening on ${address}\n`);
}

if (process.argv[2] === '--bare') await bareServer(process.argv[3]);
else await main();
