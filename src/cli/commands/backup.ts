// `amana backup` and `amana restore`: the whole instance in one file — the database through its engine's own
// machinery (PGlite's data-directory dump, PostgreSQL's pg_dump and pg_restore) and the keys kept beside it, without
// which a restored log could not be sealed on and sealed contact details could not be read (decision 0059).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import tar from 'tar-stream';
import { type Config, loadConfig } from '../../config.ts';
import { sealKeyFile } from '../../services/event-log/seal-key.ts';
import { dumpEmbedded, openDb } from '../../storage/db.ts';
import { verifyCommand } from './maintenance.ts';

const FORMAT = 'amana-backup/1';
const MANIFEST = 'amana-backup.json';
const DATABASE = { pglite: 'database.pglite.tar.gz', postgres: 'database.pgdump' } as const;

type Engine = keyof typeof DATABASE;

interface Manifest {
  format: typeof FORMAT;
  engine: Engine;
  createdAt: string;
  /** The last migration applied: a restore into a newer Amana migrates forward from it. */
  migration: string | null;
  events: { count: number; headSeq: number; headHash: string };
  /** Every other entry of the archive with its SHA-256, checked before anything is restored. */
  files: Record<string, string>;
}

/** The key files the instance keeps in its data directory, by their name in the archive. */
function keyFiles(config: Config): Record<string, string> {
  const files: Record<string, string> = { 'keys/grievance.key': path.join(config.dataDir, 'grievance.key') };
  // A key given in the environment is the operator's to keep; a key file elsewhere is backed up like the others.
  if (!config.sealKey) files['keys/seal-key.pem'] = sealKeyFile(config);
  return files;
}

/** Runs a PostgreSQL client program, failing with what it wrote to stderr, or with how to install it. */
async function run(program: string, args: string[], stdout?: fs.WriteStream): Promise<void> {
  const child = spawn(program, args, { stdio: ['ignore', stdout ? 'pipe' : 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr = (stderr + d).slice(-4000);
  });
  const piped = stdout && child.stdout ? pipeline(child.stdout, stdout) : Promise.resolve();
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new Error(
              `${program} is not installed: install PostgreSQL's client programs (apt-get install postgresql-client)`,
            )
          : error,
      ),
    );
    child.once('exit', resolve);
  });
  await piped;
  if (code !== 0) throw new Error(`${program} failed: ${stderr.trim()}`);
}

/** `amana backup --output FILE`: writes the backup whole or not at all (a partial file renamed into place). */
export async function backupCommand(args: { output?: string }): Promise<number> {
  if (!args.output) throw new Error('say where to write the backup: amana backup --output FILE');
  const output = path.resolve(args.output);
  const config = loadConfig();
  const engine: Engine = config.databaseUrl ? 'postgres' : 'pglite';
  // Opening the embedded database takes its lock: a running server holds it, and the command says so.
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'amana-backup-'));
  const partial = `${output}.partial`;
  try {
    const holds = await db.query("SELECT 1 FROM pg_tables WHERE tablename = 'event_chain_head'");
    if (!holds.rows.length) throw new Error('the database holds no Amana data yet: nothing to back up');
    const head = await db.query<{ seq: number; hash: string }>('SELECT seq, hash FROM event_chain_head');
    const count = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
    const migration = await db
      .query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name DESC LIMIT 1')
      .then((r) => r.rows[0]?.name ?? null);
    const databaseFile = path.join(work, DATABASE[engine]);
    if (engine === 'pglite') {
      fs.writeFileSync(databaseFile, Buffer.from(await (await dumpEmbedded(db, 'gzip')).arrayBuffer()));
    } else {
      await run(
        'pg_dump',
        ['--format=custom', '--no-owner', '--no-privileges', `--dbname=${config.databaseUrl}`],
        fs.createWriteStream(databaseFile),
      );
    }
    const entries: [string, string][] = [[DATABASE[engine], databaseFile]];
    for (const [name, file] of Object.entries(keyFiles(config)))
      if (fs.existsSync(file)) entries.push([name, file]);
    const files: Record<string, string> = {};
    for (const [name, file] of entries) files[name] = await hashFile(file);
    const manifest: Manifest = {
      format: FORMAT,
      engine,
      createdAt: new Date().toISOString(),
      migration,
      events: { count: count.rows[0].n, headSeq: head.rows[0].seq, headHash: head.rows[0].hash },
      files,
    };
    const pack = tar.pack();
    const written = pipeline(pack, fs.createWriteStream(partial, { mode: 0o600 }));
    pack.entry({ name: MANIFEST }, JSON.stringify(manifest, null, 2));
    for (const [name, file] of entries) {
      const size = fs.statSync(file).size;
      await pipeline(fs.createReadStream(file), pack.entry({ name, size, mode: 0o600 }));
    }
    pack.finalize();
    await written;
    const fd = fs.openSync(partial, 'r');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(partial, output);
    const mb = new Intl.NumberFormat('en', { maximumFractionDigits: 1 }).format(
      fs.statSync(output).size / 1e6,
    );
    process.stdout.write(
      `backup written: ${output} (${engine === 'pglite' ? 'embedded database' : 'PostgreSQL'}, ${manifest.events.count} events, head #${manifest.events.headSeq} ${manifest.events.headHash}, ${mb} MB)\n`,
    );
    if (config.sealKey)
      process.stdout.write(
        'the sealing key comes from AMANA_SEAL_KEY and is not in the backup: keep it with the backup\n',
      );
    process.stdout.write('the backup holds the instance keys: keep it as safe as the server\n');
    return 0;
  } finally {
    fs.rmSync(partial, { force: true });
    fs.rmSync(work, { recursive: true, force: true });
    await db.close();
  }
}

