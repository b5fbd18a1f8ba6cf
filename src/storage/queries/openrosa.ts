import type { Role } from '../../domain/access/roles.ts';
import type { Queryable } from '../db.ts';

// App users: tokens for OpenRosa clients, limited to sites.

export interface AppUserRow {
  id: string;
  name: string;
  user_id: string;
  organisation_id: string;
  site_ids: string[];
  created_by: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
  email: string;
}

const APP_USER_SELECT = `SELECT a.id, a.name, a.user_id, a.organisation_id, a.site_ids, a.created_by, a.created_at,
       a.last_used_at, a.revoked_at, u.email
  FROM openrosa_app_users a JOIN users u ON u.id = a.user_id`;

export async function insertAppUser(
  q: Queryable,
  a: Omit<AppUserRow, 'last_used_at' | 'revoked_at' | 'email'> & { token_hash: string },
): Promise<void> {
  await q.query(
    `INSERT INTO openrosa_app_users (id, name, user_id, organisation_id, token_hash, site_ids, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6::uuid[], $7, $8)`,
    [a.id, a.name, a.user_id, a.organisation_id, a.token_hash, a.site_ids, a.created_by, a.created_at],
  );
}

export async function findAppUser(q: Queryable, id: string): Promise<AppUserRow | undefined> {
  return (await q.query<AppUserRow>(`${APP_USER_SELECT} WHERE a.id = $1`, [id])).rows[0];
}

/** App users, newest first, after a keyset id. */
export async function listAppUsersPage(
  q: Queryable,
  after: string | null,
  limit: number,
): Promise<AppUserRow[]> {
  return (
    await q.query<AppUserRow>(
      `${APP_USER_SELECT} WHERE ($1::uuid IS NULL OR a.id < $1) ORDER BY a.id DESC LIMIT $2`,
      [after, limit],
    )
  ).rows;
}

export async function revokeAppUser(q: Queryable, id: string, by: string, at: Date): Promise<boolean> {
  return (
    ((
      await q.query(
        'UPDATE openrosa_app_users SET revoked_at = $3, revoked_by = $2 WHERE id = $1 AND revoked_at IS NULL',
        [id, by, at],
      )
    ).rowCount ?? 0) > 0
  );
}

/** The member an app user's token acts as, when the token is live and the user and membership still are. */
export interface AppUserPrincipalRow {
  app_user_id: string;
  site_ids: string[];
  user_id: string;
  email: string;
  organisation_id: string;
  role: Role;
}

export async function findAppUserPrincipal(
  q: Queryable,
  tokenHash: string,
  now: Date,
): Promise<AppUserPrincipalRow | undefined> {
  const row = (
    await q.query<AppUserPrincipalRow>(
      `SELECT a.id AS app_user_id, a.site_ids, u.id AS user_id, u.email, m.organisation_id, m.role
         FROM openrosa_app_users a
         JOIN users u ON u.id = a.user_id AND u.disabled_at IS NULL
         JOIN memberships m ON m.user_id = a.user_id AND m.organisation_id = a.organisation_id
        WHERE a.token_hash = $1 AND a.revoked_at IS NULL`,
      [tokenHash],
    )
  ).rows[0];
  if (row)
    await q.query('UPDATE openrosa_app_users SET last_used_at = $2 WHERE id = $1', [row.app_user_id, now]);
  return row;
}

// Sites a form lists.

export interface SiteChoiceRow {
  id: string;
  code: string;
  name: string;
}

/**
 * The sites, by code, that a submitter may pick: those of `siteIds` when given (an app user's), and of a
 * monitor's or assessor's assignments in force at `at` when `assignedTo` is given; never merged-away sites.
 */
/** The published site criteria-set versions, newest version first within each key. */
export async function listPublishedSiteSets(
  q: Queryable,
): Promise<{ id: string; key: string; version: number; name: string }[]> {
  return (
    await q.query<{ id: string; key: string; version: number; name: string }>(
      `SELECT id, key, version, name FROM criteria_sets WHERE status = 'published' AND kind = 'site'
        ORDER BY key, version DESC`,
    )
  ).rows;
}

