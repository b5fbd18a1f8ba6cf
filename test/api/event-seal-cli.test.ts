import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { eventHash } from '../../src/domain/events/hash-chain.ts';
import { keyIdOf } from '../../src/domain/events/seal.ts';
import { readPublicKeyFile } from '../../src/services/event-log/seal-key.ts';
import { verifySegmentFile } from '../../src/services/event-log/segments.ts';
import { type Db, openDb } from '../../src/storage/db.ts';
import { appendEvent, readEvents } from '../../src/storage/events.ts';
import { demoCopy } from '../worlds.ts';
import { ENGINE, once } from './harness.ts';

const CLI = path.resolve(import.meta.dirname, '../../src/cli/amana.ts');

/** Sealing, verify against the seals, and segments checked offline, all through the `amana` process. */
describe(`amana seal, verify and event segments (${ENGINE})`, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amana-seal-cli-'));
  const keyFile = path.join(dataDir, 'seal-key.pem');
  const publicKeyFile = path.join(dataDir, 'public.pem');
  let env: NodeJS.ProcessEnv;
  let drop: () => Promise<void> = async () => {};

  const amana = (...args: string[]) =>
    spawnSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8', timeout: 120_000 });
  /** The one-line reasons a failed command gave, without progress lines. */
  const reasons = (stderr: string) =>
    stderr
      .split('\n')
      .filter((l) => l.startsWith('amana:'))
      .join('\n');

  async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    const db = await openDb({ databaseUrl: env.DATABASE_URL || undefined, dataDir });
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  }
  const headOf = (db: Db) =>
    db.query<{ seq: number; hash: string }>('SELECT seq, hash FROM event_chain_head').then((r) => r.rows[0]);
  const sealsOf = (db: Db) =>
    db
      .query<{ seq: number; sealed_at: Date }>('SELECT seq, sealed_at FROM event_seals ORDER BY seq')
      .then((r) => r.rows.map((s) => ({ seq: s.seq, at: s.sealed_at.toISOString() })));

  before(async () => {
    // The demo as `amana seed --demo` leaves it, copied rather than seeded again.
    env = { ...process.env, AMANA_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
    const world = await demoCopy(env, dataDir);
    env.DATABASE_URL = world.databaseUrl ?? '';
    drop = world.drop;
    delete env.AMANA_SEAL_KEY;
    delete env.AMANA_SEAL_KEY_FILE;
  });
  after(async () => {
    await drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  let keyId = '';
  let first = 0;
  let last = 0;

  /** The demo seeded, sealed, three events added and sealed again, the public key written out: once. */
  const sealedTwice = once(async () => {
    const unsealed = amana('verify');
    assert.equal(unsealed.status, 0, unsealed.stderr);
    assert.match(
      unsealed.stdout,
      /^event log intact: \d+ events, head [0-9a-f]{64}\nno seal yet: run amana seal \(the worker seals every 300 s\)\n$/,
    );

    const sealed = amana('seal');
    assert.equal(sealed.status, 0, sealed.stderr);
    const head = await withDb(headOf);
    const [, at, id] =
      /^sealed event #\d+ \(hash [0-9a-f]{64}\) at (\S+) with key ([0-9a-f]{16})\n$/.exec(sealed.stdout) ??
      [];
    assert.equal(sealed.stdout, `sealed event #${head.seq} (hash ${head.hash}) at ${at} with key ${id}\n`);
    keyId = id;
    first = head.seq;
    assert.equal(amana('seal').stdout, `nothing new to seal: event #${head.seq} was sealed at ${at}\n`);
    assert.equal(fs.statSync(keyFile).mode & 0o777, 0o600);

    const printed = amana('seal', 'public-key');
    assert.equal(printed.status, 0, printed.stderr);
    const expected = createPublicKey(createPrivateKey(fs.readFileSync(keyFile, 'utf8')));
    assert.equal(printed.stdout, expected.export({ type: 'spki', format: 'pem' }).toString());
    fs.writeFileSync(publicKeyFile, printed.stdout);

    await withDb(async (db) => {
      for (let i = 0; i < 3; i++)
        await db.transaction((tx) =>
          appendEvent(tx, {
            type: 'site.noted',
            subjectType: 'site',
            subjectId: `s-${i}`,
            payload: { note: i },
            actor: null,
            at: new Date('2026-11-22T10:00:00Z'),
          }),
        );
    });
    assert.equal(amana('seal').status, 0);
    last = first + 3;
    const seals = await withDb(sealsOf);
    assert.deepEqual(
      seals.map((s) => s.seq),
      [first, last],
    );
    const verified = amana('verify');
    assert.equal(verified.status, 0, verified.stderr);
    const lastHead = await withDb(headOf);
    assert.equal(
      verified.stdout,
      `event log intact: ${last} events, head ${lastHead.hash}\n` +
        `seals intact: 2 seal(s) verified with key ${keyId}, the latest at event #${last} on ${seals[1].at}\n`,
    );
  });
  test(
    'seals the head once into a key made in the data directory, and verify checks every seal',
    sealedTwice,
  );

  test('an exported segment verifies offline with the public key, and fails when one byte changes or with another key', async () => {
    await sealedTwice();
    const segment = path.join(dataDir, 'all.ndjson');
    const exported = amana('export', 'events', '--output', segment);
    assert.equal(exported.status, 0, exported.stderr);
    assert.equal(exported.stdout, `exported events #1–#${last} (${last} events, 2 seal(s)) to ${segment}\n`);
    const offline = amana('verify', '--segment', segment, '--public-key', publicKeyFile);
    assert.equal(offline.status, 0, offline.stderr);
    assert.equal(
      offline.stdout,
      `segment intact: events #1–#${last}, 2 seal(s) verified with key ${keyId}, sealed up to #${last}\n`,
    );

    const tail = path.join(dataDir, 'tail.ndjson');
    assert.equal(
      amana('export', 'events', '--from', String(first + 1), '--to', String(last), '--output', tail).status,
      0,
    );
    assert.equal(
      amana('verify', '--segment', tail, '--public-key', publicKeyFile).stdout,
      `segment intact: events #${first + 1}–#${last}, 1 seal(s) verified with key ${keyId}, sealed up to #${last}\n`,
    );
    const unsealed = amana(
      'export',
      'events',
      '--from',
      '2',
      '--to',
      '5',
      '--output',
      path.join(dataDir, 'x'),
    );
    assert.equal(unsealed.status, 1);
    assert.equal(
      unsealed.stderr,
      `amana: no seal lies within events #2–#5, so the segment could not be checked: export up to the next seal (--to ${first})\n`,
    );
    assert.equal(fs.existsSync(path.join(dataDir, 'x')), false);

    const bytes = fs.readFileSync(segment);
    const lines = bytes.toString('utf8').split('\n');
    const changedAt = (needle: string, offset: number) => {
      const at = bytes.indexOf(needle) + needle.length + offset;
      const copy = Buffer.from(bytes);
      copy[at] = copy[at] === 0x31 ? 0x32 : 0x31;
      return copy;
    };
    const seventh = JSON.parse(lines.find((l) => l.startsWith('{"kind":"event","seq":7,'))!);
    const altered = path.join(dataDir, 'altered.ndjson');
    fs.writeFileSync(
      altered,
      changedAt('{"kind":"event","seq":7,', `"id":"${seventh.id}","occurredAt":"`.length + 3),
    );
    const broken = amana('verify', '--segment', altered, '--public-key', publicKeyFile);
    assert.equal(broken.status, 1);
    assert.equal(
      broken.stderr,
      `amana: segment broken: event #7 (${seventh.id}, ${seventh.type}) was altered: its content no longer matches its hash\n`,
    );
    fs.writeFileSync(altered, changedAt('"exportedAt":"', 3));
    const header = amana('verify', '--segment', altered, '--public-key', publicKeyFile);
    assert.equal(header.status, 1);
    assert.equal(
      header.stderr,
      `amana: segment broken: the file was changed after export: its export signature does not verify with key ${keyId}\n`,
    );

    const other = path.join(dataDir, 'other.pem');
    const otherKey = generateKeyPairSync('ed25519').publicKey;
    fs.writeFileSync(other, otherKey.export({ type: 'spki', format: 'pem' }));
    const foreign = amana('verify', '--segment', segment, '--public-key', other);
    assert.equal(foreign.status, 1);
    const seals = await withDb(sealsOf);
    assert.equal(
      foreign.stderr,
      `amana: segment broken: the seal of event #${first} made ${seals[0].at} names key ${keyId}, not the trusted key ${keyIdOf(otherKey)}\n`,
    );
    const keyless = amana('verify', '--segment', segment);
    assert.equal(keyless.status, 1);
    assert.equal(
      keyless.stderr,
      'amana: --segment needs --public-key FILE: the instance key you trust (amana seal public-key), not the one the file carries\n',
    );

    // Any single byte, wherever it is: a sample across the whole file, checked in this process.
    const trusted = readPublicKeyFile(publicKeyFile);
    const step = Math.max(1, Math.floor(bytes.length / 150));
    for (let at = 0; at < bytes.length; at += step) {
      const copy = Buffer.from(bytes);
      copy[at] ^= 0x01;
      fs.writeFileSync(altered, copy);
      const verdict = await verifySegmentFile(altered, trusted);
      assert.equal(verdict.ok, false, `a change at byte ${at} went unnoticed`);
    }
  });

  test('names a tail deleted after sealing, even with the chain head rewound to the event before', async () => {
    await sealedTwice();
    const seals = await withDb(sealsOf);
    await withDb(async (db) => {
      await db.exec(`CREATE TABLE events_kept AS SELECT * FROM events WHERE seq = ${last}`);
      await db.query('DELETE FROM events WHERE seq = $1', [last]);
      await db.query(
        'UPDATE event_chain_head SET seq = e.seq, hash = e.hash FROM events e WHERE e.seq = $1',
        [last - 1],
      );
    });
    const truncated = amana('verify');
    assert.equal(truncated.status, 1);
    assert.equal(
      reasons(truncated.stderr),
      `amana: event log broken: the log ends at event #${last - 1} but was sealed at event #${last} on ${seals[1].at}: its tail was deleted`,
    );
    const refused = amana('seal');
    assert.equal(refused.status, 1);
    assert.equal(
      refused.stderr,
      `amana: not sealed: the chain head (#${last - 1}) is not past the latest seal (#${last} on ${seals[1].at}); run amana verify\n`,
    );
    await withDb(async (db) => {
      await db.exec('INSERT INTO events SELECT * FROM events_kept; DROP TABLE events_kept');
      await db.query(
        'UPDATE event_chain_head SET seq = e.seq, hash = e.hash FROM events e WHERE e.seq = $1',
        [last],
      );
    });
    assert.equal(amana('verify').status, 0);
  });

  test('names a chain altered and rebuilt without the key, and seals rewritten to match it', async () => {
    await sealedTwice();
    const seals = await withDb(sealsOf);
    await withDb(async (db) => {
      await db.exec(
        'CREATE TABLE events_kept AS SELECT * FROM events WHERE seq >= 7; CREATE TABLE seals_kept AS SELECT * FROM event_seals',
      );
      // Alter event 7 and recompute every later hash from the one before, as anyone with SQL access can.
      let prev = (await db.query<{ hash: string }>('SELECT hash FROM events WHERE seq = 6')).rows[0].hash;
      for (const event of await readEvents(db, 6, last, 10_000)) {
        const payload = event.seq === 7 ? { ...(event.payload as object), forged: true } : event.payload;
        const hash = eventHash(prev, { ...event, payload });
        await db.query('UPDATE events SET payload = $1::jsonb, prev_hash = $2, hash = $3 WHERE seq = $4', [
          JSON.stringify(payload),
          prev,
          hash,
          event.seq,
        ]);
        prev = hash;
      }
      await db.query('UPDATE event_chain_head SET hash = $1', [prev]);
    });
    const rebuilt = amana('verify');
    assert.equal(rebuilt.status, 1);
    assert.equal(
      reasons(rebuilt.stderr),
      `amana: event log broken: event #${first}'s hash no longer matches its seal made ${seals[0].at}: the chain was rewritten at or before #${first}`,
    );

    await withDb((db) => db.exec('UPDATE event_seals s SET hash = e.hash FROM events e WHERE e.seq = s.seq'));
    const resealed = amana('verify');
    assert.equal(resealed.status, 1);
    assert.equal(
      reasons(resealed.stderr),
      `amana: event log broken: the seal of event #${first} made ${seals[0].at} has a signature that does not verify with key ${keyId}: it was forged or altered`,
    );

    await withDb(async (db) => {
      await db.exec(`
        UPDATE events e SET payload = k.payload, prev_hash = k.prev_hash, hash = k.hash FROM events_kept k WHERE k.seq = e.seq;
        UPDATE event_seals s SET hash = k.hash FROM seals_kept k WHERE k.seq = s.seq;
        UPDATE event_chain_head SET hash = (SELECT hash FROM events ORDER BY seq DESC LIMIT 1);
        DROP TABLE events_kept; DROP TABLE seals_kept;`);
    });
    assert.equal(amana('verify').status, 0);
  });
});
