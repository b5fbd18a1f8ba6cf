import { divideHalfUp, safeNumber, scaled } from '../funding/money.ts';

/** What a cooperative is owed for its deliveries and what it was paid (decision 0039). */

export interface PricePoint {
  kind: 'floor' | 'market';
  currency: string;
  perTonneMinor: number;
  /** The first day (UTC) it is in force, until the next of the same kind and currency. */
  effectiveOn: string;
}

/** The price of a kind in force on a day: the latest effective on or before it, or null. */
export function priceOn(
  prices: PricePoint[],
  kind: 'floor' | 'market',
  currency: string,
  day: string,
): PricePoint | null {
  let best: PricePoint | null = null;
  for (const p of prices)
    if (
      p.kind === kind &&
      p.currency === currency &&
      p.effectiveOn <= day &&
      (!best || p.effectiveOn > best.effectiveOn)
    )
      best = p;
  return best;
}

/** One lot of a delivery, mass and grade as the database's exact decimal text. */
export interface DeliveredLot {
  massKg: string;
  gradePct: string;
}

/**
 * What a delivery is worth at a price per tonne of contained cobalt: Σ mass × grade, times the price, rounded half
 * up to the minor unit once for the whole delivery.
 */
export function deliveryValue(lots: DeliveredLot[], perTonneMinor: number): number {
  // kg (3 decimals) × % (6 decimals) = 10^-9 kg·%; a tonne of contained cobalt is 10^3 kg × 100 % of that.
  const massGrade = lots.reduce((s, l) => s + scaled(l.massKg, 3) * scaled(l.gradePct, 6), 0n);
  return safeNumber(divideHalfUp(massGrade * BigInt(perTonneMinor), 10n ** 9n * 1000n * 100n));
}

export interface DeliveryAccount {
  deliveryEvent: string;
  shippedAt: Date;
  /** The floor price in force on the delivery day, null when none was set. */
  priceMinor: number | null;
  owedMinor: number | null;
  paidMinor: number;
  /** owed − paid, null without a price. Negative when overpaid. */
  balanceMinor: number | null;
}

/**
 * A cooperative's account: each delivery owed at the floor price the state buyer set for its day (UTC), and what
 * was paid against it.
 */
export function deliveryAccount(
  d: { deliveryEvent: string; shippedAt: Date; lots: DeliveredLot[] },
  prices: PricePoint[],
  currency: string,
  payments: { deliveryEvent: string; amountMinor: number; currency: string }[],
): DeliveryAccount {
  const price = priceOn(prices, 'floor', currency, d.shippedAt.toISOString().slice(0, 10));
  const owed = price ? deliveryValue(d.lots, price.perTonneMinor) : null;
  const paid = payments
    .filter((p) => p.deliveryEvent === d.deliveryEvent && p.currency === currency)
    .reduce((s, p) => s + p.amountMinor, 0);
  return {
    deliveryEvent: d.deliveryEvent,
    shippedAt: d.shippedAt,
    priceMinor: price?.perTonneMinor ?? null,
    owedMinor: owed,
    paidMinor: paid,
    balanceMinor: owed === null ? null : owed - paid,
  };
}
