import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { SITE_CODE_PATTERN } from '../../domain/sites/site.ts';
import { PUBLIC_LOCATIONS } from '../../domain/transparency/transparency.ts';
import type { ServiceContext } from '../../services/context.ts';
import type { PublicAnswer } from '../../services/transparency/cache.ts';
import {
  OPEN_DATA_FILES,
  type OpenDataFile,
  openDataFile,
  publicDictionary,
  publicIncidents,
  publicOverview,
  publicSite,
  setSitePublicLocation,
} from '../../services/transparency/transparency.ts';
import {
  dataDictionaryView,
  publicIncidentsView,
  publicOverviewView,
  publicSiteDetailView,
} from '../../services/transparency/views.ts';
import type { App } from '../app-types.ts';
import { authed } from '../auth.ts';
import { perAddress } from '../rate-limit.ts';
import { idParams, problems } from '../schemas.ts';

const BASE = '/api/public/transparency';

/**
 * Sends a public answer with its entity tag and how long it may be kept; a client holding the same tag gets 304
 * and no body. Anyone may cache it: it is the same for every reader (decision 0055).
 */
function sendPublic(ctx: ServiceContext, request: FastifyRequest, reply: FastifyReply, answer: PublicAnswer) {
  reply
    .header('etag', answer.etag)
    .header('cache-control', `public, max-age=${ctx.config.publicCacheSeconds}`)
    .header('vary', 'accept-encoding');
  const held = request.headers['if-none-match'];
  if (held?.split(',').some((t) => t.trim().replace(/^W\//, '') === answer.etag))
    return reply.status(304).send();
  reply.type(answer.contentType);
  if (answer.filename) reply.header('content-disposition', `attachment; filename="${answer.filename}"`);
  return reply.send(answer.body);
}

const DELAYED =
  'No sign-in. Delayed (AMANA_PUBLIC_DELAY_MONTHS, 3 by default), aggregated and redacted: no person, no grievance, no place the programme withholds';

/** The public transparency view and its open data, and the setting of how a site's place is shown. */
export function transparencyRoutes(app: App, ctx: ServiceContext) {
  const tags = ['transparency'];
  const config = perAddress('public-view', 'public-view requests', ctx.config.publicRate, {
    inProcess: true,
  });
  const common = { tags, security: [] };

  app.get(
    BASE,
    {
      config,
      schema: {
        ...common,
        summary: `Every public site with its status at the publication date, and how many of each status. ${DELAYED}`,
        response: { 200: publicOverviewView, ...problems(429) },
      },
    },
    async (request, reply) => sendPublic(ctx, request, reply, await publicOverview(ctx)),
  );

  app.get(
    `${BASE}/sites/:code`,
    {
      config,
      schema: {
        ...common,
        summary: `A public site: its status history and the ore tagged there by whole month. ${DELAYED}`,
        params: z.object({ code: z.string().max(32).regex(SITE_CODE_PATTERN, 'a site code, e.g. KZI-017') }),
        response: { 200: publicSiteDetailView, ...problems(400, 404, 429) },
      },
    },
    async (request, reply) => sendPublic(ctx, request, reply, await publicSite(ctx, request.params.code)),
  );

  app.get(
    `${BASE}/incidents`,
    {
      config,
      schema: {
        ...common,
        summary: `Closed incidents counted by half-year, category and level, once the half-year has ended. ${DELAYED}`,
        response: { 200: publicIncidentsView, ...problems(429) },
      },
    },
    async (request, reply) => sendPublic(ctx, request, reply, await publicIncidents(ctx)),
  );

  app.get(
    `${BASE}/dictionary`,
    {
      config,
      schema: {
        ...common,
        summary: 'The data dictionary of the open-data files, in French, English and Swahili',
        response: { 200: dataDictionaryView, ...problems(429) },
      },
    },
    async (request, reply) => sendPublic(ctx, request, reply, await publicDictionary(ctx)),
  );

  app.get(
    `${BASE}/:file`,
    {
      config,
      schema: {
        ...common,
        summary: `An open-data file: sites (CSV, GeoJSON), volumes by site and month (CSV), incident summaries (CSV). ${DELAYED}`,
        params: z.object({ file: z.enum(OPEN_DATA_FILES) }),
        response: { ...problems(400, 429) },
      },
    },
    async (request, reply) =>
      sendPublic(ctx, request, reply, await openDataFile(ctx, request.params.file as OpenDataFile)),
  );

  app.put(
    '/api/sites/:id/public-location',
    {
      schema: {
        tags: ['sites'],
        summary:
          'How the public view shows a site’s place: exact, rounded to a tenth of a degree, or withheld (administrators and analysts)',
        params: idParams,
        body: z.object({ location: z.enum(PUBLIC_LOCATIONS) }),
        response: {
          200: z.object({ siteId: z.uuid(), location: z.enum(PUBLIC_LOCATIONS) }),
          ...problems(400, 401, 403, 404),
        },
      },
    },
    async (request) => setSitePublicLocation(authed(request, ctx), request.params.id, request.body.location),
  );
}
