import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Tier } from '../criteria/criteria-set.ts';
import type { Rating } from './ratings.ts';
import {
  applyOutcome,
  assessmentOutcome,
  describeStatus,
  type RatedRequirement,
  type StatusState,
  timedChange,
} from './site-status.ts';

const approved = new Date('2026-03-02T09:00:00Z');
const req = (
  code: string,
  tier: Tier,
  rating: Rating,
  correctionMonths: number | null = tier === 'major' ? 3 : null,
): RatedRequirement => ({
  code,
  textEn: `text of ${code}`,
  textFr: `texte de ${code}`,
  tier,
  correctionMonths,
  horizonMonths: tier === 'progressive' ? 12 : null,
  rating,
});

// Every tier × rating, alone beside a met requirement of each other tier.
const TABLE: [Tier, Rating, 'green' | 'yellow' | 'red'][] = [
  ['critical', 'met', 'green'],
  ['critical', 'partially_met', 'red'],
  ['critical', 'not_met', 'red'],
  ['critical', 'not_applicable', 'green'],
  ['major', 'met', 'green'],
  ['major', 'partially_met', 'yellow'],
  ['major', 'not_met', 'yellow'],
  ['major', 'not_applicable', 'green'],
  ['progressive', 'met', 'green'],
  ['progressive', 'partially_met', 'green'],
  ['progressive', 'not_met', 'green'],
  ['progressive', 'not_applicable', 'green'],
];

for (const [tier, rating, expected] of TABLE) {
  test(`a ${tier} requirement rated ${rating} makes the site ${expected}`, () => {
    const ratings = [
      req('CL-01', 'critical', 'met'),
      req('PPE-01', 'major', 'met'),
      req('ENV-01', 'progressive', 'met'),
      req('X-01', tier, rating),
    ];
    assert.equal(assessmentOutcome(ratings, 'A-1', approved).status, expected);
  });
}

test('red names every failing critical requirement and the end of the minimum suspension', () => {
  const outcome = assessmentOutcome(
    [
      req('CL-01', 'critical', 'not_met'),
      req('AG-01', 'critical', 'partially_met'),
      req('PPE-01', 'major', 'not_met'),
    ],
    'A-123',
    approved,
  );
  assert.deepEqual(outcome, {
    status: 'red',
    deadline: null,
    validUntil: null,
    reason: {
      kind: 'assessment',
      assessment: 'A-123',
      status: 'red',
      requirements: [
        { code: 'CL-01', textEn: 'text of CL-01', textFr: 'texte de CL-01', rating: 'not_met' },
        { code: 'AG-01', textEn: 'text of AG-01', textFr: 'texte de AG-01', rating: 'partially_met' },
      ],
      until: '2026-09-02',
    },
  });
  assert.equal(
    describeStatus('red', '2026-03-02', outcome.reason),
    "red since 2026-03-02: requirements CL-01 'text of CL-01' not met, AG-01 'text of AG-01' partially met in assessment A-123; suspended at least until 2026-09-02",
  );
});

test('yellow takes the shortest correction deadline among failing majors', () => {
  const outcome = assessmentOutcome(
    [req('PPE-01', 'major', 'not_met', 6), req('PIT-01', 'major', 'partially_met', 2)],
    'A-7',
    approved,
  );
  assert.equal(outcome.status, 'yellow');
  assert.equal(outcome.deadline, '2026-05-02');
  assert.equal(
    describeStatus('yellow', '2026-03-02', outcome.reason),
    "yellow since 2026-03-02: requirements PPE-01 'text of PPE-01' not met, PIT-01 'text of PIT-01' partially met in assessment A-7; to correct by 2026-05-02",
  );
});

test('green is valid for 12 months', () => {
  const outcome = assessmentOutcome([req('CL-01', 'critical', 'met')], 'A-9', approved);
  assert.deepEqual([outcome.status, outcome.validUntil], ['green', '2027-03-02']);
  assert.equal(
    describeStatus('green', '2026-03-02', outcome.reason),
    'green since 2026-03-02: all critical and major requirements met in assessment A-9; valid until 2027-03-02',
  );
});