export async function listSiteChoices(
  q: Queryable,
  f: { siteIds: string[] | null; assignedTo: { userId: string; organisationId: string; at: Date } | null },
  limit: number,
): Promise<SiteChoiceRow[]> {
  return (
    await q.query<SiteChoiceRow>(
      `SELECT s.id, s.code, s.name FROM sites s
        WHERE s.merged_into IS NULL AND ($1::uuid[] IS NULL OR s.id = ANY($1::uuid[]))
          AND ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM site_assignments a WHERE a.user_id = $2 AND a.organisation_id = $3
                AND a.site_id = s.id AND a.starts_at <= $4 AND (a.ends_at IS NULL OR a.ends_at > $4)))
        ORDER BY s.code LIMIT $5`,
      [
        f.siteIds,
        f.assignedTo?.userId ?? null,
        f.assignedTo?.organisationId ?? null,
        f.assignedTo?.at ?? null,
        limit,
      ],
    )
  ).rows;
}

/** The cooperatives operating the given sites, one row per site they operate, by site then name. */
export async function listCooperativeChoices(
  q: Queryable,
  siteIds: readonly string[],
): Promise<{ id: string; legal_name: string; site_id: string }[]> {
  return (
    await q.query<{ id: string; legal_name: string; site_id: string }>(
      `SELECT o.id, o.legal_name, so.site_id FROM site_operators so JOIN organisations o ON o.id = so.organisation_id
        WHERE so.site_id = ANY($1::uuid[]) ORDER BY so.site_id, o.legal_name`,
      [siteIds],
    )
  ).rows;
}

// Submissions as received.

export type SubmissionState = 'awaiting_attachments' | 'applied' | 'refused';

export interface SubmissionRow {
  id: string;
  instance_id: string | null;
  form_id: string | null;
  form_version: string | null;
  submitted_by: string;
  submitter_email: string;
  organisation_id: string;
  app_user_id: string | null;
  device_id: string | null;
  xml: string;
  xml_sha256: string;
  received_at: Date;
  state: SubmissionState;
  expected_files: string[];
  refusal_code: string | null;
  refusal_errors: { path: string; message: string; code: string; params?: Record<string, string | number> }[];
  record_type: 'visit' | 'incident' | 'lot' | 'assessment' | 'grievance' | null;
  record_id: string | null;
  corrected_xml: string | null;
  applied_at: Date | null;
  applied_by: string | null;
  files: { filename: string; contentType: string; sizeBytes: number }[];
}

const SUBMISSION_SELECT = `SELECT s.*, u.email AS submitter_email,
       COALESCE((SELECT json_agg(json_build_object('filename', f.filename, 'contentType', f.content_type,
                                                   'sizeBytes', f.size_bytes) ORDER BY f.filename)
                   FROM openrosa_attachments f WHERE f.submission_id = s.id), '[]') AS files
  FROM openrosa_submissions s JOIN users u ON u.id = s.submitted_by`;

export async function findSubmission(q: Queryable, id: string): Promise<SubmissionRow | undefined> {
  return (await q.query<SubmissionRow>(`${SUBMISSION_SELECT} WHERE s.id = $1`, [id])).rows[0];
}

/** The submission bearing an instanceID. */
export async function findSubmissionByInstance(
  q: Queryable,
  instanceId: string,
): Promise<SubmissionRow | undefined> {
  const id = (
    await q.query<{ id: string }>('SELECT id FROM openrosa_submissions WHERE instance_id = $1', [instanceId])
  ).rows[0]?.id;
  return id ? findSubmission(q, id) : undefined;
}

