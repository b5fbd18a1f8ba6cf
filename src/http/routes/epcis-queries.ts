import type { WebSocket } from '@fastify/websocket';
import { z } from 'zod';
import type { Schedule } from '../../domain/custody/epcis/query-schedule.ts';
import type { AuthedContext, ServiceContext } from '../../services/context.ts';
import {
  createNamedQuery,
  getNamedQuery,
  getSubscription,
  listQueries,
  listSubscriptions,
  namedQueryParameters,
  readSubscriptionControls,
  removeNamedQuery,
  runNamedQuery,
  subscribeWebhook,
  unsubscribe,
} from '../../services/custody/epcis-named-queries.ts';
import { queryDocument, queryDocumentXml } from '../../services/custody/epcis-query.ts';
import {
  dueBySchedule,
  horizonNow,
  newEvents,
  subscriptionDocument,
} from '../../services/custody/epcis-subscription-delivery.ts';
import type { FieldError } from '../../services/errors.ts';
import { invalid } from '../../services/errors.ts';
import type { App } from '../app-types.ts';
import { authed } from '../auth.ts';
import { problems } from '../schemas.ts';
import { wantsXml } from './epcis.ts';

const namedQuery = z.object({
  name: z.string(),
  query: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
  createdAt: z.string(),
});
const subscription = z.object({
  subscriptionID: z.string(),
  createdAt: z.string(),
  dest: z.string(),
  stream: z.boolean().optional(),
  schedule: z.record(z.string(), z.string()).optional(),
  reportIfEmpty: z.boolean(),
  initialRecordTime: z.string(),
  lastError: z.string().nullable(),
  signatureToken: z.string().optional().describe('Answered once, when the subscription is made'),
});
const nameParams = z.object({ queryName: z.string().min(1).max(100) });
const scheduleSchema = z
  .object({
    second: z.string().max(200).optional(),
    minute: z.string().max(200).optional(),
    hour: z.string().max(200).optional(),
    dayOfMonth: z.string().max(200).optional(),
    month: z.string().max(200).optional(),
    dayOfWeek: z.string().max(200).optional(),
  })
  .strict();

/** A WebSocket subscriber: the events of its query recorded after its position, pushed as they settle. */
interface Stream {
  ctx: AuthedContext;
  socket: WebSocket;
  query: Record<string, string>;
  queryName: string;
  id: string;
  after: number;
  schedule: Schedule | null;
  reportIfEmpty: boolean;
  lastRun: Date | null;
  since: Date;
  busy: boolean;
}

