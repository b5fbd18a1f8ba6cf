/**
 * The rows an upstream mechanism can fill in RMI's Extended Minerals Reporting Template (EMRT 2.x) for cobalt:
 * the Smelter List and Mine List tabs, in the template's column order (decision 0036).
 */

/** The Smelter List tab's columns, in order; (*) marks those the template requires. */
export const EMRT_SMELTER_COLUMNS = [
  'Metal (*)',
  'Smelter Look-up (*)',
  'Smelter Name (*)',
  'Smelter Country (*)',
  'Smelter Identification',
  'Source of Smelter Identification Number',
  'Smelter Street',
  'Smelter City',
  'Smelter Facility Location: State / Province',
  'Smelter Contact Name',
  'Smelter Contact Email',
  'Proposed next steps',
  'Name of Mine(s) or if recycled or scrap sourced, enter "recycled" or "scrap"',
  'Location (Country) of Mine(s) or if recycled or scrap sourced, enter "recycled" or "scrap"',
  "Does 100% of the smelter's feedstock originate from recycled or scrap sources?",
  'Comments',
] as const;

/** The Mine List tab's columns, in order. */
export const EMRT_MINE_COLUMNS = [
  'Metal (*)',
  'Name of Mine (*)',
  'Mine Identification',
  'Source of Mine Identification Number',
  'Location (Country) of Mine (*)',
  'Mine Street',
  'Mine City',
  'Mine Facility Location: State / Province',
  'Smelter Name',
  'Smelter Identification',
  'Comments',
] as const;

export interface EmrtProcessor {
  name: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  city: string | null;
  street: string | null;
  province: string | null;
}

export interface EmrtMine {
  code: string;
  name: string;
  province: string;
  /** Share of the buyer's cobalt from this site, and the share non-conforming, for the comment. */
  share: number;
  nonConformingKg: number;
}

/** Country names as the template lists them, for the countries the chain passes through. */
const COUNTRY_NAMES: Record<string, string> = {
  CD: 'Congo, Democratic Republic of the',
  ZM: 'Zambia',
  CN: 'China',
  FI: 'Finland',
  BE: 'Belgium',
  SE: 'Sweden',
};
export const emrtCountry = (iso: string) => COUNTRY_NAMES[iso] ?? iso;

const MINE_COUNTRY = 'CD';
const percent = (n: number) => `${Math.round(n * 1000) / 10}%`;

/** The Smelter List rows: each processor that handed cobalt to the buyer, with the mines behind it. */
export function emrtSmelterRows(
  processors: readonly EmrtProcessor[],
  mines: readonly EmrtMine[],
): string[][] {
  const mineNames = mines.map((m) => `${m.name} (${m.code})`).join('; ');
  return processors.map((p) => [
    'Cobalt',
    'Smelter Not Listed',
    p.name,
    emrtCountry(p.country),
    '',
    '',
    p.street ?? '',
    p.city ?? '',
    p.province ?? '',
    '',
    '',
    '',
    mineNames,
    mines.length ? emrtCountry(MINE_COUNTRY) : '',
    'No',
    'Chain of custody recorded in Amana',
  ]);
}

/** The Mine List rows: each mine site in the buyer's chain, identified by its code in the registry. */
export function emrtMineRows(mines: readonly EmrtMine[], processors: readonly EmrtProcessor[]): string[][] {
  const smelters = processors.map((p) => p.name).join('; ');
  return mines.map((m) => [
    'Cobalt',
    m.name,
    m.code,
    'Amana site registry',
    emrtCountry(MINE_COUNTRY),
    '',
    '',
    m.province,
    smelters,
    '',
    `${percent(m.share)} of the cobalt received; ${m.nonConformingKg} kg non-conforming`,
  ]);
}
