import { z } from 'zod';
import type { ServiceContext } from '../../services/context.ts';
import { dashboard } from '../../services/reports/dashboard.ts';
import { incidentTrends } from '../../services/reports/incident-trends.ts';
import { dashboardView, incidentTrendsView } from '../../services/reports/views.ts';
import type { App } from '../app-types.ts';
import { authed } from '../auth.ts';
import { problems } from '../schemas.ts';

export function reportRoutes(app: App, ctx: ServiceContext) {
  app.get(
    '/api/dashboard',
    {
      schema: {
        tags: ['reports'],
        summary:
          'The home page figures for the caller: sites by status, open incidents by level and what is overdue, unread alerts, corrective actions due',
        response: {
          200: dashboardView,
          ...problems(401),
        },
      },
    },
    async (request) => dashboard(authed(request, ctx)),
  );

  app.get(
    '/api/reports/incident-trends',
    {
      schema: {
        tags: ['reports'],
        summary: 'Incidents reported per category and month among those the caller may see',
        querystring: z.object({
          months: z.coerce
            .number()
            .int()
            .min(1)
            .max(60)
            .default(12)
            .describe('Months back, this one included'),
        }),
        response: {
          200: incidentTrendsView,
          ...problems(400, 401),
        },
      },
    },
    async (request) => incidentTrends(authed(request, ctx), request.query.months),
  );
}
