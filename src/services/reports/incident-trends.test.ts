import assert from 'node:assert/strict';
import { test } from 'node:test';
import { monthsEnding } from './incident-trends.ts';

test('the window ends with the current month and crosses the year back', () => {
  assert.deepEqual(monthsEnding(new Date('2026-02-28T23:59:00Z'), 4), [
    '2025-11',
    '2025-12',
    '2026-01',
    '2026-02',
  ]);
  assert.deepEqual(monthsEnding(new Date('2026-03-31T00:00:00Z'), 1), ['2026-03']);
});
