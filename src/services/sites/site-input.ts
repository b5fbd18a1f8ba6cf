import { z } from 'zod';
import { validateSiteGeometry } from '../../domain/sites/geometry.ts';
import { MINERALS, SITE_CODE_PATTERN } from '../../domain/sites/site.ts';

const text = (max: number) => z.string().trim().min(1).max(max);

/** A site as a client describes it; shared by the API and the importers so both validate alike. */
export const siteInputSchema = z.object({
  code: z
    .string()
    .trim()
    .transform((s) => s.toUpperCase())
    .pipe(
      z
        .string()
        .refine((code) => SITE_CODE_PATTERN.test(code), {
          message: 'use 2 to 32 capital letters, digits and hyphens, e.g. KZI-017',
          params: { code: 'sites.code-format' },
        })
        .meta({ pattern: SITE_CODE_PATTERN.source }),
    ),
  name: text(200),
  province: text(100),
  territory: text(100).nullish(),
  zoneCode: text(64)
    .transform((s) => s.toUpperCase())
    .nullish(),
  concession: text(100).nullish(),
  geometry: z.unknown().superRefine((value, ctx) => {
    for (const e of validateSiteGeometry(value, '')) {
      ctx.addIssue({
        code: 'custom',
        message: e.message,
        path: e.path.split('.').filter(Boolean),
        params: { code: e.code, values: e.params },
      });
    }
  }),
  minerals: z.array(z.enum(MINERALS)).min(1).max(8),
  cooperativeIds: z.array(z.uuid()).max(50).default([]),
  workforce: z.number().int().min(0).max(1_000_000).nullish(),
  pits: z.number().int().min(0).max(100_000).nullish(),
  capacityKgMonth: z.number().min(0).max(1e11).nullish(),
  typicalGradePct: z.number().min(0).max(100).nullish(),
});

export type SiteInput = z.infer<typeof siteInputSchema>;
