import { z } from 'zod';
import type { ServiceContext } from '../../services/context.ts';
import {
  assignToSite,
  endSiteAssignment,
  listAssignments,
  listFieldStaff,
} from '../../services/monitoring/assignments.ts';
import {
  assignmentView,
  fieldStaffView,
  overdueMonitorView,
  plannedVisitView,
} from '../../services/monitoring/views.ts';
import { myVisitPlan, overdueVisitsByMonitor } from '../../services/monitoring/visit-plan.ts';
import type { App } from '../app-types.ts';
import { authed } from '../auth.ts';
import { idParams, pageOf, pageQuery, problems, queryFlag } from '../schemas.ts';

const instant = z.iso.datetime({ offset: true });

/** Assignments of monitors and assessors to sites, and the risk-based visit plan they make (decisions 0021, 0024). */
export function visitPlanRoutes(app: App, ctx: ServiceContext) {
  const tags = ['monitoring'];

  app.get(
    '/api/site-assignments',
    {
      schema: {
        tags,
        summary:
          "Your organisation's assignments of monitors and assessors to sites, latest start first (a monitor or assessor reads its own)",
        querystring: z.object({
          userId: z.uuid().optional(),
          siteId: z.uuid().optional(),
          current: queryFlag().describe('Only those in force now'),
          ...pageQuery,
        }),
        response: { 200: pageOf(assignmentView), ...problems(400, 401, 403) },
      },
    },
    async (request) => listAssignments(authed(request, ctx), request.query),
  );

  app.post(
    '/api/site-assignments',
    {
      schema: {
        tags,
        summary:
          'Assign a monitor or assessor of your organisation to a site, from a start (now by default) to an optional end (a re-sent assignment is acknowledged once)',
        body: z.object({
          id: z.uuid().optional(),
          siteId: z.uuid(),
          userId: z.uuid(),
          startsAt: instant.optional(),
          endsAt: instant.nullish(),
        }),
        response: { 200: assignmentView, 201: assignmentView, ...problems(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const { assignment, created } = await assignToSite(authed(request, ctx), request.body);
      return reply.status(created ? 201 : 200).send(assignment);
    },
  );

  app.get(
    '/api/site-assignments/people',
    {
      schema: {
        tags,
        summary: "Your organisation's monitors and assessors, by name: whom an assignment may name",
        querystring: z.object({ ...pageQuery }),
        response: { 200: pageOf(fieldStaffView), ...problems(400, 401, 403) },
      },
    },
    async (request) => listFieldStaff(authed(request, ctx), request.query),
  );

  app.post(
    '/api/site-assignments/:id/end',
    {
      schema: {
        tags,
        summary: 'End an assignment, now or at the time given (after its start)',
        params: idParams,
        body: z.object({ endsAt: instant.optional() }).default({}),
        response: { 200: assignmentView, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => endSiteAssignment(authed(request, ctx), request.params.id, request.body),
  );

  app.get(
    '/api/visit-plan',
    {
      schema: {
        tags,
        summary:
          'Your visit plan as a monitor: your sites, open level-1 incidents first, then by when the next visit is due',
        querystring: z.object({ ...pageQuery }),
        response: { 200: pageOf(plannedVisitView), ...problems(400, 401, 403) },
      },
    },
    async (request) => myVisitPlan(authed(request, ctx), request.query),
  );

  app.get(
    '/api/visit-plan/overdue',
    {
      schema: {
        tags,
        summary:
          "Your organisation's monitors with overdue visits, most overdue first, each with its overdue sites",
        querystring: z.object({ ...pageQuery }),
        response: { 200: pageOf(overdueMonitorView), ...problems(400, 401, 403) },
      },
    },
    async (request) => overdueVisitsByMonitor(authed(request, ctx), request.query),
  );
}
