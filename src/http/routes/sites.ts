import { z } from 'zod';
import { MINERALS, SITE_STATUSES } from '../../domain/sites/site.ts';
import type { ServiceContext } from '../../services/context.ts';
import { exportSites, importSites } from '../../services/sites/site-exchange.ts';
import { siteInputSchema } from '../../services/sites/site-input.ts';
import {
  createSite,
  getSite,
  listSites,
  SITE_SORTS,
  siteStatusHistory,
  updateSite,
} from '../../services/sites/sites.ts';
import type { App } from '../app-types.ts';
import { authed } from '../auth.ts';
import { idParams, isoDateTime, pageOf, pageQuery, problems, versionField } from '../schemas.ts';

const geometrySchema = z
  .object({ type: z.enum(['Point', 'Polygon', 'MultiPolygon']), coordinates: z.array(z.any()) })
  .describe('GeoJSON Point, Polygon or MultiPolygon (WGS 84 longitude, latitude)');

const statusReasonSchema = z
  .looseObject({ kind: z.string() })
  .describe(
    'The reason as data (kind: registered, assessment, red_minimum, green_lapsed, yellow_overdue, blue_too_long, red_minimum_over)',
  );

const siteSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  province: z.string(),
  territory: z.string().nullable(),
  zoneCode: z.string().nullable(),
  concession: z.string().nullable(),
  geometry: geometrySchema,
  minerals: z.array(z.enum(MINERALS)),
  cooperatives: z.array(z.object({ id: z.uuid(), name: z.string() })),
  workforce: z.number().nullable(),
  pits: z.number().nullable(),
  capacityKgMonth: z.number().nullable(),
  typicalGradePct: z.number().nullable(),
  status: z.enum(SITE_STATUSES),
  statusSince: isoDateTime,
  statusExplanation: z.string().describe('Why the site has its status, in words'),
  statusReason: statusReasonSchema,
  statusDeadline: z.string().nullable().describe('Yellow: last day to correct'),
  statusValidUntil: z.string().nullable().describe('Green: first day it is no longer valid'),
  statusRedUntil: z.string().nullable().describe('Red: earliest day the suspension can end'),
  suspendedBy: z.array(z.string()).describe('Verified level-1 incidents suspending the site until resolved'),
  version: z.number().int(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});

// The OpenAPI document shows the geometry's shape; the domain rule checks it in full.
const siteBody = siteInputSchema.extend({
  geometry: siteInputSchema.shape.geometry.describe(geometrySchema.description!),
});

/**
 * The largest site body: the other fields, and each allowed position pretty-printed with an altitude. A
 * geometry far beyond the vertex limit is refused (413) before it is read.
 */
const siteBodyLimit = (maxVertices: number) => 64 * 1024 + maxVertices * 128;

export function siteRoutes(app: App, ctx: ServiceContext) {
  const tags = ['sites'];
  app.addContentTypeParser(
    ['text/csv', 'application/geo+json'],
    { parseAs: 'string', bodyLimit: 50 * 1024 * 1024 },
    (_req, body, done) => done(null, body),
  );

  app.get(
    '/api/sites',
    {
      schema: {
        tags,
        summary: 'List mine sites by code',
        querystring: z.object({
          q: z.string().max(100).optional().describe('Part of a code or name'),
          status: z.enum(SITE_STATUSES).optional(),
          province: z.string().max(100).optional(),
          mineral: z.enum(MINERALS).optional(),
          cooperativeId: z.uuid().optional(),
          zoneCode: z.string().max(64).optional(),
          sort: z.enum(SITE_SORTS).default('code').describe("Order; a leading '-' sorts descending"),
          ...pageQuery,
        }),
        response: { 200: pageOf(siteSchema), ...problems(400, 401) },
      },
    },
    async (request) => listSites(authed(request, ctx), request.query),
  );

  app.post(
    '/api/sites',
    {
      bodyLimit: siteBodyLimit(ctx.config.siteMaxVertices),
      schema: {
        tags,
        summary: 'Register a site (status blue until assessed)',
        body: siteBody.extend({ id: z.uuid().optional() }),
        response: { 200: siteSchema, 201: siteSchema, ...problems(400, 401, 403, 409, 413, 422) },
      },
    },
    async (request, reply) => {
      const { site, created } = await createSite(authed(request, ctx), request.body);
      return reply.status(created ? 201 : 200).send(site);
    },
  );

  app.get(
    '/api/sites/export',
    {
      schema: {
        tags,
        summary: 'Export every site as a GeoJSON FeatureCollection or CSV',
        querystring: z.object({ format: z.enum(['geojson', 'csv']).default('geojson') }),
        response: { ...problems(400, 401) },
      },
    },
    async (request, reply) => {
      authed(request, ctx);
      const body = await exportSites(ctx, request.query.format);
      const csv = request.query.format === 'csv';
      return reply
        .type(csv ? 'text/csv; charset=utf-8' : 'application/geo+json')
        .header('content-disposition', `attachment; filename="sites.${csv ? 'csv' : 'geojson'}"`)
        .send(body as never);
    },
  );

  app.post(
    '/api/sites/import',
    {
      bodyLimit: 50 * 1024 * 1024,
      schema: {
        tags,
        summary:
          'Import sites from a GeoJSON FeatureCollection (application/json or application/geo+json) or CSV (text/csv); all or nothing',
        response: {
          200: z.object({ created: z.number().int(), updated: z.number().int() }),
          ...problems(400, 401, 403, 415),
        },
      },
    },
    async (request) => {
      const c = authed(request, ctx);
      const text = typeof request.body === 'string' ? request.body : JSON.stringify(request.body ?? '');
      return importSites(c, text);
    },
  );

  app.get(
    '/api/sites/:id',
    {
      schema: {
        tags,
        summary: 'One site',
        params: idParams,
        response: { 200: siteSchema, ...problems(401, 404) },
      },
    },
    async (request) => getSite(authed(request, ctx), request.params.id),
  );

  app.put(
    '/api/sites/:id',
    {
      bodyLimit: siteBodyLimit(ctx.config.siteMaxVertices),
      schema: {
        tags,
        summary: "Replace a site's registry data (its status changes only through assessments and incidents)",
        params: idParams,
        body: siteBody.extend({ version: versionField }),
        response: { 200: siteSchema, ...problems(400, 401, 403, 404, 409, 413) },
      },
    },
    async (request) => updateSite(authed(request, ctx), request.params.id, request.body),
  );

  app.get(
    '/api/sites/:id/status-history',
    {
      schema: {
        tags,
        summary: "The site's status changes with their reasons, newest first",
        params: idParams,
        response: {
          200: z.array(
            z.object({
              id: z.uuid(),
              status: z.enum(SITE_STATUSES),
              reason: z.string(),
              reasonData: statusReasonSchema,
              effectiveAt: isoDateTime,
              recordedBy: z.uuid().nullable(),
            }),
          ),
          ...problems(401, 404),
        },
      },
    },
    async (request) => siteStatusHistory(authed(request, ctx), request.params.id),
  );
}
