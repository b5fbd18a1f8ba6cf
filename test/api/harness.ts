import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../../src/config.ts';
import { DEMO_DOMAIN, DEMO_USERS } from '../../src/demo/demo-world.ts';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import type { Role } from '../../src/domain/access/roles.ts';
import { buildApp } from '../../src/http/app.ts';
import { createTokenForEmail } from '../../src/services/access/tokens.ts';
import type { ServiceContext } from '../../src/services/context.ts';
import { type Db, dumpEmbedded, openDb } from '../../src/storage/db.ts';
import { migrate } from '../../src/storage/migrate.ts';
import { emptyCluster, sourceHash, WORLDS_DIR } from '../worlds.ts';

export const ENGINE = process.env.DATABASE_URL ? 'postgres' : 'pglite';

/** An empty embedded database in memory, from the cached cluster. */
const emptyEmbedded = async () => openDb({ dataDir: 'memory', loadDataDir: await emptyCluster() });

/** A fresh, empty database: in-memory PGlite, or a new database on the DATABASE_URL server. */
export async function freshDatabase(): Promise<{
  db: Db;
  url: string | undefined;
  drop: () => Promise<void>;
}> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    const db = await emptyEmbedded();
    return { db, url: undefined, drop: async () => {} };
  }
  const name = `amana_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const db = await openDb({ databaseUrl: url.toString(), dataDir: 'memory' });
  return {
    db,
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * Settings that cannot change what seeding writes — they only refuse, throttle, or matter when something is
 * delivered or served later — so a world seeded without them serves every test that sets them. Any other
 * setting (a key, a rule, a threshold, a tolerance) seeds a world of its own.
 */
const WORLD_NEUTRAL_SETTINGS = new Set([
  'AMANA_UPLOAD_LIMIT_BYTES',
  'AMANA_EXPORT_MAX_ROWS',
  'AMANA_OPENROSA_MAX_BYTES',
  'AMANA_OPENROSA_NONCE_SECONDS',
  'AMANA_PRINCIPAL_CACHE_SECONDS',
  'AMANA_SECURE_COOKIES',
  'AMANA_TRUST_PROXY',
  'AMANA_GRIEVANCE_RATE_MAX',
  'AMANA_GRIEVANCE_RATE_WINDOW_MINUTES',
  'AMANA_LOGIN_RATE_MAX',
  'AMANA_LOGIN_RATE_WINDOW_MINUTES',
  'AMANA_LOGIN_ADDRESS_RATE_MAX',
  'AMANA_LOGIN_ADDRESS_RATE_WINDOW_MINUTES',
  'AMANA_WEBHOOK_ALLOW_RANGES',
  'AMANA_SMTP_URL',
  'AMANA_MAIL_FROM',
  'AMANA_DELIVERY_INTERVAL_SECONDS',
  'AMANA_DELIVERY_RETRY_BASE_SECONDS',
  'AMANA_WORKER',
  'AMANA_WORKER_INTERVAL_SECONDS',
  'AMANA_SEAL_INTERVAL_SECONDS',
  'AMANA_SEAL_KEY',
  'AMANA_SEAL_KEY_FILE',
  'AMANA_EPCIS_MAX_EVENTS',
  'AMANA_EPCIS_MAX_BYTES',
  'AMANA_SCREENING_LIST_MAX_BYTES',
  'AMANA_SCREENING_LIST_MAX_ENTRIES',
  // Refuses a cooperative's sale outside the state buyer's monopoly: a world seeded without it serves (decision 0039).
  'AMANA_STATE_BUYER_MONOPOLY',
  // What the public view shows and how often it is made (decision 0055): read when served, never when seeded.
  'AMANA_PUBLIC_DELAY_MONTHS',
  'AMANA_PUBLIC_CACHE_SECONDS',
  'AMANA_PUBLIC_RATE_MAX',
  'AMANA_PUBLIC_RATE_WINDOW_MINUTES',
]);

/**
 * A database of its own holding the demo world, seeded once per source version, clock and world-changing settings and
 * copied for each test app (a PGlite data-directory dump, or a PostgreSQL template database), so every test
 * file starts from the same world without seeding it again. A world seeded at "now" is kept for the hour.
 */
export async function demoDatabase(
  clock: (() => Date) | undefined,
  testEnv: NodeJS.ProcessEnv,
): Promise<{ db: Db; url: string | undefined; drop: () => Promise<void> }> {
  const sources = sourceHash();
  const when = clock ? clock().toISOString() : new Date().toISOString().slice(0, 13);
  const env = Object.fromEntries(
    Object.entries(testEnv)
      .filter(([name]) => !WORLD_NEUTRAL_SETTINGS.has(name))
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  const variant = createHash('sha256')
    .update(JSON.stringify([when, env]))
    .digest('hex')
    .slice(0, 12);
  const seed = async (db: Db) => {
    await migrate(db);
    const config = { ...loadConfig({ ...env }), logLevel: 'silent' };
    await seedDemo({ db, config, clock: clock ?? (() => new Date()) });
  };
  const base = process.env.DATABASE_URL;
  if (!base) {
    const file = path.join(WORLDS_DIR, `${sources}-${variant}.tar`);
    if (!fs.existsSync(file)) {
      const db = await emptyEmbedded();
      await seed(db);
      const dump = Buffer.from(await (await dumpEmbedded(db)).arrayBuffer());
      await db.close();
      fs.mkdirSync(WORLDS_DIR, { recursive: true });
      const partial = `${file}.${process.pid}`;
      fs.writeFileSync(partial, dump);
      fs.renameSync(partial, file);
    }
    const db = await openDb({ dataDir: 'memory', loadDataDir: new Blob([fs.readFileSync(file)]) });
    return { db, url: undefined, drop: async () => {} };
  }
  // Templates are named by day, so those of earlier days (other source versions) are dropped as they age.
  const day = (offset: number) =>
    new Date(Date.now() - offset * 86400_000).toISOString().slice(0, 10).replaceAll('-', '');
  const template = `amana_demo_${day(0)}_${sources}_${variant}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    // One process seeds each template; the others wait for it, then copy it.
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', [template]);
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
    if (!exists.rowCount) {
      const stale = await admin.query<{ datname: string }>(
        "SELECT datname FROM pg_database WHERE datname LIKE 'amana\\_demo\\_%' AND left(datname, 19) NOT IN ($1, $2)",
        [`amana_demo_${day(0)}`, `amana_demo_${day(1)}`],
      );
      for (const r of stale.rows) await admin.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${template}_partial`);
      const url = new URL(base);
      url.pathname = `/${template}_partial`;
      const db = await openDb({ databaseUrl: url.toString(), dataDir: 'memory' });
      await seed(db);
      await db.close();
      await admin.query(`ALTER DATABASE ${template}_partial RENAME TO ${template}`);
    }
    await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [template]);
    const name = `amana_t_${randomBytes(6).toString('hex')}`;
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    const url = new URL(base);
    url.pathname = `/${name}`;
    const db = await openDb({ databaseUrl: url.toString(), dataDir: 'memory' });
    return {
      db,
      url: url.toString(),
      drop: async () => {
        const c = new pg.Client({ connectionString: base });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  } finally {
    await admin.end();
  }
}

export type DemoRole = Role;
/**
 * Whom a test calls as: the demo user of a role, the second analyst (four eyes on incidents), the battery maker on the
 * fund's committee, or the state buyer.
 */
export type DemoCaller = Role | 'analyst2' | 'funder' | 'egc';

export interface TestApp {
  url: string;
  ctx: ServiceContext;
  /** An API token for the demo user of each role, and for the second analyst. */
  tokens: Record<DemoCaller, string>;
  /** Organisation ids by legal name. */
  orgs: Record<string, string>;
  /** The organisation each demo role belongs to. */
  orgOf: Record<Role, string>;
  request: (
    role: DemoCaller | null,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) => Promise<TestResponse>;
  close: () => Promise<void>;
}

export interface TestResponse {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers.
  body: any;
  text: string;
}

/** Starts Amana on a fresh database loaded with the demo world, listening on a free port. */
export async function startTestApp(
  options: { clock?: () => Date; env?: NodeJS.ProcessEnv; logLines?: string[] } = {},
): Promise<TestApp> {
  const { db, drop } = await demoDatabase(options.clock, options.env ?? {});
  const config = { ...loadConfig({ ...options.env }), logLevel: 'silent' };
  const ctx: ServiceContext = { db, config, clock: options.clock ?? (() => new Date()) };
  const tokens = {} as Record<DemoCaller, string>;
  const orgOf = {} as Record<Role, string>;
  for (const u of DEMO_USERS) {
    const { token, view } = await createTokenForEmail(ctx, `${u.local}@${DEMO_DOMAIN}`, { name: 'test' });
    // The first user of a role is called by the role, the second analyst by its name.
    if (u.role in tokens) tokens[u.local as DemoCaller] = token;
    else {
      tokens[u.role] = token;
      orgOf[u.role] = view.organisationId;
    }
  }
  const orgRows = await db.query<{ id: string; legal_name: string }>(
    'SELECT id, legal_name FROM organisations',
  );
  const orgs = Object.fromEntries(orgRows.rows.map((r) => [r.legal_name, r.id]));
  // With logLines, the server logs at info level into that array, for tests that read what it logs.
  const lines = options.logLines;
  const logger = lines ? { level: 'info', stream: { write: (line: string) => lines.push(line) } } : false;
  const app = await buildApp(ctx, { logger });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const request: TestApp['request'] = async (role, method, path, body, headers = {}) => {
    // Like the web app's own fetch, every request says it comes from this origin (CSRF check on cookie writes).
    const h: Record<string, string> = { origin: address, ...headers };
    if (role) h.authorization = `Bearer ${tokens[role]}`;
    let payload: BodyInit | undefined;
    if (body instanceof FormData || typeof body === 'string') payload = body;
    else if (body !== undefined) {
      payload = JSON.stringify(body);
      h['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${address}${path}`, { method, headers: h, body: payload });
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    return { status: res.status, headers: res.headers, body: parsed, text };
  };
  return {
    url: address,
    ctx,
    tokens,
    orgs,
    orgOf,
    request,
    close: async () => {
      await app.close();
      await db.close();
      await drop();
    },
  };
}

/** Asserts-friendly view of a problem answer. */
export function problemOf(res: TestResponse) {
  return { status: res.status, type: res.body?.type, contentType: res.headers.get('content-type') };
}

/**
 * What the tests of a file need made first (a lot, a session, a published set): made by the first test that asks
 * for it, the same promise after, so each test runs alone and the whole file makes it once.
 */
export function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => {
    made ??= make();
    return made;
  };
}
