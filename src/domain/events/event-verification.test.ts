import assert from 'node:assert/strict';
import { test } from 'node:test';
import { verifyEvent } from './event-verification.ts';
import { eventHash, GENESIS_HASH, type StoredChainEvent } from './hash-chain.ts';

const fields = {
  seq: 1,
  id: '0190a000-0000-7000-8000-000000000001',
  occurredAt: '2026-05-03T10:00:00.000Z',
  userId: null,
  organisationId: null,
  deviceId: null,
  type: 'site.created',
  subjectType: 'site',
  subjectId: '0190a000-0000-7000-8000-0000000000aa',
  payload: { name: 'Kasulo' },
};
const stored: StoredChainEvent = { ...fields, prevHash: GENESIS_HASH, hash: eventHash(GENESIS_HASH, fields) };

test('an intact event covered by the latest good seal is sealed; after it, unsealed', () => {
  assert.equal(verifyEvent(stored, GENESIS_HASH, 1), 'sealed');
  assert.equal(verifyEvent(stored, GENESIS_HASH, null), 'unsealed');
  assert.equal(verifyEvent({ ...stored, seq: 1 }, GENESIS_HASH, 0), 'unsealed');
});

test('an event whose payload was changed, or that no longer links to the one before, is altered, sealed or not', () => {
  assert.equal(verifyEvent({ ...stored, payload: { name: 'Kasulo II' } }, GENESIS_HASH, 1), 'altered');
  assert.equal(verifyEvent(stored, 'f'.repeat(64), 1), 'altered');
  assert.equal(verifyEvent(stored, undefined, 1), 'altered');
});
