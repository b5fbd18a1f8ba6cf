import type { CustodyViolation } from './lot.ts';

/** How far a declared monthly volume may exceed what a site or its suppliers could produce. */
export interface PlausibilityConfig {
  /** Share above the stated capacity still accepted (estimates are rough). */
  capacityMargin: number;
  /** A month above this multiple of the site's median month is unusual. */
  historyFactor: number;
  /** Fewest past months for the history to count. */
  historyMinMonths: number;
  /** Ore one artisanal miner produces in a month, when a site states no capacity. */
  kgPerWorkerMonth: number;
}

export const DEFAULT_PLAUSIBILITY: PlausibilityConfig = {
  capacityMargin: 0.2,
  historyFactor: 2,
  historyMinMonths: 3,
  kgPerWorkerMonth: 150,
};

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const round = (n: number) => Math.round(n);

/** The most ore a site can plausibly produce in a month: its stated capacity, or its workforce's. */
export function siteMonthlyCapacityKg(
  site: { capacityKgMonth: number | null; workforce: number | null },
  config: PlausibilityConfig = DEFAULT_PLAUSIBILITY,
): number | null {
  if (site.capacityKgMonth !== null) return site.capacityKgMonth;
  if (site.workforce !== null) return site.workforce * config.kgPerWorkerMonth;
  return null;
}

/**
 * Whether the ore tagged at a site in one month is plausible against its capacity and its own past
 * months; an implausible volume suggests ore from elsewhere laundered through the site.
 */
export function checkSiteVolume(
  site: { code: string; capacityKgMonth: number | null; workforce: number | null },
  month: string,
  declaredKg: number,
  pastMonthsKg: readonly number[],
  config: PlausibilityConfig = DEFAULT_PLAUSIBILITY,
): CustodyViolation | null {
  const capacity = siteMonthlyCapacityKg(site, config);
  if (capacity !== null && declaredKg > capacity * (1 + config.capacityMargin))
    return {
      rule: 'site_volume_implausible',
      message: `${round(declaredKg)} kg tagged at ${site.code} in ${month}, above its capacity of ${round(capacity)} kg a month`,
      code: 'custody.site-volume-capacity',
      params: { declaredKg: round(declaredKg), site: site.code, month, capacityKg: round(capacity) },
      facts: { site: site.code, month, declaredKg: round(declaredKg), capacityKg: round(capacity) },
    };
  if (pastMonthsKg.length >= config.historyMinMonths) {
    const usual = median(pastMonthsKg);
    if (usual > 0 && declaredKg > usual * config.historyFactor)
      return {
        rule: 'site_volume_implausible',
        message: `${round(declaredKg)} kg tagged at ${site.code} in ${month}, more than ${config.historyFactor} times its usual ${round(usual)} kg`,
        code: 'custody.site-volume-usual',
        params: {
          declaredKg: round(declaredKg),
          site: site.code,
          month,
          factor: config.historyFactor,
          usualKg: round(usual),
        },
        facts: { site: site.code, month, declaredKg: round(declaredKg), medianKg: round(usual) },
      };
  }
  return null;
}

/**
 * Whether what a trader or depot moved in a month could have come from its sources: the sites whose
 * ore reached it, at their monthly capacity.
 */
export function checkSupplierVolume(
  supplier: string,
  month: string,
  handledKg: number,
  sourceCapacitiesKg: readonly (number | null)[],
  config: PlausibilityConfig = DEFAULT_PLAUSIBILITY,
): CustodyViolation | null {
  // A source of unknown capacity could be anything: then no bound can be drawn.
  if (sourceCapacitiesKg.length === 0 || sourceCapacitiesKg.some((c) => c === null)) return null;
  const couldSupply = (sourceCapacitiesKg as number[]).reduce((a, b) => a + b, 0);
  if (handledKg > couldSupply * (1 + config.capacityMargin))
    return {
      rule: 'supplier_volume_implausible',
      message: `${supplier} handled ${round(handledKg)} kg in ${month}, more than its ${sourceCapacitiesKg.length} source site(s) could supply (${round(couldSupply)} kg)`,
      code: 'custody.supplier-volume',
      params: {
        supplier,
        handledKg: round(handledKg),
        month,
        sites: sourceCapacitiesKg.length,
        couldSupplyKg: round(couldSupply),
      },
      facts: { supplier, month, handledKg: round(handledKg), sourcesCapacityKg: round(couldSupply) },
    };
  return null;
}
