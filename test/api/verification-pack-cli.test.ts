import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { keyIdOf } from '../../src/domain/events/seal.ts';
import { verifyPackFile } from '../../src/services/event-log/packs.ts';
import { readPublicKeyFile } from '../../src/services/event-log/seal-key.ts';
import { type Db, openDb } from '../../src/storage/db.ts';
import { appendEvent } from '../../src/storage/events.ts';
import { demoCopy } from '../worlds.ts';
import { ENGINE, once } from './harness.ts';

const CLI = path.resolve(import.meta.dirname, '../../src/cli/amana.ts');

/** Verification packs written by `amana export pack` and checked by `amana verify --pack` with no database. */
describe(`amana export pack and verify --pack (${ENGINE})`, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amana-pack-cli-'));
  const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'amana-pack-verifier-'));
  const publicKeyFile = path.join(elsewhere, 'instance.pem');
  let env: NodeJS.ProcessEnv;
  let drop: () => Promise<void> = async () => {};

  const amana = (...args: string[]) =>
    spawnSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8', timeout: 120_000 });
  /** The verifier's machine: no DATABASE_URL, no data directory, no seal key, started in an empty directory. */
  const offline = (...args: string[]) => {
    const bare: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: elsewhere };
    return spawnSync(process.execPath, [CLI, ...args], {
      env: bare,
      cwd: elsewhere,
      encoding: 'utf8',
      timeout: 120_000,
    });
  };

  async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    const db = await openDb({ databaseUrl: env.DATABASE_URL || undefined, dataDir });
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  }
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
    fs.rmSync(elsewhere, { recursive: true, force: true });
  });

  let keyId = '';
  let first = 0;
  let last = 0;
  const pack = path.join(elsewhere, 'pack.jsonl');

  /** The demo sealed, three events of 2026-11-22 added and sealed, a pack of the whole log written: once. */
  const packed = once(async () => {
    assert.equal(amana('seal').status, 0);
    first = (await withDb(sealsOf))[0].seq;
    await withDb(async (db) => {
      for (let i = 0; i < 3; i++)
        await db.transaction((tx) =>
          appendEvent(tx, {
            type: 'site.noted',
            subjectType: 'site',
            subjectId: `s-${i}`,
            payload: { note: i },
            actor: null,
            at: new Date('2099-11-22T10:00:00Z'),
          }),
        );
    });
    assert.equal(amana('seal').status, 0);
    last = first + 3;
    const printed = amana('seal', 'public-key');
    fs.writeFileSync(publicKeyFile, printed.stdout);
    keyId = keyIdOf(readPublicKeyFile(publicKeyFile));
    const written = amana('export', 'pack', '--output', pack);
    assert.equal(written.status, 0, written.stderr);
    assert.equal(
      written.stdout,
      `wrote a verification pack of events #1–#${last} (${last} events, 2 seal(s)) to ${pack}\n`,
    );
  });

  const lines = () => fs.readFileSync(pack, 'utf8').split('\n');
  const lineOf = (all: string[], seq: number) =>
    all.findIndex((l) => l.startsWith(`{"kind":"event","seq":${seq},`));
  const broken = path.join(elsewhere, 'broken.jsonl');

  test('a pack verifies offline, with no database and no data directory, against the key given', async () => {
    await packed();
    const checked = offline('verify', '--pack', pack, '--key', publicKeyFile);
    assert.equal(checked.stderr, '');
    assert.equal(checked.status, 0);
    assert.equal(
      checked.stdout,
      `pack intact: events #1–#${last}, 2 seal(s) verified with the trusted key ${keyId}\n`,
    );
    assert.deepEqual(fs.readdirSync(elsewhere).sort(), ['instance.pem', 'pack.jsonl']);

    const pinned = offline('verify', '--pack', pack, '--key-id', keyId);
    assert.equal(pinned.status, 0, pinned.stderr);
    assert.equal(
      pinned.stdout,
      `pack intact: events #1–#${last}, 2 seal(s) verified with the key it carries, ${keyId}, as pinned by --key-id\n`,
    );
    const unpinned = offline('verify', '--pack', pack);
    assert.equal(unpinned.status, 3);
    assert.equal(
      unpinned.stdout,
      `pack intact: events #1–#${last}, 2 seal(s) verified with the key it carries, ${keyId}\n`,
    );
    assert.equal(
      unpinned.stderr,
      `amana: key not pinned: the pack could have been rewritten and signed with another key; check that ${keyId} is the instance's key (amana seal public-key, or the event log page) and pass --key FILE or --key-id ${keyId}\n`,
    );
  });

  test('a pack of some days holds their events up to the next seal', async () => {
    await packed();
    const days = path.join(elsewhere, 'days.jsonl');
    const written = amana(
      'export',
      'pack',
      '--since',
      '2099-11-22',
      '--until',
      '2099-11-22',
      '--output',
      days,
    );
    assert.equal(written.status, 0, written.stderr);
    assert.equal(
      written.stdout,
      `wrote a verification pack of events #${first + 1}–#${last} (3 events, 1 seal(s)) to ${days}\n`,
    );
    const checked = offline('verify', '--pack', days, '--key', publicKeyFile);
    assert.equal(checked.status, 0, checked.stderr);
    assert.equal(
      checked.stdout,
      `pack intact: events #${first + 1}–#${last}, recorded 2099-11-22 to 2099-11-22, 1 seal(s) verified with the trusted key ${keyId}\n`,
    );
    fs.rmSync(days);
    const empty = amana('export', 'pack', '--since', '2099-12-01', '--until', '2099-12-31', '--output', days);
    assert.equal(empty.status, 1);
    assert.equal(empty.stderr, 'amana: no event was recorded from 2099-12-01 to 2099-12-31\n');
    assert.equal(fs.existsSync(days), false);
    const halfOpen = amana('export', 'pack', '--since', '2099-12-01', '--output', days);
    assert.equal(
      halfOpen.stderr,
      'amana: give both --since and --until (days, YYYY-MM-DD), or neither for the whole log\n',
    );
    const notDay = amana(
      'export',
      'pack',
      '--since',
      '2099-02-30',
      '--until',
      '2099-03-01',
      '--output',
      days,
    );
    assert.equal(notDay.stderr, 'amana: cannot export that period: since: must be a day, YYYY-MM-DD\n');
  });

  test('fails after one byte of one record is changed, naming the line and the record', async () => {
    await packed();
    const all = lines();
    const at = lineOf(all, 7);
    const seventh = JSON.parse(all[at]);
    const needle = '"occurredAt":"';
    const offset = all[at].indexOf(needle) + needle.length + 3;
    const digit = all[at][offset];
    all[at] = all[at].slice(0, offset) + (digit === '1' ? '2' : '1') + all[at].slice(offset + 1);
    fs.writeFileSync(broken, all.join('\n'));
    const checked = offline('verify', '--pack', broken, '--key', publicKeyFile);
    assert.equal(checked.status, 1);
    assert.equal(checked.stdout, '');
    assert.equal(
      checked.stderr,
      `amana: pack broken: line ${at + 1}: event #7 (${seventh.id}, ${seventh.type}) was altered: its content no longer matches its hash\n`,
    );

    // Any single byte, wherever it is: a sample across the whole file, checked in this process.
    const bytes = fs.readFileSync(pack);
    const trusted = readPublicKeyFile(publicKeyFile);
    const step = Math.max(1, Math.floor(bytes.length / 120));
    for (let i = 0; i < bytes.length; i += step) {
      const copy = Buffer.from(bytes);
      copy[i] ^= 0x01;
      fs.writeFileSync(broken, copy);
      const verdict = await verifyPackFile(broken, { key: trusted });
      assert.equal(verdict.ok, false, `a change at byte ${i} went unnoticed`);
    }
  });

  test('fails after a record is removed, naming the missing event', async () => {
    await packed();
    const all = lines();
    const at = lineOf(all, 8);
    all.splice(at, 1);
    fs.writeFileSync(broken, all.join('\n'));
    const checked = offline('verify', '--pack', broken, '--key', publicKeyFile);
    assert.equal(checked.status, 1);
    assert.equal(checked.stderr, `amana: pack broken: line ${at + 1}: event #8 is missing\n`);

    const lastGone = lines();
    lastGone.splice(lineOf(lastGone, last), 1);
    fs.writeFileSync(broken, lastGone.join('\n'));
    assert.equal(
      offline('verify', '--pack', broken, '--key', publicKeyFile).stderr,
      `amana: pack broken: the segment ends at event #${last - 1}; its header says #${last}\n`,
    );
  });

  test('fails after a seal is swapped, naming the seal', async () => {
    await packed();
    const seals = await withDb(sealsOf);
    const all = lines();
    const a = all.findIndex((l) => l.startsWith('{"kind":"seal",'));
    const [one, two] = [JSON.parse(all[a]), JSON.parse(all[a + 1])];
    all[a] = JSON.stringify({ ...one, signature: two.signature });
    all[a + 1] = JSON.stringify({ ...two, signature: one.signature });
    fs.writeFileSync(broken, all.join('\n'));
    const checked = offline('verify', '--pack', broken, '--key', publicKeyFile);
    assert.equal(checked.status, 1);
    assert.equal(
      checked.stderr,
      `amana: pack broken: the seal of event #${first} made ${seals[0].at} has a signature that does not verify with key ${keyId}: it was forged or altered\n`,
    );

    // A seal moved onto another event keeps its signature but no longer matches the event it names.
    const moved = lines();
    moved[a] = JSON.stringify({ ...one, seq: first - 1 });
    fs.writeFileSync(broken, moved.join('\n'));
    assert.equal(
      offline('verify', '--pack', broken, '--key', publicKeyFile).stderr,
      `amana: pack broken: the seal of event #${first - 1} made ${seals[0].at} has a signature that does not verify with key ${keyId}: it was forged or altered\n`,
    );
  });

  test('fails with the wrong key, with a key id that is not the one carried, and over the size limit', async () => {
    await packed();
    const other = path.join(elsewhere, 'other.pem');
    const otherKey = generateKeyPairSync('ed25519').publicKey;
    fs.writeFileSync(other, otherKey.export({ type: 'spki', format: 'pem' }));
    const wrong = offline('verify', '--pack', pack, '--key', other);
    assert.equal(wrong.status, 1);
    assert.equal(
      wrong.stderr,
      `amana: pack broken: the pack was made with key ${keyId}, not the trusted key ${keyIdOf(otherKey)}\n`,
    );
    const wrongId = offline('verify', '--pack', pack, '--key-id', keyIdOf(otherKey));
    assert.equal(wrongId.status, 1);
    assert.equal(
      wrongId.stderr,
      `amana: pack broken: the pack carries key ${keyId}, not the trusted key ${keyIdOf(otherKey)}\n`,
    );
    const size = fs.statSync(pack).size;
    const big = offline('verify', '--pack', pack, '--key', publicKeyFile, '--max-bytes', '1000');
    assert.equal(big.status, 1);
    assert.equal(
      big.stderr,
      `amana: pack broken: the pack is ${size} bytes, over the limit of 1000 bytes (raise it with --max-bytes)\n`,
    );
    const segment = path.join(elsewhere, 'segment.jsonl');
    assert.equal(amana('export', 'events', '--output', segment).status, 0);
    assert.equal(
      offline('verify', '--pack', segment, '--key', publicKeyFile).stderr,
      'amana: pack broken: line 1 is not the header of a verification pack (amana-verification-pack/1)\n',
    );
    fs.rmSync(other);
    fs.rmSync(segment);
  });
});
