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

/**
 * A file size in the reader's language, in binary multiples as file managers show them: bytes under a kibibyte,
 * kilobytes under a mebibyte, else megabytes, to one decimal ("10 Mo", "512 kB", "1,5 MB").
 */
export function bytesText(bytes: number, locale: string): string {
  const [value, unit] =
    bytes < 1024
      ? [bytes, 'byte']
      : bytes < 1024 ** 2
        ? [bytes / 1024, 'kilobyte']
        : [bytes / 1024 ** 2, 'megabyte'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, maximumFractionDigits: 1 }).format(value);
}

/**
 * A mass in the reader's language: kilograms to the gram under ten tonnes (a sack, a batch, a truck at the pit),
 * else tonnes to the kilogram. ECMA-402 has no tonne, so the tonne takes the kilogram's place in the locale's
 * pattern ("12,5 t", "t 12.5").
 */
export function massText(kg: number, locale: string): string {
  const tonnes = Math.abs(kg) >= 10_000;
  return new Intl.NumberFormat(locale, { style: 'unit', unit: 'kilogram', maximumFractionDigits: 3 })
    .formatToParts(tonnes ? kg / 1000 : kg)
    .map((p) => (p.type === 'unit' && tonnes ? 't' : p.value))
    .join('');
}

/** A percentage in the reader's language (given as 12.5, not 0.125), to the hundredth. */
export function percentText(pct: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'unit', unit: 'percent', maximumFractionDigits: 2 }).format(
    pct,
  );
}
