import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type DemoCopy, demoCopy, type ServerProcess, serverProcess } from '../worlds.ts';
import { ENGINE } from './harness.ts';
import { webhookReceiver } from './receivers.ts';

const CLI = path.resolve(import.meta.dirname, '../../src/cli/amana.ts');

/**
 * Three `amana serve` processes, each with its worker, on one PostgreSQL database: the jobs one claims the others
 * skip, the rate limits are counted in the database, and writes through all three make one intact chain. The
 * embedded database serves one process by design (its lock, tested in cli.test.ts).
 */
describe(`three servers on one database (${ENGINE})`, { skip: ENGINE !== 'postgres' }, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amana-three-'));
  let env: NodeJS.ProcessEnv;
  let world: DemoCopy;
  const servers: ServerProcess[] = [];
  let hooks: Awaited<ReturnType<typeof webhookReceiver>>;
  const tokens: Record<string, string> = {};
  const amana = (...args: string[]) =>
    spawnSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8', timeout: 120_000 });

  /** A request to the `n`th server (round the three). */
  const call = async (n: number, who: string, method: string, url: string, body?: unknown) => {
    const base = servers[n % servers.length].base;
    const res = await fetch(`${base}${url}`, {
      method,
      headers: {
        // Without a token, as the sign-in page sends it: from the server's own origin.
        ...(tokens[who] ? { authorization: `Bearer ${tokens[who]}` } : { origin: base }),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: await res.json() };
  };
  const waitFor = async (check: () => boolean, ms: number) => {
    const until = Date.now() + ms;
    while (!check() && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  };

  before(async () => {
    hooks = await webhookReceiver();
    env = { ...process.env, AMANA_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
    world = await demoCopy(env, dataDir);
    env.DATABASE_URL = world.databaseUrl;
    for (const who of ['analyst', 'analyst2', 'downstream', 'buyer', 'admin'])
      tokens[who] = amana('token', 'create', '--user', `${who}@demo.amana.test`).stdout.trim();
    for (let i = 0; i < 3; i++) servers.push(await serverProcess(() => env));
    await Promise.all(
      servers.map((s) =>
        s.start({
          AMANA_DEMO: 'off',
          AMANA_WORKER: 'on',
          AMANA_DELIVERY_INTERVAL_SECONDS: '1',
          AMANA_WEBHOOK_ALLOW_RANGES: '127.0.0.0/8',
          AMANA_LOGIN_RATE_MAX: '5',
        }),
      ),
    );
  });
  after(async () => {
    for (const s of servers) await s.stop('SIGKILL');
    await hooks?.close();
    await world?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('ten verifications made through three servers reach each of two subscribers once: twenty webhooks', async () => {
    const site: string = (await call(0, 'analyst', 'GET', '/api/sites?q=KZI-004')).body.items[0].id;
    for (const [n, who] of ['downstream', 'buyer'].entries()) {
      assert.equal((await call(n, who, 'POST', '/api/subscriptions', { siteId: site })).status, 201);
      assert.equal(
        (await call(n, who, 'POST', '/api/webhooks', { url: `${hooks.url}?for=${who}` })).status,
        201,
      );
    }
    for (let i = 0; i < 10; i++) {
      let inc = (
        await call(i, 'analyst', 'POST', '/api/incidents', {
          siteId: site,
          level: 2,
          category: 'bribery_fraud',
          title: `Fee demanded at the checkpoint, report ${i + 1}`,
          description: 'Seen at the gate.',
        })
      ).body;
      inc = (
        await call(i + 1, 'analyst', 'POST', `/api/incidents/${inc.id}/transitions`, {
          to: 'under_verification',
          reason: 'check',
          revision: inc.revision,
        })
      ).body;
      const verified = await call(i + 2, 'analyst2', 'POST', `/api/incidents/${inc.id}/transitions`, {
        to: 'verified',
        reason: 'confirmed by two monitors',
        revision: inc.revision,
      });
      assert.equal(verified.status, 200);
    }
    await waitFor(() => hooks.received.length >= 20, 60_000);
    // Three workers pass every second: time enough for a second delivery of anything claimed twice.
    await new Promise((r) => setTimeout(r, 4000));
    const keys = hooks.received.map((h) => String(h.headers['idempotency-key']));
    assert.equal(hooks.received.length, 20);
    assert.equal(new Set(keys).size, 20);
    const bySubscriber = Object.groupBy(
      hooks.received,
      (h) => new URL(h.url, hooks.url).searchParams.get('for') ?? '',
    );
    assert.deepEqual(
      Object.entries(bySubscriber)
        .map(([who, got]) => [who, got?.length])
        .sort(),
      [
        ['buyer', 10],
        ['downstream', 10],
      ],
    );
  });

  test('the sign-in limit is one count across the three servers', async () => {
    const attempt = (n: number) =>
      call(n, 'nobody', 'POST', '/api/session', {
        email: 'monitor@demo.amana.test',
        password: 'not-the-password',
      });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await attempt(i)).status);
    // Five tries of one account in the window, wherever they land; then every server refuses.
    assert.deepEqual(statuses, [400, 400, 400, 400, 400, 429, 429]);
  });

  test('writes through the three servers at once make one chain that verifies', async () => {
    const created = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        call(i, 'admin', 'POST', '/api/organisations', {
          legalName: `Négoce parallèle ${i + 1}`,
          chainRoles: ['trader'],
          country: 'CD',
          registrationNumbers: [],
        }),
      ),
    );
    assert.deepEqual(
      created.map((c) => c.status),
      Array(60).fill(201),
    );
    assert.equal(new Set(created.map((c) => c.body.id)).size, 60);
    const verified = amana('verify');
    assert.equal(verified.status, 0, verified.stderr);
    assert.match(verified.stdout, /^event log intact: \d+ events, head [0-9a-f]{64}\n/);
  });
});
