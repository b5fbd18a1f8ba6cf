import type { GrievanceLanguage, GrievanceStatus } from '../../domain/grievances/grievance.ts';
import type { Queryable } from '../db.ts';
import { containsPattern, instantKey, keysetSql } from './page.ts';

/** A grievance as stored: the reporter's contact only sealed, the secret only hashed. */
/** The name of the monitor who took a grievance down, beside the grievance's columns. */
const TAKEN_DOWN_BY = '(SELECT name FROM users u WHERE u.id = g.taken_down_by) AS taken_down_by_name';

export interface GrievanceRow {
  id: string;
  case_code: string;
  secret_hash: string;
  site_id: string | null;
  location: string;
  category: string | null;
  description: string;
  language: GrievanceLanguage;
  anonymous: boolean;
  contact_sealed: string | null;
  status: GrievanceStatus;
  decision_reason: string | null;
  public_outcome: string | null;
  incident_id: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  taken_down_by: string | null;
  taken_down_by_name: string | null;
  taken_down_at: Date | null;
  revision: number;
  created_at: Date;
  updated_at: Date;
}

/** An attachment without its content. */
export interface GrievanceAttachmentRow {
  id: string;
  grievance_id: string;
  filename: string;
  content_type: string;
  size_bytes: number;
}

export async function insertGrievance(
  q: Queryable,
  g: {
    id: string;
    caseCode: string;
    secretHash: string;
    siteId: string | null;
    location: string;
    category: string | null;
    description: string;
    language: GrievanceLanguage;
    anonymous: boolean;
    contactSealed: string | null;
    takenDownBy: string | null;
    takenDownAt: Date | null;
    at: Date;
  },
): Promise<void> {
  await q.query(
    `INSERT INTO grievances (id, case_code, secret_hash, site_id, location, category, description, language, anonymous, contact_sealed, taken_down_by, taken_down_at, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)`,
    [
      g.id,
      g.caseCode,
      g.secretHash,
      g.siteId,
      g.location,
      g.category,
      g.description,
      g.language,
      g.anonymous,
      g.contactSealed,
      g.takenDownBy,
      g.takenDownAt,
      g.at,
    ],
  );
}

export async function findGrievanceByCaseCode(
  q: Queryable,
  caseCode: string,
): Promise<GrievanceRow | undefined> {
  return (
    await q.query<GrievanceRow>(`SELECT g.*, ${TAKEN_DOWN_BY} FROM grievances g WHERE case_code = $1`, [
      caseCode,
    ])
  ).rows[0];
}

export async function findGrievanceById(q: Queryable, id: string): Promise<GrievanceRow | undefined> {
  return (await q.query<GrievanceRow>(`SELECT g.*, ${TAKEN_DOWN_BY} FROM grievances g WHERE id = $1`, [id]))
    .rows[0];
}

/** The cursor's position in the queue: the exact time of creation (microseconds, UTC) and the id. */
export type GrievanceListRow = GrievanceRow & { created_key: string };

/**
 * One page of grievances by time of creation (newest first unless `oldestFirst`), after a keyset position
 * (`[created_at, id]`), filtered by status and by a piece of the case code, place or description.
 */
export async function listGrievancesPage(
  q: Queryable,
  f: { status?: GrievanceStatus; q?: string },
  oldestFirst: boolean,
  after: readonly [string, string] | undefined,
  limit: number,
): Promise<GrievanceListRow[]> {
  const order = keysetSql(
    { expr: 'g.created_at', valueCast: 'timestamptz', desc: !oldestFirst, tie: 'g.id', tieCast: 'uuid' },
    3,
  );
  return (
    await q.query<GrievanceListRow>(
      `SELECT g.*, ${TAKEN_DOWN_BY}, ${instantKey('g.created_at')} AS created_key
         FROM grievances g
        WHERE ($1::text IS NULL OR g.status = $1)
          AND ($2::text IS NULL OR g.case_code ILIKE $2 OR g.location ILIKE $2 OR g.description ILIKE $2)
          AND ${order.after}
        ORDER BY ${order.orderBy} LIMIT $5`,
      [f.status ?? null, containsPattern(f.q), after?.[0] ?? null, after?.[1] ?? null, limit],
    )
  ).rows;
}

