import type { Queryable } from '../db.ts';
import { inMergeGroup } from './merges.ts';
import { instantKey } from './page.ts';

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
  /** The site the action is at, as a list shows it. */
  site: { id: string; code: string; name: string } | null;
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

const ACTION_SITE = `(SELECT json_build_object('id', s.id, 'code', s.code, 'name', s.name) FROM sites s
                        WHERE s.id = c.site_id)`;

export interface CorrectiveActionFilter {
  siteId?: string;
  organisationId?: string;
  status?: 'open' | 'closed';
  /** Keeps the actions this organisation owns or is the subject of; null for every action. */
  visibleTo: string | null;
  /** Open actions past their deadline (before `today`), or due from `today` to `until`. */
  due?: { kind: 'overdue' | 'soon'; today: string; until: string };
}

/** The position of an action in its list: open before closed, then by deadline, then by id. */
export type CorrectiveActionKey = readonly [status: 'open' | 'closed', deadline: string, id: string];

/**
 * Up to `limit` corrective actions, open first then by deadline (then id), after a keyset position. Open before
 * closed is `status = 'closed'` ascending (false first), so that the three parts compare as one row.
 */
export async function findCorrectiveActions(
  q: Queryable,
  f: CorrectiveActionFilter,
  after: CorrectiveActionKey | undefined,
  limit: number,
): Promise<CorrectiveActionRow[]> {
  return (
    await q.query<CorrectiveActionRow>(
      `SELECT c.*, ${ACTION_SITE} AS site FROM corrective_actions c
        WHERE ($1::uuid IS NULL OR c.site_id = $1) AND ($2::uuid IS NULL OR c.organisation_id = $2) AND ($3::text IS NULL OR c.status = $3)
          AND ($4::uuid IS NULL OR c.owner_organisation_id = $4 OR c.organisation_id = $4)
          AND ($5::text IS NULL OR (c.status = 'closed', c.deadline, c.id) > ($5 = 'closed', $6::date, $7::uuid))
          AND ($9::text IS NULL OR (c.status = 'open' AND CASE $9 WHEN 'overdue' THEN c.deadline < $10::date
                                                               ELSE c.deadline BETWEEN $10::date AND $11::date END))
        ORDER BY c.status = 'closed', c.deadline, c.id LIMIT $8`,
      [
        f.siteId ?? null,
        f.organisationId ?? null,
        f.status ?? null,
        f.visibleTo,
        after?.[0] ?? null,
        after?.[1] ?? null,
        after?.[2] ?? null,
        limit,
        f.due?.kind ?? null,
        f.due?.today ?? null,
        f.due?.until ?? null,
      ],
    )
  ).rows;
}

