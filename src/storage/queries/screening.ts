import type { ListEntry } from '../../domain/screening/list-entry.ts';
import type { Queryable } from '../db.ts';
import { instantKey } from './page.ts';

/** The screening area's tables: lists, their versions and entries, runs, hits and their history. */

export interface ScreeningListRow {
  id: string;
  key: string;
  name: string;
  kind: 'sanctions' | 'pep';
  created_at: Date;
}

export interface ListVersionRow {
  id: string;
  list_id: string;
  number: number;
  format: 'un-xml' | 'csv';
  published_at: string | null;
  filename: string;
  sha256: string;
  size_bytes: number;
  individuals: number;
  entities: number;
  added: number;
  removed: number;
  changed: number;
  previous_version_id: string | null;
  imported_by: string | null;
  imported_at: Date;
}

/** A version with its list's key, name and kind. */
export type ListVersionView = ListVersionRow & {
  list_key: string;
  list_name: string;
  list_kind: 'sanctions' | 'pep';
};

export interface EntryRow {
  reference: string;
  kind: 'individual' | 'entity';
  name: string;
  program: string | null;
  listed_on: string | null;
  fingerprint: string;
  record: ListEntry;
}

export interface EntryChangeRow {
  reference: string;
  change: 'added' | 'removed' | 'changed';
  kind: 'individual' | 'entity';
  name: string;
  fields: string[];
}

export async function findListByKey(q: Queryable, key: string): Promise<ScreeningListRow | undefined> {
  return (await q.query<ScreeningListRow>('SELECT * FROM screening_lists WHERE key = $1', [key])).rows[0];
}

export async function findListsByIds(q: Queryable, ids: readonly string[]): Promise<ScreeningListRow[]> {
  return (await q.query<ScreeningListRow>('SELECT * FROM screening_lists WHERE id = ANY($1::uuid[])', [ids]))
    .rows;
}

export async function insertList(q: Queryable, row: ScreeningListRow): Promise<void> {
  await q.query('INSERT INTO screening_lists (id, key, name, kind, created_at) VALUES ($1, $2, $3, $4, $5)', [
    row.id,
    row.key,
    row.name,
    row.kind,
    row.created_at,
  ]);
}

/** Serialises, until the transaction ends, the imports of one list: versions are numbered one after another. */
export async function lockList(q: Queryable, listId: string): Promise<void> {
  await q.query('SELECT id FROM screening_lists WHERE id = $1 FOR UPDATE', [listId]);
}

export async function latestVersionOf(q: Queryable, listId: string): Promise<ListVersionRow | undefined> {
  return (
    await q.query<ListVersionRow>(
      'SELECT * FROM screening_list_versions WHERE list_id = $1 ORDER BY number DESC LIMIT 1',
      [listId],
    )
  ).rows[0];
}

/** The newest version of every list: what a new or changed actor is screened against. */
export async function latestVersions(q: Queryable): Promise<{ id: string; list_id: string }[]> {
  return (
    await q.query<{ id: string; list_id: string }>(
      'SELECT DISTINCT ON (list_id) id, list_id FROM screening_list_versions ORDER BY list_id, number DESC',
    )
  ).rows;
}

