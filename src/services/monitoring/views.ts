import { z } from 'zod';
import { RISK_CATEGORIES } from '../../domain/criteria/criteria-set.ts';
import { INDICATORS, OPERATORS } from '../../domain/monitoring/indicator-rules.ts';
import { isoDateTime } from '../views.ts';

export const visitView = z.object({
  id: z.uuid(),
  siteId: z.uuid(),
  monitorId: z.uuid(),
  visitedAt: isoDateTime,
  latitude: z.number().nullable(),
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
