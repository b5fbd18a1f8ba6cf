import { addMonths } from '../actors/kyc.ts';
import type { Tier } from '../criteria/criteria-set.ts';
import type { SiteStatus } from '../sites/site.ts';
import type { Rating } from './ratings.ts';

export interface RatedRequirement {
  code: string;
  textEn: string;
  textFr: string;
  tier: Tier;
  correctionMonths: number | null;
  horizonMonths: number | null;
  rating: Rating;
}

/** Why a site has its status, as data a reader can render in any language. */
export type StatusReason =
  | { kind: 'registered' }
  | {
      kind: 'assessment';
      assessment: string;
      status: 'green' | 'yellow' | 'red';
      requirements: { code: string; textEn: string; textFr: string; rating: Rating }[];
      until: string | null;
    }
  | { kind: 'red_minimum'; assessment: string; shows: 'green' | 'yellow'; until: string }
  | { kind: 'green_lapsed'; validUntil: string }
  | { kind: 'yellow_overdue'; deadline: string }
  | { kind: 'blue_too_long'; blueSince: string }
  | { kind: 'red_minimum_over'; assessment: string }
  | { kind: 'suspended'; incident: string; title: string }
  | { kind: 'suspension_lifted'; incident: string };

/** A site's status with everything the time rules need. */
export interface StatusState {
  status: SiteStatus;
  /** Day the current status began (YYYY-MM-DD). */
  since: string;
  /** Yellow: last day to correct. */
  deadline: string | null;
  /** Green: first day it is no longer valid. */
  validUntil: string | null;
  /** Red: the suspension lasts at least until this day. */
  redUntil: string | null;
  /** Red: the outcome of a re-assessment approved during the minimum suspension, applied when it ends. */
  pending: Outcome | null;
}

export interface Outcome {
  status: 'green' | 'yellow' | 'red';
  deadline: string | null;
  validUntil: string | null;
  reason: StatusReason;
}

export interface StatusChange {
  state: StatusState;
  reason: StatusReason;
  effective: string;
}

export const GREEN_VALIDITY_MONTHS = 12;
export const BLUE_LIMIT_MONTHS = 36;
export const RED_MINIMUM_MONTHS = 6;

const day = (d: Date) => d.toISOString().slice(0, 10);
const plusMonths = (isoDay: string, months: number) =>
  day(addMonths(new Date(`${isoDay}T00:00:00Z`), months));
const nextDay = (isoDay: string) => day(new Date(Date.parse(`${isoDay}T00:00:00Z`) + 86400_000));

/**
 * The colour an approved assessment gives a site: a critical requirement not fully met ⇒ red (zero
 * tolerance admits no partial); else a major one not or partially met ⇒ yellow until the shortest
 * correction deadline; else green for 12 months. Progressive requirements never change the colour.
 */
export function assessmentOutcome(
  ratings: readonly RatedRequirement[],
  assessment: string,
  approvedAt: Date,
): Outcome {
  const today = day(approvedAt);
  const failing = (tiers: Tier[]) =>
    ratings.filter((r) => tiers.includes(r.tier) && (r.rating === 'not_met' || r.rating === 'partially_met'));
  const pick = (rs: RatedRequirement[]) =>
    rs.map(({ code, textEn, textFr, rating }) => ({ code, textEn, textFr, rating }));
  const critical = failing(['critical']);
  if (critical.length) {
    return {
      status: 'red',
      deadline: null,
      validUntil: null,
      reason: {
        kind: 'assessment',
        assessment,
        status: 'red',
        requirements: pick(critical),
        until: plusMonths(today, RED_MINIMUM_MONTHS),
      },
    };
  }
  const major = failing(['major']);
  if (major.length) {
    const months = Math.min(...major.map((r) => r.correctionMonths ?? 3));
    const deadline = plusMonths(today, months);
    return {
      status: 'yellow',
      deadline,
      validUntil: null,
      reason: {
        kind: 'assessment',
        assessment,
        status: 'yellow',
        requirements: pick(major),
        until: deadline,
      },
    };
  }
  const validUntil = plusMonths(today, GREEN_VALIDITY_MONTHS);
  return {
    status: 'green',
    deadline: null,
    validUntil,
    reason: { kind: 'assessment', assessment, status: 'green', requirements: [], until: validUntil },
  };
}

function enter(outcome: Outcome, on: string): StatusState {
  return {
    status: outcome.status,
    since: on,
    deadline: outcome.deadline,
    validUntil: outcome.validUntil,
    redUntil: outcome.status === 'red' ? plusMonths(on, RED_MINIMUM_MONTHS) : null,
    pending: null,
  };
}

