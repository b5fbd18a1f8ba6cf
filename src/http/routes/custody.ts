import { z } from 'zod';
import type { ServiceContext } from '../../services/context.ts';
import { aggregateLots, tagSack, transferLots, transformLots } from '../../services/custody/operations.ts';
import {
  LOT_SORTS,
  listLots,
  lotLineage,
  lotOrigin,
  lotView,
  siteDownstream,
} from '../../services/custody/trace.ts';
import type { App } from '../app-types.ts';
import { authed } from '../auth.ts';
import { idParams, pageOf, pageQuery, problems } from '../schemas.ts';

const lotSchema = z.object({
  id: z.uuid(),
  epc: z.string().describe('The EPC the EPCIS events name the lot by'),
  tag: z.string().nullable(),
  kind: z.enum(['sack', 'batch', 'output']),
  mineral: z.string(),
  siteId: z.uuid().nullable(),
  cooperativeId: z.uuid().nullable(),
  producedAt: z.string(),
  massKg: z.number(),
  gradePct: z.number(),
  containedKg: z.number().describe('mass × grade'),
  holder: z.object({ id: z.uuid(), name: z.string() }),
  consumed: z.boolean().describe('Merged or processed into another lot'),
  nonConformingShare: z
    .number()
    .describe('Share of contained cobalt produced at a red, suspended or level-1-incident site'),
  eventId: z.string(),
});
const resultSchema = z.object({
  lots: z.array(lotSchema),
  eventIds: z.array(z.string()).describe('The EPCIS events written (GET /epcis/events/{eventID})'),
  incidents: z
    .array(z.string())
    .describe('Fraud/origin incidents opened by rules set to record rather than refuse'),
});
const originSchema = z.object({
  lot: lotSchema,
  containedKg: z.number(),
  nonConformingShare: z.number(),
  nonConformingKg: z.number(),
  bySite: z.array(
    z.object({
      siteId: z.uuid(),
      code: z.string(),
      name: z.string(),
      share: z.number(),
      containedKg: z.number(),
      atProduction: z.array(
        z.object({
          status: z.string(),
          suspended: z.boolean(),
          openLevel1: z.array(z.string()),
          share: z.number().describe('Share of the lot produced at this site in this state'),
        }),
      ),
    }),
  ),
  byCooperative: z.array(
    z.object({ organisationId: z.uuid(), name: z.string(), share: z.number(), containedKg: z.number() }),
  ),
});
const downstreamSchema = z.object({
  siteId: z.uuid(),
  lots: z.array(lotSchema.extend({ siteShare: z.number(), siteContainedKg: z.number() })),
  organisations: z.array(z.object({ id: z.uuid(), name: z.string(), containedKg: z.number() })),
});
const mass = z.number().positive().max(1e9);
const grade = z.number().min(0).max(100);
const when = z.iso.datetime({ offset: true }).optional();
const CUSTODY_PROBLEMS = problems(400, 401, 403, 409, 422);

export function custodyRoutes(app: App, ctx: ServiceContext) {
  const tags = ['custody'];
  app.post(
    '/api/custody/tags',
    {
      schema: {
        tags,
        summary:
          'Tag a sack at a site for a cooperative (EPCIS commissioning); a retry with the same id is acknowledged once',
        body: z.object({
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
        }),
        response: { 200: resultSchema, 201: resultSchema, ...CUSTODY_PROBLEMS },
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
        response: { 200: resultSchema, 201: resultSchema, ...CUSTODY_PROBLEMS },
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
        response: { 200: resultSchema, 201: resultSchema, ...CUSTODY_PROBLEMS },
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
        response: { 200: resultSchema, 201: resultSchema, ...CUSTODY_PROBLEMS },
      },
    },
    async (request, reply) => {
      const result = await transformLots(authed(request, ctx), request.body);
      return reply.status(result.created ? 201 : 200).send(result);
    },
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
          held: z
            .enum(['true', 'false'])
            .transform((v) => v === 'true')
            .optional()
            .describe('Only lots still held (not consumed into another lot)'),
          sort: z.enum(LOT_SORTS).default('-date').describe("Order; a leading '-' sorts descending"),
          ...pageQuery,
        }),
        response: { 200: pageOf(lotSchema), ...problems(400, 401) },
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
        response: { 200: lotSchema, ...problems(401, 404) },
      },
    },
    async (request) => lotView(authed(request, ctx), request.params.id),
  );

  app.get(
    '/api/lots/:id/origin',
    {
      schema: {
        tags,
        summary:
          'Origin composition of a lot, batch or shipment: share of contained cobalt by site and cooperative, the non-conforming share, each site’s status and open incidents at production',
        params: idParams,
        response: { 200: originSchema, ...problems(401, 404) },
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
          200: z.object({
            nodes: z.array(lotSchema),
            edges: z.array(z.object({ from: z.uuid(), to: z.uuid(), containedKg: z.number() })),
            handOvers: z
              .array(
                z.object({
                  lotId: z.uuid(),
                  to: z.object({ id: z.uuid(), name: z.string() }),
                  at: z.string(),
                  transaction: z.object({ type: z.string(), ref: z.string() }).nullable(),
                }),
              )
              .describe(
                'The hand-overs your organisation made of these lots: to whom, when, under which document',
              ),
          }),
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
        response: { 200: downstreamSchema, ...problems(401, 404) },
      },
    },
    async (request) => siteDownstream(authed(request, ctx), request.params.id),
  );
}
