import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvRecordEnds } from './transfer.ts';

test('counts the CSV records a chunk ends, a line break inside quotes belonging to its cell', () => {
  assert.deepEqual(csvRecordEnds('a,b\r\n1,2\r\n', false), { ends: 2, inQuotes: false });
  assert.deepEqual(csvRecordEnds('1,"two\nlines"\r\n', false), { ends: 1, inQuotes: false });
  // A chunk may stop inside a quoted cell: the next one goes on from there.
  const first = csvRecordEnds('1,"cut\n', false);
  assert.deepEqual(first, { ends: 0, inQuotes: true });
  assert.deepEqual(csvRecordEnds('here""s"\r\n2,x\r\n', first.inQuotes), { ends: 2, inQuotes: false });
});
