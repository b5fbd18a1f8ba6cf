import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { ServiceContext } from '../context.ts';

/** A public answer as it is sent: its bytes, their type, and the entity tag naming them. */
export interface PublicAnswer {
  body: string;
  contentType: string;
  etag: string;
  filename?: string;
}

/** Public answers kept per process; a handful of files and one page per site, so the bound is generous. */
const MAX_ENTRIES = 5000;

// One cache per database: the service context is copied for each caller, its database is not.
const caches = new WeakMap<object, LRUCache<string, PublicAnswer>>();

function cacheOf(ctx: ServiceContext) {
  let cache = caches.get(ctx.db);
  if (!cache) {
    cache = new LRUCache<string, PublicAnswer>({
      max: MAX_ENTRIES,
      ttl: ctx.config.publicCacheSeconds * 1000,
      // Time is the context's clock, so an answer ages as the record does (and tests can move it).
      perf: { now: () => ctx.clock().getTime() },
    });
    caches.set(ctx.db, cache);
  }
  return cache;
}

/** The answer under `key`, made at most once a cache lifetime (decision 0055). */
export async function cachedAnswer(
  ctx: ServiceContext,
  key: string,
  make: () => Promise<Omit<PublicAnswer, 'etag'>>,
): Promise<PublicAnswer> {
  const cache = cacheOf(ctx);
  const hit = cache.get(key);
  if (hit) return hit;
  const made = await make();
  const etag = `"${createHash('sha256').update(made.body).digest('base64url').slice(0, 27)}"`;
  const answer = { ...made, etag };
  if (ctx.config.publicCacheSeconds > 0) cache.set(key, answer);
  return answer;
}

/** Forgets every public answer of this process, when what may be shown has just changed. */
export function forgetPublicAnswers(ctx: ServiceContext) {
  caches.get(ctx.db)?.clear();
}
