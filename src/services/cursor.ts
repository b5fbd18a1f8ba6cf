import { decodeCursor } from '../storage/queries/page.ts';
import { invalid } from './errors.ts';

/** The sort key inside a list cursor, or undefined for the first page; a forged cursor is a 400. */
export function cursorKey(
  cursor: string | undefined,
  length: number,
): (string | number | null)[] | undefined {
  if (cursor === undefined) return undefined;
  const key = decodeCursor(cursor, length);
  if (!key)
    throw invalid([
      { path: 'cursor', message: 'this cursor was not issued by this list; start again without it' },
    ]);
  return key;
}

/**
 * The [value, tie-breaker] inside the cursor of a sortable list; a cursor made under another sort
 * is a 400, since its position means nothing in this order.
 */
export function sortedCursorKey(cursor: string | undefined, sort: string): [string, string] | undefined {
  const key = cursorKey(cursor, 3);
  if (!key) return undefined;
  if (key[0] !== sort)
    throw invalid([
      {
        path: 'cursor',
        message: `this cursor belongs to the list sorted by ${key[0]}; start again without it`,
      },
    ]);
  return [String(key[1]), String(key[2])];
}
