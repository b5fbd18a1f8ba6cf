import assert from 'node:assert/strict';
import { test } from 'node:test';
import { closedQuarters, quarterDays, quarterEnd, quarterOf } from './schedule.ts';

test('quarters are calendar quarters in UTC, with their days and the instant they close', () => {
  assert.equal(quarterOf(new Date('2026-03-31T23:59:59Z')), '2026-Q1');
  assert.equal(quarterOf(new Date('2026-04-01T00:00:00Z')), '2026-Q2');
  assert.deepEqual(quarterDays('2026-Q4'), { from: '2026-10-01', to: '2026-12-31' });
  assert.deepEqual(quarterDays('2028-Q1'), { from: '2028-01-01', to: '2028-03-31' });
  assert.equal(quarterEnd('2026-Q4').toISOString(), '2027-01-01T00:00:00.000Z');
});

test('a subscription is owed each quarter from its first once that quarter has closed', () => {
  assert.deepEqual(closedQuarters('2026-Q4', new Date('2026-12-31T23:59:59Z')), []);
  assert.deepEqual(closedQuarters('2026-Q4', new Date('2027-01-01T00:00:00Z')), ['2026-Q4']);
  assert.deepEqual(closedQuarters('2026-Q3', new Date('2027-04-02T00:00:00Z')), [
    '2026-Q3',
    '2026-Q4',
    '2027-Q1',
  ]);
});

test('after a long outage only the last four quarters are caught up', () => {
  assert.deepEqual(closedQuarters('2024-Q1', new Date('2026-01-15T00:00:00Z')), [
    '2025-Q1',
    '2025-Q2',
    '2025-Q3',
    '2025-Q4',
  ]);
});
