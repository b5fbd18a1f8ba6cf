import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openDb } from '../../src/storage/db.ts';
import { emptyDataDir, type ServerProcess, serverProcess } from '../worlds.ts';
import { ENGINE, freshDatabase, once } from './harness.ts';

const CLI = path.resolve(import.meta.dirname, '../../src/cli/amana.ts');

/** The CLI and the server as separate processes: seeding, tokens, a crash, the chain check and site files. */
describe(`amana command line and crash safety (${ENGINE})`, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amana-cli-'));
  let env: NodeJS.ProcessEnv;
  let drop: () => Promise<void> = async () => {};
  let server: ServerProcess;
  let base = '';

  const amana = (...args: string[]) =>
    spawnSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8', timeout: 120_000 });

  const startServer = () => server.start({ AMANA_DEMO: 'off' });

  const stopServer = (signal: NodeJS.Signals) => server.stop(signal);

  before(async () => {
    server = await serverProcess(() => env);
    base = server.base;
    const fresh = await freshDatabase();
    await fresh.db.close();
    drop = fresh.drop;
    // An empty embedded database where amana would make one on its first command, without initdb.
    if (!fresh.url) await emptyDataDir(dataDir);
    env = { ...process.env, AMANA_DATA_DIR: dataDir, DATABASE_URL: fresh.url ?? '', LOG_LEVEL: 'warn' };
  });
  after(async () => {
    await server?.stop('SIGKILL');
    await drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  let token = '';

  /** The demo seeded into the empty database, and an administrator's token: once. */
  const seededDemo = once(async () => {
    const seeded = amana('seed', '--demo');
    assert.equal(seeded.status, 0, seeded.stderr);
    assert.equal(seeded.stdout, 'demo loaded: 23 organisations, 13 users, 12 sites\n');
    const twice = amana('seed', '--demo');
    assert.equal(twice.status, 1);
    assert.equal(
      twice.stderr,
      'amana: the database already holds data; the demo loads only into an empty one\n',
    );
    const created = amana('token', 'create', '--user', 'admin@demo.amana.test');
    assert.equal(created.status, 0, created.stderr);
    assert.match(created.stdout, /^amt_[\w-]{43}\n$/);
    token = created.stdout.trim();
    const unknown = amana('token', 'create', '--user', 'ghost@demo.amana.test');
    assert.equal(unknown.status, 1);
    assert.equal(unknown.stderr, 'amana: user ghost@demo.amana.test not found\n');
    assert.equal(amana('frobnicate').status, 2);
    const worker = amana('worker', '--once');
    assert.equal(worker.status, 0, worker.stderr);
    assert.equal(
      worker.stdout,
      'worker: 0 site status change(s), 0 overdue review(s) flagged, 0 alert(s) delivered\n',
    );
  });
  test('seeds the demo, refuses to seed twice, and prints a token alone on stdout', seededDemo);
  /** The server on the seeded database, started if no test left it running. */
  const serving = async () => {
    await seededDemo();
    if (!server.running) await startServer();
  };

  test('imports both versions of the UN list from files, printing their counts and difference, then screens everyone', async () => {
    // The demo holds the list of 2020-03-20 already (version 1): the older file is a version like any other.
    await seededDemo();
    const fixtures = path.resolve(import.meta.dirname, '../fixtures/sanctions');
    const first = amana('import', 'sanctions', path.join(fixtures, 'un-consolidated-2017-07-03.xml'));
    assert.equal(first.status, 0, first.stderr);
    assert.equal(
      first.stdout,
      `imported ${path.join(fixtures, 'un-consolidated-2017-07-03.xml')} as version 2 of UN Security Council Consolidated List: ` +
        '650 individuals, 371 entities; 125 added, 118 removed, 569 changed\n',
    );
    assert.match(first.stderr, /^screening: \d+\/\d+ \(100%\)$/m);
    const second = amana('import', 'sanctions', path.join(fixtures, 'un-consolidated-2020-03-20.xml'));
    assert.equal(second.status, 0, second.stderr);
    assert.match(
      second.stdout,
      /as version 3 of UN Security Council Consolidated List: 709 individuals, 305 entities; 118 added, 125 removed, 569 changed\n$/,
    );
    const again = amana('import', 'sanctions', path.join(fixtures, 'un-consolidated-2020-03-20.xml'));
    assert.deepEqual(
      [again.status, again.stderr],
      [1, 'amana: this file is version 3 of UN Security Council Consolidated List already\n'],
    );
    const missing = amana('import', 'sanctions', 'no-such-list.xml');
    assert.deepEqual([missing.status, missing.stderr], [1, 'amana: cannot read no-such-list.xml: ENOENT\n']);
  });

  test('every write acknowledged before a kill -9 is there after the restart', async () => {
    await seededDemo();
    await startServer();
    const acknowledged: string[] = [];
    // Write until enough are acknowledged (at least 1.5 s), however loaded the machine; then kill mid-stream.
    const started = Date.now();
    const deadline = started + 60_000;
    let n = 0;
    const writer = async () => {
      while (Date.now() < deadline && (acknowledged.length <= 20 || Date.now() < started + 1500)) {
        const res = await fetch(`${base}/api/organisations`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            legalName: `Crash test ${n++}`,
            chainRoles: ['trader'],
            country: 'CD',
            registrationNumbers: [],
          }),
        });
        if (res.status === 201) acknowledged.push((await res.json()).id);
      }
    };
    await Promise.all([writer(), writer(), writer(), writer()]);
    await stopServer('SIGKILL');
    assert.ok(acknowledged.length > 20, `only ${acknowledged.length} writes were acknowledged`);

    await startServer();
    const missing: string[] = [];
    for (const id of acknowledged) {
      const res = await fetch(`${base}/api/organisations/${id}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (res.status !== 200) missing.push(id);
    }
    assert.deepEqual(missing, []);
  });

  test('refuses a second process on the embedded database while the server holds it', {
    skip: ENGINE === 'postgres',
  }, async () => {
    await serving();
    const busy = amana('verify');
    assert.equal(busy.status, 1);
    assert.match(
      busy.stderr,
      /^amana: the database in .* is in use by process \d+ \(amana serve\?\); stop it first or use the server's API\n$/,
    );
  });

  test('verify reports an intact chain, then names the event altered by SQL', async () => {
    await serving();
    // Written after the worker's first seal: only the seal made at a clean shutdown covers it.
    const late = await fetch(`${base}/api/organisations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        legalName: 'Late SARL',
        chainRoles: ['trader'],
        country: 'CD',
        registrationNumbers: [],
      }),
    });
    assert.equal(late.status, 201);
    await stopServer('SIGTERM');
    const intact = amana('verify');
    assert.equal(intact.status, 0, intact.stderr);
    const [, count, sealedAt] =
      /^event log intact: (\d+) events, head [0-9a-f]{64}\nseals intact: \d+ seal\(s\) verified with key [0-9a-f]{16}, the latest at event #(\d+) on \S+\n$/.exec(
        intact.stdout,
      ) ?? [];
    assert.equal(sealedAt, count, intact.stdout);

    const db = await openDb({ databaseUrl: env.DATABASE_URL || undefined, dataDir });
    const original = (
      await db.query<{ payload: string }>('SELECT payload::text AS payload FROM events WHERE seq = 7')
    ).rows[0].payload;
    await db.query(
      `UPDATE events SET payload = jsonb_set(payload, '{legalName}', '"Forged SARL"') WHERE seq = 7`,
    );
    const type = (await db.query<{ id: string; type: string }>('SELECT id, type FROM events WHERE seq = 7'))
      .rows[0];
    await db.close();
    const broken = amana('verify');
    assert.equal(broken.status, 1);
    assert.equal(
      broken.stderr
        .split('\n')
        .filter((l) => l.startsWith('amana:'))
        .join('\n'),
      `amana: event log broken: event #7 (${type.id}, ${type.type}) was altered: its content no longer matches its hash`,
    );

    const db2 = await openDb({ databaseUrl: env.DATABASE_URL || undefined, dataDir });
    await db2.query('DELETE FROM events WHERE seq = (SELECT max(seq) FROM events)');
    await db2.query('UPDATE events SET payload = $1::jsonb WHERE seq = 7', [original]);
    const tail = (await db2.query<{ seq: number }>('SELECT max(seq) AS seq FROM events')).rows[0].seq;
    await db2.close();
    const truncated = amana('verify');
    assert.equal(truncated.status, 1);
    assert.match(truncated.stderr, new RegExp(`amana: event log broken: event #${tail + 1} is missing`));
  });

  test('exports sites to files and imports them back; a bad file fails in one line', async () => {
    await seededDemo();
    const geo = path.join(dataDir, 'sites.geojson');
    const csv = path.join(dataDir, 'sites.csv');
    assert.equal(amana('export', 'sites', '--output', geo).status, 0);
    assert.equal(amana('export', 'sites', '--format', 'csv', '--output', csv).status, 0);
    assert.equal(JSON.parse(fs.readFileSync(geo, 'utf8')).features.length, 12);
    assert.equal(fs.readFileSync(csv, 'utf8').trim().split('\n').length, 13);
    const again = amana('import', 'sites', geo);
    assert.equal(again.status, 0, again.stderr);
    assert.equal(again.stdout, `imported ${geo}: 0 created, 12 updated\n`);
    const stdout = amana('export', 'sites', '--format', 'csv');
    assert.equal(stdout.stdout, fs.readFileSync(csv, 'utf8'));

    const bad = path.join(dataDir, 'bad.csv');
    fs.writeFileSync(bad, 'code,name,province,minerals,longitude,latitude\nBAD-1,,Lualaba,cobalt,25,-10\n');
    const failed = amana('import', 'sites', bad);
    assert.equal(failed.status, 1);
    assert.equal(
      failed.stderr,
      'amana: 1 problem(s) in the file; nothing was imported: rows.1.name: Too small: expected string to have >=1 characters\n',
    );
    const missing = amana('import', 'sites', path.join(dataDir, 'nope.csv'));
    assert.equal(missing.stderr, `amana: cannot read ${path.join(dataDir, 'nope.csv')}: ENOENT\n`);
  });
});
