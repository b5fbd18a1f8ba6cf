const DAY = 86_400_000;

/** The calendar unit a time axis names in its labels; never the hour: what Amana charts happens days apart. */
export type TimeUnit = 'day' | 'month' | 'year';

/** What a time axis needs to fit its data: its bounds, the unit of its labels and its smallest tick step. */
export interface TimeAxisFit {
  min: number;
  max: number;
  unit: TimeUnit;
  minIntervalMs: number;
}

/** The shortest span a time axis shows: one visit (or several on one day) sits in the middle of a week. */
export const MIN_SPAN_MS = 7 * DAY;

/** The unit that names the ticks over a span: days up to about two months, months up to three years, else years. */
export function timeUnitFor(spanMs: number): TimeUnit {
  if (spanMs <= 62 * DAY) return 'day';
  if (spanMs <= 3 * 366 * DAY) return 'month';
  return 'year';
}

const MIN_INTERVAL: Record<TimeUnit, number> = { day: DAY, month: 28 * DAY, year: 365 * DAY };

/**
 * The axis that fits these instants (milliseconds): their own span, widened evenly to at least a week, so that one
 * visit is drawn on a week of days and not on a morning of hours; labels and ticks no finer than a day. Null when
 * there is nothing to draw.
 */
export function fitTimeAxis(times: readonly number[]): TimeAxisFit | null {
  if (times.length === 0) return null;
  let min = Math.min(...times);
  let max = Math.max(...times);
  if (max - min < MIN_SPAN_MS) {
    const pad = (MIN_SPAN_MS - (max - min)) / 2;
    min -= pad;
    max += pad;
  }
  const unit = timeUnitFor(max - min);
  return { min, max, unit, minIntervalMs: MIN_INTERVAL[unit] };
}

const LABEL: Record<TimeUnit, Intl.DateTimeFormatOptions> = {
  day: { day: 'numeric', month: 'short' },
  month: { month: 'short', year: 'numeric' },
  year: { year: 'numeric' },
};

/** Formats an axis tick in the reader's language at the unit of its axis ("3 déc.", "déc. 2026", "2026"). */
export function timeLabelFormatter(
  unit: TimeUnit,
  locale: string,
  timeZone?: string,
): (ms: number) => string {
  const format = new Intl.DateTimeFormat(locale, { ...LABEL[unit], timeZone });
  return (ms) => format.format(new Date(ms));
}

/** Formats a calendar month of the API ("2026-03") in the reader's language ("mars 2026"). */
export function monthLabelFormatter(locale: string): (month: string) => string {
  const format = new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' });
  return (month) => (/^\d{4}-\d{2}$/.test(month) ? format.format(new Date(`${month}-01T00:00:00Z`)) : month);
}

/**
 * The ECharts x axis of a time series over these instants, in the reader's language: bounds and ticks from
 * fitTimeAxis, tick labels at its unit, the axis tooltip's heading as the day and time of the point.
 */
export function timeAxisOption(times: readonly number[], locale: string) {
  const fit = fitTimeAxis(times);
  const label = timeLabelFormatter(fit?.unit ?? 'day', locale);
  const instant = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  return {
    xAxis: {
      type: 'time' as const,
      ...(fit && { min: fit.min, max: fit.max, minInterval: fit.minIntervalMs }),
      axisLabel: { formatter: label, hideOverlap: true },
      // The axis tooltip's heading is the pointer's label: the day and time of the point, not ECharts' own words.
      axisPointer: { label: { formatter: ({ value }: { value: unknown }) => instant.format(Number(value)) } },
    },
  };
}
