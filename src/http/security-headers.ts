import helmet from 'helmet';
import type { ServiceContext } from '../services/context.ts';
import type { App } from './app-types.ts';

/**
 * The Content-Security-Policy of every answer. The web app is all same-origin files: MapLibre starts its
 * workers from blob: URLs, its stylesheet draws controls with data: images, and nothing is inlined.
 */
export function contentSecurityPolicy(secure: boolean): Record<string, string[]> {
  return {
    'default-src': ["'self'"],
    'base-uri': ["'self'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'worker-src': ["'self'", 'blob:'],
    'object-src': ["'none'"],
    'frame-ancestors': ["'none'"],
    'form-action': ["'self'"],
    // Upgrading requests would break a server reached over plain HTTP on a local network.
    ...(secure ? { 'upgrade-insecure-requests': [] } : {}),
  };
}

/** The reference page at /api/docs is Swagger UI, which styles itself inline and shows data: images. */
export function docsContentSecurityPolicy(secure: boolean): string {
  const policy = {
    ...contentSecurityPolicy(secure),
    'style-src': ["'self'", "'unsafe-inline'"],
  };
  return Object.entries(policy)
    .map(([name, values]) => [name, ...values].join(' '))
    .join('; ');
}

/**
 * Security headers on every answer (helmet): the policy above, nosniff, no framing, no referrer, and HSTS
 * only behind HTTPS (AMANA_SECURE_COOKIES), where a browser may be told to insist on it. helmet's middleware is
 * built once here and applied to each answer (the Fastify plugin built it anew on every request).
 */
export function registerSecurityHeaders(app: App, ctx: ServiceContext) {
  const secure = ctx.config.secureCookies;
  const apply = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(secure) },
    strictTransportSecurity: secure ? { maxAge: 31_536_000, includeSubDomains: false } : false,
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
  });
  app.addHook('onRequest', (request, reply, done) =>
    apply(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined)),
  );
}
