import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mechanismScore } from './mechanism-score.ts';

const thresholds = { minScore: 0.8, minFullyAligned: 0.6 };

test('weights the points of each rating and leaves not-applicable criteria out', () => {
  assert.deepEqual(
    mechanismScore(
      [
        { weight: 2, rating: 'fully_aligned' },
        { weight: 1, rating: 'partially_aligned' },
        { weight: 1, rating: 'not_aligned' },
        { weight: 5, rating: 'not_applicable' },
      ],
      thresholds,
    ),
    { score: 0.625, fullyAlignedShare: 0.333, rated: 3, recognisable: false },
  );
});

test('is recognisable only when both thresholds are met, boundaries included', () => {
  const five = (fully: number) =>
    Array.from({ length: 5 }, (_, i) => ({
      weight: 1,
      rating: i < fully ? ('fully_aligned' as const) : ('partially_aligned' as const),
    }));
  assert.deepEqual(mechanismScore(five(3), thresholds), {
    score: 0.8,
    fullyAlignedShare: 0.6,
    rated: 5,
    recognisable: true,
  });
  assert.equal(mechanismScore(five(2), thresholds).recognisable, false);
  assert.equal(mechanismScore(five(5), { minScore: 1.01, minFullyAligned: 0 }).recognisable, false);
});

test('nothing applicable scores zero and is not recognisable', () => {
  assert.deepEqual(mechanismScore([{ weight: 1, rating: 'not_applicable' }], thresholds), {
    score: 0,
    fullyAlignedShare: 0,
    rated: 0,
    recognisable: false,
  });
});
