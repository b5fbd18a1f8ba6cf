import { parse as parseCsv } from 'csv-parse/sync';
import type { BirthDate, ListEntry } from '../../domain/screening/list-entry.ts';
import { type Coded, type FieldError, invalid, ServiceError } from '../errors.ts';

/**
 * The generic CSV of a national sanctions list or a list of politically exposed persons: one entry a row, a header
 * naming the columns. `reference`, `kind` (individual or entity) and `name` are required; lists inside a cell are
 * separated by semicolons.
 */
export const CSV_COLUMNS = [
  'reference',
  'kind',
  'name',
  'aliases',
  'birth_dates',
  'nationalities',
  'documents',
  'countries',
  'program',
  'listed_on',
  'comments',
] as const;
const REQUIRED = ['reference', 'kind', 'name'] as const;
const KINDS: Record<string, ListEntry['kind']> = {
  individual: 'individual',
  person: 'individual',
  entity: 'entity',
  organisation: 'entity',
  organization: 'entity',
};
const LIMITS: Partial<Record<(typeof CSV_COLUMNS)[number], number>> = {
  reference: 64,
  name: 500,
  comments: 4000,
};
const MAX_ERRORS = 20;

const many = (cell: string | undefined) =>
  (cell ?? '')
    .split(';')
    .map((x) => x.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
const one = (cell: string | undefined) => (cell ?? '').replace(/\s+/g, ' ').trim() || null;

function birthDate(text: string): BirthDate | null {
  if (/^\d{4}$/.test(text))
    return { type: 'EXACT', date: null, year: Number(text), fromYear: null, toYear: null, note: null };
  const day = new Date(`${text}T00:00:00Z`);
  if (
    /^\d{4}-\d\d-\d\d$/.test(text) &&
    !Number.isNaN(day.getTime()) &&
    day.toISOString().slice(0, 10) === text
  )
    return { type: 'EXACT', date: text, year: null, fromYear: null, toYear: null, note: null };
  const range = /^(\d{4})\s*-\s*(\d{4})$/.exec(text);
  if (range && Number(range[1]) <= Number(range[2]))
    return {
      type: 'BETWEEN',
      date: null,
      year: null,
      fromYear: Number(range[1]),
      toYear: Number(range[2]),
      note: null,
    };
  return null;
}

/** Reads a list in the generic CSV format; every faulty cell is named (row and column), up to twenty. */
export function readCsvList(text: string, maxEntries: number): ListEntry[] {
  let records: Record<string, string>[];
  try {
    records = parseCsv(text.replace(/^\uFEFF/, ''), {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
      relax_column_count: false,
    });
  } catch (error) {
    throw invalid(
      [
        {
          path: 'file',
          message: `the CSV cannot be read: ${(error as Error).message}`,
          code: 'screening.csv-unreadable',
        },
      ],
      'the CSV cannot be read',
      { code: 'screening.csv-unreadable' },
    );
  }
  const header = Object.keys(records[0] ?? {});
  const unknown = header.filter((h) => !(CSV_COLUMNS as readonly string[]).includes(h));
  const missing = REQUIRED.filter((h) => records.length && !header.includes(h));
  if (unknown.length || missing.length)
    throw invalid(
      [
        ...missing.map((c) => ({
          path: `columns.${c}`,
          message: 'this column is required',
          code: 'screening.csv-column-missing' as const,
          params: { column: c },
        })),
        ...unknown.map((c) => ({
          path: `columns.${c}`,
          message: `unknown column; the columns are ${CSV_COLUMNS.join(', ')}`,
          code: 'screening.csv-column-unknown' as const,
          params: { column: c },
        })),
      ],
      'the CSV header is not the one of a screening list',
    );
  if (records.length > maxEntries)
    throw new ServiceError('too_large', `the list holds more than ${maxEntries} entries`, [], {
      code: 'screening.too-many-entries',
      params: { limit: maxEntries },
    });
  const errors: FieldError[] = [];
  const fail = (row: number, column: string, message: string, coded: Coded) => {
    if (errors.length < MAX_ERRORS)
      errors.push({
        path: `rows.${row}.${column}`,
        message,
        code: coded.code,
        params: { row, ...coded.params },
      });
  };
  const seen = new Set<string>();
  const entries = records.map((r, i) => {
    // Row numbers as a spreadsheet shows them: the header is row 1.
    const row = i + 2;
    for (const c of REQUIRED) if (!r[c]?.trim()) fail(row, c, 'required', { code: 'screening.csv-required' });
    for (const [c, limit] of Object.entries(LIMITS))
      if ((r[c] ?? '').length > limit!)
        fail(row, c, `at most ${limit} characters`, {
          code: 'screening.csv-too-long',
          params: { limit: limit! },
        });
    const kind = KINDS[(r.kind ?? '').toLowerCase()];
    if (r.kind && !kind) fail(row, 'kind', 'individual or entity', { code: 'screening.csv-kind' });
    const reference = one(r.reference) ?? '';
    if (reference && seen.has(reference))
      fail(row, 'reference', 'this reference is on an earlier row', { code: 'screening.csv-duplicate' });
    seen.add(reference);
    const birthDates = many(r.birth_dates).map((d) => {
      const parsed = birthDate(d);
      if (!parsed)
        fail(row, 'birth_dates', 'a year, YYYY-MM-DD or YYYY-YYYY', { code: 'screening.csv-date' });
      return parsed;
    });
    const listedOn = one(r.listed_on);
    if (listedOn && !birthDate(listedOn)?.date)
      fail(row, 'listed_on', 'YYYY-MM-DD', { code: 'screening.csv-date' });
    const aliases = many(r.aliases);
    if (aliases.some((a) => a.length > 500))
      fail(row, 'aliases', 'at most 500 characters each', {
        code: 'screening.csv-too-long',
        params: { limit: 500 },
      });
    const entry: ListEntry = {
      reference,
      kind: kind ?? 'individual',
      name: one(r.name) ?? '',
      nameParts: [],
      nameOriginalScript: null,
      aliases: aliases.map((name) => ({ name, quality: null, note: null })),
      titles: [],
      designations: [],
      nationalities: many(r.nationalities),
      birthDates: birthDates.filter((d): d is BirthDate => d !== null),
      birthPlaces: [],
      documents: many(r.documents).map((number) => ({
        type: null,
        number,
        issuingCountry: null,
        dateOfIssue: null,
        cityOfIssue: null,
        note: null,
      })),
      addresses: many(r.countries).map((country) => ({
        street: null,
        city: null,
        stateProvince: null,
        zipCode: null,
        country,
        note: null,
      })),
      gender: null,
      program: one(r.program),
      listedOn,
      lastUpdated: [],
      comments: one(r.comments),
    };
    return entry;
  });
  if (errors.length)
    throw invalid(errors, 'some rows of the list are invalid', { code: 'screening.csv-rows' });
  return entries;
}
