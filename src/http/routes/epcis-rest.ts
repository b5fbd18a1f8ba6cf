import { z } from 'zod';
import { EVENT_TYPES } from '../../domain/custody/epcis/event-index.ts';
import {
  CBV_VERSION,
  CBV_XML_FORMATS_MET,
  EPC_FORMATS_MET,
  EPCIS_VERSION,
  unmetHeaders,
} from '../../domain/custody/epcis/rest-negotiation.ts';
import type { ServiceContext } from '../../services/context.ts';
import { captureWithIds } from '../../services/custody/epcis-capture.ts';
import {
  EPCIS_CONTEXT,
  queryDocument,
  queryDocumentXml,
  queryEvents,
} from '../../services/custody/epcis-query.ts';
import {
  listCaptures,
  listResourceValues,
  requireEventType,
  requireResourceValue,
  VALUE_RESOURCES,
  type ValueResource,
} from '../../services/custody/epcis-resources.ts';
import { invalid } from '../../services/errors.ts';
import type { App } from '../app-types.ts';
import { authed } from '../auth.ts';
import { HttpProblem } from '../problems.ts';
import { problems } from '../schemas.ts';
import { wantsXml } from './epcis.ts';

/** The top-level resources of the binding, as GET /epcis lists them. */
export const TOP_LEVEL = [
  'capture',
  'events',
  'eventTypes',
  'epcs',
  'bizSteps',
  'bizLocations',
  'readPoints',
  'dispositions',
  'queries',
] as const;

/** What every discovery answer says of the repository (REST binding, 204DefaultDiscoveryResponse). */
export const DISCOVERY_HEADERS = {
  'gs1-epcis-version': EPCIS_VERSION,
  'gs1-epcis-min': EPCIS_VERSION,
  'gs1-epcis-max': EPCIS_VERSION,
  'gs1-cbv-version': CBV_VERSION,
  'gs1-cbv-min': CBV_VERSION,
  'gs1-cbv-max': CBV_VERSION,
  'gs1-epc-format': EPC_FORMATS_MET.join(', '),
  'gs1-cbv-xml-format': CBV_XML_FORMATS_MET.join(', '),
  'gs1-vendor-version': 'amana-0.1.0',
};

/** Each resource of the binding and the methods it takes, for OPTIONS. */
const ALLOW: [string, string][] = [
  ['/epcis', 'OPTIONS, GET'],
  ['/epcis/capture/:captureID', 'OPTIONS, GET'],
  ['/epcis/events', 'OPTIONS, GET, POST'],
  ['/epcis/events/:eventID', 'OPTIONS, GET'],
  ['/epcis/eventTypes', 'OPTIONS, GET'],
  ['/epcis/eventTypes/:value', 'OPTIONS, GET'],
  ['/epcis/eventTypes/:value/events', 'OPTIONS, GET'],
  ...Object.keys(VALUE_RESOURCES).flatMap((r): [string, string][] => [
    [`/epcis/${r}`, 'OPTIONS, GET'],
    [`/epcis/${r}/:value`, 'OPTIONS, GET'],
    [`/epcis/${r}/:value/events`, 'OPTIONS, GET'],
  ]),
  ['/epcis/queries', 'OPTIONS, GET, POST'],
  ['/epcis/queries/:queryName', 'OPTIONS, GET, DELETE'],
  ['/epcis/queries/:queryName/events', 'OPTIONS, GET'],
  ['/epcis/queries/:queryName/subscriptions', 'OPTIONS, GET, POST'],
  ['/epcis/queries/:queryName/subscriptions/:subscriptionID', 'OPTIONS, GET, DELETE'],
  ['/epcis/nextPageToken/:token', 'OPTIONS, DELETE'],
];

const collection = (member: readonly string[]) => ({
  '@context': EPCIS_CONTEXT,
  type: 'Collection' as const,
  member: [...member],
});
const collectionSchema = z.object({
  '@context': z.string(),
  type: z.literal('Collection'),
  member: z.array(z.string()),
});
const pageQuery = z.object({ perPage: z.string().optional(), nextPageToken: z.string().optional() });
// Any of the standard's query parameters, by name; an object with properties (none named) documents as no parameters.
const queryString = z.object({}).catchall(z.string());

/**
 * Refuses (406) a request whose version or format headers ask what this repository cannot give, naming
 * each header; runs before the route on every /epcis request.
 */
