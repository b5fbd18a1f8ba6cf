import type { FastifyInstance, FastifyRequest } from 'fastify';
import { auditorRouteRefusal } from '../domain/access/auditors.ts';
import type { Principal } from '../domain/access/roles.ts';
import { resolvePrincipal } from '../services/access/sessions.ts';
import { recordRefusedAuditorCall } from '../services/audit/reads.ts';
import type { AuthedContext, ServiceContext } from '../services/context.ts';
import { forbidden } from '../services/errors.ts';
import { checkDevice } from './device-check.ts';
import { HttpProblem } from './problems.ts';
import { readOf } from './routes/audit.ts';

export const SESSION_COOKIE = 'amana_session';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** An origin in its canonical form (lower case, no default port); null when it is none ("null", garbage). */
function originOf(text: string): string | null {
  try {
    const origin = new URL(text).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/** The origin this server answers as: its scheme and host, as the proxy reports them when it is trusted. */
const ownOrigin = (request: FastifyRequest) => originOf(`${request.protocol}://${request.host}`) ?? 'none';

/**
 * Refuses a write that a page of another origin made the browser send with the session (cross-site request
 * forgery), including a sign-in into someone else's account. A browser says where a request comes from in
 * Sec-Fetch-Site, or else in Origin; a request with neither is not from a page and has no business with the cookie.
 */
function refuseForeignOrigin(request: FastifyRequest) {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string') {
    if (site === 'same-origin' || site === 'none') return;
    throw new HttpProblem(
      'cross-site-request',
      `a page of another origin (Sec-Fetch-Site: ${site}) may not act with your session`,
      [],
      { code: 'common.cross-site-request' },
    );
  }
  const origin = request.headers.origin;
  if (typeof origin === 'string' && originOf(origin) === ownOrigin(request)) return;
  throw typeof origin === 'string'
    ? new HttpProblem(
        'cross-site-request',
        `a page of another origin (${origin.slice(0, 200)}) may not act with your session`,
        [],
        { code: 'common.cross-site-request' },
      )
    : new HttpProblem(
        'cross-site-request',
        'a write with the session cookie must come from this site (send Origin, or use an API token)',
        [],
        { code: 'common.origin-missing' },
      );
}

const isSignIn = (request: FastifyRequest) =>
  request.method === 'POST' && request.routeOptions.url === '/api/session';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    sessionToken: string | null;
  }
}

/** Resolves the caller from the session cookie or a bearer token on every request. */
export function registerAuth(app: FastifyInstance, ctx: ServiceContext) {
  app.decorateRequest('principal', null);
  app.decorateRequest('sessionToken', null);
  app.addHook('onRequest', async (request) => {
    // OpenRosa clients authenticate in their own way (HTTP Basic, or an app user's token in the path): src/http/routes/openrosa.ts.
    if (request.url.startsWith('/openrosa/')) return;
    if (
      WRITES.has(request.method) &&
      !request.headers.authorization &&
      (request.cookies?.[SESSION_COOKIE] || isSignIn(request))
    )
      refuseForeignOrigin(request);
    const header = request.headers.authorization;
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match)
        throw new HttpProblem('unauthenticated', 'the Authorization header must be "Bearer TOKEN"', [], {
          code: 'common.bearer-format',
        });
      request.principal = await resolvePrincipal(ctx, { kind: 'token', secret: match[1] });
      if (!request.principal)
        throw new HttpProblem('unauthenticated', 'this API token is unknown, expired or revoked', [], {
          code: 'access.token-refused',
        });
    } else {
      const cookie = request.cookies?.[SESSION_COOKIE];
      if (cookie) {
        request.sessionToken = cookie;
        request.principal = await resolvePrincipal(ctx, { kind: 'session', secret: cookie });
      }
    }
    // A request from the field app names its device: a revoked or foreign one is refused here (decision 0031).
    const deviceId = await checkDevice(request, ctx);
    if (deviceId && request.principal) request.principal = { ...request.principal, deviceId };
  });
}

/**
 * Confines an auditor to what its grant serves (decision 0027), before any handler or body check runs: every
 * write is refused as read-only, every other read as outside its access, and each refusal is put on the record.
 * The audit services check scope and period on top of this.
 */
export function registerAuditorGuard(app: FastifyInstance, ctx: ServiceContext) {
  app.addHook('preValidation', async (request) => {
    const principal = request.principal;
    if (principal?.role !== 'auditor' || !request.routeOptions.url) return;
    const refusal = auditorRouteRefusal(request.method, request.routeOptions.url);
    if (!refusal) return;
    const error =
      refusal === 'read-only'
        ? forbidden('an auditor reads only: nothing can be written with this access', {
            code: 'audit.read-only',
          })
        : forbidden('an auditor reads only through its access (/api/audit/…)', {
            code: 'audit.outside-access',
          });
    await recordRefusedAuditorCall(ctx, principal, readOf(request), error);
    throw error;
  });
}

/** The service context for a signed-in caller; a 401 problem when nobody is signed in. */
export function authed(request: FastifyRequest, ctx: ServiceContext): AuthedContext {
  if (!request.principal)
    throw new HttpProblem('unauthenticated', 'sign in or send an API token', [], {
      code: 'common.unauthenticated',
    });
  return { ...ctx, principal: request.principal };
}
