import { useTranslation } from 'react-i18next';

/** How long ago, in the reader's language ("il y a 3 heures", "saa 3 zilizopita"), through Intl. */
export function useAgo(): (iso: string | undefined) => string | undefined {
  const { i18n } = useTranslation();
  const rtf = new Intl.RelativeTimeFormat(i18n.language, { numeric: 'auto' });
  return (iso) => {
    if (!iso) return undefined;
    const s = (new Date(iso).getTime() - Date.now()) / 1000;
    const abs = Math.abs(s);
    if (abs < 60) return rtf.format(Math.round(s), 'second');
    if (abs < 3600) return rtf.format(Math.round(s / 60), 'minute');
    if (abs < 86_400) return rtf.format(Math.round(s / 3600), 'hour');
    return rtf.format(Math.round(s / 86_400), 'day');
  };
}

/** Dates and times, bytes and numbers in the reader's language. */
export function useFormats() {
  const { i18n } = useTranslation();
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  const day = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' });
  const kb = new Intl.NumberFormat(i18n.language, { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 0 });
  const mb = new Intl.NumberFormat(i18n.language, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 });
  const number = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 6 });
  const percent = new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 0 });
  return {
    when: (iso: string) => when.format(new Date(iso)),
    day: (iso: string) => day.format(new Date(iso)),
    bytes: (n: number) => (n < 1024 * 1024 ? kb.format(n / 1024) : mb.format(n / (1024 * 1024))),
    number: (n: number) => number.format(n),
    percent: (x: number) => percent.format(x),
  };
}

/** Local date and time for a datetime-local input, from the device clock. */
export const localInput = (d = new Date()) =>
  new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
