import { z } from 'zod';
import { ALIGNMENT_RATINGS, RATINGS } from '../../domain/assessments/ratings.ts';
import {
  ASSESSMENT_KINDS,
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
import type { ServiceContext } from '../../services/context.ts';
import type { App } from '../app-types.ts';
import { authed } from '../auth.ts';
import { sendDownload } from '../downloads.ts';
import { readUpload } from '../multipart.ts';
import { idParams, isoDateTime, pageOf, pageQuery, problems } from '../schemas.ts';

const STATUSES = ['draft', 'submitted', 'approved'] as const;

const assessmentSchema = z.object({
  id: z.uuid(),
  code: z.string().describe('Human reference, e.g. A-123'),
  set: z.object({
    id: z.uuid(),
    key: z.string(),
    version: z.number().int(),
    name: z.string(),
    kind: z.enum(['site', 'mechanism']),
  }),
  siteId: z.uuid().nullable(),
  organisationId: z.uuid().nullable(),
  kind: z.enum(ASSESSMENT_KINDS),
  status: z.enum(STATUSES),
  assessorId: z.uuid(),
  submittedAt: isoDateTime.nullable(),
  approvedBy: z.uuid().nullable(),
  approvedAt: isoDateTime.nullable(),
  notes: z.string(),
  ratings: z.array(
    z.object({
      code: z.string(),
      rating: z.string(),
      notes: z.string(),
      ratedBy: z.uuid(),
      ratedAt: isoDateTime,
    }),
  ),
  unrated: z.array(z.string()).describe('Codes of the requirements not rated yet'),
  outcome: z.unknown().describe('Set at approval: the status with its explanation, or the mechanism score'),
  revision: z.number().int(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});

const evidenceSchema = z.object({
  id: z.uuid(),
  assessmentId: z.uuid(),
  requirementCode: z.string().nullable(),
  filename: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  takenAt: isoDateTime.nullable(),
  uploadedBy: z.uuid(),
  uploadedAt: isoDateTime,
});

const actionSchema = z.object({
  id: z.uuid(),
  siteId: z.uuid().nullable(),
  organisationId: z.uuid().nullable(),
  requirement: z.object({ code: z.string(), textEn: z.string(), textFr: z.string(), tier: z.string() }),
  openedByAssessment: z.uuid(),
  ownerOrganisationId: z.uuid().nullable(),
  deadline: z.string(),
  status: z.enum(['open', 'closed']),
  closedByAssessment: z.uuid().nullable(),
  closedAt: isoDateTime.nullable(),
  notes: z.array(z.object({ id: z.uuid(), note: z.string(), authorId: z.uuid(), createdAt: isoDateTime })),
  createdAt: isoDateTime,
});

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
          status: z.enum(STATUSES).optional(),
          ...pageQuery,
        }),
        response: { 200: pageOf(assessmentSchema), ...problems(400, 401, 403) },
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
        response: { 200: assessmentSchema, 201: assessmentSchema, ...problems(400, 401, 403, 422) },
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
        response: { 200: assessmentSchema, ...problems(401, 404) },
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
        response: { 200: assessmentSchema, ...problems(400, 401, 403, 404, 409) },
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
        response: { 200: assessmentSchema, ...problems(400, 401, 403, 404, 409) },
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
        response: { 200: assessmentSchema, ...problems(400, 401, 403, 404, 409) },
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
        response: { 200: assessmentSchema, ...problems(400, 401, 403, 404, 409) },
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
        response: { 200: assessmentSchema, ...problems(400, 401, 403, 404, 409) },
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
        response: { 200: z.array(evidenceSchema), ...problems(401, 404) },
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
        response: { 201: evidenceSchema, ...problems(400, 401, 403, 404, 409, 413, 415) },
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
          status: z.enum(['open', 'closed']).optional(),
          ...pageQuery,
        }),
        response: { 200: pageOf(actionSchema), ...problems(400, 401, 403) },
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
        response: { 200: actionSchema, ...problems(401, 404) },
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
        response: { 200: actionSchema, 201: actionSchema, ...problems(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const { id, note } = request.body;
      const action = await addActionNote(authed(request, ctx), request.params.id, note, id);
      return reply.status(action.created ? 201 : 200).send(action);
    },
  );
}
