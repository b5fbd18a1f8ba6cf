import type { IncidentState } from '../incidents/lifecycle.ts';
import type { SiteStateAtProduction } from './origin.ts';

/**
 * A row of a site's colour history: the colour, the instant it counts from, and when Amana recorded it.
 * Suspensions are not colours: they follow from the incidents.
 */
export interface StatusRecord {
  status: string;
  effectiveAt: Date;
  recordedAt: Date;
}

/** A level-1 incident at the site, with the times of its life: what the windows are computed from. */
export interface Level1Incident {
  code: string;
  /** When the harm was observed or began; null when only the report time is known. */
  observedAt: Date | null;
  reportedAt: Date;
  /** Every state it moved to, in the order recorded (the first one is `reported`). */
  transitions: readonly { to: IncidentState; at: Date }[];
}

export interface SiteHistory {
  statuses: readonly StatusRecord[];
  incidents: readonly Level1Incident[];
}

/**
 * The time during which a level-1 incident taints production: from its start while it is not resolved;
 * `suspends` when it was verified (the suspension then reaches back to the start).
 */
export interface IncidentWindow {
  code: string;
  from: Date;
  /** The resolution; null while the incident is open. */
  to: Date | null;
  suspends: boolean;
}

/** When an incident's harm began: its observation time, or its report time when that is all that is known. */
export const incidentStart = (i: Level1Incident): Date => i.observedAt ?? i.reportedAt;

/**
 * The window in which a level-1 incident taints its site's production, or null when it never did (found
 * unsubstantiated and not reopened since).
 */
export function incidentWindow(i: Level1Incident): IncidentWindow | null {
  const last = i.transitions.at(-1)?.to ?? 'reported';
  if (last === 'unsubstantiated') return null;
  const resolved = i.transitions.find((t) => t.to === 'resolved');
  return {
    code: i.code,
    from: incidentStart(i),
    to: resolved ? resolved.at : null,
    suspends: i.transitions.some((t) => t.to === 'verified'),
  };
}

const inWindow = (w: IncidentWindow, at: number) =>
  w.from.getTime() <= at && (w.to === null || at < w.to.getTime());

/**
 * The site's colour at an instant: of the history rows in effect by then, the one recorded last (a later
 * record corrects an earlier one from its effective time on); blue before any.
 */
export function colourAt(statuses: readonly StatusRecord[], at: Date): string {
  let best: StatusRecord | null = null;
  for (const s of statuses) {
    if (s.effectiveAt.getTime() > at.getTime()) continue;
    if (!best || s.recordedAt.getTime() >= best.recordedAt.getTime()) best = s;
  }
  return best?.status ?? 'blue';
}

/**
 * A judge of the site's state at any instant of its history: colour, suspension and the level-1
 * incidents open then. The history is read once, so a site's thousands of sacks are judged cheaply.
 */
export function siteStateJudge(h: SiteHistory): (at: Date) => SiteStateAtProduction {
  // Records in the order they were made, so that "recorded last" is the last one seen on ties.
  const statuses = [...h.statuses].sort((a, b) => a.recordedAt.getTime() - b.recordedAt.getTime());
  const windows = h.incidents
    .map(incidentWindow)
    .filter((w): w is IncidentWindow => w !== null)
    .sort((a, b) => a.code.localeCompare(b.code, 'en', { numeric: true }));
  return (at) => {
    const t = at.getTime();
    const open = windows.filter((w) => inWindow(w, t));
    return {
      status: colourAt(statuses, at),
      suspended: open.some((w) => w.suspends),
      openLevel1: open.map((w) => w.code),
    };
  };
}

/** The site's state at an instant of its history (DOMAIN.md §4: judged when it happened). */
export const siteStateAt = (h: SiteHistory, at: Date): SiteStateAtProduction => siteStateJudge(h)(at);

const ms = (d: Date | null) => (d === null ? Number.POSITIVE_INFINITY : d.getTime());

/**
 * The earliest instant from which two versions of an incident's window judge production differently, or
 * null when they agree everywhere: the production to judge again after the incident changed.
 */
export function windowChangedSince(before: IncidentWindow | null, after: IncidentWindow | null): Date | null {
  if (!before && !after) return null;
  if (!before || !after) return (before ?? after)!.from;
  const from = Math.min(before.from.getTime(), after.from.getTime());
  if (before.from.getTime() !== after.from.getTime() || before.suspends !== after.suspends)
    return new Date(from);
  if (ms(before.to) !== ms(after.to)) return new Date(Math.min(ms(before.to), ms(after.to)));
  return null;
}

/** Whether two states at production are the same (incidents in any order). */
export function sameState(a: SiteStateAtProduction, b: SiteStateAtProduction): boolean {
  const codes = (s: SiteStateAtProduction) => [...s.openLevel1].sort().join(',');
  return a.status === b.status && a.suspended === b.suspended && codes(a) === codes(b);
}