export async function insertVersion(q: Queryable, row: ListVersionRow): Promise<void> {
  await q.query(
    `INSERT INTO screening_list_versions (id, list_id, number, format, published_at, filename, sha256, size_bytes,
       individuals, entities, added, removed, changed, previous_version_id, imported_by, imported_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
    [
      row.id,
      row.list_id,
      row.number,
      row.format,
      row.published_at,
      row.filename,
      row.sha256,
      row.size_bytes,
      row.individuals,
      row.entities,
      row.added,
      row.removed,
      row.changed,
      row.previous_version_id,
      row.imported_by,
      row.imported_at,
    ],
  );
}

const SLICE = 500;

/** Stores every entry of a version, in slices of a few hundred rows a statement. */
export async function insertEntries(
  q: Queryable,
  versionId: string,
  rows: readonly EntryRow[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += SLICE) {
    await q.query(
      `INSERT INTO screening_entries (version_id, reference, kind, name, program, listed_on, fingerprint, record)
       SELECT $2, x.reference, x.kind, x.name, x.program, x.listed_on, x.fingerprint, x.record
         FROM jsonb_to_recordset($1::jsonb)
           AS x(reference text, kind text, name text, program text, listed_on text, fingerprint text, record jsonb)`,
      [JSON.stringify(rows.slice(i, i + SLICE)), versionId],
    );
  }
}

export async function insertEntryChanges(
  q: Queryable,
  versionId: string,
  rows: readonly EntryChangeRow[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += SLICE) {
    await q.query(
      `INSERT INTO screening_entry_changes (version_id, reference, change, kind, name, fields)
       SELECT $2, x.reference, x.change, x.kind, x.name, x.fields
         FROM jsonb_to_recordset($1::jsonb) AS x(reference text, change text, kind text, name text, fields text[])`,
      [JSON.stringify(rows.slice(i, i + SLICE)), versionId],
    );
  }
}

/** Every entry of some versions, with the list each version belongs to. */
export async function entriesOfVersions(
  q: Queryable,
  versionIds: readonly string[],
): Promise<(EntryRow & { version_id: string; list_id: string })[]> {
  return (
    await q.query<EntryRow & { version_id: string; list_id: string }>(
      `SELECT e.*, v.list_id FROM screening_entries e JOIN screening_list_versions v ON v.id = e.version_id
        WHERE e.version_id = ANY($1::uuid[]) ORDER BY e.version_id, e.reference`,
      [versionIds],
    )
  ).rows;
}

export async function findEntry(
  q: Queryable,
  versionId: string,
  reference: string,
): Promise<EntryRow | undefined> {
  return (
    await q.query<EntryRow>('SELECT * FROM screening_entries WHERE version_id = $1 AND reference = $2', [
      versionId,
      reference,
    ])
  ).rows[0];
}

const VERSION_VIEW = `SELECT v.*, l.key AS list_key, l.name AS list_name, l.kind AS list_kind
  FROM screening_list_versions v JOIN screening_lists l ON l.id = v.list_id`;

export async function findVersion(q: Queryable, id: string): Promise<ListVersionView | undefined> {
  return (await q.query<ListVersionView>(`${VERSION_VIEW} WHERE v.id = $1`, [id])).rows[0];
}

/** A page of list versions, newest first, optionally of one list. */
export async function listVersionsPage(
  q: Queryable,
  listKey: string | null,
  after: [string, string] | undefined,
  limit: number,
): Promise<(ListVersionView & { at_key: string })[]> {
  return (
    await q.query<ListVersionView & { at_key: string }>(
      `SELECT * FROM (
         SELECT v.*, l.key AS list_key, l.name AS list_name, l.kind AS list_kind,
                ${instantKey('v.imported_at')} AS at_key
           FROM screening_list_versions v JOIN screening_lists l ON l.id = v.list_id
          WHERE ($1::text IS NULL OR l.key = $1)
            AND ($2::timestamptz IS NULL OR (v.imported_at, v.id) < ($2::timestamptz, $3::uuid))
          ORDER BY v.imported_at DESC, v.id DESC
          LIMIT $4) page`,
      [listKey, after?.[0] ?? null, after?.[1] ?? null, limit],
    )
  ).rows;
}

/** A page of the changes a version brought, by reference, optionally of one kind of change. */
export async function entryChangesPage(
  q: Queryable,
  versionId: string,
  change: EntryChangeRow['change'] | null,
  after: string | undefined,
  limit: number,
): Promise<EntryChangeRow[]> {
  return (
    await q.query<EntryChangeRow>(
      `SELECT reference, change, kind, name, fields FROM screening_entry_changes
        WHERE version_id = $1 AND ($2::text IS NULL OR change = $2) AND ($3::text IS NULL OR reference > $3)
        ORDER BY reference LIMIT $4`,
      [versionId, change, after ?? null, limit],
    )
  ).rows;
}

/** A page of a version's entries by reference, optionally those whose name holds some text. */
export async function entriesPage(
  q: Queryable,
  versionId: string,
  filter: { q: string | null; kind: string | null; program: string | null },
  after: string | undefined,
  limit: number,
): Promise<EntryRow[]> {
  return (
    await q.query<EntryRow>(
      `SELECT * FROM screening_entries
        WHERE version_id = $1 AND ($2::text IS NULL OR name ILIKE '%' || $2 || '%' OR reference ILIKE $2 || '%')
          AND ($3::text IS NULL OR kind = $3) AND ($4::text IS NULL OR program = $4)
          AND ($5::text IS NULL OR reference > $5)
        ORDER BY reference LIMIT $6`,
      [versionId, filter.q, filter.kind, filter.program, after ?? null, limit],
    )
  ).rows;
}

// ---- runs

export interface RunRow {
  id: string;
  version_id: string;
  status: 'queued' | 'running' | 'done';
  total: number;
  done: number;
  hits: number;
  after_type: 'organisation' | 'person' | null;
  after_id: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  updated_at: Date;
}

export async function insertRun(
  q: Queryable,
  row: Pick<RunRow, 'id' | 'version_id' | 'total' | 'created_at'>,
) {
  await q.query(
    `INSERT INTO screening_runs (id, version_id, status, total, created_at, updated_at)
     VALUES ($1, $2, 'queued', $3, $4, $4)`,
    [row.id, row.version_id, row.total, row.created_at],
  );
}

/** The oldest unfinished run, locked for this transaction; one another worker holds is passed over. */
export async function claimRun(q: Queryable): Promise<RunRow | undefined> {
  return (
    await q.query<RunRow>(
      `SELECT * FROM screening_runs WHERE status <> 'done' ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
    )
  ).rows[0];
}

