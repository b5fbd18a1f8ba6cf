import type { IncidentState } from '../incidents/lifecycle.ts';

/**
 * Why production at a site was judged again, as data a reader can render in any language: a change of a
 * level-1 incident (its report, verification, unsubstantiation, reopening, resolution, or a corrected
 * observation time), or a colour change of the site effective from a given instant.
 */
export type ConformityCause =
  | {
      kind: 'incident';
      incident: string;
      site: string;
      /** When the harm was observed or began (ISO date-time). */
      observedAt: string;
      /** The state the incident moved to; `reported` when it was just reported. */
      change: IncidentState;
      /** The observation time was corrected with this change. */
      observedAtCorrected?: boolean;
      at: string;
    }
  | {
      kind: 'status';
      site: string;
      status: string;
      /** The instant the new colour counts from (ISO date-time). */
      effective: string;
      at: string;
    };

/** Shares closer than this are the same: blending sums floating-point products. */
export const SHARE_EPSILON = 1e-9;

const day = (iso: string) => iso.slice(0, 10);
const pct = (x: number) => `${Math.round(x * 1000) / 10} %`;

const INCIDENT_CHANGE: Partial<Record<IncidentState, string>> = {
  reported: 'was reported',
  under_verification: 'was reopened for verification',
  verified: 'was verified',
  unsubstantiated: 'was found unsubstantiated',
  resolved: 'was resolved',
  in_mitigation: 'went into mitigation',
  escalated: 'was escalated',
};

/** The cause in English words, e.g. "INC-7, observed 2026-05-03, was verified on 2026-05-09". */
export function describeCause(c: ConformityCause): string {
  if (c.kind === 'status')
    return `site ${c.site} is ${c.status} from ${day(c.effective)} (recorded on ${day(c.at)})`;
  const observed = c.observedAtCorrected
    ? `found to have begun ${day(c.observedAt)}`
    : `observed ${day(c.observedAt)}`;
  return `${c.incident}, ${observed}, ${INCIDENT_CHANGE[c.change] ?? `moved to ${c.change}`} on ${day(c.at)}`;
}

/**
 * A lot's change of conformity in English words, e.g. "became non-conforming on 2026-05-09 because
 * INC-7, observed 2026-05-03, was verified on 2026-05-09".
 */
export function describeConformityChange(before: number, after: number, c: ConformityCause): string {
  const on = day(c.at);
  const what =
    before <= SHARE_EPSILON
      ? `became non-conforming${after < 1 - SHARE_EPSILON ? ` for ${pct(after)} of its cobalt` : ''} on ${on}`
      : after <= SHARE_EPSILON
        ? `became conforming on ${on}`
        : `non-conforming share ${after > before ? 'rose' : 'fell'} from ${pct(before)} to ${pct(after)} on ${on}`;
  return `${what} because ${describeCause(c)}`;
}

/** Whether a lot's conformity changed between two non-conforming shares. */
export const conformityChanged = (before: number, after: number): boolean =>
  Math.abs(before - after) > SHARE_EPSILON;
