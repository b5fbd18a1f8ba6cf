import type { PrincipalRow } from '../../storage/queries/access.ts';

/**
 * Who a session or token stands for, kept for a few seconds (`principalCacheSeconds`) so that a burst of
 * requests asks the database once. What ends or changes a credential — sign-out, revocation, a password change,
 * a user disabled or given other memberships — calls `forgetPrincipals` after its transaction commits: it
 * takes effect at once in this process, and within the cache's lifetime in the others. An answer read while such
 * a change was being made is not kept (the generation moved on), so a stale row never outlives the change here.
 * Only found credentials are kept; an unknown one is asked again each time. See decision 0022.
 */
interface Entry {
  row: PrincipalRow;
  /** performance.now() when it was read: the cache's age runs on the process's own clock, not the service's. */
  readAt: number;
}

interface Cache {
  generation: number;
  entries: Map<string, Entry>;
}

const MOST_ENTRIES = 10_000;
// One cache per database, as tests run many instances in one process.
const caches = new WeakMap<object, Cache>();

function cacheOf(db: object): Cache {
  let cache = caches.get(db);
  if (!cache) {
    cache = { generation: 0, entries: new Map() };
    caches.set(db, cache);
  }
  return cache;
}

/**
 * The principal row for the credential `key` (its table and hash), from the cache while it is younger than
 * `ttlSeconds` and still valid at `now`, else from `load`.
 */
export async function cachedPrincipal(
  db: object,
  key: string,
  ttlSeconds: number,
  now: Date,
  load: () => Promise<PrincipalRow | undefined>,
): Promise<PrincipalRow | undefined> {
  if (ttlSeconds <= 0) return load();
  const cache = cacheOf(db);
  const hit = cache.entries.get(key);
  const age = hit ? performance.now() - hit.readAt : Number.POSITIVE_INFINITY;
  if (hit && age < ttlSeconds * 1000 && (hit.row.expires_at === null || hit.row.expires_at > now))
    return hit.row;
  if (hit) cache.entries.delete(key);
  const generation = cache.generation;
  const readAt = performance.now();
  const row = await load();
  if (row && cache.generation === generation) {
    if (cache.entries.size >= MOST_ENTRIES) cache.entries.clear();
    cache.entries.set(key, { row, readAt });
  }
  return row;
}

/** Forgets every kept principal of this database: call it after committing a change to who a credential is. */
export function forgetPrincipals(db: object): void {
  const cache = cacheOf(db);
  cache.generation++;
  cache.entries.clear();
}
