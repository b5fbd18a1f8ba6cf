import type { Requirement, SetKind } from '../../domain/criteria/criteria-set.ts';
import type { Queryable } from '../db.ts';

export interface SetRow {
  id: string;
  key: string;
  version: number;
  name: string;
  description: string;
  kind: SetKind;
  status: 'draft' | 'published';
  published_at: Date | null;
  published_by: string | null;
  revision: number;
  created_at: Date;
  updated_at: Date;
}

export interface RequirementRow {
  id: string;
  set_id: string;
  position: number;
  code: string;
  text_fr: string;
  text_en: string;
  topic: string;
  risk_category: Requirement['riskCategory'];
  applies_to: Requirement['appliesTo'];
  evidence: string;
  tier: Requirement['tier'];
  correction_months: number | null;
  horizon_months: number | null;
  weight: number;
}

export const toRequirement = (r: RequirementRow): Requirement => ({
  code: r.code,
  textFr: r.text_fr,
  textEn: r.text_en,
  topic: r.topic,
  riskCategory: r.risk_category,
  appliesTo: r.applies_to,
  evidence: r.evidence,
  tier: r.tier,
  correctionMonths: r.correction_months,
  horizonMonths: r.horizon_months,
  weight: r.weight,
});

export async function findSet(q: Queryable, id: string): Promise<SetRow | undefined> {
  return (await q.query<SetRow>('SELECT * FROM criteria_sets WHERE id = $1', [id])).rows[0];
}

/** The criteria sets of these ids, in no order. */
export async function findSets(q: Queryable, ids: readonly string[]): Promise<SetRow[]> {
  if (ids.length === 0) return [];
  return (await q.query<SetRow>('SELECT * FROM criteria_sets WHERE id = ANY($1::uuid[])', [ids])).rows;
}

/** The requirements of these sets, each set's in its order. */
export async function requirementsOfSets(q: Queryable, setIds: readonly string[]): Promise<RequirementRow[]> {
  if (setIds.length === 0) return [];
  return (
    await q.query<RequirementRow>(
      'SELECT * FROM requirements WHERE set_id = ANY($1::uuid[]) ORDER BY set_id, position',
      [setIds],
    )
  ).rows;
}

export async function requirementsOf(q: Queryable, setId: string): Promise<RequirementRow[]> {
  return (
    await q.query<RequirementRow>('SELECT * FROM requirements WHERE set_id = $1 ORDER BY position', [setId])
  ).rows;
}

/** Replaces a set's requirements, keeping their order. */
export async function writeRequirements(
  q: Queryable,
  setId: string,
  requirements: readonly Requirement[],
  newId: () => string,
) {
  await q.query('DELETE FROM requirements WHERE set_id = $1', [setId]);
  for (const [i, r] of requirements.entries()) {
    await q.query(
      `INSERT INTO requirements (id, set_id, position, code, text_fr, text_en, topic, risk_category, applies_to, evidence, tier,
                                 correction_months, horizon_months, weight)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        newId(),
        setId,
        i,
        r.code,
        r.textFr,
        r.textEn,
        r.topic,
        r.riskCategory,
        r.appliesTo,
        r.evidence,
        r.tier,
        r.correctionMonths,
        r.horizonMonths,
        r.weight,
      ],
    );
  }
}

/** The newest version of a set's key, if any. */
export async function findLatestSetVersion(q: Queryable, key: string) {
  return (
    await q.query<{ version: number; kind: SetKind }>(
      'SELECT version, kind FROM criteria_sets WHERE key = $1 ORDER BY version DESC LIMIT 1',
      [key],
    )
  ).rows[0];
}

export async function setVersionExists(q: Queryable, key: string, version: number): Promise<boolean> {
  return (
    (await q.query('SELECT 1 FROM criteria_sets WHERE key = $1 AND version = $2', [key, version])).rows
      .length > 0
  );
}

export async function setKeyExists(q: Queryable, key: string): Promise<boolean> {
  return (await q.query('SELECT 1 FROM criteria_sets WHERE key = $1', [key])).rows.length > 0;
}

export async function hasDraftOf(q: Queryable, key: string): Promise<boolean> {
  return (
    (await q.query("SELECT 1 FROM criteria_sets WHERE key = $1 AND status = 'draft'", [key])).rows.length > 0
  );
}

export async function insertSetRow(
  q: Queryable,
  s: { id: string; key: string; version: number; name: string; description: string; kind: SetKind; at: Date },
): Promise<void> {
  await q.query(
    `INSERT INTO criteria_sets (id, key, version, name, description, kind, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`,
    [s.id, s.key, s.version, s.name, s.description, s.kind, s.at],
  );
}

export async function markSetPublished(q: Queryable, id: string, at: Date, by: string | null): Promise<void> {
  await q.query(
    "UPDATE criteria_sets SET status = 'published', published_at = $2, published_by = $3, revision = revision + 1, updated_at = $2 WHERE id = $1",
    [id, at, by],
  );
}

/** Renames a draft at the revision read; false when someone changed it since. */
export async function updateSetText(
  q: Queryable,
  s: { id: string; revision: number; name: string; description: string; at: Date },
): Promise<boolean> {
  const r = await q.query(
    'UPDATE criteria_sets SET name = $3, description = $4, revision = revision + 1, updated_at = $5 WHERE id = $1 AND revision = $2',
    [s.id, s.revision, s.name, s.description, s.at],
  );
  return (r.rowCount ?? 0) > 0;
}

export interface SetListFilter {
  kind?: SetKind;
  status?: 'draft' | 'published';
  key?: string;
}

/**
 * One page of set versions by key, newest version first within a key, after a keyset position
 * (`[key, version]`), each with its requirement count.
 */
export async function listSetRowsPage(
  q: Queryable,
  f: SetListFilter,
  after: readonly [string, number] | undefined,
  limit: number,
): Promise<(SetRow & { count: number })[]> {
  return (
    await q.query<SetRow & { count: number }>(
      `SELECT s.*, (SELECT count(*) FROM requirements r WHERE r.set_id = s.id)::int AS count FROM criteria_sets s
        WHERE ($1::text IS NULL OR kind = $1) AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR key = $3)
          AND ($4::text IS NULL OR s.key > $4::text OR (s.key = $4::text AND s.version < $5::int))
        ORDER BY s.key, s.version DESC LIMIT $6`,
      [f.kind ?? null, f.status ?? null, f.key ?? null, after?.[0] ?? null, after?.[1] ?? null, limit],
    )
  ).rows;
}
