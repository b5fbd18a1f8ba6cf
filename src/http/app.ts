import fs from 'node:fs';
import path from 'node:path';
import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyServerOptions } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceContext } from '../services/context.ts';
import { healthProblems } from '../services/health.ts';
import { findChainHead } from '../storage/queries/event-log.ts';
import type { App } from './app-types.ts';
import { registerAuditorGuard, registerAuth } from './auth.ts';
import { errorHandler } from './error-handler.ts';
import { registerListExports } from './list-export.ts';
import { HttpProblem, PROBLEMS, problem, problemType } from './problems.ts';
import { registerRateLimits } from './rate-limit.ts';
import { OneLinePerRequest } from './request-log.ts';
import { accessRoutes } from './routes/access.ts';
import { actorRoutes } from './routes/actors.ts';
import { alertRoutes } from './routes/alerts.ts';
import { assessmentRoutes } from './routes/assessments.ts';
import { auditRoutes } from './routes/audit.ts';
import { criteriaRoutes } from './routes/criteria.ts';
import { custodyRoutes } from './routes/custody.ts';
import { custodyConformityRoutes } from './routes/custody-conformity.ts';
import { deviceRoutes } from './routes/devices.ts';
import { dueDiligenceRoutes } from './routes/due-diligence.ts';
import { epcisRoutes } from './routes/epcis.ts';
import { eventLogRoutes } from './routes/event-log.ts';
import { fieldRoutes } from './routes/field.ts';
import { fundingRoutes } from './routes/funding.ts';
import { grievanceSmsRoutes } from './routes/grievance-sms.ts';
import { grievanceRoutes } from './routes/grievances.ts';
import { incidentRoutes } from './routes/incidents.ts';
import { mapRoutes } from './routes/map.ts';
import { monitoringRoutes } from './routes/monitoring.ts';
import { openRosaRoutes } from './routes/openrosa.ts';
import { openRosaAdminRoutes } from './routes/openrosa-admin.ts';
import { originStatementRoutes } from './routes/origin-statement.ts';
import { passwordLinkRoutes } from './routes/password-links.ts';
import { productionRoutes } from './routes/production.ts';
import { recordHistoryRoutes } from './routes/record-history.ts';
import { reportRoutes } from './routes/reports.ts';
import { screeningRoutes } from './routes/screening.ts';
import { searchRoutes } from './routes/search.ts';
import { siteRoutes } from './routes/sites.ts';
import { transparencyRoutes } from './routes/transparency.ts';
import { uploadRoutes } from './routes/uploads.ts';
import { visitPlanRoutes } from './routes/visit-plan.ts';
import { zoneRoutes } from './routes/zones.ts';
import { docsContentSecurityPolicy, registerSecurityHeaders } from './security-headers.ts';

const WEB_DIST = path.resolve(import.meta.dirname, '../../web/dist');
const VERSION = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8'))
  .version as string;

/** Rejects JSON strings holding NUL characters, which PostgreSQL cannot store, with a clear 400. */
function parseJson(_req: unknown, body: string, done: (err: Error | null, value?: unknown) => void) {
  if (body === '') return done(null, undefined);
  try {
    done(
      null,
      JSON.parse(body, (_key, value) => {
        if (typeof value === 'string' && value.includes('\u0000')) {
          throw new HttpProblem(
            'malformed-request',
            'text fields may not contain the NUL character (\\u0000)',
            [],
            { code: 'common.nul-character' },
          );
        }
        return value;
      }),
    );
  } catch (error) {
    done(
      error instanceof HttpProblem
        ? error
        : new HttpProblem(
            'malformed-request',
            `the body is not valid JSON: ${(error as Error).message}`,
            [],
            {
              code: 'common.json-unreadable',
            },
          ),
    );
  }
}

