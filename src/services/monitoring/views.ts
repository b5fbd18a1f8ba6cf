import { z } from 'zod';
import { RISK_CATEGORIES } from '../../domain/criteria/criteria-set.ts';
import { INDICATORS, OPERATORS } from '../../domain/monitoring/indicator-rules.ts';
import { VISIT_REASONS } from '../../domain/monitoring/visit-plan.ts';
import { SITE_STATUSES } from '../../domain/sites/site.ts';
import { isoDateTime } from '../views.ts';

export const visitView = z.object({
  id: z.uuid(),
  siteId: z.uuid(),
  monitorId: z.uuid(),
  visitedAt: isoDateTime,
  latitude: z.number().nullable(),
  accuracyM: z.number().nullable().describe('How far off the position may be, in metres, as the device said'),
  longitude: z.number().nullable(),
  indicators: z.record(z.string(), z.union([z.number(), z.boolean()])),
  notes: z.string(),
  deviceId: z.string().nullable(),
  incidents: z.array(z.object({ id: z.uuid(), code: z.string(), level: z.number(), title: z.string() })),
  photos: z.array(
    z.object({ id: z.uuid(), filename: z.string(), contentType: z.string(), sizeBytes: z.number() }),
  ),
  createdAt: isoDateTime,
});
export type VisitView = z.output<typeof visitView>;

export const indicatorSeriesView = z.object({
  indicator: z.enum(INDICATORS),
  points: z.array(z.object({ at: isoDateTime, value: z.number(), visitId: z.uuid() })),
});
export type IndicatorSeriesView = z.output<typeof indicatorSeriesView>;

export const indicatorRuleView = z.object({
  code: z.string(),
  indicator: z.enum(INDICATORS),
  operator: z.enum(OPERATORS),
  threshold: z.number(),
  level: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  category: z.enum(RISK_CATEGORIES),
  title: z.string(),
  enabled: z.boolean(),
  revision: z.number().int(),
});
export type IndicatorRuleView = z.output<typeof indicatorRuleView>;

export const assignmentView = z.object({
  id: z.uuid(),
  site: z.object({ id: z.uuid(), code: z.string(), name: z.string() }),
  user: z.object({ id: z.uuid(), name: z.string(), email: z.string() }),
  organisationId: z.uuid(),
  role: z.enum(['monitor', 'assessor']),
  startsAt: isoDateTime,
  endsAt: isoDateTime.nullable(),
  assignedBy: z.uuid(),
  createdAt: isoDateTime,
  endedBy: z.uuid().nullable(),
  endedRecordedAt: isoDateTime.nullable(),
});
export type AssignmentView = z.output<typeof assignmentView>;

export const plannedVisitView = z.object({
  site: z.object({
    id: z.uuid(),
    code: z.string(),
    name: z.string(),
    status: z.enum(SITE_STATUSES),
    suspended: z.boolean(),
  }),
  openLevel1: z.number().int().describe('Open level-1 incidents at the site'),
  lastVisitAt: isoDateTime.nullable().describe('Observation time of the last visit, by anyone'),
  since: isoDateTime.describe('Start of the assignment: a site never visited is due from then'),
  dueAt: isoDateTime,
  everyDays: z.number().int(),
  reason: z.enum(VISIT_REASONS).describe('The most demanding of what applies, which sets the frequency'),
  urgent: z.boolean().describe('An open level-1 incident puts the site before every other'),
  overdue: z.boolean(),
  daysOverdue: z.number().int(),
});
export type PlannedVisitView = z.output<typeof plannedVisitView>;

export const overdueMonitorView = z.object({
  monitor: z.object({ id: z.uuid(), name: z.string(), email: z.string() }),
  overdue: z.number().int().describe('How many of its sites are overdue'),
  sites: z.array(plannedVisitView),
});
export type OverdueMonitorView = z.output<typeof overdueMonitorView>;

export const fieldStaffView = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string(),
  role: z.enum(['monitor', 'assessor']),
});
export type FieldStaffView = z.output<typeof fieldStaffView>;
