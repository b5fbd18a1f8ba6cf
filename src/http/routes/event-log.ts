import { z } from 'zod';
import type { ServiceContext } from '../../services/context.ts';
import { sealView } from '../../services/event-log/seals.ts';
import type { App } from '../app-types.ts';
import { authed } from '../auth.ts';
import { isoDateTime, problems } from '../schemas.ts';

const hash = z.string().describe('SHA-256, hex');

export function eventLogRoutes(app: App, ctx: ServiceContext) {
  app.get(
    '/api/event-log/seal',
    {
      schema: {
        tags: ['system'],
        summary:
          "The event log's public sealing key, chain head and latest signed seal, for auditors to pin and check later (registry staff)",
        response: {
          200: z.object({
            keyId: z.string().nullable().describe('null before the instance first sealed'),
            publicKey: z.string().nullable().describe('Ed25519 public key, PEM (SPKI)'),
            head: z.object({ seq: z.number().int(), hash }),
            latestSeal: z
              .object({
                seq: z.number().int(),
                hash,
                sealedAt: isoDateTime,
                keyId: z.string(),
                signature: z
                  .string()
                  .describe(
                    'base64 Ed25519 over "amana-event-seal/1\\n" + canonical JSON of seq, hash, sealedAt, keyId',
                  ),
              })
              .nullable(),
            unsealedEvents: z.number().int(),
          }),
          ...problems(401, 403),
        },
      },
    },
    async (request) => sealView(authed(request, ctx)),
  );
}
