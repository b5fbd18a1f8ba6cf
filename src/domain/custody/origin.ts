import { containedKg, type LotQuantity } from './lot.ts';

/**
 * Where a lot's cobalt comes from: shares of its contained cobalt by site and by cooperative, and the
 * share produced where or when production was non-conforming. Shares sum to 1 (or the map is empty).
 */
export interface OriginComposition {
  bySite: Record<string, number>;
  byCooperative: Record<string, number>;
  nonConformingShare: number;
  /**
   * Shares by site and by the site's state when the ore was tagged, keyed "siteId|status|suspended|INC-1,INC-2",
   * so a trace reads each site's state at production without walking the lineage.
   */
  byState: Record<string, number>;
}

/** A site's state when a lot was produced there: its colour, suspension and open level-1 incidents. */
export interface SiteStateAtProduction {
  status: string;
  suspended: boolean;
  openLevel1: string[];
}

/**
 * A lot produced at a site while it was red, suspended, or under an open level-1 incident is
 * non-conforming (DOMAIN.md §4, "incidents taint lots").
 */
export function isNonConforming(s: SiteStateAtProduction): boolean {
  return s.status === 'red' || s.suspended || s.openLevel1.length > 0;
}

const stateKey = (siteId: string, s: SiteStateAtProduction) =>
  `${siteId}|${s.status}|${s.suspended}|${[...s.openLevel1].sort().join(',')}`;

/** A site's states at production within a composition, with the share of the lot each accounts for. */
export function statesOf(
  o: OriginComposition,
  siteId: string,
): (SiteStateAtProduction & { share: number })[] {
  return Object.entries(o.byState)
    .filter(([k]) => k.startsWith(`${siteId}|`))
    .map(([k, share]) => {
      const [, status, suspended, incidents] = k.split('|');
      return {
        status,
        suspended: suspended === 'true',
        openLevel1: incidents ? incidents.split(',') : [],
        share,
      };
    })
    .sort((a, b) => b.share - a.share);
}

/** The composition of a lot tagged at one site for one cooperative, in the site's state at that moment. */
export function originAtSite(
  siteId: string,
  cooperativeId: string | null,
  state: SiteStateAtProduction,
): OriginComposition {
  return {
    bySite: { [siteId]: 1 },
    byCooperative: cooperativeId ? { [cooperativeId]: 1 } : {},
    nonConformingShare: isNonConforming(state) ? 1 : 0,
    byState: { [stateKey(siteId, state)]: 1 },
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
  const out: OriginComposition = { bySite: {}, byCooperative: {}, nonConformingShare: 0, byState: {} };
  if (total <= 0) return out;
  const add = (into: Record<string, number>, from: Record<string, number>, w: number) => {
    for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v * w;
  };
  for (const { quantity, origin } of inputs) {
    const w = containedKg(quantity) / total;
    add(out.bySite, origin.bySite, w);
    add(out.byCooperative, origin.byCooperative, w);
    add(out.byState, origin.byState, w);
    out.nonConformingShare += origin.nonConformingShare * w;
  }
  return out;
}

/** A split keeps its parent's composition: every part has the same origin per kilogram of cobalt. */
export const split = (parent: OriginComposition): OriginComposition => ({
  bySite: { ...parent.bySite },
  byCooperative: { ...parent.byCooperative },
  nonConformingShare: parent.nonConformingShare,
  byState: { ...parent.byState },
});
