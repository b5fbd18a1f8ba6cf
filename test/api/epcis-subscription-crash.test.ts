import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { demoCopy, type ServerProcess, serverProcess } from '../worlds.ts';
import { ENGINE } from './harness.ts';
import { webhookReceiver } from './receivers.ts';

const CLI = path.resolve(import.meta.dirname, '../../src/cli/amana.ts');
const EPCIS_CONTEXT = 'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld';
const id = (n: number) => `urn:uuid:7d000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** A webhook subscriber gets the events captured just before a kill -9, once, after the restart. */
describe(`EPCIS webhook subscription across a crash (${ENGINE})`, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amana-epcis-sub-'));
  let server: ServerProcess;
  let base = '';
  let env: NodeJS.ProcessEnv;
  let drop: () => Promise<void> = async () => {};
  let hooks: Awaited<ReturnType<typeof webhookReceiver>>;
  let token = '';

  const call = async (method: string, url: string, body?: unknown, type = 'application/json') => {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': type } : {}) },
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

  before(async () => {
    server = await serverProcess(() => env);
    base = server.base;
    hooks = await webhookReceiver();
    env = { ...process.env, AMANA_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
    const world = await demoCopy(env, dataDir);
    env.DATABASE_URL = world.databaseUrl ?? '';
    drop = world.drop;
    token = spawnSync(process.execPath, [CLI, 'token', 'create', '--user', 'analyst@demo.amana.test'], {
      env,
      encoding: 'utf8',
      timeout: 120_000,
    }).stdout.trim();
  });
  after(async () => {
    await server?.stop('SIGKILL');
    await hooks.close();
    await drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('events captured and acknowledged before a kill -9 reach the webhook once after the restart, signed', async () => {
    await start(false);
    assert.equal(
      (await call('POST', '/epcis/queries', { name: 'shipping', query: { EQ_bizStep: ['shipping'] } }))
        .status,
      201,
    );
    const sub = await call('POST', '/epcis/queries/shipping/subscriptions', {
      dest: hooks.url,
      stream: true,
      signatureToken: 'a-shared-secret-of-the-subscriber',
    });
    assert.equal(sub.status, 201);
    const events = [1, 2, 3].map((n) => ({
      type: 'ObjectEvent',
      eventID: id(n),
      eventTime: '2045-01-01T10:00:00Z',
      eventTimeZoneOffset: '+00:00',
      action: 'OBSERVE',
      bizStep: n === 2 ? 'receiving' : 'shipping',
      epcList: [`urn:epc:id:sgtin:0614141.107346.50${n}`],
    }));
    const captured = await call(
      'POST',
      '/epcis/capture',
      {
        '@context': [EPCIS_CONTEXT],
        type: 'EPCISDocument',
        schemaVersion: '2.0',
        creationDate: '2045-01-01T00:00:00Z',
        epcisBody: { eventList: events },
      },
      'application/ld+json',
    );
    assert.equal(captured.status, 202);
    await stop('SIGKILL');
    assert.equal(hooks.received.length, 0);

    await start(true);
    const until = Date.now() + 15_000;
    while (hooks.received.length < 1 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 3000));
    assert.equal(hooks.received.length, 1);
    const [hook] = hooks.received;
    const doc = JSON.parse(hook.body);
    assert.deepEqual(
      doc.epcisBody.queryResults.resultsBody.eventList.map((e: { eventID: string }) => e.eventID).sort(),
      [id(1), id(3)],
    );
    assert.equal(doc.epcisBody.queryResults.subscriptionID, sub.body.subscriptionID);
    const [t, v1] = String(hook.headers['gs1-signature']).split(',');
    const stamp = t.slice(2);
    assert.equal(
      v1,
      `v1=${createHmac('sha256', 'a-shared-secret-of-the-subscriber').update(`${stamp}.${hook.body}`).digest('hex')}`,
    );
    await stop('SIGTERM');
  });
});
