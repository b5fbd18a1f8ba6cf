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
  assert.deepEqual(checkOwnershipShare('o', [{ ownerId: 'a', percent: 60 }], { ownerId: 'b', percent: 45 }), {
    message: 'shares would add up to 105%, more than 100%',
    code: 'actors.shares-over-100',
    params: { total: 105 },
  });
});

test('refuses self-ownership, a second share for the same owner and out-of-range percentages', () => {
  assert.deepEqual(checkOwnershipShare('o', [], { ownerId: 'o', percent: 10 }), {
    message: 'an organisation cannot own itself',
    code: 'actors.owns-itself',
  });
  assert.deepEqual(checkOwnershipShare('o', [{ ownerId: 'a', percent: 10 }], { ownerId: 'a', percent: 5 }), {
    message: 'this owner already has a share; change that one',
    code: 'actors.owner-has-share',
  });
  const range = { message: 'the percentage must be above 0 and at most 100', code: 'actors.share-range' };
  assert.deepEqual(checkOwnershipShare('o', [], { ownerId: 'a', percent: 0 }), range);
  assert.deepEqual(checkOwnershipShare('o', [], { ownerId: 'a', percent: 100.5 }), range);
});
