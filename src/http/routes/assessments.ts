import { z } from 'zod';
import { ALIGNMENT_RATINGS, RATINGS } from '../../domain/assessments/ratings.ts';
import {
  approveAssessment,
  createAssessment,
  getAssessment,
  listAssessments,
  rateRequirements,
  returnAssessment,
  submitAssessment,
} from '../../services/assessments/assessments.ts';
import {
  addActionNote,
  getCorrectiveAction,
  listCorrectiveActions,
} from '../../services/assessments/corrective-actions.ts';
import {
  addAssessmentEvidence,
  listAssessmentEvidence,
  readAssessmentEvidence,
} from '../../services/assessments/evidence.ts';
import {
  ACTION_STATUSES,
  ASSESSMENT_KINDS,
  ASSESSMENT_STATUSES,
  assessmentEvidenceView,
  assessmentView,
  correctiveActionView,
} from '../../services/assessments/views.ts';
import type { ServiceContext } from '../../services/context.ts';
import type { App } from '../app-types.ts';
import { authed } from '../auth.ts';
import { sendDownload } from '../downloads.ts';
import { readUpload } from '../multipart.ts';
import { idParams, pageOf, pageQuery, problems } from '../schemas.ts';

export function assessmentRoutes(app: App, ctx: ServiceContext) {
  const tags = ['assessments'];

  app.get(
    '/api/assessments',
    {
      schema: {
        tags,
        summary: 'List assessments you may see, newest first',
        querystring: z.object({
          siteId: z.uuid().optional(),
          organisationId: z.uuid().optional(),
          status: z.enum(ASSESSMENT_STATUSES).optional(),
          ...pageQuery,
        }),
        response: { 200: pageOf(assessmentView), ...problems(400, 401, 403) },
      },
    },
    async (request) => listAssessments(authed(request, ctx), request.query),
  );

  app.post(
    '/api/assessments',
    {
      schema: {
        tags,
        summary:
          'Open a draft assessment of a site or an organisation against a published criteria-set version',
        body: z.object({
          id: z.uuid().optional(),
          setId: z.uuid(),
          siteId: z.uuid().optional(),
          organisationId: z.uuid().optional(),
          kind: z.enum(ASSESSMENT_KINDS),
          notes: z.string().max(5000).optional(),
        }),
        response: { 200: assessmentView, 201: assessmentView, ...problems(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const { assessment, created } = await createAssessment(authed(request, ctx), request.body);
      return reply.status(created ? 201 : 200).send(assessment);
    },
  );

  app.get(
    '/api/assessments/:id',
    {
      schema: {
        tags,
        summary: 'One assessment with its ratings',
        params: idParams,
        response: { 200: assessmentView, ...problems(401, 404) },
      },
    },
    async (request) => getAssessment(authed(request, ctx), request.params.id),
  );

  const ratingValue = z.enum([...RATINGS, ...ALIGNMENT_RATINGS.filter((r) => r !== 'not_applicable')]);
  const ratingBody = z.object({ rating: ratingValue, notes: z.string().max(5000).optional() });

  app.put(
    '/api/assessments/:id/ratings/:code',
    {
      schema: {
        tags,
        summary: 'Rate one requirement of a draft assessment',
        params: z.object({ id: z.uuid(), code: z.string().max(16) }),
        body: ratingBody,
        response: { 200: assessmentView, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      rateRequirements(authed(request, ctx), request.params.id, [
        { code: request.params.code, ...request.body },
      ]),
  );

  app.put(
    '/api/assessments/:id/ratings',
    {
      schema: {
        tags,
        summary: 'Rate several requirements of a draft assessment at once, all or none',
        params: idParams,
        body: z.object({
          ratings: z
            .array(ratingBody.extend({ code: z.string().max(16) }))
            .min(1)
            .max(500),
        }),
        response: { 200: assessmentView, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => rateRequirements(authed(request, ctx), request.params.id, request.body.ratings),
  );

  app.post(
    '/api/assessments/:id/submit',
    {
      schema: {
        tags,
        summary: 'Submit a fully rated draft for approval',
        params: idParams,
        body: z.object({ revision: z.number().int().min(1) }),
        response: { 200: assessmentView, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => submitAssessment(authed(request, ctx), request.params.id, request.body.revision),
  );

  app.post(
    '/api/assessments/:id/approve',
    {
      schema: {
        tags,
        summary: "Approve a submitted assessment (not one's own) and apply its outcome to the site",
        params: idParams,
        response: { 200: assessmentView, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => approveAssessment(authed(request, ctx), request.params.id),
  );

  app.post(
    '/api/assessments/:id/return',
    {
      schema: {
        tags,
        summary: 'Send a submitted assessment back to draft, with the reason',
        params: idParams,
        body: z.object({ reason: z.string().trim().min(1).max(2000) }),
        response: { 200: assessmentView, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => returnAssessment(authed(request, ctx), request.params.id, request.body.reason),
  );

  app.get(
    '/api/assessments/:id/evidence',
    {
      schema: {
        tags,
        summary: "The assessment's photos and documents",
        params: idParams,
        response: { 200: z.array(assessmentEvidenceView), ...problems(401, 404) },
      },
    },
    async (request) => listAssessmentEvidence(authed(request, ctx), request.params.id),
  );

  app.post(
    '/api/assessments/:id/evidence',
    {
      schema: {
        tags,
        summary:
          'Add a photo or document (multipart/form-data: optional fields requirementCode, latitude, longitude, takenAt, then the file; PDF, JPEG, PNG or WebP)',
        params: idParams,
        consumes: ['multipart/form-data'],
        response: { 201: assessmentEvidenceView, ...problems(400, 401, 403, 404, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      const c = authed(request, ctx);
      const upload = await readUpload(request, ctx.config.uploadLimitBytes);
      const evidence = await addAssessmentEvidence(c, request.params.id, upload.fields, {
        filename: upload.filename,
        declaredType: upload.mimetype,
        content: upload.content,
      });
      return reply.status(201).send(evidence);
    },
  );

  app.get(
    '/api/assessments/:id/evidence/:evidenceId',
    {
      schema: {
        tags,
        summary: 'Download one piece of evidence',
        params: z.object({ id: z.uuid(), evidenceId: z.uuid() }),
        response: { ...problems(401, 404) },
      },
    },
    async (request, reply) => {
      const { evidence, content } = await readAssessmentEvidence(
        authed(request, ctx),
        request.params.id,
        request.params.evidenceId,
      );
      return sendDownload(reply, evidence, content);
    },
  );

  app.get(
    '/api/corrective-actions',
    {
      schema: {
        tags,
        summary: 'Corrective actions you may see: open ones first, soonest deadline first',
        querystring: z.object({
          siteId: z.uuid().optional(),
          organisationId: z.uuid().optional(),
          status: z.enum(ACTION_STATUSES).optional(),
          due: z
            .enum(['overdue', 'soon'])
            .optional()
            .describe('Open actions past their deadline, or due within the next 30 days'),
          ...pageQuery,
        }),
        response: { 200: pageOf(correctiveActionView), ...problems(400, 401, 403) },
      },
    },
    async (request) => listCorrectiveActions(authed(request, ctx), request.query),
  );

  app.get(
    '/api/corrective-actions/:id',
    {
      schema: {
        tags,
        summary: 'One corrective action with its progress notes',
        params: idParams,
        response: { 200: correctiveActionView, ...problems(401, 404) },
      },
    },
    async (request) => getCorrectiveAction(authed(request, ctx), request.params.id),
  );

  app.post(
    '/api/corrective-actions/:id/notes',
    {
      schema: {
        tags,
        summary:
          'Add a progress note (the owning organisation, analysts, administrators); a retry with the same id answers 200',
        params: idParams,
        body: z.object({ id: z.uuid().optional(), note: z.string().trim().min(1).max(5000) }),
        response: {
          200: correctiveActionView,
          201: correctiveActionView,
          ...problems(400, 401, 403, 404, 422),
        },
      },
    },
    async (request, reply) => {
      const { id, note } = request.body;
      const action = await addActionNote(authed(request, ctx), request.params.id, note, id);
      return reply.status(action.created ? 201 : 200).send(action);
    },
  );
}
