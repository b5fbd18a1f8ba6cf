import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ENGINE, startTestApp, type TestApp } from './harness.ts';

describe(`home dashboard over HTTP (${ENGINE})`, () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  test('registry staff see every figure of the demo', async () => {
    const res = await t.request('analyst', 'GET', '/api/dashboard');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, {
      sites: { blue: 6, green: 2, yellow: 2, red: 2, suspended: 2 },
      incidents: { open: { level1: 3, level2: 3, level3: 1 }, overdueVerification: 1, overdueReview: 1 },
      alerts: { unread: 0 },
      correctiveActions: { open: 8, overdue: 0, dueIn30Days: 0 },
    });
  });

  test('a refiner sees only the incidents of its chain and its own alerts; a depot those of the sites its ore came from', async () => {
    const refiner = (await t.request('downstream', 'GET', '/api/dashboard')).body;
    assert.deepEqual(refiner.incidents, {
      open: { level1: 2, level2: 1, level3: 0 },
      overdueVerification: 0,
      overdueReview: 1,
    });
    assert.deepEqual(refiner.alerts, { unread: 4 });
    assert.equal(refiner.correctiveActions, null);
    const buyer = (await t.request('buyer', 'GET', '/api/dashboard')).body;
    // The depot follows no site: it sees the open incidents of the sites whose ore it received through
    // the demo's chain of custody (Kamilombe's level-1 child labour, Shabara's level-2 mislabelled sacks).
    assert.deepEqual(buyer.incidents.open, { level1: 1, level2: 1, level3: 0 });
    assert.equal((await t.request(null, 'GET', '/api/dashboard')).status, 401);
  });
});
