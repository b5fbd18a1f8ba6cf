import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkRequirements, type Requirement } from './criteria-set.ts';

const req = (over: Partial<Requirement>): Requirement => ({
  code: 'CL-01',
  textFr: 'x',
  textEn: 'x',
  topic: 'children',
  riskCategory: 'child_labour',
  appliesTo: ['site'],
  evidence: 'observation',
  tier: 'critical',
  correctionMonths: null,
  horizonMonths: null,
  weight: 1,
  ...over,
});

test('a well-formed set has no problem', () => {
  assert.deepEqual(
    checkRequirements('site', [
      req({}),
      req({ code: 'PPE-01', tier: 'major', correctionMonths: 3 }),
      req({ code: 'ENV-01', tier: 'progressive', horizonMonths: 12 }),
    ]),
    [],
  );
});

test('names duplicate and malformed codes', () => {
  assert.deepEqual(checkRequirements('site', [req({}), req({}), req({ code: 'cl1' })]), [
    {
      path: 'requirements.1.code',
      message: 'CL-01 is also requirement 0',
      code: 'assessments.requirement-twice',
      params: { requirement: 'CL-01', earlier: 0 },
    },
    {
      path: 'requirements.2.code',
      message: 'a code looks like CL-01: letters, a hyphen, 2 or 3 digits',
      code: 'assessments.requirement-code-format',
    },
  ]);
});

test('a major needs a correction deadline and a progressive an improvement horizon', () => {
  assert.deepEqual(
    checkRequirements('site', [
      req({ tier: 'major' }),
      req({ code: 'ENV-01', tier: 'progressive', horizonMonths: 0 }),
    ]),
    [
      {
        path: 'requirements.0.correctionMonths',
        message: 'a major requirement needs a correction deadline of at least 1 month',
        code: 'assessments.major-needs-deadline',
      },
      {
        path: 'requirements.1.horizonMonths',
        message: 'a progressive requirement needs an improvement horizon of at least 1 month',
        code: 'assessments.progressive-needs-horizon',
      },
    ],
  );
});

test('mechanism criteria need a positive weight, and a set needs a requirement', () => {
  assert.deepEqual(checkRequirements('mechanism', [req({ weight: 0 })]), [
    {
      path: 'requirements.0.weight',
      message: 'a criterion needs a weight above 0',
      code: 'assessments.weight-positive',
    },
  ]);
  assert.deepEqual(checkRequirements('site', []), [
    { path: 'requirements', message: 'a set needs at least one requirement', code: 'assessments.set-empty' },
  ]);
});
