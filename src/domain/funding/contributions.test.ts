import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contributionDue, contributionSchedule, dependencyOf } from './contributions.ts';

const formula = { ratePerTonneMinor: 250_000, floorMinor: 1_000_000 };

test('takes the dependency from custody when the member received lots, from its declaration otherwise', () => {
  // 48 kg at 9 % and 49 kg at 10 %: Σ mass × grade = 922, i.e. 9.22 kg of contained cobalt.
  assert.deepEqual(
    dependencyOf({ organisationId: 'a', custodyMassGrade: '922.000000000', declaredKg: 5000 }),
    {
      source: 'custody',
      contained: 922n * 10n ** 9n,
    },
  );
  assert.deepEqual(dependencyOf({ organisationId: 'b', custodyMassGrade: null, declaredKg: 1_200_000 }), {
    source: 'declared',
    contained: 1_200_000n * 10n ** 11n,
  });
  assert.deepEqual(dependencyOf({ organisationId: 'c', custodyMassGrade: null, declaredKg: null }), {
    source: 'none',
    contained: 0n,
  });
});

test('a contribution is the rate per tonne rounded half up to the cent, never below the floor', () => {
  // 1,200 t at 2,500.00 a tonne.
  assert.equal(contributionDue(formula, 1_200_000n * 10n ** 11n), 300_000_000);
  // 4.00002 t: 10,000.05 exactly.
  assert.equal(contributionDue(formula, 400_002n * 10n ** 9n), 1_000_005);
  // 4.000001 t: 10,000.0025 rounds to 10,000.00.
  assert.equal(contributionDue(formula, 4_000_001n * 10n ** 8n), 1_000_000);
  // 9.22 kg: 23.05 by the rate, so the floor.
  assert.equal(contributionDue(formula, 922n * 10n ** 9n), 1_000_000);
});

test('the schedule gives each member its source, due, pledged, paid and outstanding', () => {
  const lines = contributionSchedule(
    formula,
    [
      { organisationId: 'refiner', custodyMassGrade: '922.5', declaredKg: null },
      { organisationId: 'brand', custodyMassGrade: null, declaredKg: 1_200_000 },
      { organisationId: 'late', custodyMassGrade: null, declaredKg: null },
    ],
    [
      { organisationId: 'brand', kind: 'pledge', amountMinor: 300_000_000 },
      { organisationId: 'brand', kind: 'payment', amountMinor: 200_000_000 },
      { organisationId: 'brand', kind: 'payment', amountMinor: 50_000_000 },
      { organisationId: 'refiner', kind: 'payment', amountMinor: 1_200_000 },
    ],
  );
  assert.deepEqual(lines, [
    {
      organisationId: 'refiner',
      source: 'custody',
      cobaltKg: 9.225,
      dueMinor: 1_000_000,
      pledgedMinor: 0,
      paidMinor: 1_200_000,
      outstandingMinor: 0,
      atFloor: true,
    },
    {
      organisationId: 'brand',
      source: 'declared',
      cobaltKg: 1_200_000,
      dueMinor: 300_000_000,
      pledgedMinor: 300_000_000,
      paidMinor: 250_000_000,
      outstandingMinor: 50_000_000,
      atFloor: false,
    },
    {
      organisationId: 'late',
      source: 'none',
      cobaltKg: 0,
      dueMinor: 1_000_000,
      pledgedMinor: 0,
      paidMinor: 0,
      outstandingMinor: 1_000_000,
      atFloor: true,
    },
  ]);
});
