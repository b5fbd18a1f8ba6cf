import type { Queryable } from '../db.ts';

/** A photo upload as the server holds it: what was declared, and how many bytes are in. */
export interface UploadRow {
  id: string;
  visit_id: string;
  user_id: string;
  organisation_id: string;
  filename: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  offset: number;
  created_at: Date;
  completed_at: Date | null;
}

const UPLOAD_COLUMNS = `id, visit_id, user_id, organisation_id, filename, content_type, size_bytes, sha256,
  length(received) AS "offset", created_at, completed_at`;

export async function findUpload(q: Queryable, id: string, lock = false): Promise<UploadRow | undefined> {
  const { rows } = await q.query<UploadRow>(
    `SELECT ${UPLOAD_COLUMNS} FROM field_uploads WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0];
}

export async function insertUpload(
  q: Queryable,
  u: {
    id: string;
    visitId: string;
    userId: string;
    organisationId: string;
    filename: string;
    contentType: string;
    sizeBytes: number;
    sha256: string;
    createdAt: Date;
  },
): Promise<void> {
  await q.query(
    `INSERT INTO field_uploads (id, visit_id, user_id, organisation_id, filename, content_type, size_bytes, sha256,
                                created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      u.id,
      u.visitId,
      u.userId,
      u.organisationId,
      u.filename,
      u.contentType,
      u.sizeBytes,
      u.sha256,
      u.createdAt,
    ],
  );
}

/** Appends a chunk at the end of what is in; the caller has checked, under the row's lock, that it belongs there. */
export async function appendChunk(q: Queryable, id: string, chunk: Buffer): Promise<void> {
  await q.query('UPDATE field_uploads SET received = received || $2 WHERE id = $1', [id, chunk]);
}

export async function uploadBytes(q: Queryable, id: string): Promise<Buffer> {
  const { rows } = await q.query<{ received: Buffer | Uint8Array }>(
    'SELECT received FROM field_uploads WHERE id = $1',
    [id],
  );
  return Buffer.from(rows[0].received);
}

/** Starts an upload again from nothing (its bytes did not hash to what was declared). */
export async function restartUpload(q: Queryable, id: string): Promise<void> {
  await q.query(`UPDATE field_uploads SET received = '\\x' WHERE id = $1`, [id]);
}

/** The photo has joined its visit: its bytes are kept there, not here. */
export async function completeUpload(q: Queryable, id: string, at: Date): Promise<void> {
  await q.query(`UPDATE field_uploads SET received = '\\x', completed_at = $2 WHERE id = $1`, [id, at]);
}

/** The newest event's sequence number: a device's checkpoint. */
export async function eventHead(q: Queryable): Promise<number> {
  const { rows } = await q.query<{ head: string | null }>('SELECT max(seq)::text AS head FROM events');
  return Number(rows[0].head ?? 0);
}

/**
 * The incidents at these sites that anything happened to after a checkpoint (reported, verified, closed…), or
 * every one of them when there is no checkpoint, newest report first.
 */
export async function incidentsChangedAt(
  q: Queryable,
  siteIds: readonly string[],
  since: number | null,
  limit: number,
): Promise<string[]> {
  if (siteIds.length === 0) return [];
  const { rows } =
    since === null
      ? await q.query<{ id: string }>(
          `SELECT id FROM incidents WHERE site_id = ANY($1::uuid[]) ORDER BY reported_at DESC, id LIMIT $2`,
          [siteIds, limit],
        )
      : await q.query<{ id: string }>(
          `SELECT i.id FROM incidents i
            WHERE i.site_id = ANY($1::uuid[])
              AND EXISTS (SELECT 1 FROM events e
                           WHERE e.subject_type = 'incident' AND e.subject_id = i.id::text AND e.seq > $2)
            ORDER BY i.reported_at DESC, i.id LIMIT $3`,
          [siteIds, since, limit],
        );
  return rows.map((r) => r.id);
}
