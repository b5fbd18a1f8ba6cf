import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkOwnershipShare } from './ownership.ts';

test('accepts shares that add up to exactly 100%', () => {
  assert.equal(
    checkOwnershipShare(
      'o',
      [
        { ownerId: 'a', percent: 33.33 },
        { ownerId: 'b', percent: 33.33 },
      ],
      { ownerId: 'c', percent: 33.34 },
    ),
    null,
  );
});

test('refuses shares that add up to more than 100%', () => {
  assert.equal(
    checkOwnershipShare('o', [{ ownerId: 'a', percent: 60 }], { ownerId: 'b', percent: 45 }),
    'shares would add up to 105%, more than 100%',
  );
});

test('refuses self-ownership, a second share for the same owner and out-of-range percentages', () => {
  assert.equal(
    checkOwnershipShare('o', [], { ownerId: 'o', percent: 10 }),
    'an organisation cannot own itself',
  );
  assert.equal(
    checkOwnershipShare('o', [{ ownerId: 'a', percent: 10 }], { ownerId: 'a', percent: 5 }),
    'this owner already has a share; change that one',
  );
  assert.equal(
    checkOwnershipShare('o', [], { ownerId: 'a', percent: 0 }),
    'the percentage must be above 0 and at most 100',
  );
  assert.equal(
    checkOwnershipShare('o', [], { ownerId: 'a', percent: 100.5 }),
    'the percentage must be above 0 and at most 100',
  );
});
