import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ENGINE, startTestApp, type TestApp } from './harness.ts';

/** A holder's stock as the custody forms show it before an operation is sent. */
describe(`a holder's stock over HTTP (${ENGINE})`, () => {
  let t: TestApp;
  const site: Record<string, string> = {};
  before(async () => {
    t = await startTestApp({
      clock: () => new Date('2026-11-20T10:00:00Z'),
      env: { AMANA_CUSTODY_LOSS_TOLERANCE_PCT: '4', AMANA_STATE_BUYER_MONOPOLY: 'on' },
    });
    const sites = (await t.request('analyst', 'GET', '/api/sites?limit=50')).body.items;
    for (const s of sites) site[s.code] = s.id;
  });
  after(() => t.close());

  const coop = () => t.orgs['Coopérative minière Tujenge Kolwezi'];
  const depot = () => t.orgs['Comptoir Kolwezi Cobalt SARL'];

  test('is what the caller holds now, with the loss tolerance and monopoly rule configured', async () => {
    const before = await t.request('cooperative_manager', 'GET', '/api/custody/stock');
    assert.equal(before.status, 200, before.text);
    // The demo's Tujenge sacks were all sold: nothing is left.
    assert.deepEqual(before.body, {
      holder: { id: coop(), name: 'Coopérative minière Tujenge Kolwezi' },
      lots: 0,
      massKg: 0,
      containedKg: 0,
      nonConformingKg: 0,
      rules: { lossTolerancePct: 4, stateBuyerMonopoly: true },
    });
    for (const [tag, massKg, gradePct] of [
      ['STK-1', 50, 10],
      ['STK-2', 40, 12.5],
    ] as const) {
      const res = await t.request('cooperative_manager', 'POST', '/api/custody/tags', {
        tag,
        siteId: site['KZI-001'],
        cooperativeId: coop(),
        massKg,
        gradePct,
        taggedAt: '2026-11-19T08:00:00Z',
      });
      assert.equal(res.status, 201, res.text);
    }
    const now = await t.request('cooperative_manager', 'GET', '/api/custody/stock');
    assert.deepEqual(
      { lots: now.body.lots, massKg: now.body.massKg, containedKg: now.body.containedKg },
      { lots: 2, massKg: 90, containedKg: 10 },
    );
  });

  test('leaves the shipper and reaches the receiver with a transfer', async () => {
    const held = await t.request('cooperative_manager', 'GET', `/api/lots?held=true&holderId=${coop()}`);
    const one = held.body.items.find((l: { tag: string }) => l.tag === 'STK-1');
    const depotBefore = (await t.request('buyer', 'GET', '/api/custody/stock')).body;
    const res = await t.request('cooperative_manager', 'POST', '/api/custody/transfers', {
      lotIds: [one.id],
      toOrganisationId: depot(),
      transaction: { type: 'inv', ref: 'FAC-STK-1' },
    });
    // The monopoly is on and the depot holds no licence of the state buyer: the rule names itself.
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(
      res.body.errors.map((e: { path: string; code: string }) => [e.path, e.code]),
      [['sold_outside_monopoly', 'custody.outside-monopoly']],
    );
    const egc = t.orgs['Entreprise Générale du Cobalt'];
    const sold = await t.request('cooperative_manager', 'POST', '/api/custody/transfers', {
      lotIds: [one.id],
      toOrganisationId: egc,
      transaction: { type: 'inv', ref: 'FAC-STK-1' },
    });
    assert.equal(sold.status, 201, sold.text);
    const coopNow = (await t.request('cooperative_manager', 'GET', '/api/custody/stock')).body;
    assert.deepEqual([coopNow.lots, coopNow.massKg, coopNow.containedKg], [1, 40, 5]);
    const egcNow = (await t.request('analyst', 'GET', `/api/custody/stock?holderId=${egc}`)).body;
    assert.equal(egcNow.holder.name, 'Entreprise Générale du Cobalt');
    assert.ok(egcNow.lots >= 1);
    assert.equal((await t.request('buyer', 'GET', '/api/custody/stock')).body.massKg, depotBefore.massKg);
  });

  test("another organisation's stock is for registry staff only; bad or unknown ids are named", async () => {
    const refused = await t.request('buyer', 'GET', `/api/custody/stock?holderId=${coop()}`);
    assert.equal(refused.status, 403);
    assert.equal(refused.body.code, 'custody.not-your-stock');
    const staff = await t.request('analyst', 'GET', `/api/custody/stock?holderId=${coop()}`);
    assert.equal(staff.status, 200);
    assert.equal(staff.body.massKg, 40);
    const unknown = await t.request(
      'analyst',
      'GET',
      '/api/custody/stock?holderId=019a0000-0000-7000-8000-00000000dead',
    );
    assert.equal(unknown.status, 404);
    const bad = await t.request('analyst', 'GET', '/api/custody/stock?holderId=nope');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.errors[0].path, 'querystring.holderId');
    assert.equal((await t.request(null, 'GET', '/api/custody/stock')).status, 401);
  });
});
