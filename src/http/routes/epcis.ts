import type { IncomingMessage } from 'node:http';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { canCaptureCustody } from '../../domain/access/roles.ts';
import { CBV_VERSION, EPCIS_VERSION } from '../../domain/custody/epcis/rest-negotiation.ts';
import type { ServiceContext } from '../../services/context.ts';
import { captureDocument, getCapture } from '../../services/custody/epcis-capture.ts';
import {
  EPCIS_CONTEXT,
  getEvent,
  queryDocument,
  queryDocumentXml,
  queryEvents,
} from '../../services/custody/epcis-query.ts';
import type { App } from '../app-types.ts';
import { authed } from '../auth.ts';
import { errorHandler } from '../error-handler.ts';
import { HttpProblem } from '../problems.ts';
import { problems } from '../schemas.ts';
import { epcisQueryRoutes } from './epcis-queries.ts';
import { DISCOVERY_HEADERS, epcisRestRoutes, refuseUnmetHeaders } from './epcis-rest.ts';

const captureJob = z.object({
  captureID: z.uuid(),
  createdAt: z.string(),
  finishedAt: z.string().optional().describe('Absent while the capture runs'),
  running: z.boolean(),
  success: z.boolean(),
  captureErrorBehaviour: z.enum(['rollback', 'proceed']),
  errors: z.array(z.object({ path: z.string(), message: z.string() })),
  eventCount: z.number().int(),
  storedCount: z
    .number()
    .int()
    .describe('Events new to the repository; re-sent ones are acknowledged, not stored twice'),
  capturedBy: z
    .object({ organisationId: z.uuid(), userId: z.uuid() })
    .describe('Who captured: every event of the job records them (amana:capturedBy)'),
});

/**
 * Reads a request body into one buffer of its own (transferable to a worker thread), refusing it past
 * `limit` bytes. With a Content-Length the buffer is made at once and each chunk copied in as it comes,
 * so no single long copy at the end holds the server's thread.
 */
function readBody(
  contentLength: string | undefined,
  payload: IncomingMessage,
  limit: number,
  tooLarge: () => Error,
  done: (err: Error | null, body?: Buffer) => void,
) {
  const declared = contentLength === undefined ? Number.NaN : Number(contentLength);
  if (declared > limit) {
    payload.resume();
    return done(tooLarge());
  }
  const buffer = Number.isSafeInteger(declared) && declared > 0 ? Buffer.allocUnsafeSlow(declared) : null;
  const parts: Buffer[] = [];
  let received = 0;
  let failed = false;
  const fail = (error: Error) => {
    if (failed) return;
    failed = true;
    payload.resume();
    done(error);
  };
  payload.on('data', (chunk: Buffer) => {
    if (failed) return;
    received += chunk.length;
    if (received > limit) return fail(tooLarge());
    if (!buffer) parts.push(chunk);
    else if (received > buffer.length)
      fail(
        new HttpProblem('malformed-request', 'the body is longer than its Content-Length', [], {
          code: 'common.body-length',
        }),
      );
    else chunk.copy(buffer, received - chunk.length);
  });
  payload.on('end', () => {
    if (failed) return;
    if (buffer && received !== buffer.length)
      return fail(
        new HttpProblem('malformed-request', 'the body is shorter than its Content-Length', [], {
          code: 'common.body-length',
        }),
      );
    done(null, buffer ?? Buffer.concat(parts, received));
  });
  payload.on('error', fail);
}

const XML_TYPES = new Set(['application/xml', 'text/xml']);
const JSON_TYPES = new Set(['application/json', 'application/ld+json', 'application/*', '*/*']);

/**
 * Whether a request's Accept header prefers the XML binding to JSON-LD (quality values honoured; JSON
 * when they are equal or no type is named).
 */
export function wantsXml(accept: string | undefined): boolean {
  if (!accept) return false;
  let xml = 0;
  let json = 0;
  for (const part of accept.split(',')) {
    const [type, ...params] = part.split(';').map((x) => x.trim().toLowerCase());
    const q = params.find((x) => x.startsWith('q='));
    const quality = q === undefined ? 1 : Number(q.slice(2)) || 0;
    if (XML_TYPES.has(type)) xml = Math.max(xml, quality);
    else if (JSON_TYPES.has(type)) json = Math.max(json, quality);
  }
  return xml > json;
}