export async function saveRunProgress(
  q: Queryable,
  id: string,
  p: { done: number; hits: number; after: { type: string; id: string } | null; finished: boolean; now: Date },
): Promise<void> {
  await q.query(
    `UPDATE screening_runs
        SET done = done + $2, hits = hits + $3, after_type = COALESCE($4, after_type), after_id = COALESCE($5, after_id),
            status = CASE WHEN $6 THEN 'done' ELSE 'running' END, started_at = COALESCE(started_at, $7),
            finished_at = CASE WHEN $6 THEN $7 ELSE NULL END, updated_at = $7
      WHERE id = $1`,
    [id, p.done, p.hits, p.after?.type ?? null, p.after?.id ?? null, p.finished, p.now],
  );
}

export async function runsOfVersions(q: Queryable, versionIds: readonly string[]): Promise<RunRow[]> {
  return (
    await q.query<RunRow>(
      'SELECT * FROM screening_runs WHERE version_id = ANY($1::uuid[]) ORDER BY created_at',
      [versionIds],
    )
  ).rows;
}

/** How many organisations and persons a full screening goes through. */
export async function countSubjects(q: Queryable): Promise<number> {
  return (
    await q.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM organisations WHERE merged_into IS NULL)
            + (SELECT count(*) FROM persons WHERE merged_into IS NULL) AS n`,
    )
  ).rows[0].n;
}

/** What an organisation is screened by. */
export interface OrganisationSubjectRow {
  id: string;
  legal_name: string;
  trade_names: string[];
  country: string;
  numbers: string[];
}

/** What a person is screened by. */
export interface PersonSubjectRow {
  id: string;
  organisation_id: string;
  full_name: string;
  birth_year: number | null;
  card_number: string | null;
}

const ORGANISATION_SUBJECT = `SELECT o.id, o.legal_name, o.trade_names, o.country,
    COALESCE((SELECT array_agg(r.number ORDER BY r.scheme, r.number) FROM registration_numbers r
               WHERE r.organisation_id = o.id), '{}') AS numbers
  FROM organisations o`;

export async function organisationSubjects(
  q: Queryable,
  ids: readonly string[],
): Promise<OrganisationSubjectRow[]> {
  return (
    await q.query<OrganisationSubjectRow>(`${ORGANISATION_SUBJECT} WHERE o.id = ANY($1::uuid[])`, [ids])
  ).rows;
}

export async function organisationSubjectsAfter(
  q: Queryable,
  after: string | null,
  limit: number,
): Promise<OrganisationSubjectRow[]> {
  return (
    await q.query<OrganisationSubjectRow>(
      `${ORGANISATION_SUBJECT} WHERE o.merged_into IS NULL AND ($1::uuid IS NULL OR o.id > $1) ORDER BY o.id LIMIT $2`,
      [after, limit],
    )
  ).rows;
}

const PERSON_SUBJECT = 'SELECT id, organisation_id, full_name, birth_year, card_number FROM persons';

export async function personSubjects(q: Queryable, ids: readonly string[]): Promise<PersonSubjectRow[]> {
  return (await q.query<PersonSubjectRow>(`${PERSON_SUBJECT} WHERE id = ANY($1::uuid[])`, [ids])).rows;
}

export async function personSubjectsAfter(
  q: Queryable,
  after: string | null,
  limit: number,
): Promise<PersonSubjectRow[]> {
  return (
    await q.query<PersonSubjectRow>(
      `${PERSON_SUBJECT} WHERE merged_into IS NULL AND ($1::uuid IS NULL OR id > $1) ORDER BY id LIMIT $2`,
      [after, limit],
    )
  ).rows;
}

/** Records when subjects were screened and with which names and identifiers. */
export async function saveScreened(
  q: Queryable,
  rows: readonly { subject_type: string; subject_id: string; fingerprint: string }[],
  at: Date,
): Promise<void> {
  for (let i = 0; i < rows.length; i += 2000) {
    await q.query(
      `INSERT INTO screening_subjects (subject_type, subject_id, fingerprint, screened_at)
       SELECT x.subject_type, x.subject_id, x.fingerprint, $2
         FROM jsonb_to_recordset($1::jsonb) AS x(subject_type text, subject_id uuid, fingerprint text)
       ON CONFLICT (subject_type, subject_id) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, screened_at = $2`,
      [JSON.stringify(rows.slice(i, i + 2000)), at],
    );
  }
}

export async function screenedSubject(
  q: Queryable,
  type: string,
  id: string,
): Promise<{ fingerprint: string; screened_at: Date } | undefined> {
  return (
    await q.query<{ fingerprint: string; screened_at: Date }>(
      'SELECT fingerprint, screened_at FROM screening_subjects WHERE subject_type = $1 AND subject_id = $2',
      [type, id],
    )
  ).rows[0];
}

// ---- hits

export type HitStatus = 'open' | 'confirmed' | 'dismissed' | 'delisted' | 'merged';

export interface HitRow {
  id: string;
  subject_type: 'organisation' | 'person';
  subject_id: string;
  organisation_id: string;
  list_id: string;
  reference: string;
  version_id: string;
  score: number;
  // biome-ignore lint/suspicious/noExplicitAny: the matcher's reasons, written and read by the screening service.
  reasons: any;
  subject_fingerprint: string;
  entry_fingerprint: string;
  status: HitStatus;
  decided_by: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
  incident_id: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

/** A hit with what the queue shows beside it: the subject's name, the list and the entry's name. */
export type HitListRow = HitRow & {
  subject_name: string;
  organisation_name: string;
  list_key: string;
  list_name: string;
  list_kind: 'sanctions' | 'pep';
  entry_name: string | null;
  entry_kind: 'individual' | 'entity' | null;
  program: string | null;
  created_key: string;
};

const HIT_LIST = `SELECT h.*, l.key AS list_key, l.name AS list_name, l.kind AS list_kind,
    COALESCE(p.full_name, so.legal_name) AS subject_name, o.legal_name AS organisation_name,
    e.name AS entry_name, e.kind AS entry_kind, e.program, ${instantKey('h.created_at')} AS created_key
  FROM screening_hits h
  JOIN screening_lists l ON l.id = h.list_id
  JOIN organisations o ON o.id = h.organisation_id
  LEFT JOIN persons p ON h.subject_type = 'person' AND p.id = h.subject_id
  LEFT JOIN organisations so ON h.subject_type = 'organisation' AND so.id = h.subject_id
  LEFT JOIN screening_entries e ON e.version_id = h.version_id AND e.reference = h.reference`;

export async function findHit(q: Queryable, id: string): Promise<HitListRow | undefined> {
  return (await q.query<HitListRow>(`${HIT_LIST} WHERE h.id = $1`, [id])).rows[0];
}

/** The queue: hits of a status, best score first, then oldest; optionally of one organisation. */
export async function hitsPage(
  q: Queryable,
  f: { status: HitStatus; organisationId: string | null; subjectId: string | null },
  after: [number, string, string] | undefined,
  limit: number,
): Promise<HitListRow[]> {
  return (
    await q.query<HitListRow>(
      `${HIT_LIST}
        WHERE h.status = $1 AND ($2::uuid IS NULL OR h.organisation_id = $2) AND ($3::uuid IS NULL OR h.subject_id = $3)
          AND ($4::numeric IS NULL OR h.score < $4::numeric
               OR (h.score = $4::numeric AND (h.created_at, h.id) > ($5::timestamptz, $6::uuid)))
        ORDER BY h.score DESC, h.created_at, h.id LIMIT $7`,
      [
        f.status,
        f.organisationId,
        f.subjectId,
        after?.[0] ?? null,
        after?.[1] ?? null,
        after?.[2] ?? null,
        limit,
      ],
    )
  ).rows;
}

/** Every hit, whatever its status, of some subjects of one kind. */
export async function hitsOfSubjects(q: Queryable, type: string, ids: readonly string[]): Promise<HitRow[]> {
  return (
    await q.query<HitRow>(
      'SELECT * FROM screening_hits WHERE subject_type = $1 AND subject_id = ANY($2::uuid[])',
      [type, ids],
    )
  ).rows;
}

export async function insertHit(q: Queryable, row: HitRow): Promise<void> {
  await q.query(
    `INSERT INTO screening_hits (id, subject_type, subject_id, organisation_id, list_id, reference, version_id, score,
       reasons, subject_fingerprint, entry_fingerprint, status, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)`,
    [
      row.id,
      row.subject_type,
      row.subject_id,
      row.organisation_id,
      row.list_id,
      row.reference,
      row.version_id,
      row.score,
      JSON.stringify(row.reasons),
      row.subject_fingerprint,
      row.entry_fingerprint,
      row.status,
      row.created_at,
    ],
  );
}

/** Writes what a new screening found of an existing hit; `status` opens it again when it was dismissed. */
export async function updateHitFinding(
  q: Queryable,
  id: string,
  f: {
    versionId: string;
    score: number;
    reasons: unknown;
    subjectFingerprint: string;
    entryFingerprint: string;
    organisationId: string;
    status: HitStatus;
    now: Date;
  },
): Promise<void> {
  await q.query(
    `UPDATE screening_hits
        SET version_id = $2, score = $3, reasons = $4, subject_fingerprint = $5, entry_fingerprint = $6,
            organisation_id = $7, status = $8, updated_at = $9, version = version + 1,
            decided_by = CASE WHEN $8 = 'open' THEN NULL ELSE decided_by END,
            decided_at = CASE WHEN $8 = 'open' THEN NULL ELSE decided_at END,
            decision_reason = CASE WHEN $8 = 'open' THEN NULL ELSE decision_reason END
      WHERE id = $1`,
    [
      id,
      f.versionId,
      f.score,
      JSON.stringify(f.reasons),
      f.subjectFingerprint,
      f.entryFingerprint,
      f.organisationId,
      f.status,
      f.now,
    ],
  );
}

/** Records a reviewer's decision if the hit is still at the version read; false when someone came first. */
export async function decideHitRow(
  q: Queryable,
  id: string,
  version: number,
  d: { status: 'confirmed' | 'dismissed'; by: string; at: Date; reason: string },
): Promise<boolean> {
  const r = await q.query(
    `UPDATE screening_hits
        SET status = $3, decided_by = $4, decided_at = $5, decision_reason = $6, version = version + 1, updated_at = $5
      WHERE id = $1 AND version = $2 AND status = 'open'`,
    [id, version, d.status, d.by, d.at, d.reason],
  );
  return r.rowCount === 1;
}

/** Links a confirmed hit to the incident it opened. */
export async function setHitIncident(q: Queryable, id: string, incidentId: string): Promise<void> {
  await q.query('UPDATE screening_hits SET incident_id = $2 WHERE id = $1', [id, incidentId]);
}

/** Marks delisted the open and confirmed hits of entries a new version removed; returns them. */
export async function delistHits(
  q: Queryable,
  listId: string,
  references: readonly string[],
  now: Date,
): Promise<{ id: string; subject_type: string; subject_id: string; reference: string }[]> {
  if (!references.length) return [];
  return (
    await q.query<{ id: string; subject_type: string; subject_id: string; reference: string }>(
      `UPDATE screening_hits SET status = 'delisted', updated_at = $3, version = version + 1
        WHERE list_id = $1 AND reference = ANY($2::text[]) AND status IN ('open', 'confirmed')
        RETURNING id, subject_type, subject_id, reference`,
      [listId, references, now],
    )
  ).rows;
}

export interface HitHistoryRow {
  id: string;
  hit_id: string;
  action: 'raised' | 'reopened' | 'confirmed' | 'dismissed' | 'delisted' | 'moved' | 'merged';
  score: number | null;
  reason: string | null;
  by_user: string | null;
  at: Date;
}

export async function insertHitHistory(q: Queryable, rows: readonly HitHistoryRow[]): Promise<void> {
  if (!rows.length) return;
  await q.query(
    `INSERT INTO screening_hit_history (id, hit_id, action, score, reason, by_user, at)
     SELECT x.id, x.hit_id, x.action, x.score, x.reason, x.by_user, x.at
       FROM jsonb_to_recordset($1::jsonb)
         AS x(id uuid, hit_id uuid, action text, score numeric, reason text, by_user uuid, at timestamptz)`,
    [JSON.stringify(rows)],
  );
}

export async function hitHistory(q: Queryable, hitIds: readonly string[]): Promise<HitHistoryRow[]> {
  return (
    await q.query<HitHistoryRow>(
      'SELECT * FROM screening_hit_history WHERE hit_id = ANY($1::uuid[]) ORDER BY at, id',
      [hitIds],
    )
  ).rows;
}

/** How many hits of each status concern some organisations (their own and their people's). */
export async function hitCountsOf(
  q: Queryable,
  organisationIds: readonly string[],
): Promise<{ organisation_id: string; status: HitStatus; n: number }[]> {
  return (
    await q.query<{ organisation_id: string; status: HitStatus; n: number }>(
      `SELECT organisation_id, status, count(*)::int AS n FROM screening_hits
        WHERE organisation_id = ANY($1::uuid[]) GROUP BY organisation_id, status`,
      [organisationIds],
    )
  ).rows;
}

/** How many hits of each status one organisation or person itself has. */
export async function hitCountsOfSubject(
  q: Queryable,
  type: string,
  id: string,
): Promise<{ status: HitStatus; n: number }[]> {
  return (
    await q.query<{ status: HitStatus; n: number }>(
      `SELECT status, count(*)::int AS n FROM screening_hits WHERE subject_type = $1 AND subject_id = $2 GROUP BY status`,
      [type, id],
    )
  ).rows;
}

// ---- consequences: confirmed hits and the ownership around them

/** A confirmed hit, with what a red flag says of it. */
export interface ConfirmedHitRow {
  id: string;
  subject_type: 'organisation' | 'person';
  subject_id: string;
  organisation_id: string;
  reference: string;
  list_key: string;
  list_name: string;
  list_kind: 'sanctions' | 'pep';
  subject_name: string;
  program: string | null;
}

export async function confirmedHits(q: Queryable): Promise<ConfirmedHitRow[]> {
  return (
    await q.query<ConfirmedHitRow>(
      `SELECT h.id, h.subject_type, h.subject_id, h.organisation_id, h.reference, l.key AS list_key, l.name AS list_name,
              l.kind AS list_kind, COALESCE(p.full_name, o.legal_name) AS subject_name, e.program
         FROM screening_hits h
         JOIN screening_lists l ON l.id = h.list_id
         LEFT JOIN persons p ON h.subject_type = 'person' AND p.id = h.subject_id
         LEFT JOIN organisations o ON h.subject_type = 'organisation' AND o.id = h.subject_id
         LEFT JOIN screening_entries e ON e.version_id = h.version_id AND e.reference = h.reference
        WHERE h.status = 'confirmed'
        ORDER BY h.decided_at, h.id`,
    )
  ).rows;
}

/** An ownership link with both ends' names. */
export interface OwnershipEdgeRow {
  owner_type: 'organisation' | 'person';
  owner_id: string;
  owner_name: string;
  owned_id: string;
  owned_name: string;
  percent: number;
}

/**
 * The ownership links connected, in either direction and at any distance, to the actors of confirmed hits (and
 * their people's organisations): all that a red flag's percentage path can run along.
 */
export async function ownershipAroundConfirmedHits(q: Queryable): Promise<OwnershipEdgeRow[]> {
  return (
    await q.query<OwnershipEdgeRow>(
      `WITH RECURSIVE reach(kind, id) AS (
         SELECT h.subject_type, h.subject_id FROM screening_hits h WHERE h.status = 'confirmed'
         UNION
         SELECT 'organisation', h.organisation_id FROM screening_hits h WHERE h.status = 'confirmed'
         UNION
         SELECT x.kind, x.id
           FROM reach r
           JOIN ownership_links ol
             ON (r.kind = 'organisation' AND (ol.owner_organisation_id = r.id OR ol.owned_organisation_id = r.id))
             OR (r.kind = 'person' AND ol.owner_person_id = r.id)
           CROSS JOIN LATERAL (VALUES
             ('organisation', ol.owned_organisation_id),
             (CASE WHEN ol.owner_organisation_id IS NULL THEN 'person' ELSE 'organisation' END,
              COALESCE(ol.owner_organisation_id, ol.owner_person_id))) AS x(kind, id)
       )
       SELECT DISTINCT CASE WHEN ol.owner_organisation_id IS NULL THEN 'person' ELSE 'organisation' END AS owner_type,
              COALESCE(ol.owner_organisation_id, ol.owner_person_id) AS owner_id,
              COALESCE(oo.legal_name, op.full_name) AS owner_name,
              ol.owned_organisation_id AS owned_id, od.legal_name AS owned_name, ol.percent
         FROM ownership_links ol
         JOIN reach r ON r.kind = 'organisation' AND r.id = ol.owned_organisation_id
         JOIN organisations od ON od.id = ol.owned_organisation_id
         LEFT JOIN organisations oo ON oo.id = ol.owner_organisation_id
         LEFT JOIN persons op ON op.id = ol.owner_person_id
        ORDER BY owned_id, owner_id`,
    )
  ).rows;
}

export async function organisationNamesOf(
  q: Queryable,
  ids: readonly string[],
): Promise<{ id: string; legal_name: string }[]> {
  return (
    await q.query<{ id: string; legal_name: string }>(
      'SELECT id, legal_name FROM organisations WHERE id = ANY($1::uuid[])',
      [ids],
    )
  ).rows;
}

// ---- duplicates offered before saving

// Accented letters of French names, folded in SQL as any-ascii folds them in JavaScript, so LIKE finds "négoce" by
// "negoce".
const ACCENTED = 'àâäáãåçéèêëíìîïñóòôöõúùûüýÿœæ';
const PLAIN = 'aaaaaaceeeeiiiinooooouuuuyyoa';
const folded = (expr: string) => `translate(lower(${expr}), '${ACCENTED}', '${PLAIN}')`;
const numberKey = (expr: string) => `regexp_replace(upper(${expr}), '[^A-Z0-9]', '', 'g')`;

/** Organisations sharing a registration number (letters and digits compared) or holding one of the words. */
export async function organisationsLike(
  q: Queryable,
  patterns: readonly string[],
  numberKeys: readonly string[],
  limit: number,
): Promise<{ id: string; legal_name: string; trade_names: string[]; numbers: string[] }[]> {
  return (
    await q.query<{ id: string; legal_name: string; trade_names: string[]; numbers: string[] }>(
      `SELECT o.id, o.legal_name, o.trade_names,
              COALESCE((SELECT array_agg(r.number) FROM registration_numbers r WHERE r.organisation_id = o.id), '{}') AS numbers
         FROM organisations o
        WHERE o.merged_into IS NULL
          AND (EXISTS (SELECT 1 FROM registration_numbers r WHERE r.organisation_id = o.id AND ${numberKey('r.number')} = ANY($2::text[]))
               OR ${folded("o.legal_name || ' ' || array_to_string(o.trade_names, ' ')")} LIKE ANY($1::text[]))
        ORDER BY o.id LIMIT $3`,
      [patterns, numberKeys, limit],
    )
  ).rows;
}

/** Persons of an organisation holding one of the words, and anyone with the same card number. */
export async function personsLike(
  q: Queryable,
  organisationId: string,
  patterns: readonly string[],
  cardKey: string | null,
  limit: number,
): Promise<{ id: string; full_name: string; card_number: string | null; birth_year: number | null }[]> {
  return (
    await q.query<{ id: string; full_name: string; card_number: string | null; birth_year: number | null }>(
      `SELECT id, full_name, card_number, birth_year FROM persons
        WHERE merged_into IS NULL
          AND ((organisation_id = $1 AND ${folded('full_name')} LIKE ANY($2::text[]))
               OR ($3::text IS NOT NULL AND ${numberKey('card_number')} = $3))
        ORDER BY id LIMIT $4`,
      [organisationId, patterns, cardKey, limit],
    )
  ).rows;
}

/** Sites with the code, holding one of the words, or whose first position lies in a box of longitude and latitude. */
export async function sitesLike(
  q: Queryable,
  f: { code: string | null; patterns: readonly string[]; box: [number, number, number, number] | null },
  limit: number,
): Promise<{ id: string; code: string; name: string; geometry: unknown }[]> {
  const first = `(CASE geometry->>'type' WHEN 'Point' THEN geometry->'coordinates'
                   WHEN 'Polygon' THEN geometry->'coordinates'->0->0 ELSE geometry->'coordinates'->0->0->0 END)`;
  return (
    await q.query<{ id: string; code: string; name: string; geometry: unknown }>(
      `SELECT id, code, name, geometry FROM sites
        WHERE merged_into IS NULL
          AND (($1::text IS NOT NULL AND upper(code) = upper($1))
               OR ${folded('name')} LIKE ANY($2::text[])
               OR ($3::float8 IS NOT NULL AND (${first}->>0)::float8 BETWEEN $3 AND $5 AND (${first}->>1)::float8 BETWEEN $4 AND $6))
        ORDER BY code LIMIT $7`,
      [
        f.code,
        f.patterns,
        f.box?.[0] ?? null,
        f.box?.[1] ?? null,
        f.box?.[2] ?? null,
        f.box?.[3] ?? null,
        limit,
      ],
    )
  ).rows;
}
