import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkRequirements, RISK_CATEGORIES } from '../criteria-set.ts';
import { AMANA_ASM_BASELINE } from './amana-asm-baseline.ts';
import { OECD_ALIGNMENT } from './oecd-alignment.ts';

test('the shipped sets are valid', () => {
  assert.deepEqual(checkRequirements('site', AMANA_ASM_BASELINE.requirements), []);
  assert.deepEqual(checkRequirements('mechanism', OECD_ALIGNMENT.requirements), []);
});

test('the baseline has 40 requirements covering every topic of the domain', () => {
  const reqs = AMANA_ASM_BASELINE.requirements;
  assert.equal(reqs.length, 40);
  const categories = new Set(reqs.map((r) => r.riskCategory));
  assert.deepEqual(
    [...RISK_CATEGORIES].filter((c) => !categories.has(c)),
    [],
  );
  const tiers = (t: string) => reqs.filter((r) => r.tier === t).length;
  assert.deepEqual([tiers('critical'), tiers('major'), tiers('progressive')], [10, 17, 13]);
});

test('the DRC minimum conditions are critical; PPE and pit safety major; environment, community and gender progressive', () => {
  const tier = (code: string) => AMANA_ASM_BASELINE.requirements.find((r) => r.code === code)?.tier;
  assert.deepEqual(['CL-01', 'PW-01', 'AG-01', 'SF-01', 'LG-01'].map(tier), [
    'critical',
    'critical',
    'critical',
    'critical',
    'critical',
  ]);
  assert.deepEqual(['OHS-01', 'OHS-02'].map(tier), ['major', 'major']);
  const byCategory = (c: string) =>
    AMANA_ASM_BASELINE.requirements.filter((r) => r.riskCategory === c).map((r) => r.tier);
  assert.ok(['environment', 'gender'].every((c) => byCategory(c).every((t) => t === 'progressive')));
});
