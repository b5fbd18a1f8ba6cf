import { decodeCursor } from '../storage/queries/page.ts';
import { invalid } from './errors.ts';

/**
 * What each part of a list cursor's key must be for the database to read it back: a cursor is opaque, but
 * one can be forged, and a value the database cannot cast (a non-uuid id, 31 February) must be a 400 naming
 * the cursor, never a 500.
 */
export type KeyPart = 'text' | 'uuid' | 'int' | 'numeric' | 'instant' | 'day' | 'order';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^(\d{4})-(\d\d)-(\d\d)$/;
// As JSON writes an instant (…T…Z) or as PostgreSQL writes a timestamptz as text (… …+00).
const INSTANT =
  /^(\d{4})-(\d\d)-(\d\d)[T ]([01]\d|2[0-3]):([0-5]\d):([0-5]\d)(\.\d{1,6})?(Z|[+-]\d\d(:?\d\d)?)$/;

/** Whether a year, month and day name a day of the calendar (no 31 February, no year 0). */
function realDay(match: RegExpExecArray | null): boolean {
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d);
  return y >= 1 && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const IS: Record<KeyPart, (v: string | number | null) => boolean> = {
  text: (v) => typeof v === 'string',
  uuid: (v) => typeof v === 'string' && UUID.test(v),
  // What an integer column holds (32 bits).
  int: (v) => Number.isInteger(Number(v)) && Math.abs(Number(v)) < 2 ** 31 && /^-?\d+$/.test(String(v)),
  numeric: (v) =>
    (typeof v === 'number' && Number.isFinite(v)) ||
    (typeof v === 'string' && /^-?\d{1,30}(\.\d{1,30})?$/.test(v)),
  instant: (v) => typeof v === 'string' && realDay(INSTANT.exec(v)),
  day: (v) => typeof v === 'string' && realDay(DAY.exec(v)),
  // The name of the order a sortable list's cursor was made under, checked by sortedCursorKey.
  order: (v) => typeof v === 'string',
};

const notIssued = () =>
  invalid([
    {
      path: 'cursor',
      message: 'this cursor was not issued by this list; start again without it',
      code: 'common.field.cursor-foreign',
    },
  ]);

/**
 * The key inside a list cursor, one value per part (a kind, or the list of values it may take), or undefined
 * for the first page; a cursor not made by this list, or whose parts are not what `parts` says, is a 400.
 */
export function cursorKey(
  cursor: string | undefined,
  parts: readonly (KeyPart | readonly string[])[],
): (string | number)[] | undefined {
  if (cursor === undefined) return undefined;
  const key = decodeCursor(cursor, parts.length);
  const fits = (v: string | number | null, part: KeyPart | readonly string[]) =>
    typeof part === 'string' ? IS[part](v) : typeof v === 'string' && part.includes(v);
  if (!key?.every((v, i) => fits(v, parts[i]))) throw notIssued();
  return key as (string | number)[];
}

/**
 * The [value, tie-breaker] inside the cursor of a sortable list, their kinds `value` and `tie`; a cursor made
 * under another sort is a 400, since its position means nothing in this order.
 */
export function sortedCursorKey(
  cursor: string | undefined,
  sort: string,
  value: KeyPart = 'text',
  tie: KeyPart = 'text',
): [string, string] | undefined {
  const key = cursorKey(cursor, ['order', value, tie]);
  if (!key) return undefined;
  if (key[0] !== sort)
    throw invalid([
      {
        path: 'cursor',
        message: `this cursor belongs to the list sorted by ${key[0]}; start again without it`,
        code: 'common.field.cursor-other-order',
        params: { order: String(key[0]) },
      },
    ]);
  return [String(key[1]), String(key[2])];
}
