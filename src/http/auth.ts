import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Principal } from '../domain/access/roles.ts';
import { resolvePrincipal } from '../services/access/sessions.ts';
import type { AuthedContext, ServiceContext } from '../services/context.ts';
import { HttpProblem } from './problems.ts';

export const SESSION_COOKIE = 'amana_session';

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
    const deviceHeader = request.headers['x-amana-device'];
    const deviceId =
      typeof deviceHeader === 'string' && deviceHeader.length <= 128 ? deviceHeader : undefined;
    const header = request.headers.authorization;
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) throw new HttpProblem('unauthenticated', 'the Authorization header must be "Bearer TOKEN"');
      request.principal = await resolvePrincipal(ctx, { kind: 'token', secret: match[1], deviceId });
      if (!request.principal)
        throw new HttpProblem('unauthenticated', 'this API token is unknown, expired or revoked');
      return;
    }
    const cookie = request.cookies?.[SESSION_COOKIE];
    if (cookie) {
      request.sessionToken = cookie;
      request.principal = await resolvePrincipal(ctx, { kind: 'session', secret: cookie, deviceId });
    }
  });
}

/** The service context for a signed-in caller; a 401 problem when nobody is signed in. */
export function authed(request: FastifyRequest, ctx: ServiceContext): AuthedContext {
  if (!request.principal) throw new HttpProblem('unauthenticated', 'sign in or send an API token');
  return { ...ctx, principal: request.principal };
}
