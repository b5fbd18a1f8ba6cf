import type { MergeRecordType } from '../../domain/screening/merge.ts';
import type { Queryable } from '../db.ts';

// The tables of the records merged, and the column naming each for people to read.
const TABLE: Record<MergeRecordType, string> = {
  organisation: 'organisations',
  person: 'persons',
  site: 'sites',
};

/** What a merge is judged by, of one record, locked for the transaction. */
export interface MergeSideRow {
  id: string;
  name: string;
  merged_into: string | null;
  organisation_id: string | null;
  chain_roles: string[] | null;
  members: number;
}

export async function lockMergeSide(
  q: Queryable,
  type: MergeRecordType,
  id: string,
): Promise<MergeSideRow | undefined> {
  const sql = {
    organisation: `SELECT id, legal_name AS name, merged_into, NULL::uuid AS organisation_id, chain_roles,
                          (SELECT count(*)::int FROM memberships m WHERE m.organisation_id = o.id) AS members
                     FROM organisations o WHERE id = $1 FOR UPDATE`,
    person: `SELECT id, full_name AS name, merged_into, organisation_id, NULL::text[] AS chain_roles, 0 AS members
               FROM persons WHERE id = $1 FOR UPDATE`,
    site: `SELECT id, name || ' (' || code || ')' AS name, merged_into, NULL::uuid AS organisation_id,
                  NULL::text[] AS chain_roles, 0 AS members
             FROM sites WHERE id = $1 FOR UPDATE`,
  }[type];
  return (await q.query<MergeSideRow>(sql, [id])).rows[0];
}

/** The record a merged one now reads as, if it was merged. */
export async function survivorOf(q: Queryable, type: MergeRecordType, id: string): Promise<string | null> {
  return (
    (
      await q.query<{ merged_into: string | null }>(`SELECT merged_into FROM ${TABLE[type]} WHERE id = $1`, [
        id,
      ])
    ).rows[0]?.merged_into ?? null
  );
}

/**
 * A SQL condition: `column` names the record in `param` or one merged into it, so that a list of what happened to a
 * record reads the records merged into it too (decision 0026).
 */
export const inMergeGroup = (column: string, table: 'organisations' | 'persons' | 'sites', param: string) =>
  `${column} = ANY(ARRAY(SELECT g.id FROM ${table} g WHERE g.id = ${param}::uuid OR g.merged_into = ${param}::uuid))`;

/** A record and every record merged into it. */
export async function mergeGroup(q: Queryable, type: MergeRecordType, id: string): Promise<string[]> {
  return (
    await q.query<{ id: string }>(`SELECT id FROM ${TABLE[type]} WHERE id = $1 OR merged_into = $1`, [id])
  ).rows.map((r) => r.id);
}

/** Whether one of two organisations owns the other. */
export async function ownOneAnother(q: Queryable, a: string, b: string): Promise<boolean> {
  return (
    (
      await q.query(
        `SELECT 1 FROM ownership_links
          WHERE (owned_organisation_id = $1 AND owner_organisation_id = $2)
             OR (owned_organisation_id = $2 AND owner_organisation_id = $1) LIMIT 1`,
        [a, b],
      )
    ).rows.length > 0
  );
}

/** The rows a merge moved to the survivor, by what they are: ids, or `scheme:number` of registration numbers. */
export type MovedRows = Record<string, string[]>;

const ids = async (q: Queryable, sql: string, params: unknown[]) =>
  (await q.query<{ id: string }>(sql, params)).rows.map((r) => r.id);

/** Moves the operators of one site to another, each once. */
async function moveOperators(q: Queryable, column: 'site_id' | 'organisation_id', from: string, to: string) {
  const other = column === 'site_id' ? 'organisation_id' : 'site_id';
  await q.query(
    `INSERT INTO site_operators (${column}, ${other})
     SELECT $2, ${other} FROM site_operators WHERE ${column} = $1 ON CONFLICT DO NOTHING`,
    [from, to],
  );
  return ids(q, `DELETE FROM site_operators WHERE ${column} = $1 RETURNING ${other} AS id`, [from]);
}

