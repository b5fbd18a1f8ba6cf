import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type Browser, type BrowserContext, type ConsoleMessage, chromium, type Page } from 'playwright-core';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const SHOTS = path.join(ROOT, 'test/e2e/screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CLI = path.join(ROOT, 'src/cli/amana.ts');
const PASSWORD = 'amana-demo-2026';

export interface Viewport {
  width: number;
  height: number;
}

export interface E2e {
  base: string;
  browser: Browser;
  /** Signs in through the form on this page. */
  signIn: (page: Page, email: string, password?: string) => Promise<void>;
  /**
   * A new page of `email`'s browser context, on the home page. The context is signed in through the form once
   * per file, on the first page asked for, and kept for the next tests: a test that signs out, changes the
   * language, the password or the organisation of its session opens its own page and signs in with signIn.
   */
  pageAs: (email: string, viewport?: Viewport) => Promise<Page>;
  shot: (page: Page, name: string, fullPage?: boolean) => Promise<void>;
  close: () => Promise<void>;
}

/** What the demo world is made from: any change to the sources seeds it anew. */
function sourceHash(): string {
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

const adminQuery = async (sql: string, values: unknown[] = []) => {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return await client.query(sql, values);
  } finally {
    await client.end();
  }
};

const databaseUrl = (name: string) => {
  const url = new URL(process.env.DATABASE_URL as string);
  url.pathname = `/${name}`;
  return url.toString();
};

const hourOf = (ms: number) => new Date(ms).toISOString().slice(0, 13).replaceAll(/[-T]/g, '');

/**
 * The demo world the server starts from: a data directory (and on PostgreSQL a template database) seeded once
 * per source version, environment and hour, then copied for each test file, so that a file — or a single test
 * run alone — does not seed the demo again. A world is kept for the hour, as the API tests keep theirs.
 */
async function demoWorld(env: NodeJS.ProcessEnv): Promise<{ dataDir: string; template?: string }> {
  const hour = hourOf(Date.now());
  const settings = Object.entries(env)
    .filter(([name]) => name.startsWith('AMANA_'))
    .sort();
  const variant = createHash('sha256').update(JSON.stringify(settings)).digest('hex').slice(0, 8);
  const key = `${hour}_${sourceHash()}_${variant}`;
  const worlds = path.join(os.tmpdir(), 'amana-e2e-worlds');
  fs.mkdirSync(worlds, { recursive: true });
  // Worlds of earlier hours (or other source versions) go once they are a few hours old.
  for (const old of fs.readdirSync(worlds)) {
    const p = path.join(worlds, old);
    const made = fs.statSync(p, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
    if (Date.now() - made > 3 * 3600_000) fs.rmSync(p, { recursive: true, force: true });
  }
  if (!process.env.DATABASE_URL) {
    const dataDir = path.join(worlds, key);
    if (!fs.existsSync(dataDir)) {
      const partial = `${dataDir}.${process.pid}`;
      await amana(['seed', '--demo'], { ...env, AMANA_DATA_DIR: partial });
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
      fs.rmSync(partial, { recursive: true, force: true });
      await amana(['seed', '--demo'], {
        ...env,
        AMANA_DATA_DIR: partial,
        DATABASE_URL: databaseUrl(template),
      });
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.renameSync(partial, dataDir);
    }
    await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [template]);
  } finally {
    await admin.end();
  }
  return { dataDir, template };
}

/** The real server on a copy of the demo world (PGlite, or PostgreSQL with DATABASE_URL), and Chromium driving it. */
export async function startE2e(): Promise<E2e> {
  assert.ok(fs.existsSync(path.join(ROOT, 'web/dist/index.html')), 'build the web app first: npm run build');
  assert.ok(fs.existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: apt-get install -y chromium`);
  fs.mkdirSync(SHOTS, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  const world = await demoWorld(env);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amana-e2e-'));
  fs.cpSync(world.dataDir, dataDir, { recursive: true });
  let database: string | undefined;
  if (world.template) {
    database = `amana_e2e_t_${randomBytes(6).toString('hex')}`;
    await adminQuery(`CREATE DATABASE ${database} TEMPLATE ${world.template}`);
    env.DATABASE_URL = databaseUrl(database);
  }
  // On a port the system picks, which the server names once it listens: no two servers of the machine meet.
  const server: ChildProcess = spawn(process.execPath, [CLI, 'serve'], {
    env: { ...env, AMANA_DATA_DIR: dataDir, PORT: '0' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const listening = new Promise<string | undefined>((resolve) => {
    server.stderr?.on('data', (d) => {
      stderr = (stderr + d).slice(-4000);
      const address = /listening on (http:\/\/[\d.]+:\d+)/.exec(stderr)?.[1];
      if (address) resolve(address);
    });
    server.once('exit', () => resolve(undefined));
    setTimeout(() => resolve(undefined), 300_000).unref();
  });
  const exited = new Promise((r) => server.once('exit', r));
  const stopServer = async () => {
    if (server.exitCode === null && server.signalCode === null) server.kill('SIGTERM');
    await exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (database) await adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  };
  // Chromium starts while the server does.
  const launched = chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  launched.catch(() => {}); // awaited below, after the server
  let base: string;
  let browser: Browser;
  try {
    // On a busy machine the server can take a while to listen, but it says so or exits.
    const address = await listening;
    assert.ok(address, `the server did not start (exit ${server.exitCode}):\n${stderr}`);
    base = address;
    assert.ok((await fetch(`${base}/api/health`)).ok, `the server is not healthy:\n${stderr}`);
    browser = await launched;
  } catch (error) {
    await launched.then((b) => b.close()).catch(() => {});
    await stopServer();
    throw error;
  }
  // Every page and context the tests open reports what the Content-Security-Policy blocked; close() fails on any.
  const cspViolations: string[] = [];
  const watched = new WeakSet<BrowserContext>();
  const watch = (context: BrowserContext) => {
    if (watched.has(context)) return;
    watched.add(context);
    context.on('console', (m: ConsoleMessage) => {
      if (/Content Security Policy/i.test(m.text()))
        cspViolations.push(`${m.page()?.url() ?? ''}: ${m.text()}`);
    });
  };
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (...args) => {
    const context = await newContext(...args);
    watch(context);
    return context;
  };
  const newPage = browser.newPage.bind(browser);
  browser.newPage = async (...args) => {
    const page = await newPage(...args);
    watch(page.context());
    return page;
  };

  const signIn = async (page: Page, email: string, password = PASSWORD) => {
    await page.goto(base);
    await page.getByLabel('Adresse e-mail').fill(email);
    await page.getByLabel('Mot de passe').fill(password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
  };
  const home = (page: Page) => page.getByRole('heading', { name: 'Accueil' }).waitFor();
  // Each person's context, signed in on its first page; a sign-in that failed is tried again by the next test.
  const contexts = new Map<string, Promise<{ context: BrowserContext; first?: Page }>>();
  const pageAs = async (email: string, viewport?: Viewport) => {
    let known = contexts.get(email);
    if (!known) {
      known = (async () => {
        const context = await browser.newContext();
        const first = await context.newPage();
        if (viewport) await first.setViewportSize(viewport);
        await signIn(first, email);
        await home(first);
        return { context, first };
      })();
      contexts.set(email, known);
      known.catch(() => contexts.delete(email));
    }
    const signedIn = await known;
    const { first } = signedIn;
    if (first) {
      signedIn.first = undefined;
      return first;
    }
    const page = await signedIn.context.newPage();
    if (viewport) await page.setViewportSize(viewport);
    await page.goto(base);
    await home(page);
    return page;
  };

  return {
    base,
    browser,
    signIn,
    pageAs,
    async shot(page, name, fullPage = true) {
      await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });
    },
    async close() {
      await browser.close();
      await stopServer();
      assert.deepEqual(cspViolations, [], 'the Content-Security-Policy blocked something the web app does');
    },
  };
}
