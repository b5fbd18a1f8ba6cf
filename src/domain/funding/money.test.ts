import assert from 'node:assert/strict';
import { test } from 'node:test';
import { divideHalfUp, safeNumber, scaled } from './money.ts';

test('reads a decimal text as an exact scaled integer, trailing zeros allowed', () => {
  assert.equal(scaled('48.125', 3), 48125n);
  assert.equal(scaled('9', 6), 9000000n);
  assert.equal(scaled('12.500000000000000000', 3), 12500n);
  assert.throws(() => scaled('1.2345', 3), /more than 3 decimals/);
  assert.throws(() => scaled('-1', 3), /not a non-negative decimal/);
});

test('divides rounding half up', () => {
  assert.equal(divideHalfUp(5n, 2n), 3n);
  assert.equal(divideHalfUp(4n, 3n), 1n);
  assert.equal(divideHalfUp(5n, 3n), 2n);
  assert.equal(divideHalfUp(0n, 7n), 0n);
});

test('refuses an amount a JSON number cannot carry exactly', () => {
  assert.equal(safeNumber(9007199254740991n), 9007199254740991);
  assert.throws(() => safeNumber(9007199254740992n), /too large/);
});
