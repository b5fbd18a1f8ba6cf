import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ENGINE, startTestApp, type TestApp } from './harness.ts';

/** Royalties declared against what each actor's shipments imply, for the regulator, over HTTP. */
describe(`royalties declared against volumes over HTTP (${ENGINE})`, () => {
  let t: TestApp;
  const now = new Date('2026-11-20T10:00:00Z');
  before(async () => {
    t = await startTestApp({ clock: () => now });
  });
  after(() => t.close());

  test('the regulator sees each shipper of the month with what it should have declared, largest gap first', async () => {
    const res = await t.request('regulator', 'GET', '/api/royalties?period=2026-11');
    assert.equal(res.status, 200);
    const processor = t.orgs['Lualaba Hydroxide Processing SA'];
    // 89.1819 kg of cobalt in the hydroxide shipped to the refiners × 1,600.00 a tonne = 142.69, nothing declared.
    assert.deepEqual(res.body, {
      period: '2026-11',
      currency: 'USD',
      perTonneMinor: 160_000,
      items: [
        {
          organisation: { id: processor, name: 'Lualaba Hydroxide Processing SA' },
          cobaltKg: 89.1819,
          impliedMinor: 14_269,
          declaredMinor: null,
          gapMinor: 14_269,
          reference: null,
        },
      ],
    });
    const declared = await t.request('analyst', 'POST', '/api/royalty-declarations', {
      organisationId: processor,
      period: '2026-11',
      currency: 'USD',
      declaredMinor: 10_000,
      reference: 'DGRAD-2026-11-0042',
    });
    assert.equal(declared.status, 201);
    assert.deepEqual(
      [
        declared.body.impliedMinor,
        declared.body.declaredMinor,
        declared.body.gapMinor,
        declared.body.reference,
      ],
      [14_269, 10_000, 4_269, 'DGRAD-2026-11-0042'],
    );
    const twice = await t.request('analyst', 'POST', '/api/royalty-declarations', {
      organisationId: processor,
      period: '2026-11',
      currency: 'USD',
      declaredMinor: 14_269,
    });
    assert.deepEqual(
      [twice.status, twice.body.code, twice.body.params],
      [409, 'production.royalty-declared', { period: '2026-11' }],
    );
    const events = await t.ctx.db.query<{ type: string }>(
      "SELECT type FROM events WHERE subject_type = 'organisation' AND subject_id = $1 AND type = 'royalty.declared'",
      [processor],
    );
    assert.equal(events.rows.length, 1);
  });

  test('a cooperative reads and declares its own royalties only; a month to come and a bad month are refused', async () => {
    const tujenge = t.orgOf.cooperative_manager;
    const own = await t.request('cooperative_manager', 'GET', '/api/royalties?period=2026-10');
    assert.equal(own.status, 200);
    assert.deepEqual(
      own.body.items.map((i: { organisation: { id: string }; cobaltKg: number; impliedMinor: number }) => [
        i.organisation.id,
        i.cobaltKg,
        i.impliedMinor,
      ]),
      [[tujenge, 54.1, 8_656]],
    );
    const other = await t.request('cooperative_manager', 'POST', '/api/royalty-declarations', {
      organisationId: t.orgs['Lualaba Hydroxide Processing SA'],
      period: '2026-10',
      currency: 'USD',
      declaredMinor: 1,
    });
    assert.deepEqual([other.status, other.body.code], [403, 'production.royalty-declarer']);
    const future = await t.request('cooperative_manager', 'POST', '/api/royalty-declarations', {
      organisationId: tujenge,
      period: '2026-12',
      currency: 'USD',
      declaredMinor: 1,
    });
    assert.deepEqual([future.status, future.body.errors[0].code], [400, 'production.period-in-future']);
    const bad = await t.request('regulator', 'GET', '/api/royalties?period=2026-13');
    assert.deepEqual([bad.status, bad.body.errors[0].path], [400, 'querystring.period']);
    const monitor = await t.request('monitor', 'GET', '/api/royalties?period=2026-10');
    assert.deepEqual([monitor.status, monitor.body.code], [403, 'production.no-access']);
    const refiner = await t.request('downstream', 'GET', '/api/royalties?period=2026-10');
    assert.deepEqual([refiner.status, refiner.body.items], [200, []]);
  });
});
