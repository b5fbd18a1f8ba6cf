import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { SMS_MAX_CHARS, SMS_REPLY_MAX_CHARS, type SmsChannel } from '../../domain/grievances/sms.ts';
import type { ServiceContext } from '../../services/context.ts';
import { listSmsThread, receiveSms, replyBySms, senderKeyOf } from '../../services/grievances/sms.ts';
import type { App } from '../app-types.ts';
import { authed } from '../auth.ts';
import { HttpProblem } from '../problems.ts';
import { idParams, problems } from '../schemas.ts';

/** The most bytes one inbound message may weigh, form or JSON: a long SMS and the gateway's fields fit well within. */
const BODY_LIMIT = 16 * 1024;

const inbound = z.object({
  from: z.string().trim().min(1).max(40).describe('The sender’s number, as the gateway gives it'),
  to: z.string().trim().max(40).optional().describe('The short code or number the message was sent to'),
  text: z.string().max(SMS_MAX_CHARS),
  date: z
    .string()
    .max(40)
    .optional()
    .describe('When the gateway received it: ISO-8601, or "YYYY-MM-DD HH:MM:SS" UTC'),
  id: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .describe('The gateway’s id of the message: sent again, it is stored once'),
  linkId: z.string().max(100).optional().describe('Africa’s Talking’s premium-session link, unused'),
});

const receivedView = z.object({
  caseCode: z.string(),
  created: z.boolean().describe('Whether this message opened the grievance'),
  duplicate: z.boolean().describe('Whether the message was already stored (the gateway sent it again)'),
});

const messageView = z.object({
  id: z.uuid(),
  direction: z.enum(['in', 'out']),
  body: z.string(),
  status: z.enum(['received', 'sent', 'failed']),
  failure: z.string().nullable().describe('Why the gateway did not take an answer'),
  sentBy: z
    .string()
    .nullable()
    .describe('The officer who sent an answer; null for the automatic first answer'),
  sentAt: z.string().nullable().describe('Inbound: when the gateway received it; outbound: when it was sent'),
  recordedAt: z.string(),
});

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * The channel's secret from the `X-Amana-Sms-Token` header or `?token=` (a gateway's callback URL can carry only
 * that). Not `Authorization: Bearer`, which names an API token of a user.
 */
function requireChannelToken(ctx: ServiceContext, channel: SmsChannel, request: FastifyRequest) {
  const expected = ctx.config.sms.inboundTokens[channel];
  if (!expected)
    throw new HttpProblem('not-found', `the ${channel} SMS channel is not configured`, [], {
      code: 'grievances.sms-channel-off',
    });
  const header = request.headers['x-amana-sms-token'];
  const query = (request.query as { token?: unknown } | undefined)?.token;
  const given = typeof header === 'string' ? header : typeof query === 'string' ? query : '';
  if (!given || !timingSafeEqual(digest(given), digest(expected)))
    throw new HttpProblem(
      'unauthenticated',
      'send the channel’s token in the X-Amana-Sms-Token header or as ?token=',
      [],
      {
        code: 'grievances.sms-token',
      },
    );
}

/** Grievances by SMS: the gateways' inbound webhooks, and the officers' thread and answers (decision 0051). */
export function grievanceSmsRoutes(app: App, ctx: ServiceContext) {
  const tags = ['grievances'];
  const rate = ctx.config.sms.rate;
  const perSender = app.createRateLimit({
    max: rate.max,
    timeWindow: rate.windowMinutes * 60_000,
    keyGenerator: (request) =>
      `sms-sender:${senderKeyOf(ctx, (request.body as { from?: string }).from ?? '') ?? 'none'}`,
  });
  const webhook = (channel: SmsChannel) => ({
    bodyLimit: BODY_LIMIT,
    onRequest: async (request: FastifyRequest) => requireChannelToken(ctx, channel, request),
    // One number may not flood the officers' queue: counted by its keyed hash, never the number itself.
    preHandler: async (request: FastifyRequest, reply: import('fastify').FastifyReply) => {
      const result = await perSender(request);
      if (!result.isAllowed && result.isExceeded) {
        reply.header('retry-after', String(Math.max(1, result.ttlInSeconds)));
        throw new HttpProblem(
          'too-many-requests',
          'too many messages from this number; try again later',
          [],
          {
            code: 'common.too-many-requests',
            params: { seconds: Math.max(1, result.ttlInSeconds) },
          },
        );
      }
    },
  });

  app.register(async (scope) => {
    // Africa's Talking posts its callback as a form; only this route reads one.
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: BODY_LIMIT },
      (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );
    (scope as unknown as App).post(
      '/api/sms/africastalking/inbound',
      {
        ...webhook('africastalking'),
        schema: {
          tags,
          summary:
            "Africa's Talking's inbound SMS callback (form fields from, to, text, date, id, linkId): the message joins its number's open grievance or opens one, whose first answer carries the case code",
          security: [],
          consumes: ['application/x-www-form-urlencoded'],
          querystring: z.object({ token: z.string().max(200).optional() }),
          body: inbound,
          response: { 200: receivedView, ...problems(400, 401, 404, 413, 415, 429) },
        },
      },
      async (request) => receiveSms(ctx, 'africastalking', request.body),
    );
  });

  app.post(
    '/api/sms/inbound',
    {
      ...webhook('json'),
      schema: {
        tags,
        summary:
          'A generic gateway’s inbound SMS as JSON ({from, to, text, date, id}), with the channel’s token in X-Amana-Sms-Token: threaded as Africa’s Talking’s are',
        security: [],
        querystring: z.object({ token: z.string().max(200).optional() }),
        body: inbound,
        response: { 200: receivedView, ...problems(400, 401, 404, 413, 415, 429) },
      },
    },
    async (request) => receiveSms(ctx, 'json', request.body),
  );

  app.get(
    '/api/grievances/:id/sms',
    {
      schema: {
        tags,
        summary:
          'The SMS thread of a grievance, oldest first; empty when it did not come by SMS (grievance officers)',
        params: idParams,
        response: { 200: z.array(messageView), ...problems(401, 403, 404) },
      },
    },
    async (request) => listSmsThread(authed(request, ctx), request.params.id),
  );

  app.post(
    '/api/grievances/:id/sms',
    {
      schema: {
        tags,
        summary:
          'Answer the reporter by SMS through the gateway: recorded as sent, or failed with the gateway’s reason (grievance officers)',
        params: idParams,
        body: z.object({ text: z.string().trim().min(1).max(SMS_REPLY_MAX_CHARS) }),
        response: { 201: messageView, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await replyBySms(authed(request, ctx), request.params.id, request.body.text)),
  );
}
