import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ENGINE, startTestApp, type TestApp } from './harness.ts';

describe(`password changes are throttled per address (${ENGINE})`, () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: { AMANA_LOGIN_ADDRESS_RATE_MAX: '3' } });
  });
  after(() => t.close());

  test('a stolen session cannot guess the current password without end: 429 with Retry-After', async () => {
    const statuses: number[] = [];
    let last = null as Awaited<ReturnType<TestApp['request']>> | null;
    for (let i = 0; i < 5; i++) {
      last = await t.request('monitor', 'POST', '/api/me/password', {
        currentPassword: `guess-${i}`,
        newPassword: 'lanterne-puits-cobalt-9',
      });
      statuses.push(last.status);
    }
    assert.deepEqual(statuses, [400, 400, 400, 429, 429]);
    assert.equal(last?.body.type, '/api/problems#too-many-requests');
    assert.ok(Number(last?.headers.get('retry-after')) > 0);
  });
});
