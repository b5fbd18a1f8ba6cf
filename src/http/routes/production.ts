import { z } from 'zod';
import type { ServiceContext } from '../../services/context.ts';
import { cooperativeAccount, recordPayment } from '../../services/production/payments.ts';
import { importMarketPrices, listPrices, setPrice } from '../../services/production/prices.ts';
import { declareRoyalty, royaltyGaps } from '../../services/production/royalties.ts';
import {
  accountView,
  exportFlowView,
  paymentView,
  priceView,
  royaltyGapView,
  volumeView,
} from '../../services/production/views.ts';

const royaltyLineView = royaltyGapView.shape.items.element;

import { exportFlowsOf, productionVolumes } from '../../services/production/volumes.ts';
import type { App } from '../app-types.ts';
import { authed } from '../auth.ts';
import { idParams, isoDate, pageOf, pageQuery, problems } from '../schemas.ts';

const currency = z.enum(['USD', 'CDF', 'EUR']);

/** Production computed from custody, reference prices and payments to cooperatives (decision 0039). */
export function productionRoutes(app: App, ctx: ServiceContext) {
  const tags = ['production'];

  app.get(
    '/api/production/volumes',
    {
      schema: {
        tags,
        summary:
          'Volumes cooperatives delivered, from custody, by month, site, cooperative and buyer (a cooperative: its own; a buyer: what it bought)',
        querystring: z.object({
          from: isoDate,
          to: isoDate.describe('exclusive'),
          cooperativeId: z.uuid().optional(),
          buyerId: z.uuid().optional(),
        }),
        response: { 200: z.object({ items: z.array(volumeView) }), ...problems(400, 401, 403) },
      },
    },
    async (request) => productionVolumes(authed(request, ctx), request.query),
  );

  app.get(
    '/api/production/exports',
    {
      schema: {
        tags,
        summary:
          'Shipments that left the country, from custody, by month, exporter, destination country and receiver (refiner)',
        querystring: z.object({ from: isoDate, to: isoDate.describe('exclusive') }),
        response: { 200: z.object({ items: z.array(exportFlowView) }), ...problems(400, 401, 403) },
      },
    },
    async (request) => exportFlowsOf(authed(request, ctx), request.query),
  );

  const period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month, YYYY-MM');
  app.post(
    '/api/royalty-declarations',
    {
      schema: {
        tags,
        summary:
          'Declare what an actor paid in royalties for a month (the actor itself or the registry keepers)',
        body: z.object({
          id: z.uuid().optional(),
          organisationId: z.uuid(),
          period,
          currency: z.literal('USD'),
          declaredMinor: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
          reference: z.string().trim().max(200).optional(),
        }),
        response: { 200: royaltyLineView, 201: royaltyLineView, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const { declared, created } = await declareRoyalty(
        authed(request, ctx),
        request.body,
        ctx.config.royaltyPerTonneMinor,
      );
      return reply.status(created ? 201 : 200).send(declared);
    },
  );

  app.get(
    '/api/royalties',
    {
      schema: {
        tags,
        summary:
          "Each actor's royalties for a month: implied by the cobalt it shipped × the configured rate, beside what it declared, largest gap first",
        querystring: z.object({ period, currency: z.literal('USD').default('USD') }),
        response: { 200: royaltyGapView, ...problems(400, 401, 403) },
      },
    },
    async (request) => royaltyGaps(authed(request, ctx), request.query, ctx.config.royaltyPerTonneMinor),
  );

  app.get(
    '/api/prices',
    {
      schema: {
        tags,
        summary: 'Reference prices per tonne of contained cobalt over time, earliest first',
        querystring: z.object({
          currency: currency.default('USD'),
          kind: z.enum(['floor', 'market']).optional(),
          ...pageQuery,
        }),
        response: { 200: pageOf(priceView), ...problems(400, 401, 403) },
      },
    },
    async (request) => listPrices(authed(request, ctx), request.query),
  );

  app.post(
    '/api/prices',
    {
      schema: {
        tags,
        summary: 'Set a reference price from a day on: the floor (the state buyer) or a market price',
        body: z.object({
          id: z.uuid().optional(),
          kind: z.enum(['floor', 'market']),
          currency,
          perTonneMinor: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
          effectiveOn: isoDate,
          source: z.string().trim().max(200).optional(),
        }),
        response: { 200: priceView, 201: priceView, ...problems(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const { price, created } = await setPrice(authed(request, ctx), request.body);
      return reply.status(created ? 201 : 200).send(price);
    },
  );

  app.post(
    '/api/prices/import',
    {
      bodyLimit: 1_048_576,
      schema: {
        tags,
        summary:
          'Import market prices from CSV (effective_on,currency,per_tonne in major units): every row or none',
        body: z.object({ csv: z.string().max(1_000_000), source: z.string().trim().max(200).optional() }),
        response: {
          200: z.object({ imported: z.number().int(), unchanged: z.number().int() }),
          ...problems(400, 401, 403, 413),
        },
      },
    },
    async (request) => importMarketPrices(authed(request, ctx), request.body),
  );

  app.post(
    '/api/cooperative-payments',
    {
      schema: {
        tags,
        summary:
          'Record what you paid a cooperative against one of its deliveries to you (at most what it is still owed)',
        body: z.object({
          id: z.uuid().optional(),
          deliveryEvent: z.string().min(1).max(300),
          amountMinor: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
          currency,
          paidAt: z.iso.datetime({ offset: true }),
          reference: z.string().trim().max(200).optional(),
        }),
        response: { 200: paymentView, 201: paymentView, ...problems(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const { payment, created } = await recordPayment(authed(request, ctx), request.body);
      return reply.status(created ? 201 : 200).send(payment);
    },
  );

  app.get(
    '/api/cooperatives/:id/account',
    {
      schema: {
        tags,
        summary:
          "A cooperative's deliveries, what each was owed at the floor price of its day and what was paid (a cooperative: its own)",
        params: idParams,
        querystring: z.object({ currency: currency.default('USD') }),
        response: { 200: accountView, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => cooperativeAccount(authed(request, ctx), request.params.id, request.query.currency),
  );
}
