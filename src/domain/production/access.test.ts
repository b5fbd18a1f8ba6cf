import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Principal } from '../access/roles.ts';
import { exportFlowScope } from './access.ts';

const as = (role: Principal['role']): Principal => ({
  userId: 'u',
  email: 'u@example.org',
  organisationId: 'org-1',
  role,
  via: 'session',
});

test('export flows: registry staff and the regulator all, a buyer or refiner its own, a cooperative none', () => {
  assert.deepEqual(exportFlowScope(as('regulator')), { all: true });
  assert.deepEqual(exportFlowScope(as('analyst')), { all: true });
  assert.deepEqual(exportFlowScope(as('buyer')), { organisationId: 'org-1' });
  assert.deepEqual(exportFlowScope(as('downstream')), { organisationId: 'org-1' });
  assert.equal(exportFlowScope(as('cooperative_manager')), null);
  assert.equal(exportFlowScope(as('grievance_officer')), null);
});
