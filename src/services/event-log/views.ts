import { z } from 'zod';
import { isoDateTime } from '../views.ts';

const hash = z.string().describe('SHA-256, hex');

/** What an auditor pins and compares later: the public key, the chain head and the latest seal. */
export const eventLogSealView = z.object({
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
  /** Events appended since the latest seal. */
  unsealedEvents: z.number().int(),
});
export type SealView = z.output<typeof eventLogSealView>;
