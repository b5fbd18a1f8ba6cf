/**
 * A length of time in the reader's language through Intl, in the unit that reads best: seconds under a minute and
 * a half, minutes under an hour and a half, hours under two days, else days ("1 min 30 s" is "1,5 minute").
 */
export function durationText(ms: number, locale: string): string {
  const seconds = Math.abs(ms) / 1000;
  const [value, unit] =
    seconds < 90
      ? [seconds, 'second']
      : seconds < 5400
        ? [seconds / 60, 'minute']
        : seconds < 172_800
          ? [seconds / 3600, 'hour']
          : [seconds / 86_400, 'day'];
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit,
    unitDisplay: 'long',
    maximumFractionDigits: 1,
  }).format(value);
}

/** A distance in the reader's language: metres under a kilometre, else kilometres to the hundred metres. */
export function distanceText(metres: number, locale: string): string {
  const km = metres >= 1000;
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: km ? 'kilometer' : 'meter',
    maximumFractionDigits: km ? 1 : 0,
  }).format(km ? metres / 1000 : metres);
}

/** A size of data in the reader's language: bytes, kilobytes or megabytes, whichever reads best. */
export function bytesText(bytes: number, locale: string): string {
  const [value, unit] =
    bytes < 1000
      ? [bytes, 'byte']
      : bytes < 1_000_000
        ? [bytes / 1000, 'kilobyte']
        : [bytes / 1_000_000, 'megabyte'];
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit,
    maximumFractionDigits: unit === 'byte' ? 0 : 1,
  }).format(value);
}
