import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeRefusal } from './merge.ts';

const org = (id: string, roles: string[], more: object = {}) => ({
  id,
  mergedInto: null,
  chainRoles: roles,
  members: 0,
  ...more,
});

test('merges two records of one kind that are neither merged nor the same', () => {
  assert.equal(mergeRefusal('organisation', org('a', ['trader']), org('b', ['trader', 'depot'])), null);
  assert.equal(
    mergeRefusal(
      'person',
      { id: 'a', mergedInto: null, organisationId: 'o' },
      { id: 'b', mergedInto: null, organisationId: 'o' },
    ),
    null,
  );
  assert.equal(mergeRefusal('site', { id: 'a', mergedInto: null }, { id: 'b', mergedInto: null }), null);
});

test('refuses a record into itself, a merged record, and into a merged record', () => {
  assert.equal(
    mergeRefusal('site', { id: 'a', mergedInto: null }, { id: 'a', mergedInto: null }),
    'merge-self',
  );
  assert.equal(
    mergeRefusal('site', { id: 'a', mergedInto: 'c' }, { id: 'b', mergedInto: null }),
    'merge-merged',
  );
  assert.equal(
    mergeRefusal('site', { id: 'a', mergedInto: null }, { id: 'b', mergedInto: 'c' }),
    'merge-survivor-merged',
  );
});

test('refuses organisations of no common role, one with accounts, one owning the other; people of two organisations', () => {
  assert.equal(
    mergeRefusal('organisation', org('a', ['cooperative']), org('b', ['depot'])),
    'merge-other-kind',
  );
  assert.equal(
    mergeRefusal('organisation', org('a', ['depot'], { members: 2 }), org('b', ['depot'])),
    'merge-has-members',
  );
  assert.equal(mergeRefusal('organisation', org('a', ['depot']), org('b', ['depot']), true), 'merge-owned');
  assert.equal(
    mergeRefusal(
      'person',
      { id: 'a', mergedInto: null, organisationId: 'o' },
      { id: 'b', mergedInto: null, organisationId: 'p' },
    ),
    'merge-other-organisation',
  );
});
