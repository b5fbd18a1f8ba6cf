import { z } from 'zod';
import type { ServiceContext } from '../../services/context.ts';
import { lotConformity } from '../../services/custody/reevaluate.ts';
import { conformityChangeView } from '../../services/custody/views.ts';
import type { App } from '../app-types.ts';
import { authed } from '../auth.ts';
import { idParams, problems } from '../schemas.ts';

/** A lot's conformity history: how re-judgements of its sites' production changed its non-conforming share. */
export function custodyConformityRoutes(app: App, ctx: ServiceContext) {
  app.get(
    '/api/lots/:id/conformity',
    {
      schema: {
        tags: ['custody'],
        summary:
          'A lot’s conformity history: each change of its non-conforming share when history changed after the fact, with its cause',
        params: idParams,
        response: { 200: z.array(conformityChangeView), ...problems(401, 404) },
      },
    },
    async (request) => lotConformity(authed(request, ctx), request.params.id),
  );
}
