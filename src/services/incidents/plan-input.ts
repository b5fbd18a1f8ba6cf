import { z } from 'zod';
import { DECISIONS } from '../../domain/incidents/lifecycle.ts';
import { isoDate } from '../views.ts';
import { planIndicator } from './views.ts';

/** An action of a mitigation plan as written: what, by whom, by when. */
export const planActionInput = z.object({
  description: z.string().trim().min(1).max(2000),
  owner: z
    .string()
    .trim()
    .max(200)
    .nullish()
    .transform((v) => v || null)
    .describe('Who carries the action out: a person, a post or an organisation'),
  deadline: isoDate,
  done: z.boolean().default(false),
});

/** A mitigation plan as written, with its first decision: shared by the API and the incident page's form. */
export const planInput = z.object({
  id: z.uuid().optional(),
  ownerOrganisationId: z.uuid().nullish(),
  indicators: z.array(planIndicator).min(1).max(20),
  actions: z.array(planActionInput).min(1).max(50),
  decision: z.enum(DECISIONS),
  reason: z.string().trim().min(1).max(5000),
});

/** A review of a plan: notes, progress per indicator, the actions found done. */
export const planReviewInput = z.object({
  id: z.uuid().optional(),
  notes: z.string().trim().min(1).max(10_000),
  progress: z.record(z.string().max(200), z.number()),
  actionsDone: z.array(z.number().int().min(0)).max(50).optional(),
  revision: z.number().int().min(1),
});

/** One of the three OECD responses, recorded with its reason. */
export const planDecisionInput = z.object({
  id: z.uuid().optional(),
  decision: z.enum(DECISIONS),
  reason: z.string().trim().min(1).max(5000),
  revision: z.number().int().min(1),
});
