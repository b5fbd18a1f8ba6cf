import { containedKg, type LotQuantity } from './lot.ts';

/**
 * Where a lot's cobalt comes from: shares of its contained cobalt by site and by cooperative, and the
 * share produced where or when production was non-conforming. Shares sum to 1 (or the map is empty).
 */
export interface OriginComposition {
  bySite: Record<string, number>;
  byCooperative: Record<string, number>;
  nonConformingShare: number;
}

/** What made a site non-conforming when a lot was produced there, if anything. */
export interface SiteStateAtProduction {
  status: 'blue' | 'green' | 'yellow' | 'red';
  suspended: boolean;
  openLevel1Incidents: number;
}

/**
 * A lot produced at a site while it was red, suspended, or under an open level-1 incident is
 * non-conforming (DOMAIN.md §4, "incidents taint lots").
 */
export function isNonConforming(s: SiteStateAtProduction): boolean {
  return s.status === 'red' || s.suspended || s.openLevel1Incidents > 0;
}

/** The composition of a lot tagged at one site for one cooperative. */
export function originAtSite(
  siteId: string,
  cooperativeId: string | null,
  nonConforming: boolean,
): OriginComposition {
  return {
    bySite: { [siteId]: 1 },
    byCooperative: cooperativeId ? { [cooperativeId]: 1 } : {},
    nonConformingShare: nonConforming ? 1 : 0,
  };
}

/**
 * The composition of a lot made from others (aggregation, or transformation pooling all inputs): each
 * input weighs by its contained cobalt, so an output carries the non-conforming share of its inputs.
 */
export function blend(
  inputs: readonly { quantity: LotQuantity; origin: OriginComposition }[],
): OriginComposition {
  const total = inputs.reduce((s, i) => s + containedKg(i.quantity), 0);
  const out: OriginComposition = { bySite: {}, byCooperative: {}, nonConformingShare: 0 };
  if (total <= 0) return out;
  for (const { quantity, origin } of inputs) {
    const w = containedKg(quantity) / total;
    for (const [k, v] of Object.entries(origin.bySite)) out.bySite[k] = (out.bySite[k] ?? 0) + v * w;
    for (const [k, v] of Object.entries(origin.byCooperative))
      out.byCooperative[k] = (out.byCooperative[k] ?? 0) + v * w;
    out.nonConformingShare += origin.nonConformingShare * w;
  }
  return out;
}

/** A split keeps its parent's composition: every part has the same origin per kilogram of cobalt. */
export const split = (parent: OriginComposition): OriginComposition => ({
  bySite: { ...parent.bySite },
  byCooperative: { ...parent.byCooperative },
  nonConformingShare: parent.nonConformingShare,
});
