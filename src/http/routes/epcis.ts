import { z } from 'zod';
import type { ServiceContext } from '../../services/context.ts';
import { captureDocument, getCapture } from '../../services/custody/epcis-capture.ts';
import { EPCIS_CONTEXT, getEvent, queryDocument, queryEvents } from '../../services/custody/epcis-query.ts';
import type { App } from '../app-types.ts';
import { authed } from '../auth.ts';
import { HttpProblem } from '../problems.ts';
import { problems } from '../schemas.ts';

/** An EPCIS document of ten thousand events is a few megabytes. */
const CAPTURE_LIMIT = 64 * 1024 * 1024;

const captureJob = z.object({
  captureID: z.uuid(),
  createdAt: z.string(),
  finishedAt: z.string(),
  running: z.boolean(),
  success: z.boolean(),
  captureErrorBehaviour: z.enum(['rollback', 'proceed']),
  errors: z.array(z.object({ path: z.string(), message: z.string() })),
  eventCount: z.number().int(),
  storedCount: z
    .number()
    .int()
    .describe('Events new to the repository; re-sent ones are acknowledged, not stored twice'),
});

/** The EPCIS 2.0 REST binding (capture and SimpleEventQuery) under /epcis. */
export function epcisRoutes(app: App, ctx: ServiceContext) {
  const tags = ['epcis'];
  app.addContentTypeParser(
    'application/ld+json',
    { parseAs: 'string', bodyLimit: CAPTURE_LIMIT },
    (_req, body, done) => {
      try {
        done(null, JSON.parse(body as string));
      } catch {
        done(new HttpProblem('malformed-request', 'the body is not valid JSON'), undefined);
      }
    },
  );
  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/epcis')) {
      reply.header('GS1-EPCIS-Version', '2.0.0');
      reply.header('GS1-CBV-Version', '2.0.0');
    }
  });

  app.post(
    '/epcis/capture',
    {
      bodyLimit: CAPTURE_LIMIT,
      schema: {
        tags,
        summary:
          'Capture an EPCIS 2.0 document (JSON-LD): validated against the standard schema, stored atomically; re-sent events are acknowledged once',
        headers: z.object({
          'gs1-capture-error-behaviour': z.enum(['rollback', 'proceed']).default('rollback'),
        }),
        body: z.unknown().describe('EPCISDocument (application/ld+json or application/json)'),
        response: { 202: captureJob, ...problems(400, 401, 403, 413, 415) },
      },
    },
    async (request, reply) => {
      const job = await captureDocument(
        authed(request, ctx),
        request.body,
        request.headers['gs1-capture-error-behaviour'],
      );
      return reply.status(202).header('location', `/epcis/capture/${job.captureID}`).send(job);
    },
  );

  app.get(
    '/epcis/capture/:captureID',
    {
      schema: {
        tags,
        summary: 'The outcome of a capture job of your organisation',
        params: z.object({ captureID: z.uuid() }),
        response: { 200: captureJob, ...problems(401, 404) },
      },
    },
    async (request) => getCapture(authed(request, ctx), request.params.captureID),
  );

  app.get(
    '/epcis/events',
    {
      schema: {
        tags,
        summary:
          'SimpleEventQuery: eventType, GE_/LT_eventTime, GE_/LT_recordTime, EQ_action, EQ_bizStep, EQ_disposition, EQ_readPoint, EQ_bizLocation, MATCH_epc, MATCH_parentID, MATCH_inputEPC, MATCH_outputEPC, MATCH_anyEPC, MATCH_epcClass, MATCH_anyEPCClass, EQ_bizTransaction_<type>, EQ_eventID; several values separated by |; perPage and nextPageToken page through the answer (Link rel="next")',
        // The parameter names are open-ended (EQ_bizTransaction_<type>, EQ_INNER_…): the common ones are
        // declared for the document, any other is taken as a string and checked by the query itself.
        querystring: z
          .object({
            eventType: z.string().optional(),
            perPage: z.string().optional(),
            nextPageToken: z.string().optional(),
            GE_eventTime: z.string().optional(),
            LT_eventTime: z.string().optional(),
            GE_recordTime: z.string().optional(),
            LT_recordTime: z.string().optional(),
            EQ_bizStep: z.string().optional(),
            MATCH_epc: z.string().optional(),
            MATCH_anyEPC: z.string().optional(),
          })
          .catchall(z.string()),
        response: { 200: z.looseObject({ type: z.literal('EPCISQueryDocument') }), ...problems(400, 401) },
      },
    },
    async (request, reply) => {
      const page = await queryEvents(authed(request, ctx), request.query);
      if (page.nextPageToken) {
        const next = new URLSearchParams({ ...request.query, nextPageToken: page.nextPageToken });
        reply.header('link', `</epcis/events?${next}>; rel="next"`);
      }
      return reply.type('application/ld+json').send(queryDocument(page.events, ctx.clock()) as never);
    },
  );

  app.get(
    '/epcis/events/:eventID',
    {
      schema: {
        tags,
        summary: 'One event by its eventID (URL-encoded; the CBV 2.0 event hash when the capturer gave none)',
        params: z.object({ eventID: z.string().min(1).max(2000) }),
        response: { 200: z.looseObject({}), ...problems(401, 404) },
      },
    },
    async (request, reply) => {
      const { '@context': own, ...event } = await getEvent(authed(request, ctx), request.params.eventID);
      // Standing alone, the event carries the standard context before its own namespaces.
      const context = [EPCIS_CONTEXT, ...(own === undefined ? [] : Array.isArray(own) ? own : [own])];
      return reply.type('application/ld+json').send({ '@context': context, ...event } as never);
    },
  );
}
