import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ENGINE, startTestApp, type TestApp } from './harness.ts';

/** Shipments that left the country, from custody, by month, exporter, destination and refiner, over HTTP. */
describe(`export flows over HTTP (${ENGINE})`, () => {
  let t: TestApp;
  const now = new Date('2026-11-20T10:00:00Z');
  before(async () => {
    t = await startTestApp({ clock: () => now });
  });
  after(() => t.close());
  const year = '?from=2025-12-01&to=2026-12-01';

  test('the regulator reads every shipment abroad by month, destination country and refiner', async () => {
    const res = await t.request('regulator', 'GET', `/api/production/exports${year}`);
    assert.equal(res.status, 200);
    const processor = t.orgs['Lualaba Hydroxide Processing SA'];
    const huayang = t.orgs['Huayang Cobalt Materials Co., Ltd.'];
    const nordkobolt = t.orgs['Nordkobolt Refining AB'];
    const exporter = { id: processor, name: 'Lualaba Hydroxide Processing SA' };
    // The hydroxide the processor shipped to the two refiners: Σ mass × grade of each lot, exactly.
    assert.deepEqual(res.body.items, [
      {
        month: '2026-11',
        exporter,
        destinationCountry: 'CN',
        receiver: { id: huayang, name: 'Huayang Cobalt Materials Co., Ltd.', refiner: true },
        lots: 1,
        massKg: 104.954,
        cobaltKg: 31.486,
      },
      {
        month: '2026-11',
        exporter,
        destinationCountry: 'FI',
        receiver: { id: nordkobolt, name: 'Nordkobolt Refining AB', refiner: true },
        lots: 1,
        massKg: 192.319,
        cobaltKg: 57.696,
      },
    ]);
    // Deliveries inside the country (cooperatives to traders and depots) are not exports.
    assert.equal(
      res.body.items.some((f: { destinationCountry: string }) => f.destinationCountry === 'CD'),
      false,
    );
  });

  test('a refiner reads the shipments it received, a buyer in the country none of them, a cooperative is refused', async () => {
    const own = await t.request('downstream', 'GET', `/api/production/exports${year}`);
    assert.equal(own.status, 200);
    assert.deepEqual(
      own.body.items.map((f: { receiver: { id: string } }) => f.receiver.id),
      [t.orgOf.downstream],
    );
    const depot = await t.request('buyer', 'GET', `/api/production/exports${year}`);
    assert.deepEqual([depot.status, depot.body.items], [200, []]);
    const coop = await t.request('cooperative_manager', 'GET', `/api/production/exports${year}`);
    assert.deepEqual([coop.status, coop.body.code], [403, 'production.no-access']);
    const anonymous = await t.request(null, 'GET', `/api/production/exports${year}`);
    assert.equal(anonymous.status, 401);
  });

  test('refuses a period that ends before it starts or spans more than two years', async () => {
    const back = await t.request('regulator', 'GET', '/api/production/exports?from=2026-12-01&to=2026-01-01');
    assert.deepEqual(
      [back.status, back.body.errors[0].path, back.body.errors[0].code],
      [400, 'to', 'production.period'],
    );
    const bad = await t.request('regulator', 'GET', '/api/production/exports?from=2026-13-01&to=2027-01-01');
    assert.deepEqual([bad.status, bad.body.errors[0].path], [400, 'querystring.from']);
  });
});
