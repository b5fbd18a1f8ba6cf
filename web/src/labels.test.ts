import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chainRoleLabel, redFlagText, userRoleLabel } from './labels.ts';

test('renders each red flag in French and English from its facts', () => {
  const expired = {
    code: 'licence_expired',
    message: 'licence AGR-1 (cooperative_approval) expired on 2026-03-31',
    licenceNumber: 'AGR-1',
    licenceType: 'cooperative_approval',
    date: '2026-03-31',
  };
  assert.equal(redFlagText(expired, 'fr'), 'agrément de coopérative AGR-1 expiré(e) le 2026-03-31');
  assert.equal(redFlagText(expired, 'en'), 'cooperative approval AGR-1 expired on 2026-03-31');
  const { licenceNumber: _, ...withoutNumber } = expired;
  assert.equal(redFlagText(withoutNumber, 'fr'), 'agrément de coopérative expiré(e) le 2026-03-31');
  assert.equal(redFlagText(withoutNumber, 'en'), 'cooperative approval expired on 2026-03-31');
  const zone = { code: 'licence_outside_zone', message: '', zone: 'ZEA-LUA-03' };
  assert.equal(redFlagText(zone, 'fr'), 'opère dans la zone ZEA-LUA-03 sans licence valide pour cette zone');
  assert.equal(redFlagText({ code: 'kyc_rejected', message: '' }, 'fr'), 'KYC rejeté');
});

test("falls back to the server's sentence for a flag it does not know", () => {
  assert.equal(redFlagText({ code: 'sanctions_hit', message: 'listed by the UN' }, 'fr'), 'listed by the UN');
});

test('names roles in the reader’s language and keeps unknown ones as they are', () => {
  assert.equal(chainRoleLabel('trader', 'fr'), 'négociant');
  assert.equal(userRoleLabel('cooperative_manager', 'fr'), 'gestionnaire de coopérative');
  assert.equal(chainRoleLabel('smelter', 'en'), 'smelter');
});
