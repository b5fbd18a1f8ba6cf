import type { Queryable } from '../db.ts';
import { instantKey } from './page.ts';

export interface AuditGrantRow {
  id: string;
  auditor_user_id: string;
  auditor_name: string;
  auditor_email: string;
  site_ids: string[];
  organisation_ids: string[];
  period_from: string;
  period_to: string;
  log_packs: boolean;
  purpose: string;
  granted_by: string;
  granted_by_name: string;
  granted_at: Date;
  ended_by: string | null;
  ended_by_name: string | null;
  ended_at: Date | null;
  end_reason: string | null;
}

const GRANT_SELECT = `
  SELECT g.id, g.auditor_user_id, a.name AS auditor_name, a.email AS auditor_email, g.site_ids, g.organisation_ids,
         to_char(g.period_from, 'YYYY-MM-DD') AS period_from, to_char(g.period_to, 'YYYY-MM-DD') AS period_to,
         g.log_packs, g.purpose, g.granted_by, gb.name AS granted_by_name, g.granted_at,
         g.ended_by, eb.name AS ended_by_name, g.ended_at, g.end_reason
    FROM audit_grants g
    JOIN users a ON a.id = g.auditor_user_id
    JOIN users gb ON gb.id = g.granted_by
    LEFT JOIN users eb ON eb.id = g.ended_by`;

export interface NewAuditGrantRow {
  id: string;
  auditor_user_id: string;
  site_ids: readonly string[];
  organisation_ids: readonly string[];
  period_from: string;
  period_to: string;
  log_packs: boolean;
  purpose: string;
  granted_by: string;
  granted_at: Date;
}

