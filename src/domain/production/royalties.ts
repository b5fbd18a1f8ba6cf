import { divideHalfUp, safeNumber, scaled } from '../funding/money.ts';

/**
 * Places of a mass of contained cobalt in kilograms: mass (3 places) × grade (3 places) / 100 is exact in 8, which
 * the query keeps (`round(…, 8)`), so nothing is lost before the one rounding.
 */
const KG_PLACES = 8;

/**
 * The royalty a mass of contained cobalt implies at a rate per tonne, in minor units, rounded half up once:
 * kg (exact decimal text) × rate / 1000.
 */
export function impliedRoyalty(cobaltKg: string, perTonneMinor: number): number {
  const kg = scaled(cobaltKg, KG_PLACES);
  return safeNumber(divideHalfUp(kg * BigInt(perTonneMinor), 10n ** BigInt(KG_PLACES) * 1000n));
}

export interface RoyaltyLine {
  impliedMinor: number;
  declaredMinor: number | null;
  /** Implied less declared (what was not declared); the whole implied amount when nothing was declared. */
  gapMinor: number;
}

/** One actor's month: what its shipments imply beside what it declared. */
export function royaltyLine(impliedMinor: number, declaredMinor: number | null): RoyaltyLine {
  return { impliedMinor, declaredMinor, gapMinor: impliedMinor - (declaredMinor ?? 0) };
}
