import { z } from 'zod';
import type { ServiceContext } from '../../services/context.ts';
import { aggregateLots, tagSack, transferLots, transformLots } from '../../services/custody/operations.ts';
import { holderStock } from '../../services/custody/stock.ts';
import {
  getLot,
  LOT_SORTS,
  listLots,
  lotLineage,
  lotOrigin,
  siteDownstream,
} from '../../services/custody/trace.ts';
import {
  custodyResultView,
  downstreamView,
  lineageView,
  lotView,
  originView,
  stockView,
} from '../../services/custody/views.ts';
import type { App } from '../app-types.ts';
import { authed } from '../auth.ts';
import { idParams, pageOf, pageQuery, problems, queryFlag } from '../schemas.ts';

const mass = z.number().positive().max(1e9);
const grade = z.number().min(0).max(100);
const when = z.iso.datetime({ offset: true }).optional();
const CUSTODY_PROBLEMS = problems(400, 401, 403, 409, 422);

/** A sack tagged at a site, as the web or a phone sends it (also one record of a field sync batch). */
export const tagBody = z.object({
  id: z.uuid().optional(),
  tag: z
    .string()
    .trim()
    .min(3)
    .max(64)
    .regex(/^[A-Za-z0-9-]+$/, 'letters, digits and hyphens'),
  siteId: z.uuid(),
  cooperativeId: z.uuid(),
  massKg: mass,
  gradePct: grade,
  mineral: z.enum(['cobalt', 'copper']).optional(),
  taggedAt: when,
});

