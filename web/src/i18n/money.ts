import { useLocale } from './locale.ts';

/**
 * An exact amount of minor units as the decimal text Intl formats without rounding through a float
 * (123456 cents → "1234.56").
 */
export function minorToDecimal(minor: number, digits = 2): string {
  const sign = minor < 0 ? '-' : '';
  const text = String(Math.abs(minor)).padStart(digits + 1, '0');
  return digits === 0 ? `${sign}${text}` : `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** Formats amounts of minor units in a currency, in the reader's language ("10 000,00 $US", "$10,000.00"). */
export function formatMoney(locale: string, currency: string, minor: number): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  // Intl formats decimal strings exactly (ECMA-402 NumberFormat v3).
  return format.format(minorToDecimal(minor, digits) as unknown as number);
}

/** The money formatter of the reader's language for one currency. */
export function useMoney(currency: string): (minor: number) => string {
  const locale = useLocale();
  return (minor) => formatMoney(locale, currency, minor);
}

/** Whole units typed in a form ("7000" or "7000.50") as minor units, exactly; NaN when it is not an amount. */
export const toMinor = (text: string): number => {
  const m = /^(\d{1,13})(?:[.,](\d{1,2}))?$/.exec(text.trim());
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : Number.NaN;
};
