import { z } from 'zod';
import { SET_KINDS, TIERS } from '../../domain/criteria/criteria-set.ts';
import { isoDateTime } from '../views.ts';

export const SET_STATUSES = ['draft', 'published'] as const;

export const requirementView = z.object({
  code: z.string(),
  textFr: z.string(),
  textEn: z.string(),
  topic: z.string(),
  riskCategory: z.string(),
  appliesTo: z.array(z.string()),
  evidence: z.string(),
  tier: z.enum(TIERS),
  correctionMonths: z.number().nullable(),
  horizonMonths: z.number().nullable(),
  weight: z.number(),
});
export type RequirementView = z.output<typeof requirementView>;

export const setSummaryView = z.object({
  id: z.uuid(),
  key: z.string(),
  version: z.number().int(),
  name: z.string(),
  description: z.string(),
  kind: z.enum(SET_KINDS),
  status: z.enum(SET_STATUSES),
  publishedAt: isoDateTime.nullable(),
  requirementCount: z.number().int(),
  revision: z.number().int().describe('Send back when editing a draft; a mismatch answers 409 stale-update'),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type SetSummaryView = z.output<typeof setSummaryView>;

export const setView = setSummaryView.extend({ requirements: z.array(requirementView) });
export type SetView = z.output<typeof setView>;
