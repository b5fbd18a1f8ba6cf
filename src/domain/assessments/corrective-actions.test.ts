import assert from 'node:assert/strict';
import { test } from 'node:test';
import { actionsClosedBy, actionsToOpen, deadlineWindow } from './corrective-actions.ts';
import type { RatedRequirement } from './site-status.ts';

const r = (
  code: string,
  tier: RatedRequirement['tier'],
  rating: RatedRequirement['rating'],
): RatedRequirement => ({
  code,
  textEn: '',
  textFr: '',
  tier,
  correctionMonths: tier === 'major' ? 3 : null,
  horizonMonths: tier === 'progressive' ? 12 : null,
  rating,
});

test('opens an action for each failing major and progressive requirement, with its own deadline', () => {
  const ratings = [
    r('CL-01', 'critical', 'not_met'),
    r('PPE-01', 'major', 'partially_met'),
    r('PIT-01', 'major', 'met'),
    r('ENV-01', 'progressive', 'not_met'),
    r('GEN-01', 'progressive', 'not_applicable'),
  ];
  assert.deepEqual(actionsToOpen(ratings, new Date('2026-03-02T10:00:00Z')), [
    { code: 'PPE-01', deadline: '2026-06-02' },
    { code: 'ENV-01', deadline: '2027-03-02' },
  ]);
});

test('a later assessment closes the actions of requirements it rates met or not applicable', () => {
  assert.deepEqual(
    actionsClosedBy([
      r('PPE-01', 'major', 'met'),
      r('ENV-01', 'progressive', 'partially_met'),
      r('GEN-01', 'progressive', 'not_applicable'),
    ]),
    ['PPE-01', 'GEN-01'],
  );
});

test('the deadline window runs from today to 30 days ahead, in UTC days', () => {
  assert.deepEqual(deadlineWindow(new Date('2026-12-04T23:30:00+01:00')), {
    today: '2026-12-04',
    until: '2027-01-03',
  });
  assert.deepEqual(deadlineWindow(new Date('2026-12-05T00:30:00+01:00')), {
    today: '2026-12-04',
    until: '2027-01-03',
  });
});
