import type { Queryable } from '../db.ts';

export interface CaptureRecord {
  id: string;
  organisationId: string;
  createdBy: string;
  at: Date;
  eventCount: number;
}

/** A capture that ran and succeeded at once (events recorded by Amana itself). */
export async function insertFinishedCapture(tx: Queryable, c: CaptureRecord): Promise<void> {
  await tx.query(
    `INSERT INTO epcis_captures (id, organisation_id, created_by, created_at, finished_at, error_behaviour, success, event_count, stored_count)
     VALUES ($1, $2, $3, $4, $4, 'rollback', true, $5, $5)`,
    [c.id, c.organisationId, c.createdBy, c.at, c.eventCount],
  );
}

export async function eventIdExists(q: Queryable, eventId: string): Promise<boolean> {
  return (await q.query('SELECT 1 FROM epcis_events WHERE event_id = $1', [eventId])).rows.length > 0;
}

/** Stored events bearing one of these event ids or hashes, with the organisation that captured them. */
export async function eventsByIdOrHash(q: Queryable, eventIds: readonly string[], hashes: readonly string[]) {
  return (
    await q.query<{ event_id: string; event_hash: string; organisation_id: string }>(
      'SELECT event_id, event_hash, organisation_id FROM epcis_events WHERE event_id = ANY($1::text[]) OR event_hash = ANY($2::text[])',
      [eventIds, hashes],
    )
  ).rows;
}
