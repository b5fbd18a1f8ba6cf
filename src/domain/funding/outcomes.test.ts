import assert from 'node:assert/strict';
import { test } from 'node:test';
import { indicatorOutcome } from './outcomes.ts';

const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86400_000);
const start = day(100);
const until = day(300);

test('compares the mean before the start with the mean after it, judged by observation time', () => {
  const ppe = [
    { at: day(-300), value: 10 }, // more than a year before: not the baseline
    { at: day(40), value: 50 },
    { at: day(99), value: 55 },
    { at: day(100), value: 58 },
    { at: day(170), value: 60 },
    { at: day(301), value: 99 }, // after the judging time
  ];
  assert.deepEqual(indicatorOutcome('ppeSharePct', ppe, start, until), {
    indicator: 'ppeSharePct',
    before: { observations: 2, mean: 52.5 },
    after: { observations: 2, mean: 59 },
    change: 6.5,
    verdict: 'improved',
  });
});

test('children seen rising is worse, head-count moving is only shown, a missing side is unknown', () => {
  const children = [
    { at: day(40), value: 0 },
    { at: day(130), value: 0 },
    { at: day(170), value: 3 },
  ];
  assert.deepEqual(indicatorOutcome('childrenSeen', children, start, until), {
    indicator: 'childrenSeen',
    before: { observations: 1, mean: 0 },
    after: { observations: 2, mean: 1.5 },
    change: 1.5,
    verdict: 'worsened',
  });
  assert.equal(
    indicatorOutcome(
      'headCount',
      [
        { at: day(1), value: 90 },
        { at: day(200), value: 96 },
      ],
      start,
      until,
    ).verdict,
    'unknown',
  );
  assert.deepEqual(indicatorOutcome('accidents', [{ at: day(200), value: 1 }], start, until), {
    indicator: 'accidents',
    before: { observations: 0, mean: null },
    after: { observations: 1, mean: 1 },
    change: null,
    verdict: 'unknown',
  });
  assert.equal(
    indicatorOutcome(
      'accidents',
      [
        { at: day(1), value: 1 },
        { at: day(200), value: 1 },
      ],
      start,
      until,
    ).verdict,
    'unchanged',
  );
});
