import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addMonths, decideKyc, isKycExpired } from './kyc.ts';

const now = new Date('2026-11-22T10:00:00Z');
const pending = { status: 'pending' as const, expiresAt: null };

test('verifies a pending actor with evidence and sets the expiry a validity period ahead', () => {
  const outcome = decideKyc(
    pending,
    { decision: 'verified', reason: null, expiresAt: null, evidenceCount: 1 },
    now,
    12,
  );
  assert.deepEqual(outcome, {
    ok: true,
    state: { status: 'verified', expiresAt: new Date('2027-11-22T10:00:00Z') },
  });
});

test('refuses a verification that cites no evidence document', () => {
  const outcome = decideKyc(
    pending,
    { decision: 'verified', reason: null, expiresAt: null, evidenceCount: 0 },
    now,
    12,
  );
  assert.deepEqual(outcome, {
    ok: false,
    kind: 'invalid',
    field: 'documentIds',
    message: 'a verification must cite at least one evidence document',
  });
});

test('refuses an expiry that is not in the future', () => {
  const outcome = decideKyc(
    pending,
    { decision: 'verified', reason: null, expiresAt: new Date('2026-01-01T00:00:00Z'), evidenceCount: 2 },
    now,
    12,
  );
  assert.equal(outcome.ok, false);
  assert.equal(!outcome.ok && outcome.kind === 'invalid' && outcome.field, 'expiresAt');
});

test('a rejection needs a reason', () => {
  const outcome = decideKyc(
    pending,
    { decision: 'rejected', reason: '  ', expiresAt: null, evidenceCount: 0 },
    now,
    12,
  );
  assert.deepEqual(outcome, {
    ok: false,
    kind: 'invalid',
    field: 'reason',
    message: 'a rejected decision needs a reason',
  });
});

test('rejects transitions that make no change of meaning', () => {
  const pendingAgain = decideKyc(
    pending,
    { decision: 'pending', reason: 'x', expiresAt: null, evidenceCount: 0 },
    now,
    12,
  );
  assert.deepEqual(pendingAgain, {
    ok: false,
    kind: 'conflict',
    message: 'KYC cannot go from pending to pending',
  });
  const rejectedAgain = decideKyc(
    { status: 'rejected', expiresAt: null },
    { decision: 'rejected', reason: 'x', expiresAt: null, evidenceCount: 0 },
    now,
    12,
  );
  assert.equal(rejectedAgain.ok, false);
});

test('a verified actor can be re-verified, revoked with a reason, or reopened', () => {
  const verified = { status: 'verified' as const, expiresAt: new Date('2027-01-01T00:00:00Z') };
  assert.equal(
    decideKyc(verified, { decision: 'verified', reason: null, expiresAt: null, evidenceCount: 1 }, now, 12)
      .ok,
    true,
  );
  assert.deepEqual(
    decideKyc(
      verified,
      { decision: 'rejected', reason: 'forged card', expiresAt: null, evidenceCount: 0 },
      now,
      12,
    ),
    {
      ok: true,
      state: { status: 'rejected', expiresAt: null },
    },
  );
  assert.deepEqual(
    decideKyc(
      verified,
      { decision: 'pending', reason: 'new owner', expiresAt: null, evidenceCount: 0 },
      now,
      12,
    ),
    {
      ok: true,
      state: { status: 'pending', expiresAt: null },
    },
  );
});

test('a verification is expired from its expiry instant on', () => {
  const state = { status: 'verified' as const, expiresAt: now };
  assert.equal(isKycExpired(state, now), true);
  assert.equal(isKycExpired(state, new Date(now.getTime() - 1)), false);
  assert.equal(isKycExpired({ status: 'rejected', expiresAt: null }, now), false);
});

test('adding months clamps to the last day of a shorter month', () => {
  assert.equal(addMonths(new Date('2026-01-31T00:00:00Z'), 1).toISOString(), '2026-02-28T00:00:00.000Z');
  assert.equal(addMonths(new Date('2024-02-29T00:00:00Z'), 12).toISOString(), '2025-02-28T00:00:00.000Z');
});
