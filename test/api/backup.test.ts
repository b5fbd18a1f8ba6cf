import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { adminQuery, type DemoCopy, databaseUrl, demoCopy } from '../worlds.ts';
import { ENGINE } from './harness.ts';

const CLI = path.resolve(import.meta.dirname, '../../src/cli/amana.ts');

/** `amana backup` and `amana restore` as an operator runs them, on the engine the suite runs on. */
describe(`backup and restore (${ENGINE})`, () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'amana-backup-test-'));
  const backup = path.join(work, 'amana.backup');
  let source: DemoCopy;
  let sourceEnv: NodeJS.ProcessEnv;
  const targets: string[] = [];

  const amana = (env: NodeJS.ProcessEnv, ...args: string[]) =>
    spawnSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8', timeout: 300_000 });

  /** An empty place to restore into: a new data directory, and on PostgreSQL a new empty database. */
  const emptyTarget = async (): Promise<NodeJS.ProcessEnv> => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      AMANA_DATA_DIR: fs.mkdtempSync(path.join(work, 'target-')),
      LOG_LEVEL: 'warn',
    };
    delete env.DATABASE_URL;
    if (process.env.DATABASE_URL) {
      const name = `amana_t_${randomBytes(6).toString('hex')}`;
      await adminQuery(`CREATE DATABASE ${name}`);
      targets.push(name);
      env.DATABASE_URL = databaseUrl(name);
    }
    return env;
  };

  /** Counts of a few tables, read the way the engine is reached. */
  const counts = async (env: NodeJS.ProcessEnv) => {
    const sql =
      'SELECT (SELECT count(*) FROM events)::int AS events, (SELECT count(*) FROM organisations)::int AS organisations, (SELECT count(*) FROM grievances)::int AS grievances, (SELECT hash FROM event_chain_head) AS head';
    if (env.DATABASE_URL) {
      const client = new pg.Client({ connectionString: env.DATABASE_URL });
      await client.connect();
      try {
        return (await client.query(sql)).rows[0];
      } finally {
        await client.end();
      }
    }
    const { PGlite } = await import('@electric-sql/pglite');
    const db = await PGlite.create(env.AMANA_DATA_DIR as string);
    try {
      return (await db.query(sql)).rows[0];
    } finally {
      await db.close();
    }
  };

  before(async () => {
    sourceEnv = { ...process.env, AMANA_DATA_DIR: path.join(work, 'source'), LOG_LEVEL: 'warn' };
    delete sourceEnv.DATABASE_URL;
    source = await demoCopy(sourceEnv, sourceEnv.AMANA_DATA_DIR as string);
    if (source.databaseUrl) sourceEnv.DATABASE_URL = source.databaseUrl;
    const made = amana(sourceEnv, 'backup', '--output', backup);
    assert.equal(made.status, 0, made.stderr);
  });
  after(async () => {
    await source?.drop();
    for (const name of targets) await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    fs.rmSync(work, { recursive: true, force: true });
  });

  test('a backup restored into an empty place holds every event and the keys, and passes verify', async () => {
    const before = await counts(sourceEnv);
    const target = await emptyTarget();
    const restored = amana(target, 'restore', backup);
    assert.equal(restored.status, 0, restored.stderr);
    assert.match(
      restored.stdout,
      new RegExp(
        `^restored ${before.events} events \\(head #${before.events}\\) from the backup of \\S+; checking the chain\\nevent log intact: ${before.events} events, head ${before.head}\\n`,
      ),
    );
    assert.deepEqual(await counts(target), before);
    for (const key of ['grievance.key', 'seal-key.pem']) {
      const original = path.join(sourceEnv.AMANA_DATA_DIR as string, key);
      if (!fs.existsSync(original)) continue;
      assert.deepEqual(
        fs.readFileSync(path.join(target.AMANA_DATA_DIR as string, key)),
        fs.readFileSync(original),
      );
      assert.equal(fs.statSync(path.join(target.AMANA_DATA_DIR as string, key)).mode & 0o777, 0o600);
    }
    // And the restored instance carries on: its chain check passes again as a command of its own.
    const verified = amana(target, 'verify');
    assert.equal(verified.status, 0, verified.stderr);
    assert.match(
      verified.stdout,
      new RegExp(`^event log intact: ${before.events} events, head ${before.head}\\n`),
    );
  });

  test('a backup with one byte changed is refused before anything is restored', async () => {
    const damaged = path.join(work, 'damaged.backup');
    const bytes = fs.readFileSync(backup);
    bytes[Math.floor(bytes.length / 2)] ^= 0xff;
    fs.writeFileSync(damaged, bytes);
    const target = await emptyTarget();
    const refused = amana(target, 'restore', damaged);
    assert.equal(refused.status, 1);
    const entry = process.env.DATABASE_URL ? 'database.pgdump' : 'database.pglite.tar.gz';
    assert.equal(refused.stderr, `amana: ${damaged} is damaged: ${entry} does not match its hash\n`);
    assert.deepEqual(fs.readdirSync(target.AMANA_DATA_DIR as string), []);
  });

  test('a cut-off backup, a missing one and a place that holds data already are each refused by name', async () => {
    const cut = path.join(work, 'cut.backup');
    fs.writeFileSync(cut, fs.readFileSync(backup).subarray(0, 2000));
    const target = await emptyTarget();
    const refused = amana(target, 'restore', cut);
    assert.equal(refused.status, 1);
    assert.match(
      refused.stderr,
      new RegExp(`^amana: ${cut.replaceAll('.', '\\.')} is not a whole Amana backup \\(.+\\)\\n$`),
    );

    const missing = amana(target, 'restore', path.join(work, 'nothing.backup'));
    assert.equal(missing.stderr, `amana: no backup at ${path.join(work, 'nothing.backup')}\n`);

    const full = amana(sourceEnv, 'restore', backup);
    assert.equal(full.status, 1);
    assert.equal(
      full.stderr,
      `amana: ${path.join(sourceEnv.AMANA_DATA_DIR as string, 'grievance.key')} exists already: restore into a data directory without instance keys\n`,
    );

    const nowhere = amana(sourceEnv, 'backup');
    assert.equal(nowhere.stderr, 'amana: say where to write the backup: amana backup --output FILE\n');
  });

  test('a backup restores only into the engine it was made on', async () => {
    const target = await emptyTarget();
    const other: NodeJS.ProcessEnv = { ...target };
    if (process.env.DATABASE_URL) delete other.DATABASE_URL;
    else other.DATABASE_URL = 'postgres://127.0.0.1:1/none';
    const refused = amana(other, 'restore', backup);
    assert.equal(refused.status, 1);
    assert.equal(
      refused.stderr,
      process.env.DATABASE_URL
        ? 'amana: this backup is of a PostgreSQL database: restore it with DATABASE_URL set to an empty database\n'
        : 'amana: this backup is of an embedded database: restore it with DATABASE_URL unset, into an empty AMANA_DATA_DIR\n',
    );
  });
});
