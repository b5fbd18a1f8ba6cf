/** How much a requirement weighs on a site's status (DOMAIN.md §4 Criteria sets). */
export const TIERS = ['critical', 'major', 'progressive'] as const;
export type Tier = (typeof TIERS)[number];

/** What a set is for: holding sites and actors to a standard, or rating the mechanism itself. */
export const SET_KINDS = ['site', 'mechanism'] as const;
export type SetKind = (typeof SET_KINDS)[number];

export const ACTOR_TYPES = [
  'site',
  'cooperative',
  'trader',
  'depot',
  'processor',
  'exporter',
  'operator',
] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

/** OECD Annex II risk categories and the other risk categories of DOMAIN.md. */
export const RISK_CATEGORIES = [
  'serious_abuses',
  'armed_groups',
  'security_forces',
  'bribery_fraud',
  'money_laundering',
  'taxes_royalties',
  'legality',
  'child_labour',
  'occupational_health_safety',
  'environment',
  'community',
  'gender',
  'governance',
] as const;
export type RiskCategory = (typeof RISK_CATEGORIES)[number];

export const DEFAULT_CORRECTION_MONTHS = 3;

export interface Requirement {
  code: string;
  textFr: string;
  textEn: string;
  topic: string;
  riskCategory: RiskCategory;
  appliesTo: ActorType[];
  evidence: string;
  tier: Tier;
  /** Major: months allowed to correct (default 3). */
  correctionMonths: number | null;
  /** Progressive: months over which improvement is expected. */
  horizonMonths: number | null;
  /** Mechanism sets: the criterion's weight in the score. */
  weight: number;
}

export interface SetProblem {
  path: string;
  message: string;
  /** Said from the `assessments` catalogue, where criteria sets are read. */
  code: `assessments.${string}`;
  params?: Record<string, string | number>;
}

const CODE = /^[A-Z][A-Z0-9]{0,9}-[0-9]{2,3}[A-Z]?$/;

/** Checks the requirements of a set as a whole; returns every problem with its path. */
export function checkRequirements(kind: SetKind, requirements: readonly Requirement[]): SetProblem[] {
  const problems: SetProblem[] = [];
  const seen = new Map<string, number>();
  requirements.forEach((r, i) => {
    const at = (field: string) => `requirements.${i}.${field}`;
    if (!CODE.test(r.code))
      problems.push({
        path: at('code'),
        message: 'a code looks like CL-01: letters, a hyphen, 2 or 3 digits',
        code: 'assessments.requirement-code-format',
      });
    const earlier = seen.get(r.code);
    if (earlier !== undefined)
      problems.push({
        path: at('code'),
        message: `${r.code} is also requirement ${earlier}`,
        code: 'assessments.requirement-twice',
        params: { requirement: r.code, earlier },
      });
    seen.set(r.code, i);
    if (r.tier === 'major' && (r.correctionMonths === null || r.correctionMonths < 1)) {
      problems.push({
        path: at('correctionMonths'),
        message: 'a major requirement needs a correction deadline of at least 1 month',
        code: 'assessments.major-needs-deadline',
      });
    }
    if (r.tier === 'progressive' && (r.horizonMonths === null || r.horizonMonths < 1)) {
      problems.push({
        path: at('horizonMonths'),
        message: 'a progressive requirement needs an improvement horizon of at least 1 month',
        code: 'assessments.progressive-needs-horizon',
      });
    }
    if (kind === 'mechanism' && !(r.weight > 0))
      problems.push({
        path: at('weight'),
        message: 'a criterion needs a weight above 0',
        code: 'assessments.weight-positive',
      });
  });
  if (requirements.length === 0)
    problems.push({
      path: 'requirements',
      message: 'a set needs at least one requirement',
      code: 'assessments.set-empty',
    });
  return problems;
}
