import { cursorKey } from '../cursor.ts';
import { invalid } from '../errors.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The [created_at, id] inside the cursor of an alerts-area list (subscriptions, webhooks, deliveries, the
 * inbox), or undefined for the first page; a cursor that does not hold a time and an id is a 400.
 */
export function timeCursorKey(cursor: string | undefined): [string, string] | undefined {
  const key = cursorKey(cursor, 2);
  if (!key) return undefined;
  const [at, id] = key;
  if (typeof at !== 'string' || Number.isNaN(Date.parse(at)) || typeof id !== 'string' || !UUID.test(id))
    throw invalid([
      { path: 'cursor', message: 'this cursor was not issued by this list; start again without it' },
    ]);
  return [at, id];
}
