import { divideHalfUp, safeNumber, scaled } from './money.ts';

/** How a fund turns a member's cobalt dependency into what it owes for a year (decision 0038). */
export interface ContributionFormula {
  /** Minor units per tonne of contained cobalt. */
  ratePerTonneMinor: number;
  /** The least a member contributes for a year, whatever its dependency. */
  floorMinor: number;
}

/** Where a member's dependency for a year was taken from. */
export type DependencySource = 'custody' | 'declared' | 'none';

/** What is known of one member's dependency for a year. */
export interface MemberDependencyInput {
  organisationId: string;
  /**
   * Σ mass (kg) × grade (%) of the lots it received in Amana that year, as exact decimal text with at most nine
   * decimals (the database's numeric); null when it received none.
   */
  custodyMassGrade: string | null;
  /** Its declared contained cobalt for the year, in whole kilograms; null when none. */
  declaredKg: number | null;
}

/** Contained cobalt in units of 10^-11 kg: kg × % carries 3 + 6 decimals, and the percent two more. */
const CONTAINED_SCALE = 10n ** 11n;

/** A member's dependency for a year: custody when it received lots in Amana, its declaration otherwise. */
export function dependencyOf(m: MemberDependencyInput): { source: DependencySource; contained: bigint } {
  if (m.custodyMassGrade !== null) return { source: 'custody', contained: scaled(m.custodyMassGrade, 9) };
  if (m.declaredKg !== null) return { source: 'declared', contained: BigInt(m.declaredKg) * CONTAINED_SCALE };
  return { source: 'none', contained: 0n };
}

/** Contained cobalt (10^-11 kg) in kilograms rounded to the gram, for display. */
export function containedKg(contained: bigint): number {
  return safeNumber(divideHalfUp(contained, CONTAINED_SCALE / 1000n)) / 1000;
}

/** What a dependency owes: rate × tonnes rounded half up to the minor unit, never less than the floor. */
export function contributionDue(f: ContributionFormula, contained: bigint): number {
  const byRate = divideHalfUp(contained * BigInt(f.ratePerTonneMinor), CONTAINED_SCALE * 1000n);
  const floor = BigInt(f.floorMinor);
  return safeNumber(byRate > floor ? byRate : floor);
}

/** One member's line of a year's schedule. */
export interface ScheduleLine {
  organisationId: string;
  source: DependencySource;
  cobaltKg: number;
  dueMinor: number;
  pledgedMinor: number;
  paidMinor: number;
  /** What remains to pay: due less paid, never below zero. */
  outstandingMinor: number;
  /** Whether the floor, not the rate, set what is due. */
  atFloor: boolean;
}

/** A year's contribution schedule: each member's dependency, what it owes, pledged and paid. */
export function contributionSchedule(
  f: ContributionFormula,
  members: MemberDependencyInput[],
  receipts: { organisationId: string; kind: 'pledge' | 'payment'; amountMinor: number }[],
): ScheduleLine[] {
  return members.map((m) => {
    const { source, contained } = dependencyOf(m);
    const due = contributionDue(f, contained);
    const sum = (kind: 'pledge' | 'payment') =>
      receipts
        .filter((r) => r.organisationId === m.organisationId && r.kind === kind)
        .reduce((s, r) => s + BigInt(r.amountMinor), 0n);
    const paid = sum('payment');
    const byRate = divideHalfUp(contained * BigInt(f.ratePerTonneMinor), CONTAINED_SCALE * 1000n);
    return {
      organisationId: m.organisationId,
      source,
      cobaltKg: containedKg(contained),
      dueMinor: due,
      pledgedMinor: safeNumber(sum('pledge')),
      paidMinor: safeNumber(paid),
      outstandingMinor: safeNumber(BigInt(due) > paid ? BigInt(due) - paid : 0n),
      atFloor: byRate < BigInt(f.floorMinor),
    };
  });
}