export function refuseUnmetHeaders(request: {
  url: string;
  method: string;
  headers: Record<string, string | string[] | undefined>;
}) {
  const path = request.url.split('?')[0];
  if (path !== '/epcis' && !path.startsWith('/epcis/')) return;
  const capture = request.method === 'POST' && (path === '/epcis/capture' || path === '/epcis/events');
  const accept = request.headers.accept;
  const unmet = unmetHeaders(request.headers, {
    xml: wantsXml(Array.isArray(accept) ? accept[0] : accept),
    capture,
  });
  if (unmet.length)
    throw new HttpProblem(
      'not-acceptable',
      unmet.map((u) => u.message).join('; '),
      unmet.map((u) => ({ path: u.header, message: u.message, code: u.code, params: u.params })),
      { code: unmet[0].code, params: unmet[0].params },
    );
}

/** The binding's resources beyond capture and SimpleEventQuery: discovery, lists, single-event capture. */
export function epcisRestRoutes(app: App, ctx: ServiceContext, limitHeaders: Record<string, string>) {
  const tags = ['epcis'];
  for (const [url, allow] of ALLOW)
    app.options(url, { schema: { hide: true } }, async (_request, reply) =>
      reply
        .status(204)
        .headers({ ...DISCOVERY_HEADERS, allow })
        .send(),
    );

  app.get(
    '/epcis',
    {
      schema: {
        tags,
        summary: 'The top-level resources of this EPCIS 2.0 repository (REST binding)',
        response: { 200: collectionSchema, ...problems(401, 406) },
      },
    },
    async (request, reply) => {
      authed(request, ctx);
      return reply.type('application/ld+json').send(collection(TOP_LEVEL));
    },
  );

  app.get(
    '/epcis/capture',
    {
      schema: {
        tags,
        summary:
          'The capture jobs of your organisation, newest first (perPage, nextPageToken; Link rel="next")',
        querystring: pageQuery,
        response: { 200: z.array(z.looseObject({ captureID: z.string() })), ...problems(400, 401, 406) },
      },
    },
    async (request, reply) => {
      const page = await listCaptures(authed(request, ctx), request.query);
      if (page.nextPageToken)
        reply.header(
          'link',
          `</epcis/capture?${new URLSearchParams({ ...request.query, nextPageToken: page.nextPageToken })}>; rel="next"`,
        );
      return reply.headers(limitHeaders).send(page.items as never);
    },
  );

  app.post(
    '/epcis/events',
    {
      schema: {
        tags,
        summary:
          'Capture one EPCIS event, synchronously: checked and stored as capture does; 201 with the event’s Location. A re-sent identical event is acknowledged the same way; an eventID already naming another event is 409',
        headers: z.object({}).passthrough(),
        body: z.record(z.string(), z.unknown()).describe('One EPCIS 2.0 event (JSON-LD)'),
        response: { 201: z.looseObject({}), ...problems(400, 401, 403, 406, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      const event = request.body as Record<string, unknown>;
      if (typeof event.type !== 'string' || !(EVENT_TYPES as readonly string[]).includes(event.type))
        throw invalid(
          [
            {
              path: 'type',
              message: `one of ${EVENT_TYPES.join(', ')}`,
              code: 'custody.epcis-query-event-type',
              params: { types: String(event.type) },
            },
          ],
          'the body must be one EPCIS event',
          { code: 'custody.epcis-invalid-document' },
        );
      const { '@context': own, ...rest } = event;
      const context = [EPCIS_CONTEXT, ...(own === undefined ? [] : Array.isArray(own) ? own : [own])];
      const doc = {
        '@context': context,
        type: 'EPCISDocument',
        schemaVersion: '2.0',
        creationDate: ctx.clock().toISOString(),
        epcisBody: { eventList: [rest] },
      };
      const { firstEventIds } = await captureWithIds(authed(request, ctx), doc, 'rollback');
      const id = firstEventIds[0];
      return reply
        .status(201)
        .headers(limitHeaders)
        .header('location', `/epcis/events/${encodeURIComponent(id)}`)
        .type('application/ld+json')
        .send({ '@context': context, ...rest, eventID: id } as never);
    },
  );

  const answer = async (
    request: { query: Record<string, string>; headers: { accept?: string } },
    reply: import('fastify').FastifyReply,
    base: string,
    fixed: Record<string, string>,
    c: Parameters<typeof queryEvents>[0],
  ) => {
    const page = await queryEvents(c, { ...request.query, ...fixed });
    if (page.nextPageToken)
      reply.header(
        'link',
        `<${base}?${new URLSearchParams({ ...request.query, nextPageToken: page.nextPageToken })}>; rel="next"`,
      );
    if (wantsXml(request.headers.accept))
      return reply
        .type('application/xml; charset=utf-8')
        .send(queryDocumentXml(page.events, ctx.clock()) as never);
    return reply.type('application/ld+json').send(queryDocument(page.events, ctx.clock()) as never);
  };

  app.delete(
    '/epcis/nextPageToken/:token',
    {
      schema: {
        tags,
        summary:
          'Release what a nextPageToken holds: nothing, since a token carries its own position and is bound to its query and caller (204)',
        params: z.object({ token: z.string().max(4000) }),
        response: { 204: z.null(), ...problems(401, 406) },
      },
    },
    async (request, reply) => {
      authed(request, ctx);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/epcis/eventTypes',
    {
      schema: {
        tags,
        summary: 'The event types of EPCIS 2.0 this repository stores',
        response: { 200: collectionSchema, ...problems(401, 406) },
      },
    },
    async (request, reply) => {
      authed(request, ctx);
      return reply.type('application/ld+json').send(collection(EVENT_TYPES));
    },
  );
  app.get(
    '/epcis/eventTypes/:value',
    {
      schema: {
        tags,
        summary: 'An event type: its sub-resource, events',
        params: z.object({ value: z.string().max(100) }),
        response: { 200: collectionSchema, ...problems(401, 404, 406) },
      },
    },
    async (request, reply) => {
      authed(request, ctx);
      requireEventType(request.params.value);
      return reply.type('application/ld+json').send(collection(['events']));
    },
  );
  app.get(
    '/epcis/eventTypes/:value/events',
    {
      schema: {
        tags,
        summary: 'The events of one type you may see, with any SimpleEventQuery parameter',
        params: z.object({ value: z.string().max(100) }),
        querystring: queryString,
        response: {
          200: z.looseObject({ type: z.literal('EPCISQueryDocument') }),
          ...problems(400, 401, 404, 406, 413),
        },
      },
    },
    async (request, reply) => {
      const c = authed(request, ctx);
      requireEventType(request.params.value);
      return answer(
        request,
        reply,
        `/epcis/eventTypes/${encodeURIComponent(request.params.value)}/events`,
        { eventType: request.params.value },
        c,
      );
    },
  );

  for (const resource of Object.keys(VALUE_RESOURCES) as ValueResource[]) {
    const { parameter } = VALUE_RESOURCES[resource];
    app.get(
      `/epcis/${resource}`,
      {
        schema: {
          tags,
          summary: `The ${resource} named by the events you may see, in code-point order (perPage, nextPageToken; Link rel="next")`,
          querystring: pageQuery,
          response: { 200: collectionSchema, ...problems(400, 401, 406) },
        },
      },
      async (request, reply) => {
        const page = await listResourceValues(authed(request, ctx), resource, request.query);
        if (page.nextPageToken)
          reply.header(
            'link',
            `</epcis/${resource}?${new URLSearchParams({ ...request.query, nextPageToken: page.nextPageToken })}>; rel="next"`,
          );
        return reply.type('application/ld+json').send(collection(page.items));
      },
    );
    app.get(
      `/epcis/${resource}/:value`,
      {
        schema: {
          tags,
          summary: `One of the ${resource} (URL-encoded): its sub-resource, events`,
          params: z.object({ value: z.string().min(1).max(2000) }),
          response: { 200: collectionSchema, ...problems(401, 404, 406) },
        },
      },
      async (request, reply) => {
        await requireResourceValue(authed(request, ctx), resource, request.params.value);
        return reply.type('application/ld+json').send(collection(['events']));
      },
    );
    app.get(
      `/epcis/${resource}/:value/events`,
      {
        schema: {
          tags,
          summary: `The events you may see naming one of the ${resource} (${parameter}), with any SimpleEventQuery parameter`,
          params: z.object({ value: z.string().min(1).max(2000) }),
          querystring: queryString,
          response: {
            200: z.looseObject({ type: z.literal('EPCISQueryDocument') }),
            ...problems(400, 401, 406, 413),
          },
        },
      },
      async (request, reply) =>
        answer(
          request,
          reply,
          `/epcis/${resource}/${encodeURIComponent(request.params.value)}/events`,
          // A value is matched as given: no pattern is read in it.
          { [parameter]: request.params.value.replace(/[|*]/g, '') },
          authed(request, ctx),
        ),
    );
  }
}
