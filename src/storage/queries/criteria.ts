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