/**
 * Moves to the survivor what the merged record holds now (decision 0026): an organisation's people, licences,
 * ownership links, sites operated, registration numbers and evidence files; a person's licences and shares; a
 * site's operators and the licences valid for it. What happened (events, reviews, visits, lots) is not moved.
 */
export async function moveHoldings(
  q: Queryable,
  type: MergeRecordType,
  from: string,
  to: string,
  now: Date,
): Promise<MovedRows> {
  if (type === 'organisation') {
    const persons = await ids(
      q,
      'UPDATE persons SET organisation_id = $2, updated_at = $3 WHERE organisation_id = $1 RETURNING id',
      [from, to, now],
    );
    // Their hits are of the survivor's people now.
    await q.query(
      'UPDATE screening_hits SET organisation_id = $2 WHERE subject_type = $3 AND subject_id = ANY($1)',
      [persons, to, 'person'],
    );
    return {
      persons,
      licences: await ids(
        q,
        'UPDATE licences SET holder_organisation_id = $2, updated_at = $3 WHERE holder_organisation_id = $1 RETURNING id',
        [from, to, now],
      ),
      ownershipLinks: [
        ...(await ids(
          q,
          'UPDATE ownership_links SET owned_organisation_id = $2 WHERE owned_organisation_id = $1 RETURNING id',
          [from, to],
        )),
        ...(await ids(
          q,
          'UPDATE ownership_links SET owner_organisation_id = $2 WHERE owner_organisation_id = $1 RETURNING id',
          [from, to],
        )),
      ],
      sitesOperated: await moveOperators(q, 'organisation_id', from, to),
      registrationNumbers: await ids(
        q,
        `UPDATE registration_numbers SET organisation_id = $2 WHERE organisation_id = $1
         RETURNING scheme || ':' || number AS id`,
        [from, to],
      ),
      documents: await ids(
        q,
        'UPDATE documents SET organisation_id = $2 WHERE organisation_id = $1 RETURNING id',
        [from, to],
      ),
    };
  }
  if (type === 'person')
    return {
      licences: await ids(
        q,
        'UPDATE licences SET holder_person_id = $2, updated_at = $3 WHERE holder_person_id = $1 RETURNING id',
        [from, to, now],
      ),
      ownershipLinks: await ids(
        q,
        'UPDATE ownership_links SET owner_person_id = $2 WHERE owner_person_id = $1 RETURNING id',
        [from, to],
      ),
    };
  return {
    operators: await moveOperators(q, 'site_id', from, to),
    licences: await ids(
      q,
      'UPDATE licences SET site_id = $2, updated_at = $3 WHERE site_id = $1 RETURNING id',
      [from, to, now],
    ),
  };
}

/**
 * The merged actor's open hits: those whose pair the survivor already holds are closed as `merged`, the others
 * become the survivor's (its organisation's, for a person of another). Returns both lists of ids.
 */
export async function moveOpenHits(
  q: Queryable,
  type: 'organisation' | 'person',
  from: string,
  to: string,
  toOrganisation: string,
  now: Date,
): Promise<{ closed: string[]; moved: string[] }> {
  const closed = await ids(
    q,
    `UPDATE screening_hits h SET status = 'merged', version = version + 1, updated_at = $4
      WHERE subject_type = $1 AND subject_id = $2 AND status = 'open'
        AND EXISTS (SELECT 1 FROM screening_hits s WHERE s.subject_type = $1 AND s.subject_id = $3
                       AND s.list_id = h.list_id AND s.reference = h.reference)
      RETURNING id`,
    [type, from, to, now],
  );
  const moved = await ids(
    q,
    `UPDATE screening_hits SET subject_id = $3, organisation_id = $4, version = version + 1, updated_at = $5
      WHERE subject_type = $1 AND subject_id = $2 AND status = 'open' RETURNING id`,
    [type, from, to, toOrganisation, now],
  );
  return { closed, moved };
}

