import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  addMonths,
  decideKyc,
  describeIdentityChanges,
  identityChanges,
  isKycExpired,
  kycAfterIdentityChange,
} from './kyc.ts';

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
    code: 'actors.kyc-evidence-required',
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
  assert.equal(!outcome.ok && outcome.code, 'common.field.future-only');
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
    code: 'actors.kyc-reason-required',
    params: { decision: 'rejected' },
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
    code: 'actors.kyc-transition',
    params: { from: 'pending', to: 'pending' },
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

const identity = {
  legalName: 'Ets Mwamba Négoce',
  registrationNumbers: [
    { scheme: 'rccm', number: 'CD/KZI/RCCM/17-A-00871' },
    { scheme: 'nif', number: 'A1234567B' },
  ],
  chainRoles: ['trader'],
};

test('names each identity field that changed, from what to what', () => {
  const changes = identityChanges(identity, {
    legalName: 'Mwamba Négoce SARL',
    registrationNumbers: [{ scheme: 'rccm', number: 'CD/KZI/RCCM/17-A-00871' }],
    chainRoles: ['trader', 'depot'],
  });
  assert.deepEqual(changes, [
    { field: 'legalName', from: 'Ets Mwamba Négoce', to: 'Mwamba Négoce SARL' },
    {
      field: 'registrationNumbers',
      from: ['nif:A1234567B', 'rccm:CD/KZI/RCCM/17-A-00871'],
      to: ['rccm:CD/KZI/RCCM/17-A-00871'],
    },
    { field: 'chainRoles', from: ['trader'], to: ['depot', 'trader'] },
  ]);
  assert.equal(
    describeIdentityChanges(changes),
    'identity changed: legal name from "Ets Mwamba Négoce" to "Mwamba Négoce SARL"; ' +
      'registration numbers from nif:A1234567B, rccm:CD/KZI/RCCM/17-A-00871 to rccm:CD/KZI/RCCM/17-A-00871; ' +
      'chain roles from trader to depot, trader',
  );
});

test('reordering numbers or roles is not a change of identity', () => {
  assert.deepEqual(
    identityChanges(identity, {
      ...identity,
      registrationNumbers: [...identity.registrationNumbers].reverse(),
      chainRoles: ['trader', 'trader'],
    }),
    [],
  );
});

test('an identity change sends a verified actor back to pending, and no other', () => {
  const changes = identityChanges(identity, { ...identity, legalName: 'Autre nom SARL' });
  const verified = { status: 'verified' as const, expiresAt: new Date('2027-01-01T00:00:00Z') };
  assert.deepEqual(kycAfterIdentityChange(verified, changes), { status: 'pending', expiresAt: null });
  assert.deepEqual(kycAfterIdentityChange(verified, []), verified);
  assert.deepEqual(kycAfterIdentityChange(pending, changes), pending);
  const rejected = { status: 'rejected' as const, expiresAt: null };
  assert.deepEqual(kycAfterIdentityChange(rejected, changes), rejected);
});
