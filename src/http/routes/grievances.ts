import { z } from 'zod';
import { RISK_CATEGORIES } from '../../domain/criteria/criteria-set.ts';
import { GRIEVANCE_SORTS, GRIEVANCE_STATUSES } from '../../domain/grievances/grievance.ts';
import type { ServiceContext } from '../../services/context.ts';
import {
  addCaseAttachment,
  followCase,
  GRIEVANCE_LANGUAGES,
  getGrievance,
  listGrievances,
  publicSiteList,
  readGrievanceAttachment,
  rejectGrievance,
  submitGrievance,
  validateGrievance,
  writeOutcome,
} from '../../services/grievances/grievances.ts';
import {
  caseAttachmentView,
  caseView,
  grievanceView,
  publicSiteView,
  receiptView,
} from '../../services/grievances/views.ts';
import type { App } from '../app-types.ts';
import { authed } from '../auth.ts';
import { sendDownload } from '../downloads.ts';
import { readUpload } from '../multipart.ts';
import { HttpProblem } from '../problems.ts';
import { perAddress } from '../rate-limit.ts';
import { idParams, pageOf, pageQuery, problems } from '../schemas.ts';

const contactSchema = z.object({
  name: z.string().trim().max(200).optional(),
  phone: z.string().trim().max(40).optional(),
  email: z.email().max(254).optional().or(z.literal('')),
});
/** A grievance as a reporter writes it, on the public form or through a monitor's phone (decision 0043). */
export const grievanceBody = z.object({
  id: z
    .uuid()
    .optional()
    .describe(
      'Made by the reporter’s device: a retry with it answers 200 with the same case code and secret',
    ),
  siteId: z.uuid().nullish(),
  location: z.string().trim().max(300).optional(),
  category: z.enum(RISK_CATEGORIES).nullish(),
  description: z.string().trim().min(10, 'say what happened in a few words at least').max(20_000),
  language: z.enum(GRIEVANCE_LANGUAGES),
  contact: contactSchema.nullish(),
});
const secretOf = (headers: Record<string, unknown>) => {
  const s = headers['x-case-secret'];
  if (typeof s !== 'string' || !s)
    throw new HttpProblem('unauthenticated', 'send the case secret in the X-Case-Secret header', [], {
      code: 'common.header-required',
      params: { header: 'X-Case-Secret' },
    });
  return s;
};

