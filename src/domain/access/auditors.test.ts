import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditorRouteRefusal, siteInScope, withinPeriod } from './auditors.ts';

const scope = {
  siteIds: ['s1'],
  organisationIds: ['o1'],
  periodFrom: '2026-01-01',
  periodTo: '2026-03-31',
};

test('an auditor reads through its grant and the pack, and every other write or read is refused', () => {
  assert.equal(auditorRouteRefusal('GET', '/api/audit/sites/:id'), null);
  assert.equal(auditorRouteRefusal('HEAD', '/api/event-log/pack'), null);
  assert.equal(auditorRouteRefusal('DELETE', '/api/session'), null);
  assert.equal(auditorRouteRefusal('GET', '/api/sites'), 'outside');
  assert.equal(auditorRouteRefusal('GET', '/epcis/events'), 'outside');
  assert.equal(auditorRouteRefusal('GET', '/assets/*'), null);
  assert.equal(auditorRouteRefusal('POST', '/api/sites'), 'read-only');
  assert.equal(auditorRouteRefusal('PATCH', '/api/audit/sites/:id'), 'read-only');
});

test('a site is in scope when named or operated by a named organisation; a period must lie inside the grant', () => {
  assert.equal(siteInScope(scope, { id: 's1', operatorIds: [] }), true);
  assert.equal(siteInScope(scope, { id: 's2', operatorIds: ['o1'] }), true);
  assert.equal(siteInScope(scope, { id: 's2', operatorIds: ['o2'] }), false);
  assert.equal(withinPeriod(scope, '2026-01-01', '2026-03-31'), true);
  assert.equal(withinPeriod(scope, '2025-12-31', '2026-03-31'), false);
  assert.equal(withinPeriod(scope, '2026-02-01', '2026-04-01'), false);
  assert.equal(withinPeriod(scope, '2026-02-02', '2026-02-01'), false);
});
