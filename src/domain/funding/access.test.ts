import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Principal } from '../access/roles.ts';
import { fundAccess } from './access.ts';

const p = (organisationId: string, role: Principal['role']): Principal => ({
  userId: 'u',
  email: 'e',
  organisationId,
  role,
  via: 'session',
});

test('the operator runs a fund, members read it, the regulator reads it, others do not know it', () => {
  assert.equal(fundAccess(p('op', 'admin'), 'op', ['m1']), 'manager');
  assert.equal(fundAccess(p('op', 'analyst'), 'op', ['m1']), 'manager');
  assert.equal(fundAccess(p('op', 'monitor'), 'op', ['m1']), 'reader');
  assert.equal(fundAccess(p('reg', 'regulator'), 'op', ['m1']), 'reader');
  assert.equal(fundAccess(p('m1', 'downstream'), 'op', ['m1']), 'member');
  assert.equal(fundAccess(p('m1', 'auditor'), 'op', ['m1']), 'none');
  assert.equal(fundAccess(p('coop', 'cooperative_manager'), 'op', ['m1']), 'none');
});