export async function insertSubmission(
  q: Queryable,
  s: Pick<
    SubmissionRow,
    | 'id'
    | 'instance_id'
    | 'form_id'
    | 'form_version'
    | 'submitted_by'
    | 'organisation_id'
    | 'app_user_id'
    | 'device_id'
    | 'xml'
    | 'xml_sha256'
    | 'received_at'
    | 'state'
    | 'expected_files'
    | 'refusal_code'
    | 'refusal_errors'
  >,
): Promise<boolean> {
  const r = await q.query(
    `INSERT INTO openrosa_submissions (id, instance_id, form_id, form_version, submitted_by, organisation_id, app_user_id,
       device_id, xml, xml_sha256, received_at, state, expected_files, refusal_code, refusal_errors)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::text[], $14, $15::jsonb)
     ON CONFLICT (instance_id) DO NOTHING`,
    [
      s.id,
      s.instance_id,
      s.form_id,
      s.form_version,
      s.submitted_by,
      s.organisation_id,
      s.app_user_id,
      s.device_id,
      s.xml,
      s.xml_sha256,
      s.received_at,
      s.state,
      s.expected_files,
      s.refusal_code,
      JSON.stringify(s.refusal_errors),
    ],
  );
  return (r.rowCount ?? 0) > 0;
}

export async function insertAttachment(
  q: Queryable,
  a: {
    submissionId: string;
    filename: string;
    contentType: string;
    sizeBytes: number;
    sha256: string;
    content: Buffer;
    receivedAt: Date;
  },
): Promise<boolean> {
  const r = await q.query(
    `INSERT INTO openrosa_attachments (submission_id, filename, content_type, size_bytes, sha256, content, received_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
    [a.submissionId, a.filename, a.contentType, a.sizeBytes, a.sha256, a.content, a.receivedAt],
  );
  return (r.rowCount ?? 0) > 0;
}

export async function listAttachmentContents(
  q: Queryable,
  submissionId: string,
): Promise<{ filename: string; content_type: string; content: Buffer }[]> {
  return (
    await q.query<{ filename: string; content_type: string; content: Buffer }>(
      'SELECT filename, content_type, content FROM openrosa_attachments WHERE submission_id = $1 ORDER BY filename',
      [submissionId],
    )
  ).rows;
}

export async function markApplied(
  q: Queryable,
  id: string,
  r: {
    recordType: 'visit' | 'incident' | 'lot' | 'assessment' | 'grievance';
    recordId: string;
    at: Date;
    by: string;
    correctedXml: string | null;
  },
): Promise<void> {
  await q.query(
    `UPDATE openrosa_submissions SET state = 'applied', record_type = $2, record_id = $3, applied_at = $4, applied_by = $5,
            corrected_xml = COALESCE($6, corrected_xml), refusal_code = NULL, refusal_errors = '[]'
      WHERE id = $1`,
    [id, r.recordType, r.recordId, r.at, r.by, r.correctedXml],
  );
}

export async function markRefused(
  q: Queryable,
  id: string,
  r: { code: string; errors: SubmissionRow['refusal_errors']; correctedXml: string | null },
): Promise<void> {
  await q.query(
    `UPDATE openrosa_submissions SET state = 'refused', refusal_code = $2, refusal_errors = $3::jsonb,
            corrected_xml = COALESCE($4, corrected_xml)
      WHERE id = $1`,
    [id, r.code, JSON.stringify(r.errors), r.correctedXml],
  );
}

/** Submissions, newest first, by state, after a keyset id. */
export async function listSubmissionsPage(
  q: Queryable,
  f: { state?: SubmissionState },
  after: string | null,
  limit: number,
): Promise<SubmissionRow[]> {
  return (
    await q.query<SubmissionRow>(
      `${SUBMISSION_SELECT} WHERE ($1::text IS NULL OR s.state = $1) AND ($2::uuid IS NULL OR s.id < $2)
        ORDER BY s.id DESC LIMIT $3`,
      [f.state ?? null, after, limit],
    )
  ).rows;
}
