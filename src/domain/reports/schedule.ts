/**
 * Quarterly due-diligence reports by e-mail (decision 0056): which quarters a subscription is owed at an instant.
 * A quarter is owed once it has closed; the first is the quarter in which the subscription was made.
 */

/** A calendar quarter as YYYY-Qn (UTC). */
export const quarterOf = (at: Date) => `${at.getUTCFullYear()}-Q${Math.floor(at.getUTCMonth() / 3) + 1}`;

const parts = (quarter: string) => {
  const [year, q] = quarter.split('-Q').map(Number);
  return { year, q };
};

/** The first and last day of a quarter, inclusive, as a report's period. */
export function quarterDays(quarter: string): { from: string; to: string } {
  const { year, q } = parts(quarter);
  const from = new Date(Date.UTC(year, (q - 1) * 3, 1));
  const to = new Date(Date.UTC(year, q * 3, 0));
  return { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) };
}

/** The instant a quarter closes: the first day of the next. */
export function quarterEnd(quarter: string): Date {
  const { year, q } = parts(quarter);
  return new Date(Date.UTC(year, q * 3, 1));
}

const next = (quarter: string) => quarterOf(quarterEnd(quarter));

/** At most this many quarters are sent at once: a subscription left behind a long outage catches up a year. */
export const MAX_CATCH_UP = 4;

/** The quarters from `first` on that have closed by `now`, the latest `MAX_CATCH_UP` of them, oldest first. */
export function closedQuarters(first: string, now: Date): string[] {
  const out: string[] = [];
  for (let q = first; quarterEnd(q).getTime() <= now.getTime(); q = next(q)) out.push(q);
  return out.slice(-MAX_CATCH_UP);
}
