import type { MatchableEntry, NameQuality } from './matching.ts';
import type { NameKind } from './names.ts';

/** The kinds of list: sanctions (a confirmed match has consequences) and politically exposed persons. */
export const LIST_KINDS = ['sanctions', 'pep'] as const;
export type ListKind = (typeof LIST_KINDS)[number];

/** How a list version was read. */
export const LIST_FORMATS = ['un-xml', 'csv'] as const;
export type ListFormat = (typeof LIST_FORMATS)[number];

/** A date of birth as the UN list gives it: exact, approximate, between two years, or only a note. */
export interface BirthDate {
  type: string | null;
  date: string | null;
  year: number | null;
  fromYear: number | null;
  toYear: number | null;
  note: string | null;
}

export interface Place {
  street: string | null;
  city: string | null;
  stateProvince: string | null;
  zipCode: string | null;
  country: string | null;
  note: string | null;
}

export interface IdentityDocument {
  type: string | null;
  number: string | null;
  issuingCountry: string | null;
  dateOfIssue: string | null;
  cityOfIssue: string | null;
  note: string | null;
}

/** One person or entity on a list, with every field the review of a match may need. */
export interface ListEntry {
  /** The list's own reference, e.g. CDi.035 (UN) or the CSV's reference column. */
  reference: string;
  kind: NameKind;
  /** The entry's name as the list writes it, its parts joined. */
  name: string;
  /** For individuals: first, second, third and fourth names as given. */
  nameParts: string[];
  nameOriginalScript: string | null;
  aliases: { name: string; quality: string | null; note: string | null }[];
  titles: string[];
  designations: string[];
  nationalities: string[];
  birthDates: BirthDate[];
  birthPlaces: Place[];
  documents: IdentityDocument[];
  addresses: Place[];
  gender: string | null;
  /** The sanctions regime (UN_LIST_TYPE), e.g. DRC. */
  program: string | null;
  /** YYYY-MM-DD. */
  listedOn: string | null;
  lastUpdated: string[];
  comments: string | null;
}

/** The fields compared between two versions of an entry, in the order a change lists them. */
export const ENTRY_FIELDS = [
  'kind',
  'name',
  'nameParts',
  'nameOriginalScript',
  'aliases',
  'titles',
  'designations',
  'nationalities',
  'birthDates',
  'birthPlaces',
  'documents',
  'addresses',
  'gender',
  'program',
  'listedOn',
  'lastUpdated',
  'comments',
] as const satisfies readonly (keyof ListEntry)[];
export type EntryField = (typeof ENTRY_FIELDS)[number];

/** Trims and collapses the white space of a text; null for an empty one. */
export function cleanText(value: string | null | undefined): string | null {
  const t = (value ?? '').replace(/\s+/g, ' ').trim();
  return t === '' ? null : t;
}

/** An alias's quality in the matcher's terms: UN "Good"/"Low" for individuals, "a.k.a."/"f.k.a." for entities. */
export function aliasQuality(quality: string | null): NameQuality {
  const q = (quality ?? '').toLowerCase().replace(/[^a-z]/g, '');
  if (q === 'good') return 'good';
  if (q === 'low') return 'low';
  if (q === 'aka') return 'aka';
  if (q === 'fka') return 'fka';
  return 'alias';
}

/** The years of birth an entry allows, as ranges. */
export function birthYearRanges(dates: readonly BirthDate[]): { from: number; to: number }[] {
  const out: { from: number; to: number }[] = [];
  for (const d of dates) {
    const exact = d.date ? Number(d.date.slice(0, 4)) : d.year;
    if (exact)
      out.push(d.type === 'APPROXIMATELY' ? { from: exact - 2, to: exact + 2 } : { from: exact, to: exact });
    else if (d.fromYear && d.toYear) out.push({ from: d.fromYear, to: d.toYear });
  }
  return out;
}

/** What the matcher needs of an entry of a list. */
export function matchable(listId: string, e: ListEntry): MatchableEntry {
  return {
    listId,
    reference: e.reference,
    kind: e.kind,
    names: [
      { name: e.name, quality: 'primary' },
      ...e.aliases.map((a) => ({ name: a.name, quality: aliasQuality(a.quality) })),
    ],
    birthYears: birthYearRanges(e.birthDates),
    documents: e.documents.map((d) => d.number).filter((n): n is string => !!n),
  };
}
