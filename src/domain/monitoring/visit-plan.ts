import type { SiteStatus } from '../sites/site.ts';

/**
 * Days between two visits to a site, by what is at stake there (decision 0024): an open level-1 incident, a
 * suspension, then the site's status colour.
 */
export interface VisitFrequencies {
  level1: number;
  suspended: number;
  red: number;
  yellow: number;
  blue: number;
  green: number;
}

/** The defaults of decision 0024; each can be changed through the environment (src/config.ts). */
export const DEFAULT_VISIT_FREQUENCIES: VisitFrequencies = {
  level1: 3,
  suspended: 7,
  red: 7,
  yellow: 14,
  blue: 14,
  green: 30,
};

/** Why a site is visited as often as it is: the most demanding of what applies to it. */
export const VISIT_REASONS = ['level1', 'suspended', 'red', 'yellow', 'blue', 'green'] as const;
export type VisitReason = (typeof VISIT_REASONS)[number];

/** What the plan knows of a site. */
export interface PlannedSite {
  status: SiteStatus;
  /** Whether verified level-1 incidents suspend it. */
  suspended: boolean;
  /** How many level-1 incidents are open there (not resolved, not unsubstantiated). */
  openLevel1: number;
  /** Observation time of the last visit at or before now, by anyone; null when never visited. */
  lastVisitAt: Date | null;
  /** Since when the site is in the monitor's care (its assignment's start): a site never visited is due then. */
  since: Date;
}

/** When a site's next visit is due, how often it is visited and why, and how late it is at `now`. */
export interface NextVisit {
  dueAt: Date;
  everyDays: number;
  reason: VisitReason;
  /** Whether an open level-1 incident puts it before every other site. */
  urgent: boolean;
  overdue: boolean;
  /** Whole days past due (0 when not overdue, or less than a day late). */
  daysOverdue: number;
}

const DAY_MS = 86_400_000;

/**
 * The next visit a site needs, at `now`: every `everyDays` after its last visit (or from the day it came into the
 * monitor's care when never visited), where `everyDays` is the shortest frequency that applies — an open level-1
 * incident, a suspension, its status. Overdue once `now` is past the due time.
 */
export function nextVisit(site: PlannedSite, now: Date, frequencies: VisitFrequencies): NextVisit {
  const applies: VisitReason[] = [];
  if (site.openLevel1 > 0) applies.push('level1');
  if (site.suspended) applies.push('suspended');
  applies.push(site.status);
  const reason = applies.reduce((best, r) => (frequencies[r] < frequencies[best] ? r : best));
  const everyDays = frequencies[reason];
  const from = site.lastVisitAt ?? site.since;
  const dueAt = new Date(from.getTime() + everyDays * DAY_MS);
  const late = now.getTime() - dueAt.getTime();
  return {
    dueAt,
    everyDays,
    reason,
    urgent: site.openLevel1 > 0,
    overdue: late > 0,
    daysOverdue: late > 0 ? Math.floor(late / DAY_MS) : 0,
  };
}

/**
 * The order of a visit plan: sites with an open level-1 incident first, then the earliest due, then by code —
 * a comparator over what `nextVisit` said.
 */
export function byUrgency(
  a: { next: NextVisit; code: string },
  b: { next: NextVisit; code: string },
): number {
  if (a.next.urgent !== b.next.urgent) return a.next.urgent ? -1 : 1;
  const due = a.next.dueAt.getTime() - b.next.dueAt.getTime();
  if (due !== 0) return due;
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

/** Whether an assignment running from `startsAt` until `endsAt` (open-ended when null) is in force at `at`. */
export function inForce(a: { startsAt: Date; endsAt: Date | null }, at: Date): boolean {
  return a.startsAt.getTime() <= at.getTime() && (a.endsAt === null || at.getTime() < a.endsAt.getTime());
}
