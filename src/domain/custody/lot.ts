/** A lot: a bagged, tagged, sealed unit of ore, or a batch or output made from other lots (DOMAIN.md §4). */
export interface LotQuantity {
  massKg: number;
  /** Cobalt grade in percent of mass. */
  gradePct: number;
}

/** Contained cobalt in kilograms: mass × grade. */
export function containedKg(q: LotQuantity): number {
  return (q.massKg * q.gradePct) / 100;
}

/** Total contained cobalt of several lots. */
export function totalContainedKg(lots: readonly LotQuantity[]): number {
  return lots.reduce((sum, l) => sum + containedKg(l), 0);
}

/** A violation of a custody rule, in words and as data. */
export interface CustodyViolation {
  rule: CustodyRule;
  message: string;
  /** The problem's stable code, said from the `custody` catalogue with `params`. */
  code: `custody.${string}`;
  params: Record<string, string | number>;
  facts: Record<string, string | number | boolean | null>;
}

/** The custody rules (DOMAIN.md §4), each configured to reject the event or to record it with an incident. */
export const CUSTODY_RULES = [
  'tag_reused',
  'receiver_not_verified',
  'receiver_unlicensed',
  'receiver_sanctioned',
  'mass_not_conserved',
  'stock_exceeded',
  'site_volume_implausible',
  'supplier_volume_implausible',
  'sold_outside_monopoly',
] as const;
export type CustodyRule = (typeof CUSTODY_RULES)[number];
export type RuleMode = 'reject' | 'incident';

/**
 * What a broken rule does by default: forged identity and custody are refused at once; volumes that
 * are only unlikely are recorded and raise a fraud/origin incident for someone to verify.
 */
export const DEFAULT_RULE_MODES: Record<CustodyRule, RuleMode> = {
  tag_reused: 'reject',
  receiver_not_verified: 'reject',
  receiver_unlicensed: 'reject',
  receiver_sanctioned: 'reject',
  mass_not_conserved: 'reject',
  stock_exceeded: 'reject',
  site_volume_implausible: 'incident',
  supplier_volume_implausible: 'incident',
  // Only checked when the state buyer's monopoly is on (AMANA_STATE_BUYER_MONOPOLY).
  sold_outside_monopoly: 'reject',
};
