import assert from 'node:assert/strict';
import { test } from 'node:test';
import { caseCodeFrom, normaliseCaseCode } from './case-code.ts';

test('makes a readable case code from random bytes', () => {
  assert.equal(caseCodeFrom(new Uint8Array([0, 1, 2, 3, 30, 31, 32, 255])), 'GRV-ABCD-9ABH');
  assert.match(
    caseCodeFrom(crypto.getRandomValues(new Uint8Array(8))),
    /^GRV-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/,
  );
});

test('forgives case, spaces and missing hyphens, and refuses what no code looks like', () => {
  assert.equal(normaliseCaseCode(' grv 7kq3 m9xa '), 'GRV-7KQ3-M9XA');
  assert.equal(normaliseCaseCode('7KQ3M9XA'), 'GRV-7KQ3-M9XA');
  assert.equal(normaliseCaseCode('GRV-7KQ3-M9X0'), null);
  assert.equal(normaliseCaseCode('GRV-7KQ3'), null);
});
