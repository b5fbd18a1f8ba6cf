import assert from 'node:assert/strict';
import { test } from 'node:test';
import { licenceState, licenceStateDays } from './licence-state.ts';
import type { LicenceFacts } from './red-flags.ts';

const licence = (validFrom: string, validUntil: string | null): LicenceFacts => ({
  id: 'l',
  type: 'trader_card',
  number: 'TC-1',
  zoneCode: null,
  validFrom,
  validUntil,
  issuer: 'CAMI',
});

const now = new Date('2026-03-15T23:30:00Z');

test('a licence is valid from its first day to its last, both included, or without end', () => {
  assert.equal(licenceState(licence('2026-03-15', '2026-03-15'), now), 'valid');
  assert.equal(licenceState(licence('2020-01-01', null), now), 'valid');
});

test('a licence not yet started is not yet valid, and one that has ended is expired', () => {
  assert.equal(licenceState(licence('2026-03-16', null), now), 'not_yet_valid');
  assert.equal(licenceState(licence('2025-01-01', '2026-03-14'), now), 'expired');
});

test('the state is judged on the UTC day, and expiring means ending within 60 days', () => {
  assert.deepEqual(licenceStateDays(now), { today: '2026-03-15', soon: '2026-05-14' });
});
