import type { Queryable } from '../db.ts';

export interface CorrectiveActionRow {
  id: string;
  site_id: string | null;
  organisation_id: string | null;
  requirement_code: string;
  requirement_text_en: string;
  requirement_text_fr: string;
  tier: string;
  opened_by_assessment: string;
  owner_organisation_id: string | null;
  deadline: string;
  status: 'open' | 'closed';
  closed_by_assessment: string | null;
  closed_at: Date | null;
  created_at: Date;
}

export interface ActionNoteRow {
  id: string;
  action_id: string;
  note: string;
  author_id: string;
  created_at: Date;
}

/** The progress notes of these actions, oldest first. */
export async function notesOfActions(q: Queryable, actionIds: readonly string[]): Promise<ActionNoteRow[]> {
  return (
    await q.query<ActionNoteRow>(
      'SELECT * FROM corrective_action_notes WHERE action_id = ANY($1::uuid[]) ORDER BY created_at, id',
      [actionIds],
    )
  ).rows;
}

/** Corrective actions, open first then by deadline; `visibleTo` keeps those an organisation owns or is the subject of. */
export async function findCorrectiveActions(
  q: Queryable,
  f: { siteId?: string; organisationId?: string; status?: 'open' | 'closed'; visibleTo: string | null },
): Promise<CorrectiveActionRow[]> {
  return (
    await q.query<CorrectiveActionRow>(
      `SELECT * FROM corrective_actions c
        WHERE ($1::uuid IS NULL OR c.site_id = $1) AND ($2::uuid IS NULL OR c.organisation_id = $2) AND ($3::text IS NULL OR c.status = $3)
          AND ($4::uuid IS NULL OR c.owner_organisation_id = $4 OR c.organisation_id = $4)
        ORDER BY c.status DESC, c.deadline, c.id LIMIT 500`,
      [f.siteId ?? null, f.organisationId ?? null, f.status ?? null, f.visibleTo],
    )
  ).rows;
}

export async function findCorrectiveAction(
  q: Queryable,
  id: string,
): Promise<CorrectiveActionRow | undefined> {
  return (await q.query<CorrectiveActionRow>('SELECT * FROM corrective_actions WHERE id = $1', [id])).rows[0];
}

export async function insertActionNote(
  q: Queryable,
  n: { id: string; actionId: string; note: string; authorId: string; createdAt: Date },
): Promise<void> {
  await q.query(
    'INSERT INTO corrective_action_notes (id, action_id, note, author_id, created_at) VALUES ($1, $2, $3, $4, $5)',
    [n.id, n.actionId, n.note, n.authorId, n.createdAt],
  );
}

export interface EvidenceRow {
  id: string;
  assessment_id: string;
  requirement_code: string | null;
  filename: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  latitude: number | null;
  longitude: number | null;
  taken_at: Date | null;
  uploaded_by: string;
  uploaded_at: Date;
}

const EVIDENCE_COLUMNS =
  'id, assessment_id, requirement_code, filename, content_type, size_bytes, sha256, latitude, longitude, taken_at, uploaded_by, uploaded_at';

export async function insertEvidence(q: Queryable, r: EvidenceRow, content: Buffer): Promise<void> {
  await q.query(
    `INSERT INTO assessment_evidence (${EVIDENCE_COLUMNS}, content) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [
      r.id,
      r.assessment_id,
      r.requirement_code,
      r.filename,
      r.content_type,
      r.size_bytes,
      r.sha256,
      r.latitude,
      r.longitude,
      r.taken_at,
      r.uploaded_by,
      r.uploaded_at,
      content,
    ],
  );
}

/** An assessment's evidence (without the files), oldest first. */
export async function evidenceOf(q: Queryable, assessmentId: string): Promise<EvidenceRow[]> {
  return (
    await q.query<EvidenceRow>(
      `SELECT ${EVIDENCE_COLUMNS} FROM assessment_evidence WHERE assessment_id = $1 ORDER BY uploaded_at, id`,
      [assessmentId],
    )
  ).rows;
}

export async function findEvidenceWithContent(q: Queryable, assessmentId: string, evidenceId: string) {
  return (
    await q.query<EvidenceRow & { content: Uint8Array }>(
      `SELECT ${EVIDENCE_COLUMNS}, content FROM assessment_evidence WHERE id = $1 AND assessment_id = $2`,
      [evidenceId, assessmentId],
    )
  ).rows[0];
}
