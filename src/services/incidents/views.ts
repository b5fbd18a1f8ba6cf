import { z } from 'zod';
import { DECISIONS, INCIDENT_SOURCES, INCIDENT_STATES } from '../../domain/incidents/lifecycle.ts';
import { INDICATORS, OPERATORS } from '../../domain/monitoring/indicator-rules.ts';
import { isoDateTime } from '../views.ts';

/** An incident's level: 1 is the most serious (it suspends its site once verified). */
export const incidentLevel = z.union([z.literal(1), z.literal(2), z.literal(3)]);

export const incidentView = z.object({
  id: z.uuid(),
  code: z.string(),
  site: z.object({ id: z.uuid(), code: z.string(), name: z.string() }).nullable(),
  level: incidentLevel,
  category: z.string(),
  title: z.string(),
  description: z.string(),
  source: z.enum(INCIDENT_SOURCES),
  state: z.enum(INCIDENT_STATES),
  nextStates: z.array(z.enum(INCIDENT_STATES)),
  fourEyes: z
    .boolean()
    .describe(
      'Whether its level is under four eyes: someone other than its reporter verifies and resolves it',
    ),
  secondPersonStates: z
    .array(z.enum(INCIDENT_STATES))
    .describe(
      'Next states someone other than you must take: you reported it and its level is under four eyes',
    ),
  visitId: z.uuid().nullable(),
  ruleCode: z.string().nullable(),
  ruleFinding: z
    .object({
      indicator: z.enum(INDICATORS),
      operator: z.enum(OPERATORS),
      threshold: z.number(),
      value: z.union([z.number(), z.boolean()]),
      visitedAt: isoDateTime,
      siteCode: z.string(),
    })
    .nullable()
    .describe('What the indicator rule that opened it found on the visit; null for any other incident'),
  assessmentId: z.uuid().nullable(),
  grievanceId: z.uuid().nullable(),
  organisationIds: z.array(z.uuid()),
  reportedBy: z.uuid().nullable(),
  reportedAt: isoDateTime,
  observedAt: isoDateTime.describe(
    'When the harm was observed or began (the report time when nothing earlier is known)',
  ),
  verificationDue: isoDateTime,
  verificationOverdue: z.boolean(),
  revision: z.number().int(),
  updatedAt: isoDateTime,
});
export type IncidentView = z.output<typeof incidentView>;

/** One transition of an incident's lifecycle: who, when and why. */
export const incidentTransitionView = z.object({
  id: z.uuid(),
  from: z.string().nullable(),
  to: z.string(),
  reason: z.string(),
  by: z.uuid().nullable(),
  at: isoDateTime,
});
export type IncidentTransitionView = z.output<typeof incidentTransitionView>;

/** A photo or document of an incident, with where and when it was taken. */
export const incidentEvidenceView = z.object({
  id: z.uuid(),
  filename: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  takenAt: isoDateTime.nullable(),
  uploadedAt: isoDateTime,
});
export type IncidentEvidenceView = z.output<typeof incidentEvidenceView>;

/** An indicator of a mitigation plan, as written and as answered. */
export const planIndicator = z.object({
  name: z.string().trim().min(1).max(200),
  unit: z.string().trim().max(50),
  baseline: z.number(),
  target: z.number(),
});

/** An incident's mitigation plan, with its reviews and decisions. */
export const planView = z.object({
  id: z.uuid(),
  incidentId: z.uuid(),
  ownerOrganisationId: z.uuid().nullable(),
  indicators: z.array(planIndicator),
  actions: z.array(
    z.object({
      description: z.string(),
      owner: z.string().nullable(),
      deadline: z.string(),
      done: z.boolean(),
    }),
  ),
  decision: z.enum(DECISIONS),
  decidedBy: z.uuid(),
  decidedAt: isoDateTime,
  nextReviewDue: isoDateTime,
  reviewOverdue: z.boolean(),
  reviews: z.array(
    z.object({
      id: z.uuid(),
      notes: z.string(),
      progress: z.record(z.string(), z.number()),
      reviewedBy: z.uuid(),
      reviewedAt: isoDateTime,
    }),
  ),
  decisions: z.array(
    z.object({
      id: z.uuid(),
      decision: z.enum(DECISIONS),
      reason: z.string(),
      decidedBy: z.uuid(),
      decidedAt: isoDateTime,
    }),
  ),
  revision: z.number().int(),
  createdAt: isoDateTime,
});
export type PlanView = z.output<typeof planView>;
