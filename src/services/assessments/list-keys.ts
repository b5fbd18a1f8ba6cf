import type { AssessmentKey, CorrectiveActionKey } from '../../storage/queries/assessments.ts';
import { cursorKey } from '../cursor.ts';
import { invalid } from '../errors.ts';

// The keys inside the cursors of the assessment and corrective-action lists. A cursor is opaque to clients, but
// one can still be forged: its parts are checked here, so that the database is never handed a value it refuses.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;
const DAY = /^\d{4}-\d\d-\d\d$/;

const forged = () =>
  invalid([{ path: 'cursor', message: 'this cursor was not issued by this list; start again without it' }]);

/** Whether an ISO 8601 UTC text names a real instant (not 31 February, nor the year 0 SQL lacks): it reads back the same. */
const real = (utc: string) => {
  const d = new Date(utc);
  return !utc.startsWith('0000') && !Number.isNaN(d.getTime()) && d.toISOString() === utc;
};

/** The [created at, id] inside an assessment list cursor, or undefined for the first page. */
export function assessmentKey(cursor: string | undefined): AssessmentKey | undefined {
  const key = cursorKey(cursor, 2);
  if (!key) return undefined;
  const [at, id] = key;
  if (typeof at !== 'string' || typeof id !== 'string' || !UUID.test(id) || !INSTANT.test(at)) throw forged();
  // The microseconds are kept as they are; the rest must be a real instant.
  if (!real(`${at.slice(0, 23)}Z`)) throw forged();
  return [at, id];
}

/** The [status, deadline, id] inside a corrective-action list cursor, or undefined for the first page. */
export function correctiveActionKey(cursor: string | undefined): CorrectiveActionKey | undefined {
  const key = cursorKey(cursor, 3);
  if (!key) return undefined;
  const [status, deadline, id] = key;
  if (status !== 'open' && status !== 'closed') throw forged();
  if (typeof deadline !== 'string' || !DAY.test(deadline) || !real(`${deadline}T00:00:00.000Z`))
    throw forged();
  if (typeof id !== 'string' || !UUID.test(id)) throw forged();
  return [status, deadline, id];
}
