import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  canHandleGrievances,
  canManageSubscriptions,
  ownSitesScope,
  type Principal,
  ROLE_AREAS,
  ROLES,
  worksIn,
} from './roles.ts';

const as = (role: Principal['role']): Principal => ({
  userId: 'u',
  email: 'u@example.org',
  organisationId: 'o',
  role,
  via: 'session',
});

test('field monitors and grievance officers work without the registry of organisations; only grievance officers have the grievances', () => {
  assert.deepEqual(
    ROLES.filter((r) => !worksIn(r, 'organisations')),
    ['monitor', 'grievance_officer', 'auditor'],
  );
  assert.deepEqual(
    ROLES.filter((r) => worksIn(r, 'grievances')),
    ['grievance_officer'],
  );
  assert.deepEqual(
    ROLES.filter((r) => !worksIn(r, 'lots')),
    ['grievance_officer', 'auditor'],
  );
  // The stock and its operations are for the organisations that hold material (decision 0049).
  assert.deepEqual(
    ROLES.filter((r) => worksIn(r, 'stock')),
    ['cooperative_manager', 'buyer', 'downstream'],
  );
  // An auditor reads only through its grant (decision 0027).
  assert.deepEqual(ROLE_AREAS.auditor, ['audit']);
  for (const role of ROLES.filter((r) => r !== 'auditor'))
    for (const area of ['home', 'map', 'sites', 'incidents', 'alerts'] as const)
      assert.ok(ROLE_AREAS[role].includes(area), `${role} works in ${area}`);
});

test('grievances are decided by grievance officers and subscriptions kept by those who buy, regulate or run the programme', () => {
  assert.deepEqual(
    ROLES.filter((r) => canHandleGrievances(as(r))),
    ['grievance_officer'],
  );
  assert.deepEqual(
    ROLES.filter((r) => canManageSubscriptions(as(r))),
    ['admin', 'analyst', 'cooperative_manager', 'buyer', 'downstream', 'regulator'],
  );
});

test("whose sites are one's own: assigned, all, operated or exposed, by role", () => {
  assert.deepEqual(Object.fromEntries(ROLES.map((r) => [r, ownSitesScope(as(r))])), {
    admin: 'all',
    analyst: 'all',
    assessor: 'assigned',
    monitor: 'assigned',
    grievance_officer: 'all',
    cooperative_manager: 'operated',
    buyer: 'exposed',
    downstream: 'exposed',
    regulator: 'all',
    auditor: 'exposed',
  });
});
