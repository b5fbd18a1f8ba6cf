import { z } from 'zod';
import { RISK_CATEGORIES } from '../../domain/criteria/criteria-set.ts';
import { INCIDENT_STATES } from '../../domain/incidents/lifecycle.ts';
import type { ServiceContext } from '../../services/context.ts';
import {
  addIncidentEvidence,
  listIncidentEvidence,
  readIncidentEvidence,
} from '../../services/incidents/evidence.ts';
import {
  getIncident,
  INCIDENT_SORTS,
  incidentTimeline,
  listIncidents,
  reportIncident,
} from '../../services/incidents/incidents.ts';
import { planDecisionInput, planInput, planReviewInput } from '../../services/incidents/plan-input.ts';
import { createPlan, decide, getPlan, reviewPlan } from '../../services/incidents/plans.ts';
import { transitionIncident } from '../../services/incidents/transitions.ts';
import {
  incidentEvidenceView,
  incidentLevel,
  incidentTransitionView,
  incidentView,
  planView,
} from '../../services/incidents/views.ts';
import type { App } from '../app-types.ts';
import { authed } from '../auth.ts';
import { sendDownload } from '../downloads.ts';
import { readUpload } from '../multipart.ts';
import { idParams, pageOf, pageQuery, problems, queryFlag } from '../schemas.ts';

/** An incident report as the web or a phone sends it (also one record of a field sync batch). */
export const incidentReportBody = z.object({
  id: z.uuid().optional(),
  siteId: z.uuid().nullable().default(null),
  level: incidentLevel,
  category: z.enum(RISK_CATEGORIES),
  title: z.string().trim().min(1).max(300),
  description: z.string().trim().min(1).max(20_000),
  organisationIds: z.array(z.uuid()).max(20).optional(),
  observedAt: z.iso
    .datetime({ offset: true })
    .optional()
    .describe(
      'When the harm was observed or began, if before the report (a level-1 incident taints from then)',
    ),
});

