import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatMoney, minorToDecimal, toMinor } from './money.ts';

test('minor units become exact decimal text', () => {
  assert.equal(minorToDecimal(123456), '1234.56');
  assert.equal(minorToDecimal(5), '0.05');
  assert.equal(minorToDecimal(-30272), '-302.72');
  assert.equal(minorToDecimal(9_007_199_254_740_991), '90071992547409.91');
});

test('amounts are formatted in the currency style of the language, to the cent', () => {
  assert.equal(formatMoney('en', 'USD', 1_000_000), '$10,000.00');
  assert.equal(formatMoney('fr', 'USD', 86_560).replace(/\s/g, ' '), '865,60 $US');
  // Beyond what a float holds to the cent, still exact.
  assert.equal(formatMoney('en', 'USD', 9_007_199_254_740_991), '$90,071,992,547,409.91');
});

test('an amount typed in whole units is read as exact minor units, and anything else as no amount', () => {
  assert.equal(toMinor('16000'), 1_600_000);
  assert.equal(toMinor('17250.5'), 1_725_050);
  assert.equal(toMinor(' 100,05 '), 10_005);
  assert.ok(Number.isNaN(toMinor('1.234')));
  assert.ok(Number.isNaN(toMinor('-5')));
  assert.ok(Number.isNaN(toMinor('')));
});