export async function findCorrectiveAction(
  q: Queryable,
  id: string,
): Promise<CorrectiveActionRow | undefined> {
  return (
    await q.query<CorrectiveActionRow>(
      `SELECT c.*, ${ACTION_SITE} AS site FROM corrective_actions c WHERE c.id = $1`,
      [id],
    )
  ).rows[0];
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

export interface AssessmentRow {
  id: string;
  code: string;
  set_id: string;
  site_id: string | null;
  organisation_id: string | null;
  kind: 'baseline' | 'periodic' | 'self';
  status: 'draft' | 'submitted' | 'approved';
  assessor_id: string;
  submitted_at: Date | null;
  approved_by: string | null;
  approved_at: Date | null;
  outcome: unknown;
  notes: string;
  observed_from: Date | null;
  observed_until: Date | null;
  revision: number;
  created_at: Date;
  updated_at: Date;
}

export interface RatingRow {
  code: string;
  rating: string;
  notes: string;
  rated_by: string;
  rated_at: Date;
}

export async function findAssessment(
  q: Queryable,
  id: string,
  lock = false,
): Promise<AssessmentRow | undefined> {
  return (
    await q.query<AssessmentRow>(`SELECT * FROM assessments WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id])
  ).rows[0];
}

/** An assessment's ratings in the order of its set's requirements. */
export async function ratingsOf(q: Queryable, assessmentId: string): Promise<RatingRow[]> {
  return (
    await q.query<RatingRow>(
      `SELECT r.code, g.rating, g.notes, g.rated_by, g.rated_at FROM ratings g JOIN requirements r ON r.id = g.requirement_id
        WHERE g.assessment_id = $1 ORDER BY r.position`,
      [assessmentId],
    )
  ).rows;
}

/** The ratings of these assessments, each one's in the order of its requirements. */
export async function ratingsOfAssessments(
  q: Queryable,
  assessmentIds: readonly string[],
): Promise<(RatingRow & { assessment_id: string })[]> {
  if (assessmentIds.length === 0) return [];
  return (
    await q.query<RatingRow & { assessment_id: string }>(
      `SELECT g.assessment_id, r.code, g.rating, g.notes, g.rated_by, g.rated_at
         FROM ratings g JOIN requirements r ON r.id = g.requirement_id
        WHERE g.assessment_id = ANY($1::uuid[]) ORDER BY g.assessment_id, r.position`,
      [assessmentIds],
    )
  ).rows;
}

export async function operatesSite(q: Queryable, siteId: string, organisationId: string): Promise<boolean> {
  return (
    (
      await q.query('SELECT 1 FROM site_operators WHERE site_id = $1 AND organisation_id = $2', [
        siteId,
        organisationId,
      ])
    ).rows.length > 0
  );
}

/** The first operator of a site (by id), who owns the corrective actions of its assessments. */
export async function firstOperatorOf(q: Queryable, siteId: string): Promise<string | null> {
  return (
    (
      await q.query<{ organisation_id: string }>(
        'SELECT organisation_id FROM site_operators WHERE site_id = $1 ORDER BY organisation_id LIMIT 1',
        [siteId],
      )
    ).rows[0]?.organisation_id ?? null
  );
}

export async function organisationExists(q: Queryable, id: string): Promise<boolean> {
  return (await q.query('SELECT 1 FROM organisations WHERE id = $1', [id])).rows.length > 0;
}

export interface AssessmentFilter {
  siteId?: string;
  organisationId?: string;
  status?: AssessmentRow['status'];
  /** Keeps the assessments of this organisation or of the sites it operates; null for every assessment. */
  visibleTo: string | null;
}

/** The position of an assessment in its list: its creation instant (ISO 8601 in UTC, to the microsecond) and id. */
export type AssessmentKey = readonly [createdAt: string, id: string];

/**
 * Up to `limit` assessments newest first (then by id, descending), after a keyset position; each row carries its
 * creation instant to the microsecond as `created_key`, for the next position.
 */
export async function findAssessments(
  q: Queryable,
  f: AssessmentFilter,
  after: AssessmentKey | undefined,
  limit: number,
): Promise<(AssessmentRow & { created_key: string })[]> {
  return (
    await q.query<AssessmentRow & { created_key: string }>(
      `SELECT a.*, ${instantKey('a.created_at')} AS created_key
         FROM assessments a
        WHERE ($1::uuid IS NULL OR ${inMergeGroup('a.site_id', 'sites', '$1')}) AND ($2::uuid IS NULL OR a.organisation_id = $2) AND ($3::text IS NULL OR a.status = $3)
          AND ($4::uuid IS NULL OR a.organisation_id = $4
               OR EXISTS (SELECT 1 FROM site_operators o WHERE o.site_id = a.site_id AND o.organisation_id = $4))
          AND ($5::timestamptz IS NULL OR (a.created_at, a.id) < ($5, $6::uuid))
        ORDER BY a.created_at DESC, a.id DESC LIMIT $7`,
      [
        f.siteId ?? null,
        f.organisationId ?? null,
        f.status ?? null,
        f.visibleTo,
        after?.[0] ?? null,
        after?.[1] ?? null,
        limit,
      ],
    )
  ).rows;
}

/** Inserts a draft assessment, numbering it `A-<n>` from the sequence; returns its code. */
export async function insertAssessment(
  q: Queryable,
  a: {
    id: string;
    setId: string;
    siteId: string | null;
    organisationId: string | null;
    kind: AssessmentRow['kind'];
    assessorId: string;
    notes: string;
    observedFrom?: Date | null;
    observedUntil?: Date | null;
    at: Date;
  },
): Promise<string> {
  const n = (await q.query<{ n: number }>("SELECT nextval('assessment_number_seq') AS n")).rows[0].n;
  const code = `A-${n}`;
  await q.query(
    `INSERT INTO assessments (id, code, set_id, site_id, organisation_id, kind, assessor_id, notes, observed_from,
                              observed_until, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $10, $11, $9, $9)`,
    [
      a.id,
      code,
      a.setId,
      a.siteId,
      a.organisationId,
      a.kind,
      a.assessorId,
      a.notes,
      a.at,
      a.observedFrom ?? null,
      a.observedUntil ?? null,
    ],
  );
  return code;
}

/** Sets ratings of an assessment (one statement), replacing those of the same requirements. */
export async function upsertRatings(
  q: Queryable,
  assessmentId: string,
  ratings: readonly { requirementId: string; rating: string; notes: string }[],
  by: string,
  at: Date,
): Promise<void> {
  if (!ratings.length) return;
  await q.query(
    `INSERT INTO ratings (assessment_id, requirement_id, rating, notes, rated_by, rated_at)
     SELECT $1, x.requirement_id, x.rating, x.notes, $5, $6
       FROM unnest($2::uuid[], $3::text[], $4::text[]) AS x(requirement_id, rating, notes)
     ON CONFLICT (assessment_id, requirement_id) DO UPDATE SET rating = EXCLUDED.rating, notes = EXCLUDED.notes,
                                                              rated_by = EXCLUDED.rated_by, rated_at = EXCLUDED.rated_at`,
    [
      assessmentId,
      ratings.map((r) => r.requirementId),
      ratings.map((r) => r.rating),
      ratings.map((r) => r.notes),
      by,
      at,
    ],
  );
}

export async function touchAssessment(q: Queryable, id: string, at: Date): Promise<void> {
  await q.query('UPDATE assessments SET revision = revision + 1, updated_at = $2 WHERE id = $1', [id, at]);
}

/** Moves an assessment from one status to another; false when it was no longer in `from`. */
export async function moveAssessment(
  q: Queryable,
  m: {
    id: string;
    from: AssessmentRow['status'];
    to: AssessmentRow['status'];
    submittedAt: Date | null;
    at: Date;
  },
): Promise<boolean> {
  const r = await q.query(
    'UPDATE assessments SET status = $2, submitted_at = $3, revision = revision + 1, updated_at = $4 WHERE id = $1 AND status = $5',
    [m.id, m.to, m.submittedAt, m.at, m.from],
  );
  return r.rowCount > 0;
}

export async function markAssessmentApproved(
  q: Queryable,
  a: { id: string; by: string; at: Date; outcome: unknown },
): Promise<void> {
  await q.query(
    `UPDATE assessments SET status = 'approved', approved_by = $2, approved_at = $3, outcome = $4, revision = revision + 1, updated_at = $3
      WHERE id = $1`,
    [a.id, a.by, a.at, JSON.stringify(a.outcome)],
  );
}

/** The subject of corrective actions: a site or an organisation. */
export type ActionSubject = { siteId: string } | { organisationId: string };

const subjectSql = (s: ActionSubject) =>
  'siteId' in s ? { column: 'site_id', id: s.siteId } : { column: 'organisation_id', id: s.organisationId };

/** Closes the subject's open actions on these requirements; returns the ids closed. */
export async function closeActions(
  q: Queryable,
  subject: ActionSubject,
  codes: readonly string[],
  by: { assessmentId: string; at: Date },
): Promise<string[]> {
  const s = subjectSql(subject);
  return (
    await q.query<{ id: string }>(
      `UPDATE corrective_actions SET status = 'closed', closed_by_assessment = $3, closed_at = $4
        WHERE ${s.column} = $1 AND status = 'open' AND requirement_code = ANY($2::text[]) RETURNING id`,
      [s.id, codes, by.assessmentId, by.at],
    )
  ).rows.map((r) => r.id);
}

export async function hasOpenAction(q: Queryable, subject: ActionSubject, code: string): Promise<boolean> {
  const s = subjectSql(subject);
  return (
    (
      await q.query(
        `SELECT 1 FROM corrective_actions WHERE ${s.column} = $1 AND status = 'open' AND requirement_code = $2`,
        [s.id, code],
      )
    ).rows.length > 0
  );
}

export async function insertCorrectiveAction(
  q: Queryable,
  a: {
    id: string;
    siteId: string | null;
    organisationId: string | null;
    requirement: { code: string; textEn: string; textFr: string; tier: string };
    openedBy: string;
    ownerOrganisationId: string | null;
    deadline: string;
    at: Date;
  },
): Promise<void> {
  await q.query(
    `INSERT INTO corrective_actions (id, site_id, organisation_id, requirement_code, requirement_text_en, requirement_text_fr, tier,
                                     opened_by_assessment, owner_organisation_id, deadline, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      a.id,
      a.siteId,
      a.organisationId,
      a.requirement.code,
      a.requirement.textEn,
      a.requirement.textFr,
      a.requirement.tier,
      a.openedBy,
      a.ownerOrganisationId,
      a.deadline,
      a.at,
    ],
  );
}