export function incidentRoutes(app: App, ctx: ServiceContext) {
  const tags = ['incidents'];

  app.get(
    '/api/incidents',
    {
      schema: {
        tags,
        summary: 'Incidents you may see: overdue verifications first, then by level and date',
        querystring: z.object({
          level: z.coerce.number().pipe(incidentLevel).optional(),
          state: z.enum(INCIDENT_STATES).optional(),
          siteId: z.uuid().optional(),
          category: z.enum(RISK_CATEGORIES).optional(),
          overdue: queryFlag(),
          q: z
            .string()
            .max(100)
            .optional()
            .describe("Part of the code, the title or the site's code or name"),
          awaitingMyVerification: queryFlag().describe(
            'Only incidents reported or under verification that you may conclude: under four eyes, not those you reported',
          ),
          reviewOverdue: queryFlag().describe(
            'Only unresolved incidents whose mitigation plan is past its review date',
          ),
          sort: z
            .enum(INCIDENT_SORTS)
            .optional()
            .describe(
              "Order by a column; a leading '-' sorts descending. Without it: overdue first, then level, newest",
            ),
          ...pageQuery,
        }),
        response: { 200: pageOf(incidentView), ...problems(400, 401, 403) },
      },
    },
    async (request) => listIncidents(authed(request, ctx), request.query),
  );

  app.post(
    '/api/incidents',
    {
      schema: {
        tags,
        summary: 'Report an incident (a re-sent report with the same id is acknowledged once)',
        body: incidentReportBody,
        response: { 200: incidentView, 201: incidentView, ...problems(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const { incident, created } = await reportIncident(authed(request, ctx), request.body);
      return reply.status(created ? 201 : 200).send(incident);
    },
  );

  app.get(
    '/api/incidents/:id',
    {
      schema: {
        tags,
        summary: 'One incident',
        params: idParams,
        response: { 200: incidentView, ...problems(401, 404) },
      },
    },
    async (request) => getIncident(authed(request, ctx), request.params.id),
  );

  app.get(
    '/api/incidents/:id/timeline',
    {
      schema: {
        tags,
        summary: 'Every transition of the incident: who, when and why',
        params: idParams,
        response: {
          200: z.array(incidentTransitionView),
          ...problems(401, 404),
        },
      },
    },
    async (request) => incidentTimeline(authed(request, ctx), request.params.id),
  );

  app.post(
    '/api/incidents/:id/transitions',
    {
      schema: {
        tags,
        summary: 'Move the incident to its next state, with the reason',
        params: idParams,
        body: z.object({
          to: z.enum(INCIDENT_STATES),
          reason: z.string().trim().min(1).max(5000),
          revision: z.number().int().min(1),
          observedAt: z.iso
            .datetime({ offset: true })
            .optional()
            .describe(
              'When verifying: when the verification found the harm began (production since is judged again)',
            ),
        }),
        response: { 200: incidentView, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => transitionIncident(authed(request, ctx), request.params.id, request.body),
  );

  app.get(
    '/api/incidents/:id/evidence',
    {
      schema: {
        tags,
        summary:
          "The incident's photos and documents (not for those who only follow its site: they get its alerts)",
        params: idParams,
        response: { 200: z.array(incidentEvidenceView), ...problems(401, 403, 404) },
      },
    },
    async (request) => listIncidentEvidence(authed(request, ctx), request.params.id),
  );

  app.post(
    '/api/incidents/:id/evidence',
    {
      schema: {
        tags,
        summary:
          'Add a photo or document (multipart/form-data: optional latitude, longitude, takenAt, then the file; PDF, JPEG, PNG or WebP)',
        params: idParams,
        consumes: ['multipart/form-data'],
        response: { 201: incidentEvidenceView, ...problems(400, 401, 403, 404, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      const c = authed(request, ctx);
      const upload = await readUpload(request, ctx.config.uploadLimitBytes);
      const evidence = await addIncidentEvidence(c, request.params.id, upload.fields, {
        filename: upload.filename,
        declaredType: upload.mimetype,
        content: upload.content,
      });
      return reply.status(201).send(evidence);
    },
  );

  app.get(
    '/api/incidents/:id/evidence/:evidenceId',
    {
      schema: {
        tags,
        summary: 'Download one piece of evidence',
        params: z.object({ id: z.uuid(), evidenceId: z.uuid() }),
        response: { ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { evidence, content } = await readIncidentEvidence(
        authed(request, ctx),
        request.params.id,
        request.params.evidenceId,
      );
      return sendDownload(reply, evidence, content);
    },
  );

  app.get(
    '/api/incidents/:id/plan',
    {
      schema: {
        tags,
        summary: "The incident's mitigation plan",
        params: idParams,
        response: { 200: planView, ...problems(401, 404) },
      },
    },
    async (request) => getPlan(authed(request, ctx), request.params.id),
  );

  app.post(
    '/api/incidents/:id/plan',
    {
      schema: {
        tags,
        summary: 'Write the mitigation plan of a verified incident, with its decision',
        params: idParams,
        body: planInput,
        response: { 200: planView, 201: planView, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const plan = await createPlan(authed(request, ctx), request.params.id, request.body);
      return reply.status(plan.created ? 201 : 200).send(plan);
    },
  );

  app.post(
    '/api/incidents/:id/plan/reviews',
    {
      schema: {
        tags,
        summary:
          'Record a review of the plan: progress per indicator and actions done; the next is due within six months',
        params: idParams,
        body: planReviewInput,
        response: { 200: planView, 201: planView, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const plan = await reviewPlan(authed(request, ctx), request.params.id, request.body);
      return reply.status(plan.created ? 201 : 200).send(plan);
    },
  );

  app.post(
    '/api/incidents/:id/plan/decisions',
    {
      schema: {
        tags,
        summary: 'Record a decision: continue trading while mitigating, suspend temporarily, or disengage',
        params: idParams,
        body: planDecisionInput,
        response: { 200: planView, 201: planView, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const plan = await decide(authed(request, ctx), request.params.id, request.body);
      return reply.status(plan.created ? 201 : 200).send(plan);
    },
  );
}
