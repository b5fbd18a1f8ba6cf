import { z } from 'zod';
import { INDICATORS } from '../../domain/monitoring/indicator-rules.ts';
import type { ServiceContext } from '../../services/context.ts';
import { listRules, putRule } from '../../services/monitoring/indicator-rules.ts';
import { indicatorRuleView, indicatorSeriesView, visitView } from '../../services/monitoring/views.ts';
import {
  addVisitPhoto,
  getVisit,
  indicatorSeries,
  listVisits,
  readVisitPhoto,
  recordVisit,
} from '../../services/monitoring/visits.ts';
import type { App } from '../app-types.ts';
import { authed } from '../auth.ts';
import { sendDownload } from '../downloads.ts';
import { readUpload } from '../multipart.ts';
import { idParams, pageOf, pageQuery, problems } from '../schemas.ts';

const count = (max: number) => z.number().int().min(0).max(max);
export const indicatorsSchema = z
  .object({
    headCount: count(100_000),
    childrenSeen: count(100_000),
    pregnantWomenSeen: count(100_000),
    ppeSharePct: z.number().min(0).max(100),
    securityForcesPresent: z.boolean(),
    armedPeoplePresent: z.boolean(),
    accidents: count(10_000),
    injuries: count(10_000),
    fatalities: count(10_000),
    productionKg: z.number().min(0).max(1e9),
  })
  .partial()
  .strict();

/** A visit as a phone or the web sends it (also one record of a field sync batch). */
export const visitBody = z.object({
  id: z.uuid().optional(),
  siteId: z.uuid(),
  visitedAt: z.iso.datetime({ offset: true }),
  latitude: z.number().min(-90).max(90).nullish(),
  longitude: z.number().min(-180).max(180).nullish(),
  accuracyM: z
    .number()
    .min(0)
    .max(100_000)
    .nullish()
    .describe(
      'The GPS fix’s accuracy radius in metres, as the device gives it: counts in the visit’s favour',
    ),
  indicators: indicatorsSchema,
  notes: z.string().max(10_000).optional(),
});

export function monitoringRoutes(app: App, ctx: ServiceContext) {
  const tags = ['monitoring'];

  app.post(
    '/api/visits',
    {
      schema: {
        tags,
        summary:
          'Record a monitoring visit; indicators that break a rule open incidents (a re-sent visit is acknowledged once)',
        body: visitBody,
        response: { 200: visitView, 201: visitView, ...problems(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const { visit, created } = await recordVisit(authed(request, ctx), request.body);
      return reply.status(created ? 201 : 200).send(visit);
    },
  );

  app.get(
    '/api/visits',
    {
      schema: {
        tags,
        summary: 'Visits, newest observation first, by site and period',
        querystring: z.object({
          siteId: z.uuid().optional(),
          from: z.iso.datetime({ offset: true }).optional().describe('Observed at or after'),
          to: z.iso.datetime({ offset: true }).optional().describe('Observed before'),
          locationFlagged: z
            .enum(['true', 'false'])
            .transform((v) => v === 'true')
            .optional()
            .describe(
              'Only the visits whose GPS fix was farther from their site than the tolerance (true), or the others',
            ),
          ...pageQuery,
        }),
        response: { 200: pageOf(visitView), ...problems(400, 401, 403) },
      },
    },
    async (request) => listVisits(authed(request, ctx), request.query),
  );

  app.get(
    '/api/visits/:id',
    {
      schema: {
        tags,
        summary: 'One visit with the incidents it opened',
        params: idParams,
        response: { 200: visitView, ...problems(401, 403, 404) },
      },
    },
    async (request) => getVisit(authed(request, ctx), request.params.id),
  );

  app.post(
    '/api/visits/:id/photos',
    {
      schema: {
        tags,
        summary: 'Add a photo to a visit (multipart/form-data, JPEG, PNG or WebP)',
        params: idParams,
        consumes: ['multipart/form-data'],
        response: { 201: visitView, ...problems(400, 401, 403, 404, 413, 415) },
      },
    },
    async (request, reply) => {
      const c = authed(request, ctx);
      const upload = await readUpload(request, ctx.config.uploadLimitBytes);
      return reply.status(201).send(
        await addVisitPhoto(c, request.params.id, {
          filename: upload.filename,
          declaredType: upload.mimetype,
          content: upload.content,
        }),
      );
    },
  );

  app.get(
    '/api/visits/:id/photos/:photoId',
    {
      schema: {
        tags,
        summary: 'Download one photo of a visit',
        params: z.object({ id: z.uuid(), photoId: z.uuid() }),
        response: { ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { file, content } = await readVisitPhoto(
        authed(request, ctx),
        request.params.id,
        request.params.photoId,
      );
      return sendDownload(reply, file, content);
    },
  );

  app.get(
    '/api/sites/:id/indicators',
    {
      schema: {
        tags,
        summary: "A site's indicator time series over a period",
        params: idParams,
        querystring: z.object({
          indicator: z.enum(INDICATORS).optional(),
          from: z.iso.datetime({ offset: true }).optional(),
          to: z.iso.datetime({ offset: true }).optional(),
        }),
        response: {
          200: z.array(indicatorSeriesView),
          ...problems(400, 401, 403, 404),
        },
      },
    },
    async (request) => indicatorSeries(authed(request, ctx), request.params.id, request.query),
  );

  app.get(
    '/api/indicator-rules',
    {
      schema: {
        tags,
        summary: 'The rules that turn indicators into incidents, by level then code',
        querystring: z.object({ ...pageQuery }),
        response: { 200: pageOf(indicatorRuleView), ...problems(400, 401) },
      },
    },
    async (request) => listRules(authed(request, ctx), request.query),
  );

  app.put(
    '/api/indicator-rules/:code',
    {
      schema: {
        tags,
        summary: 'Create or change a rule (send the revision you read when changing one)',
        params: z.object({ code: z.string().regex(/^R-[A-Z0-9-]{1,30}$/, 'a rule code looks like R-CHILD') }),
        body: indicatorRuleView
          .omit({ code: true, revision: true })
          .extend({ revision: z.number().int().optional(), title: z.string().trim().min(1).max(200) }),
        response: { 200: indicatorRuleView, ...problems(400, 401, 403, 409) },
      },
    },
    async (request) => putRule(authed(request, ctx), request.params.code, request.body),
  );
}
