import { z } from 'zod';
import { INCIDENT_STATES } from '../../domain/incidents/lifecycle.ts';
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
import type { ServiceContext } from '../../services/context.ts';
import type { App } from '../app-types.ts';
import { authed } from '../auth.ts';
import { idParams, isoDateTime, pageOf, pageQuery, problems } from '../schemas.ts';

const subscriptionSchema = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  siteId: z.uuid().nullable(),
  supplierId: z.uuid().nullable(),
  emails: z.array(z.string()),
  createdAt: isoDateTime,
});

const webhookSchema = z.object({
  id: z.uuid(),
  url: z.string(),
  enabled: z.boolean(),
  createdAt: isoDateTime,
});

const deliverySchema = z.object({
  id: z.uuid(),
  alertId: z.uuid(),
  channel: z.string(),
  target: z.string(),
  status: z.string(),
  attempts: z.number().int(),
  nextAttemptAt: isoDateTime,
  deliveredAt: isoDateTime.nullable(),
  lastError: z.string().nullable(),
});

const conformityAlertBody = z.object({
  conformity: z.object({
    rejudgementId: z.uuid(),
    cause: z.record(z.string(), z.unknown()).describe('Why the site’s production was judged again, as data'),
    explanation: z.string(),
  }),
  site: z.object({ id: z.uuid(), code: z.string(), name: z.string() }),
  lots: z.array(
    z.object({
      id: z.uuid(),
      tag: z.string().nullable(),
      epc: z.string(),
      kind: z.string(),
      before: z.number().describe('Non-conforming share before'),
      after: z.number().describe('Non-conforming share after'),
      explanation: z.string(),
    }),
  ),
  lotCount: z.number().int().describe('Lots of yours that changed (the list holds at most 100)'),
});

const alertSchema = z.object({
  id: z.uuid(),
  incidentId: z.uuid().nullable().describe('Null for an alert about lots whose conformity changed'),
  kind: z.string().describe('incident.<state>, or lot.conformity_changed'),
  title: z.string(),
  body: z.union([
    z.object({
      incident: z.object({
        id: z.uuid(),
        code: z.string(),
        level: z.number(),
        category: z.string(),
        title: z.string(),
        state: z.enum(INCIDENT_STATES),
      }),
      site: z.object({ id: z.uuid(), code: z.string(), name: z.string() }),
      transition: z.object({ to: z.enum(INCIDENT_STATES), reason: z.string(), at: isoDateTime }),
    }),
    conformityAlertBody,
  ]),
  readAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
});

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
          200: pageOf(subscriptionSchema),
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
          200: subscriptionSchema,
          201: subscriptionSchema,
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
          200: pageOf(webhookSchema),
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
          201: webhookSchema.extend({ secret: z.string() }),
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

  app.get(
    '/api/deliveries',
    {
      schema: {
        tags,
        summary:
          "The delivery log of your organisation's alerts, newest first: webhooks and e-mails, attempts and errors",
        querystring: z.object(pageQuery),
        response: {
          200: pageOf(deliverySchema),
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
          unread: z
            .enum(['true', 'false'])
            .transform((v) => v === 'true')
            .optional(),
          ...pageQuery,
        }),
        response: { 200: pageOf(alertSchema).extend({ unread: z.number().int() }), ...problems(400, 401) },
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
        response: { 200: alertSchema, ...problems(401, 404) },
      },
    },
    async (request) => markAlertRead(authed(request, ctx), request.params.id),
  );
}
