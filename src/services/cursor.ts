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
