import { z } from 'zod';

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
