/** Whether a project moved the indicators it should: each judged before and after its start (decision 0038). */

/** Which way is better for an indicator; the others (head-count, production) are only shown. */
export const BETTER: Readonly<Record<string, 'lower' | 'higher'>> = {
  childrenSeen: 'lower',
  pregnantWomenSeen: 'lower',
  securityForcesPresent: 'lower',
  armedPeoplePresent: 'lower',
  accidents: 'lower',
  injuries: 'lower',
  fatalities: 'lower',
  ppeSharePct: 'higher',
};

/** Days before a project's start whose observations make its baseline. */
export const BASELINE_DAYS = 365;

export interface Observation {
  at: Date;
  value: number;
}

export interface SideOf {
  observations: number;
  /** The mean of the observations, rounded to two decimals; null when there were none. */
  mean: number | null;
}

export interface IndicatorOutcome {
  indicator: string;
  before: SideOf;
  after: SideOf;
  /** after − before, two decimals; null unless both sides were observed. */
  change: number | null;
  verdict: 'improved' | 'worsened' | 'unchanged' | 'unknown';
}

const side = (values: number[]): SideOf => {
  if (values.length === 0) return { observations: 0, mean: null };
  // Sums in hundredths keep two-decimal percentages exact before the one division.
  const hundredths = values.reduce((s, v) => s + Math.round(v * 100), 0);
  return { observations: values.length, mean: Math.round(hundredths / values.length) / 100 };
};

/**
 * An indicator before a project's start (observations in the BASELINE_DAYS before it) and after (observations
 * from its start until `until`), judged by observation time, never by when the visit was recorded.
 */
export function indicatorOutcome(
  indicator: string,
  observations: Observation[],
  startsOn: Date,
  until: Date,
): IndicatorOutcome {
  const start = startsOn.getTime();
  const from = start - BASELINE_DAYS * 86400_000;
  const before = side(
    observations.filter((o) => o.at.getTime() >= from && o.at.getTime() < start).map((o) => o.value),
  );
  const after = side(
    observations
      .filter((o) => o.at.getTime() >= start && o.at.getTime() <= until.getTime())
      .map((o) => o.value),
  );
  if (before.mean === null || after.mean === null)
    return { indicator, before, after, change: null, verdict: 'unknown' };
  const change = Math.round((after.mean - before.mean) * 100) / 100;
  const better = BETTER[indicator];
  const verdict =
    change === 0
      ? 'unchanged'
      : better === undefined
        ? 'unknown'
        : change < 0 === (better === 'lower')
          ? 'improved'
          : 'worsened';
  return { indicator, before, after, change, verdict };
}