const state = (over: Partial<StatusState>): StatusState => ({
  status: 'blue',
  since: '2026-01-01',
  deadline: null,
  validUntil: null,
  redUntil: null,
  pending: null,
  ...over,
});
const on = (d: string) => new Date(`${d}T12:00:00Z`);

test('green lapses to blue on the day its 12 months end, not the day before', () => {
  const green = state({ status: 'green', since: '2026-03-02', validUntil: '2027-03-02' });
  assert.equal(timedChange(green, on('2027-03-01')), null);
  assert.deepEqual(timedChange(green, on('2027-03-02')), {
    state: state({ status: 'blue', since: '2027-03-02' }),
    reason: { kind: 'green_lapsed', validUntil: '2027-03-02' },
    effective: '2027-03-02',
  });
});

test('yellow turns red the day after its deadline', () => {
  const yellow = state({ status: 'yellow', since: '2026-03-02', deadline: '2026-06-02' });
  assert.equal(timedChange(yellow, on('2026-06-02')), null);
  assert.deepEqual(timedChange(yellow, on('2026-06-03')), {
    state: state({ status: 'red', since: '2026-06-03', redUntil: '2026-12-03' }),
    reason: { kind: 'yellow_overdue', deadline: '2026-06-02' },
    effective: '2026-06-03',
  });
});

test('blue turns red once it has lasted more than 36 months', () => {
  const blue = state({ status: 'blue', since: '2023-01-15' });
  assert.equal(timedChange(blue, on('2026-01-15')), null);
  assert.deepEqual(timedChange(blue, on('2026-01-16')), {
    state: state({ status: 'red', since: '2026-01-16', redUntil: '2026-07-16' }),
    reason: { kind: 'blue_too_long', blueSince: '2023-01-15' },
    effective: '2026-01-16',
  });
});

test('red without an approved re-assessment stays red however long', () => {
  assert.equal(
    timedChange(state({ status: 'red', since: '2020-01-01', redUntil: '2020-07-01' }), on('2030-01-01')),
    null,
  );
});

test('a better re-assessment during the minimum suspension waits until the 6 months end', () => {
  const red = state({ status: 'red', since: '2026-03-02', redUntil: '2026-09-02' });
  const green = assessmentOutcome([req('CL-01', 'critical', 'met')], 'A-200', on('2026-05-10'));
  const held = applyOutcome(red, green, on('2026-05-10'));
  assert.deepEqual(held.reason, {
    kind: 'red_minimum',
    assessment: 'A-200',
    shows: 'green',
    until: '2026-09-02',
  });
  assert.equal(held.state.status, 'red');
  assert.equal(timedChange(held.state, on('2026-09-01')), null);
  const released = timedChange(held.state, on('2026-09-02'));
  assert.deepEqual(released?.reason, { kind: 'red_minimum_over', assessment: 'A-200' });
  assert.deepEqual(
    released?.state,
    state({ status: 'green', since: '2026-09-02', validUntil: '2027-05-10' }),
  );
});

test('after the minimum suspension a re-assessment applies at once; a new red restarts it', () => {
  const red = state({ status: 'red', since: '2026-03-02', redUntil: '2026-09-02' });
  const yellow = assessmentOutcome([req('PPE-01', 'major', 'not_met')], 'A-300', on('2026-09-02'));
  assert.deepEqual(
    applyOutcome(red, yellow, on('2026-09-02')).state,
    state({ status: 'yellow', since: '2026-09-02', deadline: '2026-12-02' }),
  );
  const again = assessmentOutcome([req('CL-01', 'critical', 'not_met')], 'A-301', on('2026-04-01'));
  assert.deepEqual(
    applyOutcome(red, again, on('2026-04-01')).state,
    state({ status: 'red', since: '2026-04-01', redUntil: '2026-10-01' }),
  );
});
