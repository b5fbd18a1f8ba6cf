import { useLocale } from './locale.ts';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Days in the reader's language through Intl ("4 déc. 2026", "Dec 4, 2026", "4 Des 2026"): an ISO instant from the API
 * at the reader's clock, a calendar day (a deadline, `2026-12-04`) as that day wherever the reader is. Null or absent
 * reads "—".
 */
export function useDayFormat(): (iso: string | null | undefined) => string {
  const locale = useLocale();
  const local = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const calendar = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  return (iso) => {
    if (!iso) return '—';
    return DATE_ONLY.test(iso) ? calendar.format(new Date(`${iso}T00:00:00Z`)) : local.format(new Date(iso));
  };
}

/** Instants in the reader's language through Intl, day and time at the reader's clock ("4 déc. 2026, 14:05"). */
export function useInstantFormat(): (iso: string) => string {
  const format = new Intl.DateTimeFormat(useLocale(), { dateStyle: 'medium', timeStyle: 'short' });
  return (iso) => format.format(new Date(iso));
}