/** The EPCIS 2.0 REST binding (capture and SimpleEventQuery) under /epcis. */
export function epcisRoutes(app: App, ctx: ServiceContext) {
  const tags = ['epcis'];
  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/epcis')) {
      reply.header('GS1-EPCIS-Version', EPCIS_VERSION);
      reply.header('GS1-CBV-Version', CBV_VERSION);
      // Events are answered with their EPCs as they were captured.
      if (!reply.hasHeader('gs1-epc-format')) reply.header('GS1-EPC-Format', 'Never_Translates');
    }
  });
  // A request asking for a version or a form this repository cannot give is refused before anything else.
  app.addHook('onRequest', async (request) => refuseUnmetHeaders(request));

  const limits = { events: ctx.config.epcisMaxEvents, bytes: ctx.config.epcisMaxBytes };
  // The capture limits, announced as the REST binding says (GS1-EPCIS-Capture-Limit and -File-Size-Limit).
  const limitHeaders = {
    'gs1-epcis-capture-limit': String(limits.events),
    'gs1-epcis-capture-file-size-limit': String(limits.bytes),
  };

  app.options('/epcis/capture', { schema: { hide: true } }, async (_request, reply) =>
    reply
      .status(204)
      .headers({
        ...DISCOVERY_HEADERS,
        ...limitHeaders,
        allow: 'OPTIONS, GET, POST',
        'gs1-capture-error-behaviour': 'rollback, proceed',
      })
      .send(),
  );
  epcisRestRoutes(app, ctx, limitHeaders);
  epcisQueryRoutes(app, ctx);

  const tooLarge = () =>
    new HttpProblem(
      'payload-too-large',
      `a capture takes at most ${limits.bytes} bytes (AMANA_EPCIS_MAX_BYTES); send the events in several documents`,
      [],
      { code: 'common.body-too-large', params: { limit: limits.bytes } },
    );
  // Capture reads the document's bytes as they come and hands them to a worker thread unparsed: a large
  // document is never parsed on the server's thread, where it would hold every other request.
  app.register(async (scope) => {
    scope.removeContentTypeParser(['application/json', 'application/ld+json']);
    // A document is JSON-LD or XML: plain text is not one (415).
    scope.removeContentTypeParser('text/plain');
    scope.addContentTypeParser(
      ['application/json', 'application/ld+json', 'application/xml', 'text/xml'],
      (request, payload, done) =>
        readBody(request.headers['content-length'], payload, limits.bytes, tooLarge, done),
    );
    (scope as unknown as App).post(
      '/epcis/capture',
      {
        bodyLimit: limits.bytes,
        // Who may capture is known before a byte of the document is read.
        onRequest: async (request) => {
          const c = authed(request, ctx);
          if (!canCaptureCustody(c.principal))
            throw new HttpProblem('forbidden', 'your role does not capture custody events', [], {
              code: 'common.forbidden',
            });
        },
        errorHandler: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
          // Whatever says a capture is too large, the answer names the limits.
          if (
            error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ||
            (error instanceof HttpProblem && error.slug === 'payload-too-large')
          )
            reply.headers(limitHeaders);
          if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return errorHandler(tooLarge(), request, reply);
          return errorHandler(error, request, reply);
        },
        schema: {
          tags,
          summary:
            'Capture an EPCIS 2.0 document (JSON-LD, or XML of EPCIS 2.0 or 1.2): validated against the standard schema and the CBV 2.0 vocabularies (every defect named with its path), events naming Amana’s lots, sites and organisations checked against their capturer, stored atomically; re-sent events are acknowledged once, one hash whichever binding they came in',
          consumes: ['application/ld+json', 'application/json', 'application/xml', 'text/xml'],
          headers: z.object({
            'gs1-capture-error-behaviour': z.enum(['rollback', 'proceed']).default('rollback'),
          }),
          body: z
            .unknown()
            .describe('EPCISDocument (application/ld+json, application/json, application/xml or text/xml)'),
          response: { 202: captureJob, ...problems(400, 401, 403, 406, 409, 413, 415, 503) },
        },
      },
      async (request, reply) => {
        try {
          const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
          const job = await captureDocument(
            authed(request, ctx),
            request.body,
            request.headers['gs1-capture-error-behaviour'] as 'rollback' | 'proceed',
            XML_TYPES.has(type) ? 'xml' : 'json',
          );
          return reply
            .status(202)
            .headers(limitHeaders)
            .header('location', `/epcis/capture/${job.captureID}`)
            .send(job);
        } catch (error) {
          if ((error as { kind?: string }).kind === 'too_large') reply.headers(limitHeaders);
          throw error;
        }
      },
    );
  });

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
          'SimpleEventQuery, every parameter of EPCIS 2.0 §8.2.7.1: eventType; GE_/LT_ eventTime and recordTime; EQ_action, EQ_bizStep, EQ_disposition, EQ_persistentDisposition_set/unset; EQ_/WD_ readPoint and bizLocation; EQ_transformationID; MATCH_ epc, parentID, inputEPC, outputEPC, anyEPC, epcClass, inputEPCClass, outputEPCClass, anyEPCClass; EQ_/GT_/GE_/LT_/LE_quantity, also with a unit (GE_quantity_KGM); EQ_eventID; EXISTS_errorDeclaration, GE_/LT_errorDeclarationTime, EQ_errorReason, EQ_correctiveEventID; EQ_bizTransaction_<type>, EQ_source_<type>, EQ_destination_<type>; sensor data: EQ_type, EQ_deviceID, EQ_dataProcessingMethod, EQ_microorganism, EQ_chemicalSubstance, EQ_bizRules, EQ_stringValue, EQ_booleanValue, EQ_hexBinaryValue, EQ_uriValue, EQ_/GT_/GE_/LT_/LE_ percRank, percValue and sDev, value, minValue, maxValue and meanValue with a unit (GT_value_CEL, converted within its dimension), GE_/LT_ time, startTime and endTime; extension fields by qualified name (EQ_/GT_/GE_/LT_/LE_/EXISTS_, INNER_, ILMD_, SENSORELEMENT_, SENSORMETADATA_, SENSORREPORT_, ERROR_DECLARATION_: EQ_https://ns.example.org/x#field); HASATTR_/EQATTR_ (Amana holds no master data: they match nothing); orderBy (eventTime, recordTime or an extension field) with orderDirection (DESC by default), eventCountLimit (needs orderBy) or maxEventCount (413 QueryTooLargeException past it). Several values separated by |. perPage and nextPageToken page through the answer (Link rel="next"); a token answers only the query and caller it was issued for. JSON-LD, or the XML binding with Accept: application/xml',
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
            orderBy: z.string().optional(),
            orderDirection: z.string().optional(),
            eventCountLimit: z.string().optional(),
            maxEventCount: z.string().optional(),
          })
          .catchall(z.string()),
        response: {
          200: z.looseObject({ type: z.literal('EPCISQueryDocument') }),
          ...problems(400, 401, 406, 413),
        },
      },
    },
    async (request, reply) => {
      const page = await queryEvents(authed(request, ctx), request.query);
      if (page.nextPageToken) {
        const next = new URLSearchParams({ ...request.query, nextPageToken: page.nextPageToken });
        reply.header('link', `</epcis/events?${next}>; rel="next"`);
      }
      if (wantsXml(request.headers.accept))
        return reply
          .type('application/xml; charset=utf-8')
          .send(queryDocumentXml(page.events, ctx.clock()) as never);
      return reply.type('application/ld+json').send(queryDocument(page.events, ctx.clock()) as never);
    },
  );

  app.get(
    '/epcis/events/:eventID',
    {
      schema: {
        tags,
        summary:
          'One event by its eventID (URL-encoded; the CBV 2.0 event hash when the capturer gave none); JSON-LD, or with Accept: application/xml an XML query document holding it',
        params: z.object({ eventID: z.string().min(1).max(2000) }),
        response: { 200: z.looseObject({}), ...problems(401, 404, 406) },
      },
    },
    async (request, reply) => {
      const found = await getEvent(authed(request, ctx), request.params.eventID);
      // In XML an event stands in a query document of its own.
      if (wantsXml(request.headers.accept))
        return reply
          .type('application/xml; charset=utf-8')
          .send(queryDocumentXml([found], ctx.clock()) as never);
      const { '@context': own, ...event } = found;
      // Standing alone, the event carries the standard context before its own namespaces.
      const context = [EPCIS_CONTEXT, ...(own === undefined ? [] : Array.isArray(own) ? own : [own])];
      return reply.type('application/ld+json').send({ '@context': context, ...event } as never);
    },
  );
}
