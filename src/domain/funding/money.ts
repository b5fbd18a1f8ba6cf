/** Money and masses as exact integers: amounts in minor units of a currency, never floats (decision 0038). */

/** The ISO 4217 codes Amana accepts for a fund or a price, with their minor-unit digits. */
export const CURRENCIES = { USD: 2, CDF: 2, EUR: 2 } as const;
export type Currency = keyof typeof CURRENCIES;

/** The largest amount of minor units carried on the wire as a JSON number without losing a unit. */
export const MAX_MINOR = Number.MAX_SAFE_INTEGER;

/**
 * A non-negative decimal written in text ("48.125", "9") as an integer scaled by 10^places; digits beyond
 * `places` must be zeros (the database's numeric text carries trailing zeros), anything else is an error.
 */
export function scaled(decimal: string, places: number): bigint {
  const m = /^(\d+)(?:\.(\d*))?$/.exec(decimal.trim());
  if (!m) throw new Error(`not a non-negative decimal: ${decimal}`);
  const fraction = m[2] ?? '';
  const kept = fraction.slice(0, places).padEnd(places, '0');
  if (/[1-9]/.test(fraction.slice(places))) throw new Error(`${decimal} has more than ${places} decimals`);
  return BigInt(m[1] + kept);
}

/** n / d rounded half up, for non-negative integers. */
export function divideHalfUp(n: bigint, d: bigint): bigint {
  if (d <= 0n || n < 0n)
    throw new Error('divideHalfUp takes a non-negative numerator and a positive divisor');
  return (n * 2n + d) / (2n * d);
}

/** A bigint amount as a JSON-safe number, refusing one too large to carry exactly. */
export function safeNumber(n: bigint): number {
  if (n > BigInt(MAX_MINOR) || n < -BigInt(MAX_MINOR)) throw new Error(`${n} is too large to carry exactly`);
  return Number(n);
}
