import { addMonths } from '../actors/kyc.ts';
import type { RatedRequirement } from './site-status.ts';

export interface ActionToOpen {
  code: string;
  deadline: string;
}

/**
 * The corrective actions an approved assessment opens: one per major or progressive requirement not met
 * or partially met, due after the requirement's correction deadline or improvement horizon.
 */
export function actionsToOpen(ratings: readonly RatedRequirement[], approvedAt: Date): ActionToOpen[] {
  return ratings
    .filter((r) => r.tier !== 'critical' && (r.rating === 'not_met' || r.rating === 'partially_met'))
    .map((r) => ({
      code: r.code,
      deadline: addMonths(approvedAt, (r.tier === 'major' ? r.correctionMonths : r.horizonMonths) ?? 3)
        .toISOString()
        .slice(0, 10),
    }));
}

/** The requirement codes whose open actions an approved assessment closes: those it now rates met or not applicable. */
export function actionsClosedBy(ratings: readonly RatedRequirement[]): string[] {
  return ratings.filter((r) => r.rating === 'met' || r.rating === 'not_applicable').map((r) => r.code);
}

/** Days ahead within which an open action's deadline counts as coming soon (the home page's figure). */
export const DUE_SOON_DAYS = 30;

/** The days that bound "overdue" (deadline before `today`) and "due soon" (`today` to `until`), in UTC. */
export function deadlineWindow(now: Date): { today: string; until: string } {
  return {
    today: now.toISOString().slice(0, 10),
    until: new Date(now.getTime() + DUE_SOON_DAYS * 86400_000).toISOString().slice(0, 10),
  };
}