/** Builds the HTTP application: API, OpenAPI document and reference page, and the web app. */
export async function buildApp(ctx: ServiceContext, options: FastifyServerOptions = {}): Promise<App> {
  const app = Fastify({
    bodyLimit: 2 * 1024 * 1024,
    trustProxy: ctx.config.trustProxy,
    logController: new OneLinePerRequest(),
    ...options,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.removeContentTypeParser('application/json');
  // JSON-LD (EPCIS events) reads as JSON does.
  app.addContentTypeParser(['application/json', 'application/ld+json'], { parseAs: 'string' }, parseJson);

  registerSecurityHeaders(app, ctx);
  // Answers are compressed when the client accepts it (the map of every site shrinks about tenfold); routes
  // registered after this get it. Static assets keep their precompressed copies: a reply that already carries
  // a Content-Encoding is passed through.
  await app.register(fastifyCompress);
  await app.register(fastifyCookie);
  // EPCIS query subscriptions by WebSocket (REST binding).
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  await registerRateLimits(app, ctx);
  await app.register(fastifyMultipart, {
    limits: { fileSize: ctx.config.uploadLimitBytes, files: 1, fields: 10 },
  });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Amana API',
        version: VERSION,
        description:
          'Due diligence and traceability for artisanal and small-scale mining. Errors are RFC 9457 problem documents; ' +
          'see GET /api/problems for the catalogue. Authenticate with the session cookie (POST /api/session) or ' +
          '`Authorization: Bearer TOKEN`.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'amana_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: docsContentSecurityPolicy(ctx.config.secureCookies),
  });
  registerAuth(app, ctx);
  registerAuditorGuard(app, ctx);
  registerListExports(app, ctx);

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get(
    '/api/health',
    {
      schema: {
        tags: ['system'],
        summary: 'Liveness and the database engine in use',
        security: [],
        response: {
          200: z.object({
            status: z.enum(['ok', 'degraded']),
            version: z.string(),
            database: z.enum(['pglite', 'postgres']),
            events: z.number().int(),
            /** What does not work on this instance, e.g. capture without its schema; empty when all is well. */
            problems: z.array(z.object({ component: z.string(), message: z.string() })),
          }),
        },
      },
    },
    async () => {
      const head = await findChainHead(ctx.db);
      const problems = healthProblems(ctx.config);
      return {
        status: problems.length ? ('degraded' as const) : ('ok' as const),
        version: VERSION,
        database: ctx.db.engine,
        events: head.seq,
        problems,
      };
    },
  );

  app.get(
    '/api/problems',
    {
      schema: {
        tags: ['system'],
        summary: 'The catalogue of problem types the API answers with',
        security: [],
        response: { 200: z.array(z.object({ type: z.string(), status: z.number(), title: z.string() })) },
      },
    },
    async () =>
      Object.entries(PROBLEMS).map(([slug, p]) => ({
        type: problemType(slug as keyof typeof PROBLEMS),
        ...p,
      })),
  );

  accessRoutes(app, ctx);
  passwordLinkRoutes(app, ctx);
  deviceRoutes(app, ctx);
  actorRoutes(app, ctx);
  siteRoutes(app, ctx);
  mapRoutes(app, ctx);
  zoneRoutes(app, ctx);
  epcisRoutes(app, ctx);
  custodyRoutes(app, ctx);
  custodyConformityRoutes(app, ctx);
  criteriaRoutes(app, ctx);
  assessmentRoutes(app, ctx);
  monitoringRoutes(app, ctx);
  fieldRoutes(app, ctx);
  visitPlanRoutes(app, ctx);
  incidentRoutes(app, ctx);
  alertRoutes(app, ctx);
  grievanceRoutes(app, ctx);
  grievanceSmsRoutes(app, ctx);
  reportRoutes(app, ctx);
  dueDiligenceRoutes(app, ctx);
  originStatementRoutes(app, ctx);
  screeningRoutes(app, ctx);
  uploadRoutes(app, ctx);
  eventLogRoutes(app, ctx);
  auditRoutes(app, ctx);
  fundingRoutes(app, ctx);
  productionRoutes(app, ctx);
  searchRoutes(app, ctx);
  transparencyRoutes(app, ctx);
  recordHistoryRoutes(app, ctx);
  openRosaAdminRoutes(app, ctx);
  await openRosaRoutes(app, ctx);

  const hasWeb = fs.existsSync(path.join(WEB_DIST, 'index.html'));
  if (hasWeb)
    await app.register(fastifyStatic, {
      root: WEB_DIST,
      wildcard: false,
      index: false,
      // The build writes .br and .gz beside each asset; names carry a content hash, so they never change.
      preCompressed: true,
      setHeaders: (res, file) => {
        if (file.includes(`${path.sep}assets${path.sep}`))
          res.header('cache-control', 'public, max-age=31536000, immutable');
      },
    });
  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0];
    const isApi = url.startsWith('/api/') || url === '/api' || url.startsWith('/epcis');
    if (request.method === 'GET' && !isApi) {
      // Client-side routes of the web app all load its one page; the field app's, under /field/, load its own.
      if (hasWeb && (url === '/field' || url.startsWith('/field/')))
        return reply.type('text/html').header('cache-control', 'no-cache').sendFile('field/index.html');
      if (hasWeb) return reply.type('text/html').sendFile('index.html');
      return reply.type('text/html').send('<p>The web app is not built: run <code>npm run build</code>.</p>');
    }
    return reply
      .status(404)
      .type('application/problem+json')
      .send(problem('not-found', `no route ${request.method} ${url}`, [], url));
  });
  return app;
}
