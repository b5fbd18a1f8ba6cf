import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ENGINE, startTestApp, type TestApp } from './harness.ts';

/** Volumes from custody, reference prices and what the demo's cooperatives were owed and paid, over HTTP. */
describe(`production, prices and payments over HTTP (${ENGINE})`, () => {
  let t: TestApp;
  const now = new Date('2026-11-20T10:00:00Z');
  before(async () => {
    t = await startTestApp({ clock: () => now });
  });
  after(() => t.close());
  const tujenge = () => t.orgs['Coopérative minière Tujenge Kolwezi'];
  const umoja = () => t.orgs['Coopérative minière Umoja Mutoshi'];

  test("the cooperatives' deliveries are owed at the floor price of their day, Σ mass × grade × price", async () => {
    const res = await t.request('cooperative_manager', 'GET', `/api/cooperatives/${tujenge()}/account`);
    assert.equal(res.status, 200);
    // Ten sacks, Σ mass × grade = 5,410 kg·%: 54.10 kg of cobalt at the October floor of 16,000.00 a tonne.
    assert.deepEqual(
      {
        ...res.body,
        deliveries: res.body.deliveries.map((d: Record<string, unknown>) => ({
          ...d,
          deliveryEvent: undefined,
          payments: (d.payments as unknown[]).length,
          shippedAt: undefined,
          buyer: (d.buyer as { name: string }).name,
        })),
      },
      {
        cooperative: { id: tujenge(), name: 'Coopérative minière Tujenge Kolwezi' },
        currency: 'USD',
        owedMinor: 86_560,
        paidMinor: 86_560,
        balanceMinor: 0,
        unpricedDeliveries: 0,
        deliveries: [
          {
            deliveryEvent: undefined,
            shippedAt: undefined,
            buyer: 'Ets Mwamba Négoce',
            reference: 'FAC-TUJ-2026-118',
            lots: 10,
            massKg: 525,
            cobaltKg: 54.1,
            priceMinor: 1_600_000,
            owedMinor: 86_560,
            paidMinor: 86_560,
            balanceMinor: 0,
            payments: 1,
          },
        ],
      },
    );
    // Umoja: Σ mass × grade = 3,784, so 605.44 owed; the depot paid half.
    const umo = await t.request('analyst', 'GET', `/api/cooperatives/${umoja()}/account`);
    assert.deepEqual(
      [umo.body.owedMinor, umo.body.paidMinor, umo.body.balanceMinor],
      [60_544, 30_272, 30_272],
    );
    const delivery = umo.body.deliveries[0].deliveryEvent;
    const over = await t.request('buyer', 'POST', '/api/cooperative-payments', {
      deliveryEvent: delivery,
      amountMinor: 30_273,
      currency: 'USD',
      paidAt: '2026-11-19T12:00:00Z',
    });
    assert.deepEqual(
      [over.status, over.body.code, over.body.params],
      [409, 'production.payment-exceeds-owed', { balanceMinor: 30_272 }],
    );
    const rest = await t.request('buyer', 'POST', '/api/cooperative-payments', {
      deliveryEvent: delivery,
      amountMinor: 30_272,
      currency: 'USD',
      paidAt: '2026-11-19T12:00:00Z',
      reference: 'PAY-COOP2-SOLDE',
    });
    assert.equal(rest.status, 201);
    const settled = await t.request('analyst', 'GET', `/api/cooperatives/${umoja()}/account`);
    assert.deepEqual(
      [settled.body.owedMinor, settled.body.paidMinor, settled.body.balanceMinor],
      [60_544, 60_544, 0],
    );
    // Without a floor price in that currency nothing can be owed, so nothing is paid.
    const cdf = await t.request('buyer', 'POST', '/api/cooperative-payments', {
      deliveryEvent: delivery,
      amountMinor: 1,
      currency: 'CDF',
      paidAt: '2026-11-19T12:00:00Z',
    });
    assert.deepEqual([cdf.status, cdf.body.code], [409, 'production.no-floor-price']);
  });

  test('a cooperative sees its own payments only; only the receiving buyer records a payment', async () => {
    const other = await t.request(
      'cooperative_manager',
      'GET',
      `/api/cooperatives/${t.orgs['Coopérative Tumaini Musompo']}/account`,
    );
    assert.deepEqual([other.status, other.body.code], [403, 'production.own-account-only']);
    for (const who of ['buyer', 'downstream'] as const) {
      const res = await t.request(who, 'GET', `/api/cooperatives/${tujenge()}/account`);
      assert.deepEqual([res.status, res.body.code], [403, 'production.own-account-only'], who);
    }
    const tuj = await t.request('cooperative_manager', 'GET', `/api/cooperatives/${tujenge()}/account`);
    const notTheirs = await t.request('buyer', 'POST', '/api/cooperative-payments', {
      deliveryEvent: tuj.body.deliveries[0].deliveryEvent,
      amountMinor: 1,
      currency: 'USD',
      paidAt: '2026-11-19T12:00:00Z',
    });
    assert.deepEqual([notTheirs.status, notTheirs.body.code], [403, 'production.payer-only']);
    const unknown = await t.request('buyer', 'POST', '/api/cooperative-payments', {
      deliveryEvent: 'urn:uuid:nothing',
      amountMinor: 1,
      currency: 'USD',
      paidAt: '2026-11-19T12:00:00Z',
    });
    assert.deepEqual([unknown.status, unknown.body.errors[0].code], [400, 'production.no-such-delivery']);
  });

  test('volumes from custody by month, site, cooperative and buyer, each reader seeing its own', async () => {
    const q = '/api/production/volumes?from=2026-10-01&to=2026-12-01';
    const all = await t.request('regulator', 'GET', q);
    assert.equal(all.status, 200);
    const rows = all.body.items.map(
      (r: {
        month: string;
        site: { code: string };
        cooperative: { name: string };
        buyer: { name: string };
        lots: number;
        massKg: number;
        cobaltKg: number;
      }) => [r.month, r.site.code, r.buyer.name, r.lots, r.massKg, r.cobaltKg],
    );
    assert.deepEqual(rows, [
      ['2026-10', 'KZI-001', 'Ets Mwamba Négoce', 6, 303, 30.82],
      ['2026-10', 'KZI-002', 'Ets Mwamba Négoce', 4, 222, 23.28],
      ['2026-10', 'KZI-003', 'Comptoir Kolwezi Cobalt SARL', 3, 153, 18.38],
      ['2026-10', 'KZI-004', 'Comptoir Kolwezi Cobalt SARL', 3, 162, 19.46],
    ]);
    const coop = await t.request('cooperative_manager', 'GET', q);
    assert.deepEqual(
      coop.body.items.map((r: { site: { code: string } }) => r.site.code),
      ['KZI-001', 'KZI-002'],
    );
    const buyer = await t.request('buyer', 'GET', q);
    assert.deepEqual(
      buyer.body.items.map((r: { site: { code: string } }) => r.site.code),
      ['KZI-003', 'KZI-004'],
    );
    assert.equal((await t.request('downstream', 'GET', q)).status, 403);
    const long = await t.request('regulator', 'GET', '/api/production/volumes?from=2020-01-01&to=2026-01-01');
    assert.deepEqual([long.status, long.body.errors[0].code], [400, 'production.period']);
  });

  test('the state buyer sets the floor, a year of prices is kept, market prices come from CSV, all or none', async () => {
    const floors = await t.request('downstream', 'GET', '/api/prices?kind=floor&limit=200');
    assert.equal(floors.status, 200);
    assert.equal(floors.body.items.length, 13);
    assert.deepEqual(
      floors.body.items
        .slice(-2)
        .map((p: { effectiveOn: string; perTonneMinor: number }) => [p.effectiveOn, p.perTonneMinor]),
      [
        ['2026-10-01', 1_600_000],
        ['2026-11-01', 1_620_000],
      ],
    );
    const set = await t.request('egc', 'POST', '/api/prices', {
      kind: 'floor',
      currency: 'USD',
      perTonneMinor: 1_650_000,
      effectiveOn: '2026-12-01',
      source: 'Barème EGC n° 14',
    });
    assert.equal(set.status, 201);
    const again = await t.request('egc', 'POST', '/api/prices', {
      kind: 'floor',
      currency: 'USD',
      perTonneMinor: 1_700_000,
      effectiveOn: '2026-12-01',
    });
    assert.deepEqual([again.status, again.body.code], [409, 'production.price-exists']);
    for (const [who, kind] of [
      ['downstream', 'floor'],
      ['egc', 'market'],
    ] as const) {
      const refused = await t.request(who, 'POST', '/api/prices', {
        kind,
        currency: 'USD',
        perTonneMinor: 1,
        effectiveOn: '2026-12-02',
      });
      assert.deepEqual([refused.status, refused.body.code], [403, 'production.price-setter'], who);
    }
    const bad = await t.request('analyst', 'POST', '/api/prices/import', {
      csv: 'effective_on,currency,per_tonne\n2026-12-01,USD,27000.00\n2026-12-02,USD,27 000\n',
    });
    assert.deepEqual([bad.status, bad.body.errors.map((e: { path: string }) => e.path)], [400, ['csv.3']]);
    const good = await t.request('analyst', 'POST', '/api/prices/import', {
      csv: 'effective_on,currency,per_tonne\n2026-12-01,USD,27000.5\n2026-11-01,USD,1.00\n',
    });
    assert.deepEqual(good.body, { imported: 1, unchanged: 1 });
    const market = await t.request('analyst', 'GET', '/api/prices?kind=market&limit=200');
    assert.deepEqual(market.body.items.at(-1).perTonneMinor, 2_700_050);
    assert.equal(market.body.items.length, 14);
  });
});
