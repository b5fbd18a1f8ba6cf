import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { demoCopy, type ServerProcess, serverProcess } from '../worlds.ts';
import { ENGINE, once } from './harness.ts';
import { webhookReceiver } from './receivers.ts';

const CLI = path.resolve(import.meta.dirname, '../../src/cli/amana.ts');

/** Alerts survive a crash between the verification that raises them and their delivery, and arrive once. */
describe(`alert delivery across a crash (${ENGINE})`, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amana-alerts-'));
  let server: ServerProcess;
  let base = '';
  let env: NodeJS.ProcessEnv;
  let drop: () => Promise<void> = async () => {};
  let hooks: Awaited<ReturnType<typeof webhookReceiver>>;
  const tokens: Record<string, string> = {};

  const amana = (...args: string[]) =>
    spawnSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8', timeout: 120_000 });
  const call = async (who: string, method: string, url: string, body?: unknown) => {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${tokens[who]}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: await res.json() };
  };

  const start = (worker: boolean) =>
    server.start({
      AMANA_DEMO: 'off',
      AMANA_WORKER: worker ? 'on' : 'off',
      AMANA_DELIVERY_INTERVAL_SECONDS: '1',
      AMANA_WEBHOOK_ALLOW_RANGES: '127.0.0.0/8',
    });

  const stop = (signal: NodeJS.Signals) => server.stop(signal);

  const waitFor = async (check: () => boolean, ms: number) => {
    const until = Date.now() + ms;
    while (!check() && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  };

  before(async () => {
    server = await serverProcess(() => env);
    base = server.base;
    hooks = await webhookReceiver();
    // The demo as `amana seed --demo` leaves it, copied rather than seeded again.
    env = { ...process.env, AMANA_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
    const world = await demoCopy(env, dataDir);
    env.DATABASE_URL = world.databaseUrl ?? '';
    drop = world.drop;
    for (const who of ['analyst', 'analyst2', 'downstream', 'buyer'])
      tokens[who] = amana('token', 'create', '--user', `${who}@demo.amana.test`).stdout.trim();
  });
  after(async () => {
    await server?.stop('SIGKILL');
    await hooks.close();
    await drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** The server with its worker, started if no test left it running. */
  const serving = async () => {
    if (!server.running) await start(true);
  };
  /** Both subscribers follow KZI-004, each with its webhook, asked once of the running server. */
  const subscribed = once(async () => {
    const site: string = (await call('analyst', 'GET', '/api/sites?q=KZI-004')).body.items[0].id;
    for (const who of ['downstream', 'buyer']) {
      assert.equal((await call(who, 'POST', '/api/subscriptions', { siteId: site })).status, 201);
      assert.equal(
        (await call(who, 'POST', '/api/webhooks', { url: `${hooks.url}?for=${who}` })).status,
        201,
      );
    }
    return site;
  });

  test('a verification acknowledged just before a kill -9 is delivered after the restart, once per subscriber', async () => {
    await start(false);
    const site = await subscribed();
    let inc = (
      await call('analyst', 'POST', '/api/incidents', {
        siteId: site,
        level: 1,
        category: 'armed_groups',
        title: 'Soldiers collecting a fee per sack',
        description: 'Seen at the gate.',
      })
    ).body;
    inc = (
      await call('analyst', 'POST', `/api/incidents/${inc.id}/transitions`, {
        to: 'under_verification',
        reason: 'check',
        revision: inc.revision,
      })
    ).body;
    // Four eyes: the second analyst verifies what the first reported.
    const verified = await call('analyst2', 'POST', `/api/incidents/${inc.id}/transitions`, {
      to: 'verified',
      reason: 'confirmed by two monitors',
      revision: inc.revision,
    });
    assert.equal(verified.status, 200);
    await stop('SIGKILL');
    assert.equal(hooks.received.length, 0);

    await start(true);
    await waitFor(() => hooks.received.length >= 2, 15_000);
    await new Promise((r) => setTimeout(r, 2500));
    const bySubscriber = hooks.received.map((h) => String(h.headers['idempotency-key']));
    assert.equal(hooks.received.length, 2);
    assert.equal(new Set(bySubscriber).size, 2);
    assert.deepEqual(
      hooks.received.map((h) => JSON.parse(h.body).data.transition.to),
      ['verified', 'verified'],
    );
  });

  test('with the worker running, each subscriber gets the webhook of a new verification', async () => {
    await serving();
    const site = await subscribed();
    hooks.received.length = 0;
    let inc = (
      await call('analyst', 'POST', '/api/incidents', {
        siteId: site,
        level: 2,
        category: 'bribery_fraud',
        title: 'Fee demanded at the checkpoint',
        description: 'x',
      })
    ).body;
    inc = (
      await call('analyst', 'POST', `/api/incidents/${inc.id}/transitions`, {
        to: 'under_verification',
        reason: 'check',
        revision: inc.revision,
      })
    ).body;
    const before = Date.now();
    await call('analyst2', 'POST', `/api/incidents/${inc.id}/transitions`, {
      to: 'verified',
      reason: 'confirmed',
      revision: inc.revision,
    });
    await waitFor(() => hooks.received.length >= 2, 10_000);
    assert.equal(hooks.received.length, 2);
    assert.ok(hooks.received.every((h) => h.at >= before));
    await stop('SIGTERM');
  });
});
