import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { acquireDataDirLock, type DataDirLock } from './lock.ts';

export type Row = Record<string, unknown>;

export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

/**
 * A statement that PostgreSQL parses and plans once per connection and then only executes: for the few that run
 * on every request (who is calling). Only for fixed SQL whose plan does not depend on its parameters: a list with
 * optional filters (`$1 IS NULL OR …`) must stay unnamed, so that each call is planned for its own values, or be
 * written per shape (`shaped`).
 */
export interface PreparedStatement {
  readonly name: string;
  readonly text: string;
}

export const prepared = (name: string, text: string): PreparedStatement => ({ name, text });

const shapes = new Map<string, PreparedStatement>();

/**
 * The prepared statement of one shape of a list query: SQL written from the filters a request gives (no
 * `$n IS NULL OR …` for those it leaves out), so the text, and a plan PostgreSQL may keep for it, fit every call
 * of that shape. The shapes are finite — each is a combination of a list's filters, sort and cursor — and named
 * once per process.
 */
export function shaped(text: string): PreparedStatement {
  let statement = shapes.get(text);
  if (!statement) {
    statement = prepared(`amana_shape_${shapes.size + 1}`, text);
    shapes.set(text, statement);
  }
  return statement;
}

/** Anything that runs parameterised SQL: the database itself or an open transaction. */
export interface Queryable {
  query<T = Row>(sql: string | PreparedStatement, params?: readonly unknown[]): Promise<QueryResult<T>>;
  /** Runs several statements separated by semicolons, without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/** One interface over the embedded PGlite and a PostgreSQL server: same SQL, same results. */
export interface Db extends Queryable {
  readonly engine: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// Both engines hand back the same JavaScript types: numbers for int8 and numeric, Date for
// timestamptz, 'YYYY-MM-DD' strings for date.
const NUMERIC = 1700;
const INT8 = 20;
const DATE = 1082;
const parseNumber = (value: string) => Number(value);
const keepDate = (value: string) => value;

pg.types.setTypeParser(NUMERIC, parseNumber);
pg.types.setTypeParser(INT8, parseNumber);
pg.types.setTypeParser(DATE, keepDate);

// The PGlite instance behind each embedded Db, for snapshots of its data directory.
const embedded = new WeakMap<Db, PGlite>();

/**
 * A tarball of an embedded database's data directory: uncompressed by default for the worlds tests seed once and
 * copy often (unpacking is then the cheaper part), gzipped for a backup, written once and kept long.
 */
export async function dumpEmbedded(db: Db, compression: 'none' | 'gzip' = 'none'): Promise<Blob> {
  const pglite = embedded.get(db);
  if (!pglite) throw new Error('only an embedded database can be dumped');
  return pglite.dumpDataDir(compression);
}

function fromPglite(pglite: PGlite, lock: DataDirLock | null): Db {
  const wrap = (q: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<T>(sql: string | PreparedStatement, params: readonly unknown[] = []) {
      // PGlite runs in this process: parsing is no round trip, and it keeps no named statements per caller.
      const result = await q.query<T>(typeof sql === 'string' ? sql : sql.text, params as unknown[]);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  });
  const db: Db = {
    engine: 'pglite',
    ...wrap(pglite),
    transaction: (fn) => pglite.transaction((tx) => fn(wrap(tx))),
    async close() {
      await pglite.close();
      lock?.release();
    },
  };
  embedded.set(db, pglite);
  return db;
}

function fromPool(pool: pg.Pool): Db {
  const wrap = (q: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T>(sql: string | PreparedStatement, params: readonly unknown[] = []) {
      const result = await q.query(
        typeof sql === 'string'
          ? { text: sql, values: params as unknown[] }
          : { name: sql.name, text: sql.text, values: params as unknown[] },
      );
      return { rows: result.rows as T[], rowCount: result.rowCount ?? result.rows.length };
    },
    async exec(sql: string) {
      await q.query(sql);
    },
  });
  return {
    engine: 'postgres',
    ...wrap(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

export interface OpenOptions {
  databaseUrl?: string;
  /** Directory of the embedded database; 'memory' keeps it in memory (tests). */
  dataDir: string | 'memory';
  /** For 'memory': start from this dump of a data directory (see dumpEmbedded). */
  loadDataDir?: Blob;
}

/** Opens PostgreSQL when a URL is given, else the embedded PGlite under an exclusive lock. */
export async function openDb(options: OpenOptions): Promise<Db> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 });
    // Fail now, with the server's own words, rather than at the first request.
    const client = await pool.connect();
    client.release();
    pool.on('error', () => {});
    return fromPool(pool);
  }
  const parsers = { [NUMERIC]: parseNumber, [INT8]: parseNumber, [DATE]: keepDate };
  if (options.dataDir === 'memory') {
    const pglite = await PGlite.create({ parsers, loadDataDir: options.loadDataDir });
    return fromPglite(pglite, null);
  }
  const lock = acquireDataDirLock(options.dataDir);
  try {
    const pglite = await PGlite.create(options.dataDir, { parsers });
    return fromPglite(pglite, lock);
  } catch (error) {
    lock.release();
    throw error;
  }
}
