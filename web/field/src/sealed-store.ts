// A Dexie middleware that seals every row of the field app's store with the PIN's key (decision 0045). It sits at
// the bottom of Dexie's stack, next to IndexedDB: what IndexedDB holds is the row's indexed fields in clear (ids,
// states, site ids and codes: what the store's indexes need to work) and the whole row sealed with AES-GCM beside
// them, blobs (photos) sealed each on its own; everything above (liveQuery, hooks, the screens) sees plain rows.
import type { DBCore, DBCoreCursor, DBCoreTable, DBCoreTableSchema, Middleware } from 'dexie';
import { open, seal } from './crypto.ts';

/** A row as IndexedDB holds it: indexed fields in clear, the rest sealed. */
interface SealedRow {
  $sealed: { iv: Uint8Array<ArrayBuffer>; data: ArrayBuffer };
  $blobs?: { iv: Uint8Array<ArrayBuffer>; data: ArrayBuffer; type: string }[];
  [indexed: string]: unknown;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The key paths of a table's primary key and indexes: the fields that must stay readable for the indexes. */
export function clearPaths(schema: Pick<DBCoreTableSchema, 'primaryKey' | 'indexes'>): string[] {
  const paths = new Set<string>();
  for (const index of [schema.primaryKey, ...schema.indexes])
    for (const p of [index.keyPath ?? []].flat()) if (p) paths.add(p);
  return [...paths];
}

const read = (row: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), row);

function write(row: Record<string, unknown>, path: string, value: unknown) {
  const keys = path.split('.');
  let at = row;
  for (const k of keys.slice(0, -1)) at = (at[k] ??= {}) as Record<string, unknown>;
  at[keys.at(-1) as string] = value;
}

/** A row's JSON with each blob replaced by its place in `blobs`. */
function strip(value: unknown, blobs: Blob[]): unknown {
  if (value instanceof Blob) return { $blob: blobs.push(value) - 1 };
  if (Array.isArray(value)) return value.map((v) => strip(v, blobs));
  if (value && typeof value === 'object' && !(value instanceof Date))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, strip(v, blobs)]));
  return value;
}

/** Seals one row: its indexed fields are copied in clear beside the sealed whole. */
export async function sealRow(key: CryptoKey, row: unknown, paths: readonly string[]): Promise<SealedRow> {
  const blobs: Blob[] = [];
  const json = JSON.stringify(strip(row, blobs));
  const out: SealedRow = { $sealed: await seal(key, encoder.encode(json)) };
  if (blobs.length)
    out.$blobs = await Promise.all(
      blobs.map(async (b) => ({ ...(await seal(key, await b.arrayBuffer())), type: b.type })),
    );
  for (const p of paths) {
    const v = read(row, p);
    if (v !== undefined) write(out, p, v);
  }
  return out;
}

const isSealed = (row: unknown): row is SealedRow =>
  !!row && typeof row === 'object' && '$sealed' in (row as Record<string, unknown>);

/** Opens a sealed row; a row stored before the store was sealed (no `$sealed`) is returned as it is. */
export async function openRow(key: CryptoKey, row: unknown): Promise<unknown> {
  if (!isSealed(row)) return row;
  const blobs = await Promise.all(
    (row.$blobs ?? []).map(async (b) => new Blob([await open(key, b.iv, b.data)], { type: b.type })),
  );
  const json = decoder.decode(await open(key, row.$sealed.iv, row.$sealed.data));
  return JSON.parse(json, (_k, v) =>
    v && typeof v === 'object' && typeof v.$blob === 'number' && Object.keys(v).length === 1 ? blobs[v.$blob] : v,
  );
}

/**
 * Waits for `work` without letting the IndexedDB transaction commit: WebCrypto answers in a task of its own, by
 * which time a transaction with no request pending has committed. Like Dexie.waitFor, it keeps one cheap request
 * pending on the transaction until the work is done, and answers from inside that request's success event, so
 * whoever awaits it may go on using the transaction.
 */
export function during<T>(trans: unknown, table: string, work: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
    work.then(
      (value) => {
        outcome = { ok: true, value };
      },
      (error) => {
        outcome = { ok: false, error };
      },
    );
    const store = (trans as IDBTransaction).objectStore(table);
    const spin = () => {
      if (!outcome) {
        const req = store.get(Number.NEGATIVE_INFINITY);
        req.onsuccess = spin;
        req.onerror = () => reject(req.error);
      } else if (outcome.ok) resolve(outcome.value);
      else reject(outcome.error);
    };
    spin();
  });
}

/** A cursor whose values are opened before the caller sees each one. */
function openingCursor(c: DBCoreCursor, table: string, key: () => CryptoKey): DBCoreCursor {
  let value: unknown;
  const cursor: DBCoreCursor = {
    get trans() {
      return c.trans;
    },
    get key() {
      return c.key;
    },
    get primaryKey() {
      return c.primaryKey;
    },
    get value() {
      return value;
    },
    get done() {
      return c.done;
    },
    continue: (k) => c.continue(k),
    continuePrimaryKey: (k, pk) => c.continuePrimaryKey(k, pk),
    advance: (n) => c.advance(n),
    stop: (v) => c.stop(v),
    fail: (e) => c.fail(e),
    start: (onNext) =>
      c.start(() => {
        during(c.trans, table, openRow(key(), c.value)).then(
          (v) => {
            value = v;
            onNext();
          },
          (e) => c.fail(e),
        );
      }),
    next() {
      let gotOne = 1;
      return cursor.start(() => (gotOne-- ? cursor.continue() : cursor.stop())).then(() => cursor);
    },
  };
  return cursor;
}

/** The store stays shut until the PIN's key is given: reading or writing a row before throws this. */
export class StoreLocked extends Error {
  constructor() {
    super('the field store is locked: unlock it with the PIN first');
  }
}

/** The middleware, with where to find the key (none while the app is locked). */
export function sealedStore(currentKey: () => CryptoKey | null): Middleware<DBCore> {
  const key = () => {
    const k = currentKey();
    if (!k) throw new StoreLocked();
    return k;
  };
  return {
    stack: 'dbcore',
    name: 'SealedStore',
    // Below every one of Dexie's own (the lowest is -1): they all see plain rows.
    level: -10,
    create: (down) => ({
      ...down,
      table(name): DBCoreTable {
        const t = down.table(name);
        const paths = clearPaths(t.schema);
        // Async, so that a locked store rejects rather than throws in Dexie's hands.
        const openAll = async (trans: unknown, rows: unknown[]) =>
          during(trans, name, Promise.all(rows.map((r) => openRow(key(), r))));
        const openOne = async (trans: unknown, row: unknown) => during(trans, name, openRow(key(), row));
        const sealAll = async (trans: unknown, rows: readonly unknown[]) =>
          during(trans, name, Promise.all(rows.map((r) => sealRow(key(), r, paths))));
        return {
          ...t,
          mutate: (req) =>
            req.type === 'add' || req.type === 'put'
              ? sealAll(req.trans, req.values).then((values) => t.mutate({ ...req, values }))
              : t.mutate(req),
          get: (req) => t.get(req).then((row) => openOne(req.trans, row)),
          getMany: (req) => t.getMany(req).then((rows) => openAll(req.trans, rows)),
          query: (req) =>
            t.query(req).then((res) => (req.values ? openAll(req.trans, res.result).then((result) => ({ ...res, result })) : res)),
          openCursor: (req) =>
            t.openCursor(req).then((c) => (c && req.values ? openingCursor(c, name, key) : c)),
        };
      },
    }),
  };
}