/** Named queries (/queries) and their subscriptions, by webhook and by WebSocket. */
export function epcisQueryRoutes(app: App, ctx: ServiceContext) {
  const tags = ['epcis'];
  const streams = new Set<Stream>();

  const pump = async (s: Stream) => {
    if (s.busy || s.socket.readyState !== 1) return;
    s.busy = true;
    try {
      const now = ctx.clock();
      if (!dueBySchedule(s.schedule, s.lastRun, s.since, now)) return;
      const horizon = await horizonNow(ctx);
      if (horizon === null) return;
      for (;;) {
        const { events, upTo } = await newEvents(s.ctx, s.query, s.after, horizon);
        s.after = upTo;
        if (events.length || (s.schedule && s.reportIfEmpty))
          s.socket.send(JSON.stringify(subscriptionDocument(events, s.queryName, s.id, now)));
        if (upTo >= horizon) break;
      }
      if (s.schedule) s.lastRun = now;
    } catch (error) {
      app.log.error({ err: error }, 'an EPCIS stream failed');
    } finally {
      s.busy = false;
    }
  };
  const pumpAll = () => {
    for (const s of streams) void pump(s);
  };
  // Captures wake the streams (and the worker, for webhooks); a timer catches what else was written.
  const previous = ctx.wakeSubscriptions;
  ctx.wakeSubscriptions = () => {
    previous?.();
    ctx.wakeOutbox?.();
    pumpAll();
  };
  const timer = setInterval(pumpAll, 1000);
  timer.unref();
  app.addHook('onClose', async () => {
    clearInterval(timer);
    for (const s of streams) s.socket.close(1001);
  });

  app.post(
    '/epcis/queries',
    {
      schema: {
        tags,
        summary:
          'Create a named query of yours: name, and query (the SimpleEventQuery parameters as in query-schema.json: lists of values or single ones); 201 with its Location',
        body: z.object({
          name: z.string().max(100),
          query: z
            .record(z.string(), z.unknown())
            .refine((q) => Object.keys(q).length <= 100, 'at most 100 parameters'),
        }),
        response: { 201: namedQuery, ...problems(400, 401, 406, 409) },
      },
    },
    async (request, reply) => {
      const q = await createNamedQuery(authed(request, ctx), request.body);
      return reply
        .status(201)
        .header('location', `/epcis/queries/${encodeURIComponent(q.name)}`)
        .send(q);
    },
  );
  app.get(
    '/epcis/queries',
    {
      schema: {
        tags,
        summary: 'Your named queries, in name order (perPage, nextPageToken; Link rel="next")',
        querystring: z.object({
          perPage: z.string().optional(),
          nextPageToken: z.string().max(400).optional(),
        }),
        response: { 200: z.array(namedQuery), ...problems(400, 401, 406) },
      },
    },
    async (request, reply) => {
      const page = await listQueries(authed(request, ctx), request.query);
      if (page.nextPageToken)
        reply.header(
          'link',
          `</epcis/queries?${new URLSearchParams({ ...request.query, nextPageToken: page.nextPageToken })}>; rel="next"`,
        );
      return page.items;
    },
  );
  app.get(
    '/epcis/queries/:queryName',
    {
      schema: {
        tags,
        summary: 'One named query of yours',
        params: nameParams,
        response: { 200: namedQuery, ...problems(401, 404, 406) },
      },
    },
    async (request) => getNamedQuery(authed(request, ctx), request.params.queryName),
  );
  app.delete(
    '/epcis/queries/:queryName',
    {
      schema: {
        tags,
        summary:
          'Delete a named query of yours; its subscriptions end, WebSocket subscribers are disconnected',
        params: nameParams,
        response: { 204: z.null(), ...problems(401, 404, 406) },
      },
    },
    async (request, reply) => {
      const id = await removeNamedQuery(authed(request, ctx), request.params.queryName);
      for (const s of streams) if (s.id.startsWith(`${id}/`)) s.socket.close(1000, 'query deleted');
      return reply.status(204).send(null);
    },
  );

  app.route({
    method: 'GET',
    url: '/epcis/queries/:queryName/events',
    schema: {
      tags,
      summary:
        'The events of a named query of yours, as you see them now (perPage, nextPageToken). With Upgrade: websocket, a subscription: stream=true pushes each newly captured matching event, or a schedule (second, minute, hour, dayOfMonth, month, dayOfWeek; reportIfEmpty) pushes what is new at those times; initialRecordTime starts it earlier',
      params: nameParams,
      querystring: z.object({}).catchall(z.string()),
      response: {
        200: z.looseObject({ type: z.literal('EPCISQueryDocument') }),
        ...problems(400, 401, 404, 406, 413),
      },
    },
    handler: async (request, reply) => {
      const { perPage, nextPageToken } = request.query;
      const page = await runNamedQuery(authed(request, ctx), request.params.queryName, {
        perPage,
        nextPageToken,
      });
      if (page.nextPageToken)
        reply.header(
          'link',
          `</epcis/queries/${encodeURIComponent(request.params.queryName)}/events?${new URLSearchParams({ ...(perPage ? { perPage } : {}), nextPageToken: page.nextPageToken })}>; rel="next"`,
        );
      if (wantsXml(request.headers.accept))
        return reply
          .type('application/xml; charset=utf-8')
          .send(queryDocumentXml(page.events, ctx.clock()) as never);
      return reply.type('application/ld+json').send(queryDocument(page.events, ctx.clock()) as never);
    },
    wsHandler: async (socket, request) => {
      try {
        const c = authed(request, ctx);
        const params = request.params as { queryName: string };
        const q = request.query as Record<string, string>;
        const { id, query } = await namedQueryParameters(c, params.queryName);
        const errors: FieldError[] = [];
        const schedule = Object.fromEntries(
          ['second', 'minute', 'hour', 'dayOfMonth', 'month', 'dayOfWeek']
            .filter((k) => q[k] !== undefined)
            .map((k) => [k, q[k]]),
        ) as Schedule;
        const controls = readSubscriptionControls({ ...q, schedule }, errors);
        if (errors.length)
          throw invalid(errors, 'the subscription has fields to fix', {
            code: 'custody.epcis-subscription-invalid',
          });
        const now = ctx.clock();
        const since = controls.initialRecordTime ?? now;
        const start = await ctx.db.query<{ s: string }>(
          'SELECT coalesce(max(seq), 0) AS s FROM epcis_events WHERE record_time < $1',
          [since],
        );
        const s: Stream = {
          ctx: c,
          socket,
          query,
          queryName: params.queryName,
          id: `${id}/${crypto.randomUUID()}`,
          after: Number(start.rows[0].s),
          schedule: controls.schedule,
          reportIfEmpty: controls.reportIfEmpty,
          lastRun: null,
          since: now,
          busy: false,
        };
        streams.add(s);
        socket.on('close', () => streams.delete(s));
        if (controls.initialRecordTime) void pump(s);
      } catch (error) {
        // The binding's problem, then the socket closes: a WebSocket has no status code to say it with.
        const e = error as { message?: string; errors?: unknown; code?: string };
        socket.send(
          JSON.stringify({
            type: 'epcisException:SubscriptionControlsException',
            title: e.message,
            status: 400,
            code: e.code,
            errors: e.errors,
          }),
        );
        socket.close(1008, 'subscription refused');
      }
    },
  });

  app.post(
    '/epcis/queries/:queryName/subscriptions',
    {
      schema: {
        tags,
        summary:
          'Subscribe a webhook to a named query of yours: dest (checked as alert webhooks are), signatureToken (HMAC-SHA256 key of the GS1-Signature header; one is made and answered once if none is given), stream: true or a schedule, reportIfEmpty, initialRecordTime. Events are POSTed as EPCISQueryDocuments, retried with backoff, each batch with an Idempotency-Key',
        params: nameParams,
        body: z.object({
          dest: z.string().max(2000),
          signatureToken: z.string().min(16).max(200).optional(),
          stream: z.boolean().optional(),
          schedule: scheduleSchema.optional(),
          reportIfEmpty: z.boolean().optional(),
          initialRecordTime: z.string().max(40).optional(),
        }),
        response: { 201: subscription, ...problems(400, 401, 404, 406) },
      },
    },
    async (request, reply) => {
      const s = await subscribeWebhook(authed(request, ctx), request.params.queryName, request.body);
      return reply
        .status(201)
        .header(
          'location',
          `/epcis/queries/${encodeURIComponent(request.params.queryName)}/subscriptions/${s.subscriptionID}`,
        )
        .send(s);
    },
  );
  app.get(
    '/epcis/queries/:queryName/subscriptions',
    {
      schema: {
        tags,
        summary:
          'The webhook subscriptions of a named query of yours (the signature token is never answered again)',
        params: nameParams,
        response: { 200: z.array(subscription), ...problems(401, 404, 406) },
      },
    },
    async (request) => listSubscriptions(authed(request, ctx), request.params.queryName),
  );
  app.get(
    '/epcis/queries/:queryName/subscriptions/:subscriptionID',
    {
      schema: {
        tags,
        summary: 'One webhook subscription of a named query of yours',
        params: nameParams.extend({ subscriptionID: z.uuid() }),
        response: { 200: subscription, ...problems(401, 404, 406) },
      },
    },
    async (request) =>
      getSubscription(authed(request, ctx), request.params.queryName, request.params.subscriptionID),
  );
  app.delete(
    '/epcis/queries/:queryName/subscriptions/:subscriptionID',
    {
      schema: {
        tags,
        summary: 'End a webhook subscription',
        params: nameParams.extend({ subscriptionID: z.uuid() }),
        response: { 204: z.null(), ...problems(401, 404, 406) },
      },
    },
    async (request, reply) => {
      await unsubscribe(authed(request, ctx), request.params.queryName, request.params.subscriptionID);
      return reply.status(204).send(null);
    },
  );
}
