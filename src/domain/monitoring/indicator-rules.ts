import type { RiskCategory } from '../criteria/criteria-set.ts';

/** What a monitor counts or sees on a visit (DOMAIN.md §4 Monitoring). */
export const INDICATORS = [
  'headCount',
  'childrenSeen',
  'pregnantWomenSeen',
  'ppeSharePct',
  'securityForcesPresent',
  'armedPeoplePresent',
  'accidents',
  'injuries',
  'fatalities',
  'productionKg',
] as const;
export type Indicator = (typeof INDICATORS)[number];
export type Indicators = Partial<Record<Indicator, number | boolean>>;

export const OPERATORS = ['>', '>=', '<', '<=', '=', 'is_true'] as const;
export type Operator = (typeof OPERATORS)[number];

export interface IndicatorRule {
  code: string;
  indicator: Indicator;
  operator: Operator;
  threshold: number;
  level: 1 | 2 | 3;
  category: RiskCategory;
  title: string;
  enabled: boolean;
}

/** The rules Amana starts with; an operator can change them. */
export const DEFAULT_RULES: IndicatorRule[] = [
  {
    code: 'R-CHILD',
    indicator: 'childrenSeen',
    operator: '>',
    threshold: 0,
    level: 1,
    category: 'child_labour',
    title: 'Children seen on site',
    enabled: true,
  },
  {
    code: 'R-ARMED',
    indicator: 'armedPeoplePresent',
    operator: 'is_true',
    threshold: 0,
    level: 1,
    category: 'armed_groups',
    title: 'Armed people present on site',
    enabled: true,
  },
  {
    code: 'R-PREGNANT',
    indicator: 'pregnantWomenSeen',
    operator: '>',
    threshold: 0,
    level: 2,
    category: 'legality',
    title: 'Pregnant women seen in the mining area',
    enabled: true,
  },
  {
    code: 'R-PPE',
    indicator: 'ppeSharePct',
    operator: '<',
    threshold: 50,
    level: 3,
    category: 'occupational_health_safety',
    title: 'Fewer than half the miners wear protective equipment',
    enabled: true,
  },
  {
    code: 'R-FATAL',
    indicator: 'fatalities',
    operator: '>',
    threshold: 0,
    level: 1,
    category: 'occupational_health_safety',
    title: 'Fatal accident on site',
    enabled: true,
  },
];

function holds(value: number | boolean | undefined, operator: Operator, threshold: number): boolean {
  if (value === undefined) return false;
  if (operator === 'is_true') return value === true;
  const n = typeof value === 'boolean' ? Number(value) : value;
  switch (operator) {
    case '>':
      return n > threshold;
    case '>=':
      return n >= threshold;
    case '<':
      return n < threshold;
    case '<=':
      return n <= threshold;
    case '=':
      return n === threshold;
  }
}

/** The enabled rules a visit's indicators trigger, most serious first. */
export function triggeredRules(indicators: Indicators, rules: readonly IndicatorRule[]): IndicatorRule[] {
  return rules
    .filter((r) => r.enabled && holds(indicators[r.indicator], r.operator, r.threshold))
    .sort((a, b) => a.level - b.level);
}

/**
 * What a rule found on one visit, kept with the incident it opened: enough for every reader's language to say it,
 * with the rule's operator and threshold as they were when it fired.
 */
export interface RuleFinding {
  indicator: Indicator;
  operator: Operator;
  threshold: number;
  value: number | boolean;
  /** The visit's observation time (ISO 8601). */
  visitedAt: string;
  siteCode: string;
}

/** The finding of a rule that fired on a visit's indicators. */
export function ruleFinding(
  rule: IndicatorRule,
  indicators: Indicators,
  visitedAt: Date,
  siteCode: string,
): RuleFinding {
  return {
    indicator: rule.indicator,
    operator: rule.operator,
    threshold: rule.threshold,
    value: indicators[rule.indicator] ?? 0,
    visitedAt: visitedAt.toISOString(),
    siteCode,
  };
}

/** The finding in the record's own words (English), as the incident's description keeps it. */
export function findingText(f: RuleFinding): string {
  const test = f.operator === 'is_true' ? 'reported' : `${f.operator} ${f.threshold}`;
  return `Visit of ${f.visitedAt.slice(0, 10)} at ${f.siteCode}: ${f.indicator} ${test} (value ${f.value}).`;
}

/** A value of a visit no one could have seen: where, in English words, and as a stable code. */
export interface IndicatorProblem {
  path: string;
  message: string;
  code: `monitoring.${string}`;
  params?: Record<string, string | number>;
}

/** Checks the indicators of a visit for values no one could have seen; returns problems by path. */
export function checkIndicators(indicators: Indicators): IndicatorProblem[] {
  const problems: IndicatorProblem[] = [];
  const n = (k: Indicator) => indicators[k] as number | undefined;
  const headCount = n('headCount');
  for (const k of ['childrenSeen', 'pregnantWomenSeen'] as const) {
    const v = n(k);
    if (v !== undefined && headCount !== undefined && v > headCount) {
      problems.push({
        path: `indicators.${k}`,
        message: `cannot exceed the head-count (${headCount})`,
        code: 'monitoring.above-head-count',
        params: { headCount },
      });
    }
  }
  const injuries = n('injuries');
  const fatalities = n('fatalities');
  const accidents = n('accidents');
  if ((injuries ?? 0) + (fatalities ?? 0) > 0 && accidents === 0) {
    problems.push({
      path: 'indicators.accidents',
      message: 'injuries or deaths were reported, so there was at least one accident',
      code: 'monitoring.accident-missing',
    });
  }
  return problems;
}