export async function insertAuditGrant(q: Queryable, g: NewAuditGrantRow): Promise<void> {
  await q.query(
    `INSERT INTO audit_grants (id, auditor_user_id, site_ids, organisation_ids, period_from, period_to, log_packs,
                               purpose, granted_by, granted_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      g.id,
      g.auditor_user_id,
      g.site_ids,
      g.organisation_ids,
      g.period_from,
      g.period_to,
      g.log_packs,
      g.purpose,
      g.granted_by,
      g.granted_at,
    ],
  );
}

export async function findAuditGrant(q: Queryable, id: string): Promise<AuditGrantRow | undefined> {
  return (await q.query<AuditGrantRow>(`${GRANT_SELECT} WHERE g.id = $1`, [id])).rows[0];
}

/** The grant in force for an auditor, if any (`audit_grants_in_force_idx`). */
export async function findGrantInForce(q: Queryable, userId: string): Promise<AuditGrantRow | undefined> {
  return (
    await q.query<AuditGrantRow>(`${GRANT_SELECT} WHERE g.auditor_user_id = $1 AND g.ended_at IS NULL`, [
      userId,
    ])
  ).rows[0];
}

/** Ends a grant still in force; false when it had already ended. */
export async function endAuditGrant(
  q: Queryable,
  id: string,
  end: { by: string; at: Date; reason: string },
): Promise<boolean> {
  const r = await q.query(
    'UPDATE audit_grants SET ended_by = $2, ended_at = $3, end_reason = $4 WHERE id = $1 AND ended_at IS NULL',
    [id, end.by, end.at, end.reason],
  );
  return r.rowCount > 0;
}

/** A page of grants, newest first (`audit_grants_list_idx`). */
export async function listAuditGrantsPage(
  q: Queryable,
  after: [string, string] | undefined,
  limit: number,
): Promise<(AuditGrantRow & { at_key: string })[]> {
  return (
    await q.query<AuditGrantRow & { at_key: string }>(
      `SELECT * FROM (
         ${GRANT_SELECT.replace('SELECT g.id,', `SELECT ${instantKey('g.granted_at')} AS at_key, g.id,`)}
          WHERE ($1::timestamptz IS NULL OR (g.granted_at, g.id) < ($1::timestamptz, $2::uuid))
          ORDER BY g.granted_at DESC, g.id DESC
          LIMIT $3) page`,
      [after?.[0] ?? null, after?.[1] ?? null, limit],
    )
  ).rows;
}

/** Whether the user holds the auditor role in some organisation. */
export async function isAuditorUser(q: Queryable, userId: string): Promise<boolean> {
  return (
    (
      await q.query<{ one: number }>(
        "SELECT 1 AS one FROM memberships WHERE user_id = $1 AND role = 'auditor' LIMIT 1",
        [userId],
      )
    ).rows.length > 0
  );
}

/** Which of these ids name sites, and which name organisations. */
export async function existingScopeIds(
  q: Queryable,
  siteIds: readonly string[],
  organisationIds: readonly string[],
): Promise<{ sites: string[]; organisations: string[] }> {
  const sites = await q.query<{ id: string }>('SELECT id FROM sites WHERE id = ANY($1::uuid[])', [siteIds]);
  const orgs = await q.query<{ id: string }>('SELECT id FROM organisations WHERE id = ANY($1::uuid[])', [
    organisationIds,
  ]);
  return { sites: sites.rows.map((r) => r.id), organisations: orgs.rows.map((r) => r.id) };
}

export interface AuditSiteRow {
  id: string;
  code: string;
  name: string;
  province: string;
  status: string;
  status_since: Date;
}

/** A page of the sites a scope covers, named or operated by a named organisation, by code. */
export async function scopeSitesPage(
  q: Queryable,
  scope: { siteIds: readonly string[]; organisationIds: readonly string[] },
  after: [string, string] | undefined,
  limit: number,
): Promise<AuditSiteRow[]> {
  return (
    await q.query<AuditSiteRow>(
      `SELECT s.id, s.code, s.name, s.province, s.status, s.status_since
         FROM sites s
        WHERE (s.id = ANY($1::uuid[])
               OR s.id IN (SELECT site_id FROM site_operators WHERE organisation_id = ANY($2::uuid[])))
          AND ($3::text IS NULL OR (s.code, s.id) > ($3::text, $4::uuid))
        ORDER BY s.code, s.id
        LIMIT $5`,
      [scope.siteIds, scope.organisationIds, after?.[0] ?? null, after?.[1] ?? null, limit],
    )
  ).rows;
}

/** A site with the organisations that operate it. */
export async function findSiteWithOperators(
  q: Queryable,
  id: string,
): Promise<(AuditSiteRow & { operators: { id: string; name: string }[] }) | undefined> {
  return (
    await q.query<AuditSiteRow & { operators: { id: string; name: string }[] }>(
      `SELECT s.id, s.code, s.name, s.province, s.status, s.status_since,
              coalesce((SELECT json_agg(json_build_object('id', o.id, 'name', o.legal_name) ORDER BY o.legal_name)
                          FROM site_operators so JOIN organisations o ON o.id = so.organisation_id
                         WHERE so.site_id = s.id), '[]') AS operators
         FROM sites s WHERE s.id = $1`,
      [id],
    )
  ).rows[0];
}

export interface StatusChangeRow {
  status: string;
  reason: string;
  effective_at: Date;
}

/** The site's status changes effective in [since, until), oldest first, and the last one before `since`. */
export async function statusHistoryBetween(
  q: Queryable,
  siteId: string,
  since: Date,
  until: Date,
): Promise<{ before: StatusChangeRow | undefined; changes: StatusChangeRow[] }> {
  const before = await q.query<StatusChangeRow>(
    `SELECT status, reason, effective_at FROM site_status_history
      WHERE site_id = $1 AND effective_at < $2 ORDER BY effective_at DESC, id DESC LIMIT 1`,
    [siteId, since],
  );
  const changes = await q.query<StatusChangeRow>(
    `SELECT status, reason, effective_at FROM site_status_history
      WHERE site_id = $1 AND effective_at >= $2 AND effective_at < $3 ORDER BY effective_at, id LIMIT 1000`,
    [siteId, since, until],
  );
  return { before: before.rows[0], changes: changes.rows };
}

export interface AuditEventRow {
  seq: number;
  id: string;
  occurred_at: Date;
  user_id: string | null;
  organisation_id: string | null;
  type: string;
  subject_type: string;
  subject_id: string;
  payload: unknown;
  hash: string;
}

/** A page of the log's records about one subject recorded in [since, until), newest first (`events_subject_idx`). */
export async function subjectRecordsPage(
  q: Queryable,
  subject: { type: string; id: string },
  since: Date,
  until: Date,
  afterSeq: number | undefined,
  limit: number,
): Promise<AuditEventRow[]> {
  return (
    await q.query<AuditEventRow>(
      `SELECT seq, id, occurred_at, user_id, organisation_id, type, subject_type, subject_id, payload, hash
         FROM events
        WHERE subject_type = $1 AND subject_id = $2 AND occurred_at >= $3 AND occurred_at < $4
          AND ($5::bigint IS NULL OR seq < $5::bigint)
        ORDER BY seq DESC
        LIMIT $6`,
      [subject.type, subject.id, since, until, afterSeq ?? null, limit],
    )
  ).rows;
}

/** A page of auditors' reads, newest first: of one grant (`events_subject_idx`) or of all (`events_audit_reads_idx`). */
export async function auditReadsPage(
  q: Queryable,
  grantId: string | null,
  afterSeq: number | undefined,
  limit: number,
): Promise<(AuditEventRow & { user_name: string | null })[]> {
  return (
    await q.query<AuditEventRow & { user_name: string | null }>(
      `SELECT e.seq, e.id, e.occurred_at, e.user_id, e.organisation_id, e.type, e.subject_type, e.subject_id,
              e.payload, e.hash, u.name AS user_name
         FROM events e LEFT JOIN users u ON u.id = e.user_id
        WHERE e.type = 'audit.read'
          AND ($1::text IS NULL OR (e.subject_type = 'audit_grant' AND e.subject_id = $1::text))
          AND ($2::bigint IS NULL OR e.seq < $2::bigint)
        ORDER BY e.seq DESC
        LIMIT $3`,
      [grantId, afterSeq ?? null, limit],
    )
  ).rows;
}
