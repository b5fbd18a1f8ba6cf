import { z } from 'zod';
import {
  ACTOR_TYPES,
  DEFAULT_CORRECTION_MONTHS,
  RISK_CATEGORIES,
  SET_KINDS,
  TIERS,
} from '../../domain/criteria/criteria-set.ts';

const text = (max: number) => z.string().trim().min(1).max(max);

/** One requirement as clients and import files give it; shared by the API and the importers. */
export const requirementSchema = z
  .object({
    code: z
      .string()
      .trim()
      .transform((s) => s.toUpperCase()),
    textFr: text(1000),
    textEn: text(1000),
    topic: text(100),
    riskCategory: z.enum(RISK_CATEGORIES),
    appliesTo: z.array(z.enum(ACTOR_TYPES)).min(1).max(ACTOR_TYPES.length),
    evidence: z.string().trim().max(1000).default(''),
    tier: z.enum(TIERS),
    correctionMonths: z.number().int().min(1).max(60).nullish(),
    horizonMonths: z.number().int().min(1).max(120).nullish(),
    weight: z.number().gt(0).max(100).default(1),
  })
  .transform((r) => ({
    ...r,
    // A major requirement without a stated deadline gets the default; other tiers carry none.
    correctionMonths: r.tier === 'major' ? (r.correctionMonths ?? DEFAULT_CORRECTION_MONTHS) : null,
    horizonMonths: r.tier === 'progressive' ? (r.horizonMonths ?? null) : null,
  }));

export const setInputSchema = z.object({
  key: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lower-case letters, digits and hyphens, e.g. rmi-asm-cobalt'),
  name: text(200),
  description: z.string().trim().max(2000).default(''),
  kind: z.enum(SET_KINDS).default('site'),
  requirements: z.array(requirementSchema).max(500),
});

export type SetInput = z.infer<typeof setInputSchema>;
