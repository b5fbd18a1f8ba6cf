import type { IncidentState } from '../incidents/lifecycle.ts';
import { representativePoint, type SiteGeometry } from '../sites/geometry.ts';
import type { SiteStatus } from '../sites/site.ts';

/**
 * The rules of the public transparency view: what may leave Amana for anyone to read, and as of when. Everything
 * public is delayed (nothing that happened after the cut), aggregated (counts and sums, never a record) and
 * redacted (no person, no grievance, no place the programme keeps secret). Decision 0055.
 */

/** Months the public view lags behind, unless configured (AMANA_PUBLIC_DELAY_MONTHS). */
export const DEFAULT_PUBLIC_DELAY_MONTHS = 3;

/** How the public view shows a site's place. */
export const PUBLIC_LOCATIONS = ['exact', 'rounded', 'withheld'] as const;
export type PublicLocation = (typeof PUBLIC_LOCATIONS)[number];

/** A rounded place is given to this many decimals of a degree: one tenth, about 11 km. */
export const ROUNDED_DECIMALS = 1;

/**
 * The instant before which facts are public: the start of the UTC day `delayMonths` calendar months before now
 * (a month-end the shorter month lacks falls on its last day: 31 May less 3 months is 28 February).
 */
export function publicationCut(now: Date, delayMonths: number): Date {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth() - delayMonths;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(now.getUTCDate(), lastDay)));
}

/** The first day (UTC) of the month of an instant. */
export const monthStart = (at: Date) => new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));

/** A month as YYYY-MM. */
export const monthKey = (at: Date) => at.toISOString().slice(0, 7);

/**
 * Volumes are published by whole months only: those that ended by the cut. Production before this instant is
 * public, production from it on is not (the month of the cut has not ended by then).
 */
export const volumeBound = (cut: Date) => monthStart(cut);

export interface StatusChange {
  status: SiteStatus;
  /** When the status took effect (the event's own time, not when Amana recorded it). */
  effectiveAt: Date;
  /** The reason's kind (registered, assessment, green_lapsed…), never its words, which may name people. */
  reasonKind: string;
}

/** A site's public history: the changes that took effect before the cut, oldest first. */
export function publicHistory(history: readonly StatusChange[], cut: Date): StatusChange[] {
  return history
    .filter((h) => h.effectiveAt.getTime() < cut.getTime())
    .toSorted((a, b) => a.effectiveAt.getTime() - b.effectiveAt.getTime());
}

/** The status a site had at the cut, or null when it was not yet registered then (the site is not public). */
export function statusAtCut(history: readonly StatusChange[], cut: Date): StatusChange | null {
  return publicHistory(history, cut).at(-1) ?? null;
}

/**
 * The geometry the public may see: the registered one, a point at its representative position rounded to a tenth
 * of a degree, or none.
 */
export function publicGeometry(geometry: SiteGeometry, location: PublicLocation): SiteGeometry | null {
  if (location === 'exact') return geometry;
  if (location === 'withheld') return null;
  const factor = 10 ** ROUNDED_DECIMALS;
  const [lon, lat] = representativePoint(geometry).map((c) => Math.round(c * factor) / factor);
  return { type: 'Point', coordinates: [lon, lat] };
}

const CLOSED: readonly IncidentState[] = ['resolved', 'unsubstantiated'];

/** Half-years, the publication period of incident summaries: YYYY-H1 (January–June) or YYYY-H2. */
export const halfYearOf = (at: Date) => `${at.getUTCFullYear()}-H${at.getUTCMonth() < 6 ? 1 : 2}`;

/** The instant a half-year ends (the first of July, or of January next year). */
export function halfYearEnd(period: string): Date {
  const [year, half] = period.split('-H').map(Number);
  return new Date(Date.UTC(half === 1 ? year : year + 1, half === 1 ? 6 : 0, 1));
}

export interface IncidentFact {
  level: number;
  category: string;
  reportedAt: Date;
  /** Every state it moved to, with when. */
  transitions: readonly { to: IncidentState; at: Date }[];
}

export interface IncidentSummary {
  period: string;
  category: string;
  level: number;
  count: number;
}

/**
 * Incident summaries by half-year (of the report), category and level. A half-year is published once it ended
 * before the cut, and counts its incidents that were closed (resolved or unsubstantiated) before the cut — as
 * ITSCI publishes after the six-month period; an incident still open at the cut is not counted until it closes.
 */
export function incidentSummaries(incidents: readonly IncidentFact[], cut: Date): IncidentSummary[] {
  const counts = new Map<string, IncidentSummary>();
  for (const i of incidents) {
    const period = halfYearOf(i.reportedAt);
    if (halfYearEnd(period).getTime() > cut.getTime()) continue;
    const before = i.transitions.filter((t) => t.at.getTime() < cut.getTime());
    const last = before.toSorted((a, b) => a.at.getTime() - b.at.getTime()).at(-1);
    if (!last || !CLOSED.includes(last.to)) continue;
    const key = `${period}|${i.category}|${i.level}`;
    const row = counts.get(key) ?? { period, category: i.category, level: i.level, count: 0 };
    row.count++;
    counts.set(key, row);
  }
  return [...counts.values()].sort(
    (a, b) => a.period.localeCompare(b.period) || a.level - b.level || a.category.localeCompare(b.category),
  );
}
