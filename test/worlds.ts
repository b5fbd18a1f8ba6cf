// The worlds tests start from, made once and copied: an empty embedded cluster (so no test pays initdb), and
// the demo world as a data directory seeded by `amana seed --demo` (with the instance's keys beside it, and on
// PostgreSQL a template database) for tests that run Amana as separate processes — the browser tests and the
// command-line tests. The API tests' in-process worlds are in test/api/harness.ts and use the same pieces.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

const ROOT = path.resolve(import.meta.dirname, '..');
const CLI = path.join(ROOT, 'src/cli/amana.ts');
export const WORLDS_DIR = path.join(os.tmpdir(), 'amana-test-worlds');

/** What the demo world is made from: any change to the sources seeds it anew. */
export function sourceHash(): string {
  const h = createHash('sha256');
  const walk = (dir: string) => {
    for (const d of fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, d.name);
      if (d.isDirectory()) walk(p);
      else if (!d.name.endsWith('.test.ts')) h.update(p).update(fs.readFileSync(p));
    }
  };
  walk(path.join(ROOT, 'src'));
  return h.digest('hex').slice(0, 12);
}

/** Writes `data` to `file` through a partial file renamed into place, so no reader sees half of it. */
function writeWhole(file: string, data: Buffer) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}`;
  fs.writeFileSync(partial, data);
  fs.renameSync(partial, file);
}

/**
 * A freshly initialised, empty PGlite cluster, made once per PGlite version and kept uncompressed: loading it
 * takes a fraction of the time `initdb` takes, which every new embedded database would otherwise pay.
 */
export async function emptyCluster(): Promise<Blob> {
  const { version } = JSON.parse(
    fs.readFileSync(path.join(ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8'),
  );
  const file = path.join(WORLDS_DIR, `empty-cluster-${version}.tar`);
  if (!fs.existsSync(file)) {
    const pglite = await PGlite.create();
    writeWhole(file, Buffer.from(await (await pglite.dumpDataDir('none')).arrayBuffer()));
    await pglite.close();
  }
  return new Blob([fs.readFileSync(file)]);
}

/** Makes `dir` an empty embedded data directory, as `amana` would on its first start, without initdb. */
export async function emptyDataDir(dir: string): Promise<void> {
  const pglite = await PGlite.create(dir, { loadDataDir: await emptyCluster() });
  await pglite.close();
}

/** Runs an amana command to its end; fails with what it wrote to stderr. */
async function amana(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr = (stderr + d).slice(-4000);
  });
  const code = await new Promise((r) => child.once('exit', r));
  assert.equal(code, 0, `amana ${args.join(' ')} failed:\n${stderr}`);
}

export const adminQuery = async (sql: string, values: unknown[] = []) => {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return await client.query(sql, values);
  } finally {
    await client.end();
  }
};

export const databaseUrl = (name: string) => {
  const url = new URL(process.env.DATABASE_URL as string);
  url.pathname = `/${name}`;
  return url.toString();
};

const hourOf = (ms: number) => new Date(ms).toISOString().slice(0, 13).replaceAll(/[-T]/g, '');

/**
 * The demo world as `amana seed --demo` leaves it: a data directory (and on PostgreSQL a template database)
 * seeded once per source version, settings and hour, for copies. Worlds of earlier hours go once a few hours old.
 */
async function demoWorld(env: NodeJS.ProcessEnv): Promise<{ dataDir: string; template?: string }> {
  const hour = hourOf(Date.now());
  const settings = Object.entries(env)
    .filter(([name]) => name.startsWith('AMANA_') && name !== 'AMANA_DATA_DIR')
    .sort();
  const variant = createHash('sha256').update(JSON.stringify(settings)).digest('hex').slice(0, 8);
  const key = `${hour}_${sourceHash()}_${variant}`;
  const worlds = path.join(WORLDS_DIR, 'seeded');
  fs.mkdirSync(worlds, { recursive: true });
  for (const old of fs.readdirSync(worlds)) {
    const p = path.join(worlds, old);
    const made = fs.statSync(p, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
    if (Date.now() - made > 3 * 3600_000) fs.rmSync(p, { recursive: true, force: true });
  }
  const seedInto = async (partial: string, databaseUrl?: string) => {
    fs.rmSync(partial, { recursive: true, force: true });
    if (!databaseUrl) await emptyDataDir(partial);
    await amana(['seed', '--demo'], { ...env, AMANA_DATA_DIR: partial, DATABASE_URL: databaseUrl ?? '' });
  };
  if (!process.env.DATABASE_URL) {
    const dataDir = path.join(worlds, key);
    if (!fs.existsSync(dataDir)) {
      const partial = `${dataDir}.${process.pid}`;
      await seedInto(partial);
      try {
        fs.renameSync(partial, dataDir);
      } catch {
        // Another process seeded the same world first: use theirs.
        fs.rmSync(partial, { recursive: true, force: true });
      }
    }
    return { dataDir };
  }
  const template = `amana_e2e_${key}`;
  const dataDir = path.join(worlds, `pg_${key}`);
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  try {
    // One process seeds each template; the others wait for it, then copy it.
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', [template]);
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
    if (!exists.rowCount || !fs.existsSync(dataDir)) {
      const stale = await admin.query<{ datname: string }>(
        "SELECT datname FROM pg_database WHERE datname LIKE 'amana\\_e2e\\_%' AND datname < $1",
        [`amana_e2e_${hourOf(Date.now() - 2 * 3600_000)}`],
      );
      for (const r of stale.rows) await admin.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`);
      await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${template}`);
      // The data directory (the instance's keys) appears once the seed has succeeded: it marks the template whole.
      const partial = `${dataDir}.${process.pid}`;
      await seedInto(partial, databaseUrl(template));
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.renameSync(partial, dataDir);
    }
    await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [template]);
  } finally {
    await admin.end();
  }
  return { dataDir, template };
}

export interface DemoCopy {
  /** A data directory of its own, holding the instance's keys (and on PGlite the database). */
  dataDir: string;
  /** On PostgreSQL, a database of its own copied from the demo template. */
  databaseUrl: string | undefined;
  /** Removes the copy. */
  drop: () => Promise<void>;
}

/**
 * A copy of the seeded demo world in `dataDir` (a new or empty directory), for `amana` processes started with
 * `env`: what `amana seed --demo` would have left there, without seeding again.
 */
export async function demoCopy(env: NodeJS.ProcessEnv, dataDir: string): Promise<DemoCopy> {
  const world = await demoWorld(env);
  fs.cpSync(world.dataDir, dataDir, { recursive: true });
  let database: string | undefined;
  if (world.template) {
    database = `amana_t_${randomBytes(6).toString('hex')}`;
    await adminQuery(`CREATE DATABASE ${database} TEMPLATE ${world.template}`);
  }
  return {
    dataDir,
    databaseUrl: database && databaseUrl(database),
    drop: async () => {
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (database) await adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    },
  };
}

/** `amana serve` as a process of its own, which a test starts, kills and starts again on the same address. */
export interface ServerProcess {
  /** http://127.0.0.1:port, the same across restarts. */
  readonly base: string;
  readonly running: boolean;
  /** Starts the server with `env` (and `settings` over it) and waits until it answers its health check. */
  start: (settings?: NodeJS.ProcessEnv) => Promise<void>;
  /** Sends `signal` and waits for the process to end. */
  stop: (signal: NodeJS.Signals) => Promise<void>;
}

/** A port no process holds now, kept for one server's restarts. */
async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * A server for `env()` (read at each start, so a test can set the world's DATABASE_URL after making this). Starting
 * waits for the line the server writes once it listens, or its exit, for up to five minutes: on a busy machine the
 * load of the application alone can take most of a minute.
 */
export async function serverProcess(env: () => NodeJS.ProcessEnv): Promise<ServerProcess> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  return {
    base,
    get running() {
      return child !== null;
    },
    async start(settings = {}) {
      assert.equal(child, null, 'the server is already running');
      const started = spawn(process.execPath, [CLI, 'serve'], {
        env: { LOG_LEVEL: 'warn', ...env(), ...settings, PORT: String(port), HOST: '127.0.0.1' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      child = started;
      let stderr = '';
      const listening = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), 300_000);
        started.stderr?.on('data', (d) => {
          stderr = (stderr + d).slice(-4000);
          if (stderr.includes('amana: listening on')) {
            clearTimeout(timer);
            resolve(true);
          }
        });
        started.once('exit', () => {
          clearTimeout(timer);
          resolve(false);
        });
      });
      if (!listening || !(await fetch(`${base}/api/health`)).ok) {
        started.kill('SIGKILL');
        child = null;
        assert.fail(`the server did not start (exit ${started.exitCode ?? started.signalCode}):\n${stderr}`);
      }
    },
    async stop(signal) {
      const running = child;
      if (!running) return;
      if (running.exitCode === null && running.signalCode === null) {
        const exited = new Promise((r) => running.once('exit', r));
        running.kill(signal);
        await exited;
      }
      child = null;
    },
  };
}
