import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { auditRecords, auditSite, auditSites, myAuditAccess } from '../../services/audit/auditor.ts';
import {
  endAuditorAccess,
  getAuditGrant,
  grantAuditorAccess,
  listAuditGrants,
} from '../../services/audit/grants.ts';
import { listAuditReads, type ReadRequest } from '../../services/audit/reads.ts';
import {
  auditAccessView,
  auditGrantView,
  auditReadView,
  auditRecordView,
  auditSiteDetailView,
  auditSiteView,
} from '../../services/audit/views.ts';
import type { ServiceContext } from '../../services/context.ts';
import { isoDate } from '../../services/views.ts';
import type { App } from '../app-types.ts';
import { authed } from '../auth.ts';
import { idParams, pageOf, pageQuery, problems } from '../schemas.ts';

/** What an auditor's read is recorded as: the route pattern and the path asked for. */
export const readOf = (request: FastifyRequest): ReadRequest => ({
  route: `${request.method} ${request.routeOptions.url ?? request.url}`,
  path: request.url,
});

const days = {
  since: isoDate.optional().describe('First day read (default: the start of the access period)'),
  until: isoDate.optional().describe('Last day read, inclusive (default: the end of the access period)'),
};

const grantBody = z.strictObject({
  id: z.uuid().optional().describe('Client-made id: a retry with the same id is answered, not stored twice'),
  auditorUserId: z.uuid(),
  siteIds: z.array(z.uuid()).max(500).default([]),
  organisationIds: z.array(z.uuid()).max(500).default([]),
  periodFrom: isoDate,
  periodTo: isoDate,
  logPacks: z.boolean().default(false),
  purpose: z.string().trim().min(1).max(500),
});

export function auditRoutes(app: App, ctx: ServiceContext) {
  app.post(
    '/api/audit/grants',
    {
      schema: {
        tags: ['access'],
        summary: 'Grant an auditor read access to sites and organisations for a period (administrator)',
        body: grantBody,
        response: { 201: auditGrantView, 200: auditGrantView, ...problems(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const { created, ...grant } = await grantAuditorAccess(authed(request, ctx), request.body);
      return reply.code(created ? 201 : 200).send(grant);
    },
  );
  app.get(
    '/api/audit/grants',
    {
      schema: {
        tags: ['access'],
        summary: "Auditors' access, newest first (administrator)",
        querystring: z.object(pageQuery),
        response: { 200: pageOf(auditGrantView), ...problems(400, 401, 403) },
      },
    },
    async (request) => listAuditGrants(authed(request, ctx), request.query),
  );
  app.get(
    '/api/audit/grants/:id',
    {
      schema: {
        tags: ['access'],
        summary: "One auditor's access (administrator)",
        params: idParams,
        response: { 200: auditGrantView, ...problems(401, 403, 404) },
      },
    },
    async (request) => getAuditGrant(authed(request, ctx), request.params.id),
  );
  app.post(
    '/api/audit/grants/:id/end',
    {
      schema: {
        tags: ['access'],
        summary: "End an auditor's access now, with the reason (administrator)",
        params: idParams,
        body: z.strictObject({ reason: z.string().trim().min(1).max(500) }),
        response: { 200: auditGrantView, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => endAuditorAccess(authed(request, ctx), request.params.id, request.body.reason),
  );
  app.get(
    '/api/audit/reads',
    {
      schema: {
        tags: ['access'],
        summary: 'Every read auditors made, newest first, of one access or of all (administrator)',
        querystring: z.object({ grantId: z.uuid().optional(), ...pageQuery }),
        response: { 200: pageOf(auditReadView), ...problems(400, 401, 403) },
      },
    },
    async (request) => listAuditReads(authed(request, ctx), request.query),
  );

  app.get(
    '/api/audit/access',
    {
      schema: {
        tags: ['access'],
        summary: "The signed-in auditor's access in force (auditor)",
        response: { 200: auditAccessView, ...problems(401, 403) },
      },
    },
    async (request) => myAuditAccess(authed(request, ctx), readOf(request)),
  );
  app.get(
    '/api/audit/sites',
    {
      schema: {
        tags: ['access'],
        summary: "The sites the auditor's access covers, by code (auditor)",
        querystring: z.object(pageQuery),
        response: { 200: pageOf(auditSiteView), ...problems(400, 401, 403) },
      },
    },
    async (request) => auditSites(authed(request, ctx), readOf(request), request.query),
  );
  app.get(
    '/api/audit/sites/:id',
    {
      schema: {
        tags: ['access'],
        summary: "A site in the auditor's scope with its status through the days read (auditor)",
        params: idParams,
        querystring: z.object(days),
        response: { 200: auditSiteDetailView, ...problems(400, 401, 403) },
      },
    },
    async (request) => auditSite(authed(request, ctx), readOf(request), request.params.id, request.query),
  );
  app.get(
    '/api/audit/records',
    {
      schema: {
        tags: ['access'],
        summary: "The event log's records about a site or organisation in scope, newest first (auditor)",
        querystring: z.object({
          subjectType: z.enum(['site', 'organisation']),
          subjectId: z.uuid(),
          ...days,
          ...pageQuery,
        }),
        response: { 200: pageOf(auditRecordView), ...problems(400, 401, 403) },
      },
    },
    async (request) => auditRecords(authed(request, ctx), readOf(request), request.query),
  );
}
