import { PassThrough } from 'node:stream';
import { z } from 'zod';
import type { ServiceContext } from '../../services/context.ts';
import { planPackDownload } from '../../services/event-log/pack-download.ts';
import { writePack } from '../../services/event-log/packs.ts';
import { sealView } from '../../services/event-log/seals.ts';
import { eventLogSealView } from '../../services/event-log/views.ts';
import { isoDate } from '../../services/views.ts';
import type { App } from '../app-types.ts';
import { authed } from '../auth.ts';
import { problems } from '../schemas.ts';
import { readOf } from './audit.ts';

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
  app.get(
    '/api/event-log/pack',
    {
      schema: {
        tags: ['system'],
        summary:
          'A verification pack (docs/verification-pack.md) of the days given, or of the whole log: check it offline with amana verify --pack (registry staff, the regulator, auditors allowed packs)',
        querystring: z.object({
          since: isoDate.optional().describe('First day of the record, UTC'),
          until: isoDate.optional().describe('Last day of the record, inclusive'),
        }),
        response: { ...problems(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const caller = authed(request, ctx);
      const plan = await planPackDownload(caller, readOf(request), request.query);
      const body = new PassThrough();
      writePack(caller, plan, body).then(
        () => body.end(),
        (error) => body.destroy(error),
      );
      return reply
        .type('application/x-ndjson')
        .header('content-disposition', `attachment; filename="amana-pack-${plan.from}-${plan.to}.jsonl"`)
        .header('x-content-type-options', 'nosniff')
        .send(body as never);
    },
  );
}
