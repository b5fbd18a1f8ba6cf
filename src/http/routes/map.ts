import { z } from 'zod';
import { MAP_LAYER_KINDS } from '../../domain/sites/map-layer.ts';
import { PLACES_PER_VIEW } from '../../domain/sites/places.ts';
import { OUTLINES_PER_REQUEST } from '../../domain/sites/site.ts';
import type { ServiceContext } from '../../services/context.ts';
import {
  addMapLayer,
  listMapLayers,
  mapLayerFeatures,
  removeMapLayer,
} from '../../services/sites/map-layers.ts';
import { placesOfView } from '../../services/sites/places.ts';
import { mapOutlines, siteMapJson } from '../../services/sites/site-map.ts';
import {
  featureCollectionView,
  mapLayerView,
  siteMapView,
  siteOutlinesView,
} from '../../services/sites/views.ts';
import type { App } from '../app-types.ts';
import { authed } from '../auth.ts';
import { idParams, problems } from '../schemas.ts';

/** A national cadastre of concessions is a few megabytes of GeoJSON. */
const LAYER_BODY_LIMIT = 25 * 1024 * 1024;

export function mapRoutes(app: App, ctx: ServiceContext) {
  const tags = ['map'];
  app.get(
    '/api/sites/map',
    {
      schema: {
        tags,
        summary:
          'Every site for the map: status, suspension, province, minerals, cooperatives (indexes into `cooperatives`), a marker point and whether it has an outline',
        response: {
          200: siteMapView,
          ...problems(401),
        },
      },
    },
    // Sent as the JSON text the service streams (a stream skips the serializer, which takes seconds over 10^5
    // sites); the schema above still documents it.
    async (request, reply) => {
      const json = await siteMapJson(authed(request, ctx));
      return reply.type('application/json; charset=utf-8').send(json as never);
    },
  );

  app.get(
    '/api/map/places',
    {
      schema: {
        tags,
        summary: `The names of the towns in a view of the map (GeoNames), at most ${PLACES_PER_VIEW}, spread over it`,
        querystring: z.object({
          bbox: z
            .string()
            .max(120)
            .transform((v) => v.split(',').map((x) => (x.trim() === '' ? Number.NaN : Number(x))))
            .pipe(
              z
                .tuple([
                  z.number().min(-180).max(180),
                  z.number().min(-90).max(90),
                  z.number().min(-180).max(180),
                  z.number().min(-90).max(90),
                ])
                .refine(([, south, , north]) => south <= north, 'south must not be above north'),
            )
            .describe('west,south,east,north in degrees (a view across the antimeridian has west > east)'),
        }),
        response: {
          200: z.object({
            places: z.array(z.object({ name: z.string(), lon: z.number(), lat: z.number() })),
            truncated: z
              .boolean()
              .describe('More places lie in the view than were sent: zoom in for the rest'),
            attribution: z.string(),
          }),
          ...problems(400, 401),
        },
      },
    },
    async (request) => placesOfView(authed(request, ctx), request.query.bbox),
  );

  app.get(
    '/api/sites/outlines',
    {
      schema: {
        tags,
        summary: 'The outlines of the sites named that are mapped as polygons (those in view on the map)',
        querystring: z.object({
          ids: z
            .string()
            .max(OUTLINES_PER_REQUEST * 37)
            .transform((v) => v.split(',').filter((x) => x !== ''))
            .pipe(z.array(z.uuid()).min(1).max(OUTLINES_PER_REQUEST))
            .describe(`Site ids separated by commas, at most ${OUTLINES_PER_REQUEST}`),
        }),
        response: {
          200: siteOutlinesView,
          ...problems(400, 401),
        },
      },
    },
    async (request) => mapOutlines(authed(request, ctx), request.query.ids),
  );

  app.get(
    '/api/map-layers',
    {
      schema: {
        tags,
        summary: "Operators' own map layers (concessions, artisanal zones), without their features",
        response: { 200: z.object({ items: z.array(mapLayerView) }), ...problems(401) },
      },
    },
    async (request) => ({ items: await listMapLayers(authed(request, ctx)) }),
  );

  app.post(
    '/api/map-layers',
    {
      bodyLimit: LAYER_BODY_LIMIT,
      schema: {
        tags,
        summary:
          'Add a GeoJSON layer for everyone to see on the map (201), or acknowledge a retry with the same id (200)',
        body: z.object({
          id: z.uuid().optional(),
          name: z.string().trim().min(1).max(200),
          kind: z.enum(MAP_LAYER_KINDS),
          colour: z
            .string()
            .regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #7c3aed')
            .optional(),
          geojson: z.unknown().describe(featureCollectionView.description!),
        }),
        response: { 200: mapLayerView, 201: mapLayerView, ...problems(400, 401, 403, 413, 422) },
      },
    },
    async (request, reply) => {
      const { layer, created } = await addMapLayer(authed(request, ctx), request.body);
      return reply.status(created ? 201 : 200).send(layer);
    },
  );

  app.get(
    '/api/map-layers/:id/features',
    {
      schema: {
        tags,
        summary: "One layer's features",
        params: idParams,
        response: { 200: featureCollectionView, ...problems(401, 404) },
      },
    },
    async (request) => mapLayerFeatures(authed(request, ctx), request.params.id),
  );

  app.delete(
    '/api/map-layers/:id',
    {
      schema: {
        tags,
        summary: 'Remove a layer your organisation added',
        params: idParams,
        response: { 204: z.null(), ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await removeMapLayer(authed(request, ctx), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
