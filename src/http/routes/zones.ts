import { z } from 'zod';
import { ZONE_KINDS } from '../../domain/sites/zones.ts';
import {
  cooperativeMembers,
  listMinerCards,
  minerCardCounts,
  recordMembership,
  registerMinerCard,
} from '../../services/actors/cooperative-members.ts';
import { cardCountView, membersView, minerCardView } from '../../services/actors/views.ts';
import type { ServiceContext } from '../../services/context.ts';
import { zonesView, zoneView } from '../../services/sites/views.ts';
import { createZone, listZones } from '../../services/sites/zones.ts';
import type { App } from '../app-types.ts';
import { authed } from '../auth.ts';
import { idParams, isoDate, pageOf, pageQuery, problems } from '../schemas.ts';
import { siteBodyLimit } from './sites.ts';

/** Artisanal zones, cooperatives' membership counts and the register of miners' cards (decision 0057). */
export function zoneRoutes(app: App, ctx: ServiceContext) {
  app.get(
    '/api/zones',
    {
      schema: {
        tags: ['sites'],
        summary:
          'Artisanal zones and concession areas set aside for artisanal mining, with the sites each holds today and the sites in none',
        response: { 200: zonesView, ...problems(401, 403) },
      },
    },
    async (request) => listZones(authed(request, ctx)),
  );

  app.post(
    '/api/zones',
    {
      bodyLimit: siteBodyLimit(ctx.config.siteMaxVertices),
      schema: {
        tags: ['sites'],
        summary: 'Record a zone with its outline, legal basis and dates in force (registry keepers)',
        body: z.object({
          id: z.uuid().optional(),
          code: z.string().trim().min(1).max(40),
          name: z.string().trim().min(1).max(200),
          kind: z.enum(ZONE_KINDS),
          geometry: z.unknown().describe('GeoJSON Polygon or MultiPolygon (WGS 84)'),
          legalBasis: z.string().trim().min(1).max(500),
          validFrom: isoDate,
          validUntil: isoDate.nullable().optional(),
        }),
        response: { 200: zoneView, 201: zoneView, ...problems(400, 401, 403, 409, 413, 422) },
      },
    },
    async (request, reply) => {
      const { zone, created } = await createZone(
        authed(request, ctx),
        request.body,
        ctx.config.siteMaxVertices,
      );
      return reply.status(created ? 201 : 200).send(zone);
    },
  );

  const tags = ['actors'];
  app.get(
    '/api/cooperatives/:id/members',
    {
      schema: {
        tags,
        summary: "A cooperative's membership counts over time and how many miners' cards it holds",
        params: idParams,
        response: { 200: membersView, ...problems(400, 401, 404) },
      },
    },
    async (request) => cooperativeMembers(authed(request, ctx), request.params.id),
  );

  app.post(
    '/api/cooperatives/:id/members',
    {
      schema: {
        tags,
        summary: 'Record how many members a cooperative counted on a day',
        params: idParams,
        body: z.object({
          id: z.uuid().optional(),
          countedOn: isoDate,
          members: z.number().int().min(0).max(1_000_000),
        }),
        response: { 200: membersView, 201: membersView, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const { members, created } = await recordMembership(
        authed(request, ctx),
        request.params.id,
        request.body,
      );
      return reply.status(created ? 201 : 200).send(members);
    },
  );

  app.get(
    '/api/cooperatives/:id/miner-cards',
    {
      schema: {
        tags,
        summary: "A cooperative's miners' cards (its manager and the programme only), by card number",
        params: idParams,
        querystring: z.object(pageQuery),
        response: { 200: pageOf(minerCardView), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => listMinerCards(authed(request, ctx), request.params.id, request.query),
  );

  app.post(
    '/api/miner-cards',
    {
      schema: {
        tags,
        summary: "Register a miner's card: number, cooperative and birth year only (an adult's)",
        body: z.object({
          id: z.uuid().optional(),
          cardNumber: z.string().trim().min(1).max(40),
          cooperativeId: z.uuid(),
          birthYear: z.number().int().min(1900).max(2100),
          issuedOn: isoDate,
        }),
        response: { 200: minerCardView, 201: minerCardView, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const { card, created } = await registerMinerCard(authed(request, ctx), request.body);
      return reply.status(created ? 201 : 200).send(card);
    },
  );

  app.get(
    '/api/miner-cards/counts',
    {
      schema: {
        tags,
        summary:
          "How many miners' cards each cooperative holds (registry staff and the regulator: all; a cooperative: its own)",
        response: { 200: z.object({ items: z.array(cardCountView) }), ...problems(401, 403) },
      },
    },
    async (request) => minerCardCounts(authed(request, ctx)),
  );
}
