/** The roles an organisation plays in the chain from pit to product, plus oversight (DOMAIN.md §3). */
export const CHAIN_ROLES = [
  'cooperative',
  'trader',
  'depot',
  'processor',
  'exporter',
  'state_buyer',
  'refiner',
  'manufacturer',
  'operator',
  'regulator',
  'civil_society',
] as const;
export type ChainRole = (typeof CHAIN_ROLES)[number];

/** Chain roles that may only work inside the zones their licence or card names. */
export const ZONED_ROLES: readonly ChainRole[] = ['cooperative', 'trader'];
