import { z } from 'zod';
import type { ServiceContext } from '../../services/context.ts';
import { HISTORY_RECORD_TYPES, recordEvents } from '../../services/event-log/record-history.ts';
import { isoDateTime } from '../../services/views.ts';
import type { App } from '../app-types.ts';
import { authed } from '../auth.ts';
import { pageOf, pageQuery, problems } from '../schemas.ts';

const recordEventView = z.object({
  seq: z.number().int(),
  at: isoDateTime.describe('When it happened, as recorded in the log'),
  type: z.string().describe('The event type, e.g. site.updated, incident.transitioned'),
  subjectType: z.string(),
  subjectId: z
    .string()
    .describe('The record the event is about: this one, one merged into it, or a custody operation'),
  by: z.object({ id: z.uuid(), name: z.string().nullable() }).nullable(),
  deviceId: z.string().nullable(),
  verification: z
    .enum(['sealed', 'unsealed', 'altered'])
    .describe(
      'sealed: its hash recomputes, it links to the event before, a seal signed with the instance key covers it; unsealed: the same, after the latest seal; altered: its fields or its link no longer match',
    ),
});

export function recordHistoryRoutes(app: App, ctx: ServiceContext) {
  app.get(
    '/api/event-log/records',
    {
      schema: {
        tags: ['system'],
        summary:
          "A site's, organisation's, incident's or lot's events in the event log, newest first, each with its verification state (registry staff)",
        querystring: z.object({
          subjectType: z.enum(HISTORY_RECORD_TYPES),
          subjectId: z.uuid(),
          ...pageQuery,
        }),
        response: { 200: pageOf(recordEventView), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { subjectType, subjectId, ...page } = request.query;
      return recordEvents(authed(request, ctx), subjectType, subjectId, page);
    },
  );
}
