import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nextRun, scheduleErrors } from './query-schedule.ts';

test('a schedule at 1.05 runs next at 01:05:00 UTC, that day or the next', () => {
  assert.equal(
    nextRun({ hour: '1', minute: '5' }, new Date('2043-03-01T00:00:00Z'))?.toISOString(),
    '2043-03-01T01:05:00.000Z',
  );
  assert.equal(
    nextRun({ hour: '1', minute: '5' }, new Date('2043-03-01T01:05:00Z'))?.toISOString(),
    '2043-03-02T01:05:00.000Z',
  );
});

test('ranges and lists of seconds, and days of the week from Monday (1) to Sunday (7)', () => {
  assert.equal(
    nextRun({ second: '[10-12],30' }, new Date('2043-03-01T00:00:12Z'))?.toISOString(),
    '2043-03-01T00:00:30.000Z',
  );
  // 2043-03-01 is a Sunday.
  assert.equal(
    nextRun({ dayOfWeek: '1', hour: '0', minute: '0' }, new Date('2043-03-01T00:00:00Z'))?.toISOString(),
    '2043-03-02T00:00:00.000Z',
  );
});

test('an impossible or misspelt schedule is named field by field', () => {
  assert.deepEqual(
    scheduleErrors({ minute: '61', hour: '[3-1]', second: '5' }).map((e) => e.field),
    ['minute', 'hour'],
  );
  assert.equal(nextRun({ dayOfMonth: '31', month: '2' }, new Date('2043-01-01T00:00:00Z')), null);
});
