import { z } from 'zod';
import { listAlerts, markAlertRead } from '../../services/alerts/alerts.ts';
import {
  createWebhook,
  deleteWebhook,
  deliveryLog,
  listSubscriptions,
  listWebhooks,
  subscribe,
  unsubscribe,
} from '../../services/alerts/subscriptions.ts';
import {
  alertView,
  deliveryView,
  newWebhookView,
  subscriptionView,
  webhookView,
} from '../../services/alerts/views.ts';
import { testWebhook } from '../../services/alerts/webhook-test.ts';
import type { ServiceContext } from '../../services/context.ts';
import type { App } from '../app-types.ts';
import { authed } from '../auth.ts';
import { idParams, pageOf, pageQuery, problems, queryFlag } from '../schemas.ts';

export function alertRoutes(app: App, ctx: ServiceContext) {
  const tags = ['alerts'];

  app.get(
    '/api/subscriptions',
    {
      schema: {
        tags,
        summary: "Your organisation's subscriptions, oldest first",
        querystring: z.object({
          siteId: z.uuid().optional().describe('Only the subscription following this site (at most one)'),
          ...pageQuery,
        }),
        response: {
          200: pageOf(subscriptionView),
          ...problems(400, 401),
        },
      },
    },
    async (request) => listSubscriptions(authed(request, ctx), request.query),
  );

  app.post(
    '/api/subscriptions',
    {
      schema: {
        tags,
        summary:
          'Follow a site or a supplier; alerts about it reach your inbox, webhooks and these e-mail addresses',
        body: z.object({
          id: z.uuid().optional(),
          siteId: z.uuid().optional(),
          supplierId: z.uuid().optional(),
          emails: z.array(z.email()).max(20).optional(),
        }),
        response: {
          200: subscriptionView,
          201: subscriptionView,
          ...problems(400, 401, 403, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const subscription = await subscribe(authed(request, ctx), request.body);
      return reply.status(subscription.created ? 201 : 200).send(subscription);
    },
  );

  app.delete(
    '/api/subscriptions/:id',
    {
      schema: {
        tags,
        summary: 'Stop following',
        params: idParams,
        response: { 204: z.null(), ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await unsubscribe(authed(request, ctx), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/webhooks',
    {
      schema: {
        tags,
        summary: "Your organisation's webhooks, oldest first, disabled ones included",
        querystring: z.object(pageQuery),
        response: {
          200: pageOf(webhookView),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request) => listWebhooks(authed(request, ctx), request.query),
  );

  app.post(
    '/api/webhooks',
    {
      schema: {
        tags,
        summary:
          'Register a webhook. Each alert is POSTed as JSON with headers Amana-Signature (t=UNIX,v1=HMAC-SHA256 of "t.body" with the secret) and Idempotency-Key; the secret is shown once',
        body: z.object({ url: z.url().max(2000) }),
        response: {
          201: newWebhookView,
          ...problems(400, 401, 403),
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createWebhook(authed(request, ctx), request.body.url)),
  );

  app.delete(
    '/api/webhooks/:id',
    {
      schema: {
        tags,
        summary: 'Disable a webhook',
        params: idParams,
        response: { 204: z.null(), ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await deleteWebhook(authed(request, ctx), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/webhooks/:id/test',
    {
      schema: {
        tags,
        summary:
          'Call a webhook now with a signed test message (type webhook.test); the call and its outcome join the delivery log',
        params: idParams,
        response: { 201: deliveryView, ...problems(401, 403, 404) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await testWebhook(authed(request, ctx), request.params.id)),
  );

  app.get(
    '/api/deliveries',
    {
      schema: {
        tags,
        summary:
          "The delivery log of your organisation's alerts, newest first: webhooks and e-mails, attempts and errors",
        querystring: z.object(pageQuery),
        response: {
          200: pageOf(deliveryView),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request) => deliveryLog(authed(request, ctx), request.query),
  );

  app.get(
    '/api/alerts',
    {
      schema: {
        tags,
        summary: "Your organisation's alerts inbox, newest first, with the unread count",
        querystring: z.object({
          unread: queryFlag(),
          ...pageQuery,
        }),
        response: { 200: pageOf(alertView).extend({ unread: z.number().int() }), ...problems(400, 401) },
      },
    },
    async (request) => listAlerts(authed(request, ctx), request.query),
  );

  app.post(
    '/api/alerts/:id/read',
    {
      schema: {
        tags,
        summary: 'Mark an alert read',
        params: idParams,
        response: { 200: alertView, ...problems(401, 404) },
      },
    },
    async (request) => markAlertRead(authed(request, ctx), request.params.id),
  );
}