/** Marks a record merged into the survivor, and points there whatever had been merged into it before. */
export async function markMerged(q: Queryable, type: MergeRecordType, from: string, to: string, now: Date) {
  const table = TABLE[type];
  await q.query(
    `UPDATE ${table} SET merged_into = $2, version = version + 1, updated_at = $3 WHERE id = $1`,
    [from, to, now],
  );
  await q.query(`UPDATE ${table} SET merged_into = $2 WHERE merged_into = $1`, [from, to]);
  // A merged actor is screened no more: the survivor is.
  if (type !== 'site')
    await q.query('DELETE FROM screening_subjects WHERE subject_type = $1 AND subject_id = $2', [type, from]);
}

export interface MergeRow {
  id: string;
  record_type: MergeRecordType;
  merged_id: string;
  survivor_id: string;
  reason: string;
  moved: MovedRows;
  merged_by: string;
  merged_at: Date;
}

export async function insertMerge(q: Queryable, m: MergeRow): Promise<void> {
  await q.query(
    `INSERT INTO record_merges (id, record_type, merged_id, survivor_id, reason, moved, merged_by, merged_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      m.id,
      m.record_type,
      m.merged_id,
      m.survivor_id,
      m.reason,
      JSON.stringify(m.moved),
      m.merged_by,
      m.merged_at,
    ],
  );
}

/** A merge with the names of its two records and of who made it. */
export interface MergeListRow extends MergeRow {
  merged_name: string;
  survivor_name: string;
  merged_by_name: string;
}

const NAME = {
  organisation: (alias: string) => `(SELECT legal_name FROM organisations WHERE id = ${alias})`,
  person: (alias: string) => `(SELECT full_name FROM persons WHERE id = ${alias})`,
  site: (alias: string) => `(SELECT name || ' (' || code || ')' FROM sites WHERE id = ${alias})`,
};

/** The merges into a record (and into those merged into it), newest first, by keyset. */
export async function mergesInto(
  q: Queryable,
  type: MergeRecordType,
  group: readonly string[],
  after: readonly [string, string] | undefined,
  limit: number,
): Promise<MergeListRow[]> {
  return (
    await q.query<MergeListRow>(
      `SELECT m.*, ${NAME[type]('m.merged_id')} AS merged_name, ${NAME[type]('m.survivor_id')} AS survivor_name,
              (SELECT name FROM users WHERE id = m.merged_by) AS merged_by_name
         FROM record_merges m
        WHERE m.record_type = $1 AND m.survivor_id = ANY($2::uuid[])
          AND ($3::timestamptz IS NULL OR (m.merged_at, m.id) < ($3, $4::uuid))
        ORDER BY m.merged_at DESC, m.id DESC LIMIT $5`,
      [type, group, after?.[0] ?? null, after?.[1] ?? null, limit],
    )
  ).rows;
}

/** An event of a record's history, with who caused it. */
export interface HistoryRow {
  seq: number;
  occurred_at: Date;
  type: string;
  subject_id: string;
  user_id: string | null;
  user_name: string | null;
}

/** The events about some records (one and those merged into it), newest first, by sequence number. */
export async function historyOf(
  q: Queryable,
  type: MergeRecordType,
  group: readonly string[],
  before: number | undefined,
  limit: number,
): Promise<HistoryRow[]> {
  return (
    await q.query<HistoryRow>(
      `SELECT e.seq, e.occurred_at, e.type, e.subject_id, e.user_id, u.name AS user_name
         FROM events e LEFT JOIN users u ON u.id = e.user_id
        WHERE e.subject_type = $1 AND e.subject_id = ANY($2::text[]) AND ($3::bigint IS NULL OR e.seq < $3)
        ORDER BY e.seq DESC LIMIT $4`,
      [type, group, before ?? null, limit],
    )
  ).rows;
}
