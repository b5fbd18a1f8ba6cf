import { z } from 'zod';
import { SET_KINDS } from '../../domain/criteria/criteria-set.ts';
import { isoDateTime } from '../views.ts';

export const ASSESSMENT_KINDS = ['baseline', 'periodic', 'self'] as const;
export type AssessmentKind = (typeof ASSESSMENT_KINDS)[number];
export const ASSESSMENT_STATUSES = ['draft', 'submitted', 'approved'] as const;
export const ACTION_STATUSES = ['open', 'closed'] as const;

export const assessmentView = z.object({
  id: z.uuid(),
  code: z.string().describe('Human reference, e.g. A-123'),
  set: z.object({
    id: z.uuid(),
    key: z.string(),
    version: z.number().int(),
    name: z.string(),
    kind: z.enum(SET_KINDS),
  }),
  siteId: z.uuid().nullable(),
  organisationId: z.uuid().nullable(),
  kind: z.enum(ASSESSMENT_KINDS),
  status: z.enum(ASSESSMENT_STATUSES),
  assessorId: z.uuid(),
  submittedAt: isoDateTime.nullable(),
  approvedBy: z.uuid().nullable(),
  approvedAt: isoDateTime.nullable(),
  notes: z.string(),
  observedFrom: isoDateTime
    .nullable()
    .describe('When observation on site began (a checklist filled on a phone)'),
  observedUntil: isoDateTime.nullable().describe('When observation on site ended'),
  ratings: z.array(
    z.object({
      code: z.string(),
      rating: z.string(),
      notes: z.string(),
      ratedBy: z.uuid(),
      ratedAt: isoDateTime,
    }),
  ),
  unrated: z.array(z.string()).describe('Codes of the requirements not rated yet'),
  outcome: z.unknown().describe('Set at approval: the status with its explanation, or the mechanism score'),
  revision: z.number().int(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type AssessmentView = z.output<typeof assessmentView>;

export const assessmentEvidenceView = z.object({
  id: z.uuid(),
  assessmentId: z.uuid(),
  requirementCode: z.string().nullable(),
  filename: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  takenAt: isoDateTime.nullable(),
  uploadedBy: z.uuid(),
  uploadedAt: isoDateTime,
});
export type AssessmentEvidenceView = z.output<typeof assessmentEvidenceView>;

export const correctiveActionView = z.object({
  id: z.uuid(),
  siteId: z.uuid().nullable(),
  site: z.object({ id: z.uuid(), code: z.string(), name: z.string() }).nullable(),
  organisationId: z.uuid().nullable(),
  requirement: z.object({ code: z.string(), textEn: z.string(), textFr: z.string(), tier: z.string() }),
  openedByAssessment: z.uuid(),
  ownerOrganisationId: z.uuid().nullable(),
  deadline: z.string(),
  status: z.enum(ACTION_STATUSES),
  closedByAssessment: z.uuid().nullable(),
  closedAt: isoDateTime.nullable(),
  notes: z.array(z.object({ id: z.uuid(), note: z.string(), authorId: z.uuid(), createdAt: isoDateTime })),
  createdAt: isoDateTime,
});
export type CorrectiveActionView = z.output<typeof correctiveActionView>;
