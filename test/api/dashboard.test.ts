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
      sites: { blue: 6, green: 2, yellow: 2, red: 2, suspended: 2, scope: 'all' },
      incidents: { open: { level1: 3, level2: 3, level3: 1 }, overdueVerification: 1, overdueReview: 1 },
      alerts: { unread: 0 },
      correctiveActions: { open: 8, overdue: 0, dueIn30Days: 0 },
      grievances: null,
    });
  });

  test("a cooperative's figures count the two sites it operates, and its list opens on them", async () => {
    const coop = (await t.request('cooperative_manager', 'GET', '/api/dashboard')).body;
    assert.deepEqual(coop.sites, { blue: 1, green: 1, yellow: 0, red: 0, suspended: 0, scope: 'operated' });
    const mine = await t.request('cooperative_manager', 'GET', '/api/sites?mine=true');
    assert.deepEqual(
      mine.body.items.map((s: { code: string; status: string }) => `${s.code} ${s.status}`),
      ['KZI-001 green', 'KZI-002 blue'],
    );
    assert.equal((await t.request('cooperative_manager', 'GET', '/api/sites')).body.items.length, 12);
  });

  test('a depot and a refiner count the sites their ore came from; the suspended figure opens the suspended ones', async () => {
    const buyer = (await t.request('buyer', 'GET', '/api/dashboard')).body;
    assert.deepEqual(buyer.sites, { blue: 2, green: 1, yellow: 0, red: 1, suspended: 1, scope: 'exposed' });
    const codes = async (who: 'buyer' | 'downstream' | 'analyst', query: string) =>
      (await t.request(who, 'GET', `/api/sites?${query}`)).body.items.map((s: { code: string }) => s.code);
    assert.deepEqual(await codes('buyer', 'mine=true'), ['KZI-001', 'KZI-002', 'KZI-003', 'KZI-004']);
    assert.deepEqual(await codes('buyer', 'mine=true&suspended=true'), ['KZI-004']);
    const refiner = (await t.request('downstream', 'GET', '/api/dashboard')).body;
    assert.deepEqual(refiner.sites, { blue: 2, green: 1, yellow: 0, red: 2, suspended: 2, scope: 'exposed' });
    assert.deepEqual(await codes('downstream', 'mine=true&status=red'), ['KZI-003', 'KZI-007']);
    // Kamilombe is blue but suspended by its verified level-1 incident: the filter finds it whatever its colour.
    assert.deepEqual(await codes('analyst', 'suspended=true'), ['KZI-004', 'KZI-007']);
    assert.deepEqual(await codes('analyst', 'suspended=false&status=green'), ['KZI-001', 'LKS-001']);
  });

  test("a grievance officer's home holds its queue; no one else's does", async () => {
    const officer = (await t.request('grievance_officer', 'GET', '/api/dashboard')).body;
    const queue = await t.request('grievance_officer', 'GET', '/api/grievances?status=received&limit=100');
    const handled = await t.request('grievance_officer', 'GET', '/api/grievances?status=validated&limit=100');
    assert.deepEqual(officer.grievances, {
      received: queue.body.items.length,
      validated: handled.body.items.length,
    });
    assert.deepEqual(officer.grievances, { received: 1, validated: 1 });
    assert.equal(officer.sites.scope, 'all');
  });

  test('the plan-review and corrective-action figures open lists that hold what they counted', async () => {
    const d = (await t.request('analyst', 'GET', '/api/dashboard')).body;
    const late = await t.request('analyst', 'GET', '/api/incidents?reviewOverdue=true');
    assert.equal(late.status, 200);
    assert.equal(late.body.items.length, d.incidents.overdueReview);
    assert.deepEqual(
      late.body.items.map((i: { state: string }) => i.state === 'resolved'),
      [false],
    );
    const open = await t.request('analyst', 'GET', '/api/corrective-actions?status=open&limit=100');
    assert.equal(open.body.items.length, d.correctiveActions.open);
    // Each action names its site as a list shows it, the same site as its siteId.
    const sites = (await t.request('analyst', 'GET', '/api/sites?limit=100')).body.items;
    const codeOf = new Map(sites.map((s: { id: string; code: string }) => [s.id, s.code]));
    for (const a of open.body.items) assert.equal(a.site.code, codeOf.get(a.siteId));
    for (const due of ['overdue', 'soon'])
      assert.equal(
        (await t.request('analyst', 'GET', `/api/corrective-actions?due=${due}`)).body.items.length,
        0,
      );
    assert.equal((await t.request('analyst', 'GET', '/api/corrective-actions?due=later')).status, 400);
    assert.equal((await t.request('analyst', 'GET', '/api/sites?mine=yes')).status, 400);
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
