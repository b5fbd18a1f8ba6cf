import type { ServiceContext } from '../../services/context.ts';
import { sealView } from '../../services/event-log/seals.ts';
import { eventLogSealView } from '../../services/event-log/views.ts';
import type { App } from '../app-types.ts';
import { authed } from '../auth.ts';
import { problems } from '../schemas.ts';

export function eventLogRoutes(app: App, ctx: ServiceContext) {
  app.get(
    '/api/event-log/seal',
    {
      schema: {
        tags: ['system'],
        summary:
          "The event log's public sealing key, chain head and latest signed seal, for auditors to pin and check later (registry staff)",
        response: {
          200: eventLogSealView,
          ...problems(401, 403),
        },
      },
    },
    async (request) => sealView(authed(request, ctx)),
  );
}