export function custodyRoutes(app: App, ctx: ServiceContext) {
  const tags = ['custody'];
  app.post(
    '/api/custody/tags',
    {
      schema: {
        tags,
        summary:
          'Tag a sack at a site for a cooperative (EPCIS commissioning); a retry with the same id is acknowledged once',
        body: tagBody,
        response: { 200: custodyResultView, 201: custodyResultView, ...CUSTODY_PROBLEMS },
      },
    },
    async (request, reply) => {
      const result = await tagSack(authed(request, ctx), request.body);
      return reply.status(result.created ? 201 : 200).send(result);
    },
  );

  app.post(
    '/api/custody/transfers',
    {
      schema: {
        tags,
        summary:
          'Hand lots over to another actor (EPCIS shipping and receiving), with a business transaction such as an invoice',
        body: z.object({
          id: z.uuid().optional(),
          lotIds: z.array(z.uuid()).min(1).max(1000),
          toOrganisationId: z.uuid(),
          transaction: z
            .object({
              type: z.enum([
                'inv',
                'po',
                'desadv',
                'bol',
                'prodorder',
                'recadv',
                'pedigree',
                'poc',
                'rma',
                'cert',
              ]),
              ref: z.string().trim().min(1).max(200),
            })
            .nullish(),
          shippedAt: when,
        }),
        response: { 200: custodyResultView, 201: custodyResultView, ...CUSTODY_PROBLEMS },
      },
    },
    async (request, reply) => {
      const result = await transferLots(authed(request, ctx), request.body);
      return reply.status(result.created ? 201 : 200).send(result);
    },
  );

  app.post(
    '/api/custody/aggregations',
    {
      schema: {
        tags,
        summary:
          'Put lots together into a batch (EPCIS aggregation); the batch is a new lot that names its inputs',
        body: z.object({
          id: z.uuid().optional(),
          lotIds: z.array(z.uuid()).min(2).max(10_000),
          batchTag: z
            .string()
            .trim()
            .min(3)
            .max(64)
            .regex(/^[A-Za-z0-9-]+$/)
            .optional(),
          at: when,
        }),
        response: { 200: custodyResultView, 201: custodyResultView, ...CUSTODY_PROBLEMS },
      },
    },
    async (request, reply) => {
      const result = await aggregateLots(authed(request, ctx), request.body);
      return reply.status(result.created ? 201 : 200).send(result);
    },
  );

  app.post(
    '/api/custody/transformations',
    {
      schema: {
        tags,
        summary:
          'Process or split lots into new ones (EPCIS transformation); contained cobalt is conserved within the loss tolerance',
        body: z.object({
          id: z.uuid().optional(),
          inputLotIds: z.array(z.uuid()).min(1).max(10_000),
          outputs: z
            .array(
              z.object({
                tag: z
                  .string()
                  .trim()
                  .min(3)
                  .max(64)
                  .regex(/^[A-Za-z0-9-]+$/)
                  .optional(),
                massKg: mass,
                gradePct: grade,
              }),
            )
            .min(1)
            .max(1000),
          product: z.string().trim().min(1).max(100).describe('e.g. cobalt hydroxide, concentrate, split'),
          at: when,
        }),
        response: { 200: custodyResultView, 201: custodyResultView, ...CUSTODY_PROBLEMS },
      },
    },
    async (request, reply) => {
      const result = await transformLots(authed(request, ctx), request.body);
      return reply.status(result.created ? 201 : 200).send(result);
    },
  );

  app.get(
    '/api/custody/stock',
    {
      schema: {
        tags,
        summary:
          'What an organisation holds now (yours; any for registry staff), with the loss tolerance and monopoly rule custody applies',
        querystring: z.object({ holderId: z.uuid().optional().describe('Default: your organisation') }),
        response: { 200: stockView, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => holderStock(authed(request, ctx), request.query.holderId),
  );

  app.get(
    '/api/lots',
    {
      schema: {
        tags,
        summary:
          'Lots you may see, newest first: every lot you held and everything upstream of them (all for registry staff); a lot you handed over shows as you handed it over',
        querystring: z.object({
          holderId: z.uuid().optional(),
          siteId: z.uuid().optional().describe('Lots carrying cobalt from this site'),
          q: z.string().max(100).optional().describe("Part of the tag, the EPC or the holder's name"),
          held: queryFlag().describe('Only lots still held (not consumed into another lot)'),
          sort: z.enum(LOT_SORTS).default('-date').describe("Order; a leading '-' sorts descending"),
          ...pageQuery,
        }),
        response: { 200: pageOf(lotView), ...problems(400, 401) },
      },
    },
    async (request) => listLots(authed(request, ctx), request.query),
  );

  app.get(
    '/api/lots/:id',
    {
      schema: {
        tags,
        summary: 'One lot you may see (404 otherwise); a lot you handed over shows as you handed it over',
        params: idParams,
        response: { 200: lotView, ...problems(401, 404) },
      },
    },
    async (request) => getLot(authed(request, ctx), request.params.id),
  );

  app.get(
    '/api/lots/:id/origin',
    {
      schema: {
        tags,
        summary:
          'Origin composition of a lot, batch or shipment: share of contained cobalt by site and cooperative, the non-conforming share, each site’s status and open incidents at production',
        params: idParams,
        response: { 200: originView, ...problems(401, 404) },
      },
    },
    async (request) => lotOrigin(authed(request, ctx), request.params.id),
  );

  app.get(
    '/api/lots/:id/lineage',
    {
      schema: {
        tags,
        summary:
          'The lineage graph around a lot and the cobalt each link carried: upstream and downstream for registry staff; for others what is upstream of the lots they held, with the hand-overs they made',
        params: idParams,
        response: {
          200: lineageView,
          ...problems(401, 404),
        },
      },
    },
    async (request) => lotLineage(authed(request, ctx), request.params.id),
  );

  app.get(
    '/api/sites/:id/downstream',
    {
      schema: {
        tags,
        summary:
          "Where a site's production went: the lots carrying its cobalt and the organisations they reached, as far as you may see (to the end for registry staff)",
        params: idParams,
        response: { 200: downstreamView, ...problems(401, 404) },
      },
    },
    async (request) => siteDownstream(authed(request, ctx), request.params.id),
  );
}
