import { z } from 'zod';
import { MINERALS, SITE_STATUSES } from '../../domain/sites/site.ts';
import type { ServiceContext } from '../../services/context.ts';
import { mergedInto } from '../../services/screening/merge.ts';
import { exportSites, importSites } from '../../services/sites/site-exchange.ts';
import { siteInputSchema } from '../../services/sites/site-input.ts';
import { siteScope } from '../../services/sites/site-scope.ts';
import {
  createSite,
  getSite,
  listSites,
  SITE_SORTS,
  siteStatusHistory,
  updateSite,
} from '../../services/sites/sites.ts';
import {
  importResultView,
  siteGeometryView,
  siteView,
  statusChangeView,
} from '../../services/sites/views.ts';
import type { App } from '../app-types.ts';
import { authed } from '../auth.ts';
import { idParams, pageOf, pageQuery, problems, queryFlag, versionField } from '../schemas.ts';

// The OpenAPI document shows the geometry's shape; the domain rule checks it in full.
const siteBody = siteInputSchema.extend({
  geometry: siteInputSchema.shape.geometry.describe(siteGeometryView.description!),
});

/**
 * The largest site body: the other fields, and each allowed position pretty-printed with an altitude. A
 * geometry far beyond the vertex limit is refused (413) before it is read.
 */
export const siteBodyLimit = (maxVertices: number) => 64 * 1024 + maxVertices * 128;

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
          suspended: queryFlag().describe(
            'true: only suspended sites (a verified level-1 incident standing)',
          ),
          mine: queryFlag().describe(
            "true: only the caller's own sites — those its cooperative operates, those a buyer or refiner follows or whose ore it held, a monitor's assigned ones; every site for the programme's staff",
          ),
          sort: z.enum(SITE_SORTS).default('code').describe("Order; a leading '-' sorts descending"),
          ...pageQuery,
        }),
        response: { 200: pageOf(siteView), ...problems(400, 401) },
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
        response: { 200: siteView, 201: siteView, ...problems(400, 401, 403, 409, 413, 422) },
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
      const body = await exportSites(ctx, request.query.format, siteScope(authed(request, ctx)));
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
          200: importResultView,
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
        summary: 'One site; a merged one answers 308 to the site it was merged into',
        params: idParams,
        response: { 200: siteView, ...problems(401, 404) },
      },
    },
    async (request, reply) => {
      const c = authed(request, ctx);
      // A merged site reads as the one it was merged into.
      const survivor = await mergedInto(c, 'site', request.params.id);
      if (survivor) return reply.redirect(`/api/sites/${survivor}`, 308);
      return getSite(c, request.params.id);
    },
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
        response: { 200: siteView, ...problems(400, 401, 403, 404, 409, 413) },
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
          200: z.array(statusChangeView),
          ...problems(401, 404),
        },
      },
    },
    async (request) => siteStatusHistory(authed(request, ctx), request.params.id),
  );
}
