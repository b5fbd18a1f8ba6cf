import { z } from 'zod';
import type { ServiceContext } from '../../services/context.ts';
import { lotConformity } from '../../services/custody/reevaluate.ts';
import type { App } from '../app-types.ts';
import { authed } from '../auth.ts';
import { idParams, isoDateTime, problems } from '../schemas.ts';

const changeSchema = z.object({
  rejudgementId: z.uuid(),
  at: isoDateTime.describe('When the site’s production was judged again'),
  before: z.number().describe('Non-conforming share before'),
  after: z.number().describe('Non-conforming share after'),
  cause: z
    .record(z.string(), z.unknown())
    .describe(
      'Why, as data: {kind: "incident", incident, site, observedAt, change, at} or {kind: "status", site, status, effective, at}',
    ),
  explanation: z.string().describe('The change in words, e.g. "became non-conforming on … because INC-7 …"'),
});

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
        response: { 200: z.array(changeSchema), ...problems(401, 404) },
      },
    },
    async (request) => lotConformity(authed(request, ctx), request.params.id),
  );
}
