import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nearlyFullShare, QUOTA_WARNING } from './storage.ts';

test('the store is nearly full from 80 % of the quota', () => {
  assert.equal(QUOTA_WARNING, 0.8);
  assert.equal(nearlyFullShare(79, 100), undefined);
  assert.equal(nearlyFullShare(80, 100), 0.8);
  assert.equal(nearlyFullShare(452_000_000, 500_000_000), 0.904);
  assert.equal(nearlyFullShare(120, 100), 1.2);
});

test('a browser that gives no estimate, or a quota of nothing, raises no warning', () => {
  assert.equal(nearlyFullShare(undefined, undefined), undefined);
  assert.equal(nearlyFullShare(50, undefined), undefined);
  assert.equal(nearlyFullShare(undefined, 100), undefined);
  assert.equal(nearlyFullShare(0, 0), undefined);
  assert.equal(nearlyFullShare(0, 100), undefined);
});
