import { z } from 'zod';
import { MAP_LAYER_KINDS } from '../../domain/sites/map-layer.ts';
import { MINERALS, SITE_STATUSES } from '../../domain/sites/site.ts';
import type { ServiceContext } from '../../services/context.ts';
import {
  addMapLayer,
  listMapLayers,
  mapLayerFeatures,
  removeMapLayer,
} from '../../services/sites/map-layers.ts';
import { siteMap } from '../../services/sites/site-map.ts';
import type { App } from '../app-types.ts';
import { authed } from '../auth.ts';
import { idParams, isoDateTime, problems } from '../schemas.ts';

const layerSchema = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  organisationName: z.string(),
  name: z.string(),
  kind: z.enum(MAP_LAYER_KINDS),
  colour: z.string(),
  featureCount: z.number().int(),
  createdAt: isoDateTime,
});

const featureCollection = z
  .object({ type: z.literal('FeatureCollection'), features: z.array(z.any()) })
  .describe('GeoJSON FeatureCollection (WGS 84)');

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
          'Every site as GeoJSON for the map: status, suspension, province, minerals, cooperatives and a marker point',
        response: {
          200: z.object({
            type: z.literal('FeatureCollection'),
            features: z.array(
              z.object({
                type: z.literal('Feature'),
                id: z.uuid(),
                geometry: z.any(),
                properties: z.object({
                  id: z.uuid(),
                  code: z.string(),
                  name: z.string(),
                  status: z.enum(SITE_STATUSES),
                  suspended: z.boolean(),
                  province: z.string(),
                  minerals: z.array(z.enum(MINERALS)),
                  cooperatives: z.array(z.object({ id: z.uuid(), name: z.string() })),
                  point: z.tuple([z.number(), z.number()]),
                }),
              }),
            ),
          }),
          ...problems(401),
        },
      },
    },
    async (request) => siteMap(authed(request, ctx)),
  );

  app.get(
    '/api/map-layers',
    {
      schema: {
        tags,
        summary: "Operators' own map layers (concessions, artisanal zones), without their features",
        response: { 200: z.object({ items: z.array(layerSchema) }), ...problems(401) },
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
          geojson: z.unknown().describe(featureCollection.description!),
        }),
        response: { 200: layerSchema, 201: layerSchema, ...problems(400, 401, 403, 413, 422) },
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
        response: { 200: featureCollection, ...problems(401, 404) },
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