export function grievanceRoutes(app: App, ctx: ServiceContext) {
  const tags = ['grievances'];
  const rate = ctx.config.grievanceRate;
  // Reports and attachments share one allowance per address.
  const submissions = (what: string) => perAddress('grievance-submission', what, rate);
  // Looking a case up is cheap for an honest reporter and a brute-force attempt alike: allow more, not unlimited.
  const lookups = perAddress('grievance-lookup', 'case look-ups', { ...rate, max: rate.max * 10 });

  app.post(
    '/api/public/grievances',
    {
      config: submissions('grievances'),
      schema: {
        tags,
        summary:
          'Report a grievance, without an account; contact details are optional and sealed. Answers a case code and a secret',
        security: [],
        body: grievanceBody,
        response: {
          200: receiptView,
          201: receiptView,
          ...problems(400, 422, 429),
        },
      },
    },
    async (request, reply) => {
      const receipt = await submitGrievance(ctx, request.body);
      return reply.status(receipt.created ? 201 : 200).send(receipt);
    },
  );

  app.get(
    '/api/public/sites',
    {
      schema: {
        tags,
        summary:
          'The registered sites by code, a page at a time, for a reporter to say where something happened',
        security: [],
        querystring: z.object({
          q: z.string().trim().max(100).optional().describe('Part of a code or name, in any case'),
          ...pageQuery,
        }),
        response: {
          200: pageOf(publicSiteView),
          ...problems(400),
        },
      },
    },
    async (request) => publicSiteList(ctx, request.query),
  );

  app.get(
    '/api/public/grievances/:caseCode',
    {
      config: lookups,
      schema: {
        tags,
        summary: 'Follow a case: its status and outcome (header X-Case-Secret)',
        security: [],
        params: z.object({ caseCode: z.string().max(20) }),
        response: { 200: caseView, ...problems(401, 404, 429) },
      },
    },
    async (request) => followCase(ctx, request.params.caseCode, secretOf(request.headers)),
  );

  app.post(
    '/api/public/grievances/:caseCode/attachments',
    {
      config: submissions('attachments'),
      schema: {
        tags,
        summary:
          'Add a photo or document to a case still being examined (multipart/form-data; header X-Case-Secret)',
        security: [],
        params: z.object({ caseCode: z.string().max(20) }),
        consumes: ['multipart/form-data'],
        response: {
          201: caseAttachmentView,
          ...problems(400, 401, 404, 409, 413, 415, 429),
        },
      },
    },
    async (request, reply) => {
      const secret = secretOf(request.headers);
      // Whoever lacks the case's secret gets its refusal before a byte of the upload is read.
      await followCase(ctx, request.params.caseCode, secret);
      const upload = await readUpload(request, ctx.config.uploadLimitBytes);
      return reply.status(201).send(
        await addCaseAttachment(ctx, request.params.caseCode, secret, {
          filename: upload.filename,
          declaredType: upload.mimetype,
          content: upload.content,
        }),
      );
    },
  );

  app.get(
    '/api/grievances',
    {
      schema: {
        tags,
        summary: 'Grievances, newest first, a page at a time (grievance officers; without contact details)',
        querystring: z.object({
          status: z.enum(GRIEVANCE_STATUSES).optional(),
          q: z.string().max(100).optional().describe('Part of the case code, the place or the description'),
          sort: z
            .enum(GRIEVANCE_SORTS)
            .default('-date')
            .describe("By date received: '-date' newest first, 'date' oldest first"),
          ...pageQuery,
        }),
        response: { 200: pageOf(grievanceView), ...problems(400, 401, 403) },
      },
    },
    async (request) => listGrievances(authed(request, ctx), request.query),
  );

  app.get(
    '/api/grievances/:id',
    {
      schema: {
        tags,
        summary: "One grievance with the reporter's contact details (grievance officers only)",
        params: idParams,
        response: { 200: grievanceView, ...problems(401, 403, 404) },
      },
    },
    async (request) => getGrievance(authed(request, ctx), request.params.id),
  );

  app.get(
    '/api/grievances/:id/attachments/:attachmentId',
    {
      schema: {
        tags,
        summary: 'Download a file the reporter attached (grievance officers only)',
        params: z.object({ id: z.uuid(), attachmentId: z.uuid() }),
        response: { ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { file, content } = await readGrievanceAttachment(
        authed(request, ctx),
        request.params.id,
        request.params.attachmentId,
      );
      return sendDownload(reply, file, content);
    },
  );

  app.post(
    '/api/grievances/:id/validate',
    {
      schema: {
        tags,
        summary:
          'Validate a grievance: it becomes an incident, and the reporter reads the outcome on the case page',
        params: idParams,
        body: z.object({
          level: z.union([z.literal(1), z.literal(2), z.literal(3)]),
          category: z.enum(RISK_CATEGORIES),
          title: z.string().trim().min(1).max(300),
          siteId: z.uuid().nullish(),
          reason: z.string().trim().min(1).max(5000),
          publicOutcome: z.string().trim().min(1).max(5000),
          revision: z.number().int().min(1),
        }),
        response: { 200: grievanceView, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => validateGrievance(authed(request, ctx), request.params.id, request.body),
  );

  app.post(
    '/api/grievances/:id/reject',
    {
      schema: {
        tags,
        summary: 'Reject a grievance with the reason, and what the reporter is told',
        params: idParams,
        body: z.object({
          reason: z.string().trim().min(1).max(5000),
          publicOutcome: z.string().trim().min(1).max(5000),
          revision: z.number().int().min(1),
        }),
        response: { 200: grievanceView, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => rejectGrievance(authed(request, ctx), request.params.id, request.body),
  );

  app.post(
    '/api/grievances/:id/outcome',
    {
      schema: {
        tags,
        summary: 'Write what the reporter reads on the case page, and close the case if it is over',
        params: idParams,
        body: z.object({
          publicOutcome: z.string().trim().min(1).max(5000),
          close: z.boolean().default(false),
          revision: z.number().int().min(1),
        }),
        response: { 200: grievanceView, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => writeOutcome(authed(request, ctx), request.params.id, request.body),
  );
}
