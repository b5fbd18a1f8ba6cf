/**
 * How a list's rows become the cells of a spreadsheet: one column per field of the list's item, nested records
 * flattened one level, lists of names joined, and times and numbers kept as what they are.
 */

/** What a column holds, which decides the cell it becomes in xlsx. */
export type ColumnKind = 'text' | 'number' | 'boolean' | 'instant' | 'day' | 'list' | 'json';

export interface Column {
  /** The field's path in the item, dotted (`cooperative.name`): the header's catalogue key. */
  key: string;
  path: readonly string[];
  kind: ColumnKind;
  /** For a list of records, the field of each that is written (`name`, `code`). */
  listField?: string;
}

/** A cell as a spreadsheet types it; null is an empty cell. */
export type Cell = string | number | boolean | Date | null;

const INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;
const DAY = /^\d{4}-\d\d-\d\d$/;

const at = (row: unknown, path: readonly string[]): unknown => {
  let node = row;
  for (const part of path) node = (node as Record<string, unknown> | null | undefined)?.[part];
  return node;
};

const listText = (value: unknown[], field: string | undefined) =>
  value
    .map((v) =>
      v !== null && typeof v === 'object'
        ? field
          ? String((v as Record<string, unknown>)[field] ?? '')
          : JSON.stringify(v)
        : String(v),
    )
    .join('; ');

/** Whether a time column's value is a day without a time of day (shown as a day in xlsx). */
export const isDayValue = (row: unknown, column: Column) => {
  const value = at(row, column.path);
  return typeof value === 'string' && DAY.test(value);
};

/** The cell of one row in one column, typed for a spreadsheet: numbers as numbers, times as dates. */
export function cellOf(row: unknown, column: Column): Cell {
  const value = at(row, column.path);
  if (value === null || value === undefined) return null;
  switch (column.kind) {
    case 'number':
      return typeof value === 'number'
        ? value
        : Number.isFinite(Number(value))
          ? Number(value)
          : String(value);
    case 'boolean':
      return Boolean(value);
    case 'instant':
      // A field named for a time may hold a day (a deadline): it is a date all the same.
      if (typeof value === 'string' && DAY.test(value)) return new Date(`${value}T00:00:00Z`);
      return typeof value === 'string' && INSTANT.test(value) ? new Date(value) : String(value);
    case 'day':
      return typeof value === 'string' && DAY.test(value) ? new Date(`${value}T00:00:00Z`) : String(value);
    case 'list':
      return Array.isArray(value) ? listText(value, column.listField) : String(value);
    case 'json':
      return JSON.stringify(value);
    default:
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

/**
 * The cell as CSV writes it: text as the API sends it (times in ISO 8601, UTC), numbers as numbers, yes/no as
 * true/false. Formula-like text is neutralised by the CSV writer itself.
 */
export function csvCellOf(row: unknown, column: Column): string | number | null {
  const cell = cellOf(row, column);
  if (cell instanceof Date) {
    const value = at(row, column.path);
    return typeof value === 'string' ? value : cell.toISOString();
  }
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  return cell;
}

/**
 * The file name of a list's export: the list's path after /api, its parameters left out, and the day
 * (`screening-hits-2026-12-06.csv`).
 */
export function exportFilename(routeUrl: string, format: 'csv' | 'xlsx', day: string): string {
  const name = routeUrl
    .replace(/^\/api\//, '')
    .split('/')
    .filter((part) => part && !part.startsWith(':'))
    .join('-')
    .replace(/[^a-z0-9-]/gi, '-');
  return `${name || 'export'}-${day}.${format}`;
}
