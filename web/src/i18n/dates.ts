import { useLocale } from './locale.ts';

/**
 * Days in the reader's language through Intl ("4 déc. 2026", "Dec 4, 2026", "4 Des 2026"), at the reader's clock:
 * for an ISO instant from the API.
 */
export function useDayFormat(): (iso: string) => string {
  const format = new Intl.DateTimeFormat(useLocale(), { dateStyle: 'medium' });
  return (iso) => format.format(new Date(iso));
}

/** Instants in the reader's language through Intl, day and time at the reader's clock ("4 déc. 2026, 14:05"). */
export function useInstantFormat(): (iso: string) => string {
  const format = new Intl.DateTimeFormat(useLocale(), { dateStyle: 'medium', timeStyle: 'short' });
  return (iso) => format.format(new Date(iso));
}