/** The attachments of these grievances, each case's in upload order. */
export async function listGrievanceAttachments(
  q: Queryable,
  grievanceIds: readonly string[],
): Promise<GrievanceAttachmentRow[]> {
  if (grievanceIds.length === 0) return [];
  return (
    await q.query<GrievanceAttachmentRow>(
      `SELECT id, grievance_id, filename, content_type, size_bytes FROM grievance_attachments
        WHERE grievance_id = ANY($1::uuid[]) ORDER BY grievance_id, uploaded_at, id`,
      [grievanceIds],
    )
  ).rows;
}

/** One attachment of a grievance with its content, or undefined. */
export async function findGrievanceAttachment(
  q: Queryable,
  grievanceId: string,
  attachmentId: string,
): Promise<(GrievanceAttachmentRow & { content: Uint8Array }) | undefined> {
  return (
    await q.query<GrievanceAttachmentRow & { content: Uint8Array }>(
      `SELECT id, grievance_id, filename, content_type, size_bytes, content FROM grievance_attachments
        WHERE grievance_id = $1 AND id = $2`,
      [grievanceId, attachmentId],
    )
  ).rows[0];
}

export async function countGrievanceAttachments(q: Queryable, grievanceId: string): Promise<number> {
  return (
    await q.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM grievance_attachments WHERE grievance_id = $1',
      [grievanceId],
    )
  ).rows[0].n;
}

export async function insertGrievanceAttachment(
  q: Queryable,
  a: {
    id: string;
    grievanceId: string;
    filename: string;
    contentType: string;
    sizeBytes: number;
    sha256: string;
    content: Buffer;
    uploadedAt: Date;
  },
): Promise<void> {
  await q.query(
    'INSERT INTO grievance_attachments (id, grievance_id, filename, content_type, size_bytes, sha256, content, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
    [a.id, a.grievanceId, a.filename, a.contentType, a.sizeBytes, a.sha256, a.content, a.uploadedAt],
  );
}

/** Records an officer's decision on a received case: validated into an incident, or rejected. */
export async function recordGrievanceDecision(
  q: Queryable,
  d: {
    id: string;
    status: 'validated' | 'rejected';
    reason: string;
    publicOutcome: string;
    incidentId: string | null;
    decidedBy: string;
    at: Date;
  },
): Promise<void> {
  await q.query(
    `UPDATE grievances SET status = $2, decision_reason = $3, public_outcome = $4, incident_id = COALESCE($5, incident_id),
            decided_by = $6, decided_at = $7, revision = revision + 1, updated_at = $7
      WHERE id = $1`,
    [d.id, d.status, d.reason, d.publicOutcome, d.incidentId, d.decidedBy, d.at],
  );
}

/** Writes what the reporter reads of a decided case, closing it if asked. */
export async function updateGrievanceOutcome(
  q: Queryable,
  o: { id: string; publicOutcome: string; close: boolean; at: Date },
): Promise<void> {
  await q.query(
    `UPDATE grievances SET public_outcome = $2, status = CASE WHEN $3 THEN 'closed' ELSE status END, revision = revision + 1, updated_at = $4 WHERE id = $1`,
    [o.id, o.publicOutcome, o.close, o.at],
  );
}

export interface PublicSiteRow {
  id: string;
  code: string;
  name: string;
  province: string;
}

/**
 * A page of the registered sites by code, as a reporter chooses among them (code, name and province only):
 * those whose code or name contains `q` (any case), after the code `after`. Read along the code's unique index.
 */
export async function listPublicSites(
  q: Queryable,
  search: string | undefined,
  after: string | null,
  limit: number,
): Promise<PublicSiteRow[]> {
  return (
    await q.query<PublicSiteRow>(
      `SELECT id, code, name, province FROM sites
        WHERE ($1::text IS NULL OR code ILIKE $1 OR name ILIKE $1) AND ($2::text IS NULL OR code > $2)
        ORDER BY code LIMIT $3`,
      [containsPattern(search), after, limit],
    )
  ).rows;
}