async function hashFile(file: string): Promise<string> {
  const h = createHash('sha256');
  await pipeline(fs.createReadStream(file), h);
  return h.digest('hex');
}

/** Reads the archive into `dir`: the manifest, then every entry it names, each checked against its hash. */
async function unpack(file: string, dir: string): Promise<Manifest> {
  if (!fs.existsSync(file)) throw new Error(`no backup at ${file}`);
  const extract = tar.extract();
  let manifest: Manifest | null = null;
  const seen: Record<string, string> = {};
  extract.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    const h = createHash('sha256');
    const name = header.name;
    const safe = /^(keys\/[a-z-]+\.(key|pem)|database\.[a-z.]+)$/.test(name);
    const out =
      name !== MANIFEST && safe ? fs.createWriteStream(path.join(dir, name.replace('/', '_'))) : null;
    stream.on('data', (chunk) => {
      const d = chunk as Buffer;
      if (name === MANIFEST) chunks.push(d);
      else h.update(d);
      out?.write(d);
    });
    stream.on('end', () => {
      if (name === MANIFEST) {
        try {
          manifest = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          extract.destroy(new Error('its manifest is not JSON'));
          return;
        }
      } else seen[name] = h.digest('hex');
      if (out) out.end(next);
      else next();
    });
  });
  try {
    await pipeline(fs.createReadStream(file), extract);
  } catch (error) {
    throw new Error(`${file} is not a whole Amana backup (${(error as Error).message})`);
  }
  const m = manifest as Manifest | null;
  if (!m || m.format !== FORMAT) throw new Error(`${file} is not an Amana backup (no ${FORMAT} manifest)`);
  for (const [name, hash] of Object.entries(m.files))
    if (seen[name] !== hash)
      throw new Error(`${file} is damaged: ${name} ${seen[name] ? 'does not match its hash' : 'is missing'}`);
  return m;
}

/**
 * `amana restore FILE`: into an empty embedded data directory or an empty PostgreSQL database of the same engine
 * as the backup, then the chain check (`amana verify`), whose exit code it returns.
 */
export async function restoreCommand(file: string | undefined): Promise<number> {
  if (!file) throw new Error('say which backup to restore: amana restore FILE');
  const config = loadConfig();
  const engine: Engine = config.databaseUrl ? 'postgres' : 'pglite';
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'amana-restore-'));
  try {
    const manifest = await unpack(path.resolve(file), work);
    if (manifest.engine !== engine)
      throw new Error(
        manifest.engine === 'pglite'
          ? 'this backup is of an embedded database: restore it with DATABASE_URL unset, into an empty AMANA_DATA_DIR'
          : 'this backup is of a PostgreSQL database: restore it with DATABASE_URL set to an empty database',
      );
    const keys = keyFiles(config);
    for (const [name, target] of Object.entries(keys))
      if (manifest.files[name] && fs.existsSync(target))
        throw new Error(`${target} exists already: restore into a data directory without instance keys`);
    const unpacked = (name: string) => path.join(work, name.replace('/', '_'));
    if (engine === 'pglite') {
      if (fs.existsSync(path.join(config.dataDir, 'PG_VERSION')))
        throw new Error(`${config.dataDir} holds a database already: restore into an empty AMANA_DATA_DIR`);
      fs.mkdirSync(config.dataDir, { recursive: true });
      const pglite = await PGlite.create(config.dataDir, {
        loadDataDir: new Blob([fs.readFileSync(unpacked(DATABASE.pglite))]),
      });
      await pglite.close();
      // The dump carries the lock file of the process that made it; the restored directory is nobody's yet.
      fs.rmSync(path.join(config.dataDir, 'amana.lock'), { force: true });
    } else {
      const client = new pg.Client({ connectionString: config.databaseUrl });
      await client.connect();
      try {
        const tables = await client.query(
          "SELECT count(*)::int AS n FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')",
        );
        if (tables.rows[0].n > 0)
          throw new Error(
            'the database of DATABASE_URL holds tables already: restore into an empty database',
          );
      } finally {
        await client.end();
      }
      await run('pg_restore', [
        '--no-owner',
        '--no-privileges',
        '--exit-on-error',
        '--single-transaction',
        `--dbname=${config.databaseUrl}`,
        unpacked(DATABASE.postgres),
      ]);
    }
    for (const [name, target] of Object.entries(keys)) {
      if (!manifest.files[name]) continue;
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.copyFileSync(unpacked(name), target);
      fs.chmodSync(target, 0o600);
    }
    process.stdout.write(
      `restored ${manifest.events.count} events (head #${manifest.events.headSeq}) from the backup of ${manifest.createdAt}; checking the chain\n`,
    );
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return verifyCommand();
}
