import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { loadConfig } from '../../src/config.ts';
import type { Role } from '../../src/domain/access/roles.ts';
import { buildApp } from '../../src/http/app.ts';
import { createTokenForEmail } from '../../src/services/access/tokens.ts';
import type { ServiceContext } from '../../src/services/context.ts';
import { DEMO_DOMAIN, DEMO_USERS } from '../../src/services/demo/demo-world.ts';
import { seedDemo } from '../../src/services/demo/seed-demo.ts';
import { type Db, openDb } from '../../src/storage/db.ts';
import { migrate } from '../../src/storage/migrate.ts';

export const ENGINE = process.env.DATABASE_URL ? 'postgres' : 'pglite';

/** A fresh, empty database: in-memory PGlite, or a new database on the DATABASE_URL server. */
export async function freshDatabase(): Promise<{
  db: Db;
  url: string | undefined;
  drop: () => Promise<void>;
}> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    const db = await openDb({ dataDir: 'memory' });
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

export type DemoRole = Role;

export interface TestApp {
  url: string;
  ctx: ServiceContext;
  /** An API token for the demo user of each role. */
  tokens: Record<Role, string>;
  /** Organisation ids by legal name. */
  orgs: Record<string, string>;
  /** The organisation each demo role belongs to. */
  orgOf: Record<Role, string>;
  request: (
    role: Role | null,
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
  const { db, drop } = await freshDatabase();
  await migrate(db);
  const config = { ...loadConfig({ ...options.env }), logLevel: 'silent' };
  const ctx: ServiceContext = { db, config, clock: options.clock ?? (() => new Date()) };
  await seedDemo(ctx);
  const tokens = {} as Record<Role, string>;
  const orgOf = {} as Record<Role, string>;
  for (const u of DEMO_USERS) {
    const { token, view } = await createTokenForEmail(ctx, `${u.local}@${DEMO_DOMAIN}`, { name: 'test' });
    tokens[u.role] = token;
    orgOf[u.role] = view.organisationId;
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
