import { addMonths } from '../actors/kyc.ts';

/** An incident's states (DOMAIN.md §4 Incidents and alerts). */
export const INCIDENT_STATES = [
  'reported',
  'under_verification',
  'verified',
  'unsubstantiated',
  'in_mitigation',
  'resolved',
  'escalated',
] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];

export const INCIDENT_SOURCES = ['monitor', 'analyst', 'assessment', 'grievance', 'rule', 'custody'] as const;
export type IncidentSource = (typeof INCIDENT_SOURCES)[number];

export type Level = 1 | 2 | 3;

const NEXT: Record<IncidentState, readonly IncidentState[]> = {
  reported: ['under_verification'],
  under_verification: ['verified', 'unsubstantiated'],
  verified: ['in_mitigation', 'escalated', 'resolved'],
  unsubstantiated: ['under_verification'],
  in_mitigation: ['resolved', 'escalated'],
  escalated: ['in_mitigation', 'resolved'],
  resolved: [],
};

/** The states an incident may move to from the given one. */
export const nextStates = (from: IncidentState): readonly IncidentState[] => NEXT[from];

/** Why a transition is refused: in English words, and as a stable code with the values it names. */
export interface TransitionRefusal {
  message: string;
  code: `incidents.${string}`;
  params?: Record<string, string>;
}

/** Checks a transition; returns null when allowed, else why not. */
export function checkTransition(
  from: IncidentState,
  to: IncidentState,
  reason: string,
  hasPlan: boolean,
): TransitionRefusal | null {
  if (!NEXT[from].includes(to)) {
    return NEXT[from].length
      ? {
          message: `an incident that is ${from} can move only to ${NEXT[from].join(' or ')}`,
          code: 'incidents.transition-not-allowed',
          params: { state: from, to },
        }
      : {
          message: `an incident that is ${from} is closed`,
          code: 'incidents.closed',
          params: { state: from },
        };
  }
  if (!reason.trim())
    return { message: 'every transition needs a reason', code: 'incidents.reason-required' };
  if (to === 'in_mitigation' && !hasPlan)
    return {
      message: 'write the mitigation plan, with its decision, before mitigation starts',
      code: 'incidents.plan-first',
    };
  return null;
}

/**
 * The steps that conclude an incident's verification or close it: under four eyes (for the levels configured),
 * someone other than its reporter takes them, so that no one raises, judges and closes an incident alone.
 */
export const FOUR_EYES_STATES: readonly IncidentState[] = ['verified', 'unsubstantiated', 'resolved'];

/** The levels whose incidents are under four eyes unless configured otherwise (AMANA_INCIDENT_FOUR_EYES_LEVELS). */
export const DEFAULT_FOUR_EYES_LEVELS: readonly Level[] = [1, 2];

/** Whether `to` is a step someone other than the reporter must take: for a reporter, on an incident under four eyes. */
export function needsSecondPerson(
  to: IncidentState,
  level: Level,
  reportedBy: string | null,
  by: string,
  fourEyesLevels: readonly Level[],
): boolean {
  return (
    reportedBy !== null &&
    reportedBy === by &&
    fourEyesLevels.includes(level) &&
    FOUR_EYES_STATES.includes(to)
  );
}

/** Refuses a step its reporter may not take under four eyes; null when allowed. */
export function checkFourEyes(
  to: IncidentState,
  level: Level,
  reportedBy: string | null,
  by: string,
  fourEyesLevels: readonly Level[],
): TransitionRefusal | null {
  return needsSecondPerson(to, level, reportedBy, by, fourEyesLevels)
    ? {
        message: `four eyes: someone other than the reporter of a level-${level} incident moves it to ${to}`,
        code: 'incidents.four-eyes',
        params: { to, level: String(level) },
      }
    : null;
}

/** Days allowed to verify an incident of each level. */
export interface VerificationDays {
  level1: number;
  other: number;
}

/** When an incident must be verified by. */
export function verificationDue(reportedAt: Date, level: Level, days: VerificationDays): Date {
  return new Date(reportedAt.getTime() + (level === 1 ? days.level1 : days.other) * 86400_000);
}

/** Whether an incident still awaiting its verification is past its due time. */
export function isVerificationOverdue(state: IncidentState, due: Date, now: Date): boolean {
  return (state === 'reported' || state === 'under_verification') && now.getTime() > due.getTime();
}

/** Whether a verified level-1 incident suspends its site (until it is resolved). */
export const suspendsSite = (state: IncidentState, level: Level): boolean =>
  level === 1 && (state === 'verified' || state === 'in_mitigation' || state === 'escalated');

/** The longest a mitigation plan may go without a review. */
export const REVIEW_INTERVAL_MONTHS = 6;

/** When a plan's next review is due: six months after the last review, or after the plan was made. */
export const reviewDue = (lastReviewOrCreation: Date): Date =>
  addMonths(lastReviewOrCreation, REVIEW_INTERVAL_MONTHS);

/** The three OECD responses a plan must decide between. */
export const DECISIONS = ['continue_mitigating', 'suspend_temporarily', 'disengage'] as const;
export type Decision = (typeof DECISIONS)[number];

/** Which transitions alert exposed subscribers. */
export function alertsOn(to: IncidentState, level: Level): boolean {
  return (to === 'verified' && level <= 2) || to === 'escalated' || to === 'resolved';
}