/**
 * Applies an approved assessment's outcome. A red site stays red for at least 6 months: a better outcome
 * approved sooner is kept and takes effect when the minimum ends.
 */
export function applyOutcome(state: StatusState, outcome: Outcome, approvedAt: Date): StatusChange {
  const on = day(approvedAt);
  if (outcome.status !== 'red' && state.status === 'red' && state.redUntil && on < state.redUntil) {
    const assessment = outcome.reason.kind === 'assessment' ? outcome.reason.assessment : '';
    return {
      state: { ...state, pending: outcome },
      reason: { kind: 'red_minimum', assessment, shows: outcome.status, until: state.redUntil },
      effective: on,
    };
  }
  return { state: enter(outcome, on), reason: outcome.reason, effective: on };
}

const turnRed = (effective: string, reason: StatusReason): StatusChange => ({
  state: {
    status: 'red',
    since: effective,
    deadline: null,
    validUntil: null,
    redUntil: plusMonths(effective, RED_MINIMUM_MONTHS),
    pending: null,
  },
  reason,
  effective,
});

/** The change the passing of time makes to a status on the given day, or null when there is none. */
export function timedChange(state: StatusState, now: Date): StatusChange | null {
  const today = day(now);
  if (state.status === 'green' && state.validUntil && today >= state.validUntil) {
    const blue: StatusState = {
      status: 'blue',
      since: state.validUntil,
      deadline: null,
      validUntil: null,
      redUntil: null,
      pending: null,
    };
    return {
      state: blue,
      reason: { kind: 'green_lapsed', validUntil: state.validUntil },
      effective: state.validUntil,
    };
  }
  if (state.status === 'yellow' && state.deadline && today > state.deadline) {
    return turnRed(nextDay(state.deadline), { kind: 'yellow_overdue', deadline: state.deadline });
  }
  if (state.status === 'blue') {
    const limit = plusMonths(state.since, BLUE_LIMIT_MONTHS);
    if (today > limit) {
      return turnRed(nextDay(limit), { kind: 'blue_too_long', blueSince: state.since });
    }
  }
  if (state.status === 'red' && state.pending && state.redUntil && today >= state.redUntil) {
    const assessment = state.pending.reason.kind === 'assessment' ? state.pending.reason.assessment : '';
    return {
      state: enter(state.pending, state.redUntil),
      reason: { kind: 'red_minimum_over', assessment },
      effective: state.redUntil,
    };
  }
  return null;
}

const quoted = (rs: { code: string; textEn: string; rating: Rating }[]) =>
  rs.map((r) => `${r.code} '${r.textEn}' ${r.rating.replace('_', ' ')}`).join(', ');

/** The reason in English words, e.g. "red since 2026-03-02: requirement CL-01 '…' not met in assessment A-123". */
export function describeStatus(status: SiteStatus, since: string, reason: StatusReason): string {
  const head = `${status} since ${since}`;
  switch (reason.kind) {
    case 'registered':
      return `${head}: registered, not yet assessed`;
    case 'assessment':
      if (reason.status === 'green') {
        return `${head}: all critical and major requirements met in assessment ${reason.assessment}; valid until ${reason.until}`;
      }
      return `${head}: requirement${reason.requirements.length > 1 ? 's' : ''} ${quoted(reason.requirements)} in assessment ${reason.assessment}${reason.status === 'yellow' ? `; to correct by ${reason.until}` : `; suspended at least until ${reason.until}`}`;
    case 'red_minimum':
      return `${head}: assessment ${reason.assessment} shows ${reason.shows}, which applies when the minimum suspension ends on ${reason.until}`;
    case 'green_lapsed':
      return `${head}: the green assessment lapsed on ${reason.validUntil} after 12 months`;
    case 'yellow_overdue':
      return `${head}: the correction deadline ${reason.deadline} passed without an approved re-assessment`;
    case 'blue_too_long':
      return `${head}: not assessed for more than 36 months (blue since ${reason.blueSince})`;
    case 'red_minimum_over':
      return `${head}: the minimum suspension ended; assessment ${reason.assessment} applies`;
    case 'suspended':
      return `suspended since ${since} (status ${status}): level-1 incident ${reason.incident} '${reason.title}' verified`;
    case 'suspension_lifted':
      return `suspension lifted on ${since} (status ${status}): incident ${reason.incident} resolved`;
  }
}
