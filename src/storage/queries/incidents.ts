import type { Queryable } from '../db.ts';

/** What a listed incident carries besides its own columns: its site and the organisations it names. */
export interface IncidentListExtras {
  site: { id: string; code: string; name: string } | null;
  organisation_ids: string[];
}

export interface IncidentListFilter {
  level: number | null;
  state: string | null;
  siteId: string | null;
  category: string | null;
  overdue: boolean | null;
}

const OVERDUE = "i.state IN ('reported', 'under_verification') AND i.verification_due < $7";
const ORDER = 'i.level, i.reported_at DESC, i.id DESC';
const EXTRAS = `(SELECT json_build_object('id', s.id, 'code', s.code, 'name', s.name) FROM sites s WHERE s.id = i.site_id)
                  AS site,
                ARRAY(SELECT a.organisation_id::text FROM incident_actors a WHERE a.incident_id = i.id
                       ORDER BY a.organisation_id) AS organisation_ids`;

/**
 * Incidents matching `visibility.sql` (SQL over alias `i`, its organisation in $1): overdue verifications
 * first, then by level, newest first, with their sites and named organisations. Over every incident the two
 * parts are read each along its own index and cut at `limit`, so the list never sorts the whole table; a
 * `narrow` visibility (a cooperative's or a buyer's few sites) is fetched by index and sorted at once.
 */
export async function findIncidentPage<R>(
  q: Queryable,
  visibility: { sql: string; narrow: boolean },
  organisationId: string,
  f: IncidentListFilter,
  now: Date,
  limit: number,
): Promise<(R & IncidentListExtras)[]> {
  const where = `${visibility.sql}
        AND ($2::int IS NULL OR i.level = $2) AND ($3::text IS NULL OR i.state = $3) AND ($4::uuid IS NULL OR i.site_id = $4)
        AND ($5::text IS NULL OR i.category = $5)`;
  const sql = visibility.narrow
    ? `SELECT i.*, ${EXTRAS}
         FROM (SELECT i.*, (${OVERDUE}) AS overdue FROM incidents i
                WHERE ${where} AND ($6::boolean IS NULL OR $6 = (${OVERDUE}))
                ORDER BY overdue DESC, ${ORDER} LIMIT $8) i
        ORDER BY i.overdue DESC, ${ORDER}`
    : `SELECT i.*, ${EXTRAS}
         FROM ((SELECT i.*, true AS overdue FROM incidents i
                 WHERE ${where} AND $6::boolean IS NOT FALSE AND ${OVERDUE} ORDER BY ${ORDER} LIMIT $8)
               UNION ALL
               (SELECT i.*, false AS overdue FROM incidents i
                 WHERE ${where} AND $6::boolean IS NOT TRUE AND NOT (${OVERDUE}) ORDER BY ${ORDER} LIMIT $8)) i
        ORDER BY i.overdue DESC, ${ORDER} LIMIT $8`;
  return (
    await q.query<R & IncidentListExtras>(sql, [
      organisationId,
      f.level,
      f.state,
      f.siteId,
      f.category,
      f.overdue,
      now,
      limit,
    ])
  ).rows;
}
