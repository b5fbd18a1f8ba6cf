import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { v7 as uuidv7 } from 'uuid';
import { type DemoCopy, demoCopy, type ServerProcess, serverProcess } from '../worlds.ts';
import { ENGINE } from './harness.ts';

const CLI = path.resolve(import.meta.dirname, '../../src/cli/amana.ts');

/** A phone's sync when the server is killed with SIGKILL mid-batch: after the restart, nothing lost or doubled. */
describe(`field sync across a server crash (${ENGINE})`, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amana-field-crash-'));
  let env: NodeJS.ProcessEnv;
  let world: DemoCopy;
  let server: ServerProcess;
  let base = '';
  let token = '';

  const startServer = () => server.start();
  const stopServer = (signal: NodeJS.Signals) => server.stop(signal);
  const call = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(`${base}${p}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };

  before(async () => {
    server = await serverProcess(() => env);
    base = server.base;
    env = { ...process.env, AMANA_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
    delete env.DATABASE_URL;
    world = await demoCopy(env, dataDir);
    if (world.databaseUrl) env.DATABASE_URL = world.databaseUrl;
    const created = spawnSync(
      process.execPath,
      [CLI, 'token', 'create', '--user', 'monitor@demo.amana.test'],
      {
        env,
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    assert.equal(created.status, 0, created.stderr);
    token = created.stdout.trim();
  });
  after(async () => {
    await server?.stop('SIGKILL');
    await world?.drop();
  });

  test('a batch cut off by SIGKILL is sent again after the restart: every record stored once', async () => {
    await startServer();
    const sites = (await call('GET', '/api/sites?limit=10')).body.items as { id: string }[];
    const at = (n: number) => new Date(Date.now() - (1000 - n) * 60_000).toISOString();
    const records = Array.from({ length: 200 }, (_, n) => ({
      kind: 'visit',
      body: {
        id: uuidv7(),
        siteId: sites[n % sites.length].id,
        visitedAt: at(n),
        indicators: { headCount: n },
      },
    }));
    const batches = Array.from({ length: 10 }, (_, b) => records.slice(b * 20, b * 20 + 20));
    // The phone sends batch after batch; the server dies under it.
    const acknowledged = new Set<string>();
    const sending = (async () => {
      for (const batch of batches) {
        const res = await call('POST', '/api/field/sync', { records: batch }).catch(() => null);
        if (!res) return;
        for (const r of res.body.results) if (r.outcome === 'applied') acknowledged.add(r.id);
      }
    })();
    while (acknowledged.size < 40) await new Promise((r) => setTimeout(r, 20));
    await stopServer('SIGKILL');
    await sending;
    assert.ok(acknowledged.size < records.length, 'the server died before the last batch');

    await startServer();
    const outcomes = new Map<string, string>();
    for (const batch of batches) {
      const res = await call('POST', '/api/field/sync', { records: batch });
      assert.equal(res.status, 200);
      for (const r of res.body.results) outcomes.set(r.id, r.outcome);
    }
    // Every record acknowledged before the crash survived it, and is acknowledged again, not stored again.
    for (const id of acknowledged) assert.equal(outcomes.get(id), 'already-applied', id);
    assert.deepEqual(
      [...outcomes.values()].filter((o) => o !== 'applied' && o !== 'already-applied'),
      [],
    );
    for (const r of records) {
      const v = await call('GET', `/api/visits/${r.body.id}`);
      assert.equal(v.status, 200, r.body.id);
      assert.equal(v.body.visitedAt, r.body.visitedAt);
    }
    // Nothing else was stored over that period: the 200, once each.
    const seen: string[] = [];
    let cursor = '';
    do {
      const page = await call('GET', `/api/visits?limit=100&from=${encodeURIComponent(at(-1))}${cursor}`);
      assert.equal(page.status, 200);
      seen.push(...page.body.items.map((v: { id: string }) => v.id));
      cursor = page.body.nextCursor ? `&cursor=${encodeURIComponent(page.body.nextCursor)}` : '';
    } while (cursor);
    assert.deepEqual(seen.sort(), records.map((r) => r.body.id).sort());
    await stopServer('SIGTERM');
  });
});
