/** Site status colours, borrowed from the ICGLR regional certification (DOMAIN.md §4 Sites). */
export const SITE_STATUSES = ['blue', 'green', 'yellow', 'red'] as const;
export type SiteStatus = (typeof SITE_STATUSES)[number];

export const MINERALS = [
  'cobalt',
  'copper',
  'gold',
  'tin',
  'tantalum',
  'tungsten',
  'lithium',
  'other',
] as const;
export type Mineral = (typeof MINERALS)[number];

/** Site codes: upper-case letters, digits and hyphens, e.g. KZI-017. */
export const SITE_CODE_PATTERN = /^[A-Z0-9][A-Z0-9-]{1,31}$/;

/** The most site outlines one request of the map may ask for (their ids travel in the query string). */
export const OUTLINES_PER_REQUEST = 100;
