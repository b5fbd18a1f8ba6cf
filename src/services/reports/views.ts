import { z } from 'zod';
import { isoDate, isoDateTime } from '../views.ts';

/** The answers of the reports area, written once: the services return them, the routes document them. */

const n = z.number().int();

export const dashboardView = z.object({
  sites: z.object({
    blue: n,
    green: n,
    yellow: n,
    red: n,
    suspended: n,
    scope: z
      .enum(['assigned', 'all', 'operated', 'exposed'])
      .describe(
        "Whose sites are counted: the caller's assigned ones, every site, those it operates or is exposed to",
      ),
  }),
  incidents: z
    .object({
      open: z.object({ level1: n, level2: n, level3: n }),
      overdueVerification: n,
      overdueReview: n,
    })
    .nullable(),
  alerts: z.object({ unread: n }),
  correctiveActions: z.object({ open: n, overdue: n, dueIn30Days: n }).nullable(),
  /** A grievance officer's queue: cases awaiting validation and validated cases not yet closed. */
  grievances: z.object({ received: n, validated: n }).nullable(),
});
export type DashboardView = z.output<typeof dashboardView>;

export const incidentTrendsView = z.object({
  /** The months covered, as YYYY-MM (UTC). */
  months: z.array(z.string()).describe('YYYY-MM, oldest first'),
  /** One row per category with at least one incident in the window, its count for each month. */
  series: z.array(z.object({ category: z.string(), counts: z.array(n) })),
});
export type IncidentTrendsView = z.output<typeof incidentTrendsView>;

const kg = z.number().describe('kilograms');
const fraction = z.number().min(0).max(1);

/**
 * The due-diligence report of one buyer for one period, in the sections of OECD step 5 and of Article 52 of
 * Regulation (EU) 2023/1542: the same content as the PDF.
 */
export const dueDiligenceReportView = z.object({
  buyer: z.object({ id: z.uuid(), name: z.string(), country: z.string() }),
  period: z.object({ from: isoDate, to: isoDate }).describe('Days covered, inclusive (UTC)'),
  generatedAt: isoDateTime,
  policy: z.object({
    standards: z
      .array(z.object({ name: z.string(), version: n }))
      .describe('Criteria sets the sites were assessed against'),
    nonConformity: z.string().describe('The rule that makes material non-conforming'),
    lossTolerancePct: z.number(),
  }),
  managementSystem: z.object({
    lots: n,
    massKg: kg,
    containedKg: kg,
    nonConformingKg: kg,
    nonConformingShare: fraction,
    suppliers: z.array(z.object({ id: z.uuid(), name: z.string(), lots: n, containedKg: kg })),
    received: z.array(
      z.object({
        lotId: z.uuid(),
        epc: z.string(),
        tag: z.string().nullable(),
        receivedAt: isoDateTime,
        from: z.string(),
        transaction: z.object({ type: z.string(), ref: z.string() }).nullable(),
        massKg: kg,
        gradePct: z.number(),
        containedKg: kg,
        nonConformingShare: fraction,
      }),
    ),
    sites: z.array(
      z.object({
        siteId: z.uuid(),
        code: z.string(),
        name: z.string(),
        province: z.string(),
        containedKg: kg,
        share: fraction,
        nonConformingKg: kg,
        atProduction: z
          .array(
            z.object({
              status: z.string(),
              suspended: z.boolean(),
              openLevel1: z.array(z.string()),
              containedKg: kg,
            }),
          )
          .describe("The site's states when it produced what the buyer received"),
        incidents: n,
        visits: n,
        lastAssessment: z
          .object({ kind: z.string(), approvedAt: isoDateTime, status: z.string() })
          .nullable(),
      }),
    ),
    statusAtProduction: z
      .object({ green: kg, yellow: kg, red: kg, blue: kg, suspended: kg })
      .describe("Cobalt received by its site's colour when produced, and from a suspended site"),
  }),
  riskAssessment: z.object({
    incidents: z.object({
      total: n,
      byLevel: z.object({ level1: n, level2: n, level3: n }),
      byCategory: z.array(z.object({ category: z.string(), level1: n, level2: n, level3: n })),
      byState: z.record(z.string(), n).describe('States at the end of the period'),
    }),
    assessments: z.object({
      inPeriod: n,
      sitesAssessed: n,
      sitesWithoutAssessment: n,
      standards: z.array(z.object({ name: z.string(), version: n })),
    }),
    monitoring: z.object({ visits: n, sitesVisited: n, sitesInChain: n, coverage: fraction }),
  }),
  riskManagement: z.object({
    withPlan: n,
    withoutPlan: n,
    decisions: z.object({ continue_mitigating: n, suspend_temporarily: n, disengage: n }),
    resolvedInPeriod: n,
    reviewsInPeriod: n,
    reviewsOverdue: n,
    incidents: z.array(
      z.object({
        code: z.string(),
        siteCode: z.string(),
        level: n,
        category: z.string(),
        reportedAt: isoDateTime,
        stateAtEnd: z.string(),
        decision: z.string().nullable(),
        reviews: n,
        progress: fraction
          .nullable()
          .describe('Share of the way from baseline to target at the latest review'),
        reviewOverdue: z.boolean(),
      }),
    ),
  }),
  verification: z.object({
    auditors: z.array(
      z.object({
        auditor: z.string(),
        organisation: z.string().nullable(),
        periodFrom: isoDate,
        periodTo: isoDate,
        purpose: z.string(),
      }),
    ),
    seal: z
      .object({ seq: n, sealedAt: isoDateTime, keyId: z.string() })
      .nullable()
      .describe('The latest signed head of the event log before the end of the period'),
  }),
  grievanceMechanism: z.object({
    total: n,
    byStatus: z.record(z.string(), n),
    byCategory: z.array(z.object({ category: z.string(), count: n })),
    becameIncidents: n,
  }),
});
export type DueDiligenceReportView = z.output<typeof dueDiligenceReportView>;
