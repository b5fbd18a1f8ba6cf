import fastifyRateLimit, { normalizeIP } from '@fastify/rate-limit';
import LocalStore from '@fastify/rate-limit/store/LocalStore.js';
import type { FastifyContextConfig, FastifyReply, FastifyRequest } from 'fastify';
import type { ServiceContext } from '../services/context.ts';
import {
  clearCounter,
  countHit,
  purgeEndedCounters,
  readCounter,
  refundHit,
} from '../storage/queries/rate-counters.ts';
import type { App } from './app-types.ts';
import { HttpProblem } from './problems.ts';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/** Ended windows are swept after this many hits in one process, so the table keeps to the live counters. */
const PURGE_EVERY = 1000;

/**
 * A @fastify/rate-limit store over the database: every server process on the same database shares the
 * counters, and each hit is one atomic upsert, so concurrent attempts cannot slip under the limit together.
 */
export function databaseStore(ctx: ServiceContext) {
  let hitsSincePurge = 0;
  const answer = (cb: Callback, hits: number, windowEndsAt: Date | null) =>
    cb(null, {
      current: hits,
      ttl: windowEndsAt ? Math.max(0, windowEndsAt.getTime() - ctx.clock().getTime()) : 0,
    });
  return class DatabaseRateLimitStore {
    incr(key: string, cb: Callback, timeWindow: number) {
      const now = ctx.clock();
      countHit(ctx.db, key, timeWindow, now)
        .then(async (state) => {
          if (++hitsSincePurge >= PURGE_EVERY) {
            hitsSincePurge = 0;
            await purgeEndedCounters(ctx.db, now);
          }
          answer(cb, state.hits, state.windowEndsAt);
        })
        .catch((error: Error) => cb(error));
    }
    read(key: string, cb: Callback) {
      readCounter(ctx.db, key, ctx.clock())
        .then((state) => answer(cb, state?.hits ?? 0, state?.windowEndsAt ?? null))
        .catch((error: Error) => cb(error));
    }
    child(params: object) {
      // A route that must cost nothing under load (the public view) counts in its process, not in the database.
      if ((params as { inProcess?: boolean }).inProcess) return new LocalStore(false, false);
      // Limiters keep apart by the prefix of their keys, so every route shares the one table.
      return this;
    }
  };
}

const tooMany = (what: string, seconds: number) =>
  new HttpProblem('too-many-requests', `too many ${what}; try again in ${seconds} seconds`, [], {
    code: 'common.too-many-requests',
    params: { seconds },
  });

/** Registers @fastify/rate-limit with its counters in the database; routes opt in (see `perAddress`). */
export async function registerRateLimits(app: App, ctx: ServiceContext) {
  await app.register(fastifyRateLimit, {
    global: false,
    store: databaseStore(ctx),
    errorResponseBuilder: (_request, c) => tooMany('requests from your address', Math.ceil(c.ttl / 1000)),
  });
}

/**
 * Route config limiting each client address (per /64 for IPv6) to `max` requests a window, before the body is
 * read; `name` keeps the counter apart from other limits, `what` names the requests in the 429 problem. With
 * `inProcess`, each process counts on its own, in memory: no database write per request, a limit per process.
 */
export function perAddress(
  name: string,
  what: string,
  limit: { max: number; windowMinutes: number },
  where: { inProcess?: boolean } = {},
): FastifyContextConfig {
  return {
    rateLimit: {
      ...where,
      max: limit.max,
      timeWindow: limit.windowMinutes * 60_000,
      keyGenerator: (request) => `${name}:${normalizeIP(request.ip)}`,
      errorResponseBuilder: (_request, c) => tooMany(`${what} from your address`, Math.ceil(c.ttl / 1000)),
    },
  };
}

/**
 * Throttles sign-in: failed attempts are counted per account and per client address. A success clears the
 * account's count (the failures were the owner's own typing) and gives back its hit on the address, so people
 * signing in behind one NAT do not use up each other's allowance.
 */
export function loginThrottle(
  app: App,
  ctx: ServiceContext,
  emailOf: (request: FastifyRequest) => string = (request) => (request.body as { email: string }).email,
) {
  const { account, address } = ctx.config.loginRate;
  const accountKey = (email: string) => `login-account:${email.trim().toLowerCase()}`;
  const addressKey = (request: FastifyRequest) => `login-address:${normalizeIP(request.ip)}`;
  const byAddress = app.createRateLimit({
    max: address.max,
    timeWindow: address.windowMinutes * 60_000,
    keyGenerator: addressKey,
  });
  const byAccount = app.createRateLimit({
    max: account.max,
    timeWindow: account.windowMinutes * 60_000,
    keyGenerator: (request) => accountKey(emailOf(request)),
  });
  return {
    /** Counts the attempt before the password is looked at; a 429 with Retry-After once either limit is passed. */
    async attempt(request: FastifyRequest, reply: FastifyReply) {
      // Counting first, atomically, is what keeps a burst of parallel guesses within the limit.
      const results = [await byAddress(request), await byAccount(request)];
      const over = results.flatMap((r) => (!r.isAllowed && r.isExceeded ? [r.ttlInSeconds] : []));
      if (over.length) {
        const seconds = Math.max(1, ...over);
        reply.header('retry-after', String(seconds));
        throw tooMany('failed sign-ins for this account or from your address', seconds);
      }
    },
    /** The password was right: this attempt does not count against the address, nor earlier ones against the account. */
    async succeeded(request: FastifyRequest, email: string) {
      await clearCounter(ctx.db, accountKey(email));
      await refundHit(ctx.db, addressKey(request));
    },
  };
}
