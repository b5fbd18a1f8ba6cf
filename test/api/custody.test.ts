import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ENGINE, once, startTestApp, type TestApp } from './harness.ts';

/**
 * A hand-built chain: sacks A (KZI-001, 100 kg Co), B (KZI-003, red, 100 kg Co) and C (KZI-002, 100 kg Co);
 * A and B merged at the depot, the batch split, one part processed with C into hydroxide for a refiner.
 */
describe(`chain of custody over HTTP (${ENGINE})`, () => {
  let t: TestApp;
  const site: Record<string, string> = {};
  const lot: Record<string, string> = {};
  before(async () => {
    t = await startTestApp({ clock: () => new Date('2026-11-20T10:00:00Z') });
    const sites = (await t.request('analyst', 'GET', '/api/sites?limit=50')).body.items;
    for (const s of sites) site[s.code] = s.id;
  });
  after(() => t.close());

  const org = (name: string) => t.orgs[name];
  const post = async (role: Parameters<TestApp['request']>[0], path: string, body: unknown, status = 201) => {
    const res = await t.request(role, 'POST', path, body);
    assert.equal(res.status, status, `${path}: ${res.text}`);
    return res.body;
  };
  const tag = (role: Parameters<TestApp['request']>[0], body: Record<string, unknown>, status = 201) =>
    post(role, '/api/custody/tags', { taggedAt: '2026-11-02T08:00:00Z', ...body }, status);

  /** Sacks A, B and C, tagged once by the first test that needs them. */
  const tagged = once(async () => {
    const coop1 = org('Coopérative minière Tujenge Kolwezi');
    const coop2 = org('Coopérative minière Umoja Mutoshi');
    const a = await tag('cooperative_manager', {
      tag: 'TAG-A',
      siteId: site['KZI-001'],
      cooperativeId: coop1,
      massKg: 1000,
      gradePct: 10,
    });
    assert.deepEqual(
      {
        tag: a.lots[0].tag,
        kind: a.lots[0].kind,
        containedKg: a.lots[0].containedKg,
        nc: a.lots[0].nonConformingShare,
        holder: a.lots[0].holder.name,
      },
      { tag: 'TAG-A', kind: 'sack', containedKg: 100, nc: 0, holder: 'Coopérative minière Tujenge Kolwezi' },
    );
    lot.A = a.lots[0].id;
    const b = await tag('analyst', {
      tag: 'TAG-B',
      siteId: site['KZI-003'],
      cooperativeId: coop2,
      massKg: 500,
      gradePct: 20,
    });
    assert.equal(b.lots[0].nonConformingShare, 1);
    lot.B = b.lots[0].id;
    lot.C = (
      await tag('cooperative_manager', {
        tag: 'TAG-C',
        siteId: site['KZI-002'],
        cooperativeId: coop1,
        massKg: 2000,
        gradePct: 5,
      })
    ).lots[0].id;
    // The tagging is an EPCIS commissioning event anyone in the chain can read.
    const event = await t.request('analyst', 'GET', `/epcis/events/${encodeURIComponent(a.eventIds[0])}`);
    assert.deepEqual(
      {
        type: event.body.type,
        bizStep: event.body.bizStep,
        epcList: event.body.epcList,
        ilmd: event.body.ilmd,
      },
      {
        type: 'ObjectEvent',
        bizStep: 'commissioning',
        epcList: ['urn:amana:lot:TAG-A'],
        ilmd: { 'amana:massKg': 1000, 'amana:gradePct': 10, 'amana:mineral': 'cobalt' },
      },
    );
  });
  test('tags sacks; a sack tagged at a red site is non-conforming from the start', tagged);

  test('a tag is used once; a cooperative tags only at the sites it operates, and only for itself', async () => {
    await tagged();
    const coop1 = org('Coopérative minière Tujenge Kolwezi');
    const again = await tag(
      'cooperative_manager',
      { tag: 'tag-a', siteId: site['KZI-001'], cooperativeId: coop1, massKg: 10, gradePct: 10 },
      422,
    );
    assert.deepEqual(again.errors, [
      {
        path: 'tag_reused',
        message: 'tag TAG-A was already used on another lot',
        code: 'custody.tag-used',
        params: { tag: 'TAG-A' },
      },
    ]);
    assert.equal(again.code, 'common.custody-rule');
    const elsewhere = await tag(
      'cooperative_manager',
      { tag: 'TAG-X', siteId: site['KZI-003'], cooperativeId: coop1, massKg: 10, gradePct: 10 },
      400,
    );
    assert.deepEqual(elsewhere.errors, [
      {
        path: 'cooperativeId',
        message: 'this cooperative does not operate the site',
        code: 'custody.cooperative-not-operator',
        params: { site: 'KZI-003' },
      },
    ]);
    const forAnother = await tag(
      'cooperative_manager',
      {
        tag: 'TAG-X',
        siteId: site['KZI-003'],
        cooperativeId: org('Coopérative minière Umoja Mutoshi'),
        massKg: 10,
        gradePct: 10,
      },
      403,
    );
    assert.equal(forAnother.code, 'custody.not-your-operation');
    const noRole = await tag(
      'grievance_officer',
      { tag: 'TAG-X', siteId: site['KZI-001'], cooperativeId: coop1, massKg: 10, gradePct: 10 },
      403,
    );
    assert.equal(noRole.code, 'custody.role-cannot-record');
  });

  test('a retried tagging with the same id is acknowledged once, even sent five times at once', async () => {
    const id = '019a0000-0000-7000-8000-0000000c0001';
    const body = {
      id,
      tag: 'TAG-R',
      siteId: site['KZI-001'],
      cooperativeId: org('Coopérative minière Tujenge Kolwezi'),
      massKg: 40,
      gradePct: 9,
      taggedAt: '2026-11-03T08:00:00Z',
    };
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => t.request('cooperative_manager', 'POST', '/api/custody/tags', body)),
    );
    assert.deepEqual(answers.map((a) => a.status).sort(), [200, 200, 200, 200, 201]);
    assert.equal(new Set(answers.map((a) => a.body.lots[0].id)).size, 1);
    const n = await t.ctx.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM custody_lots WHERE tag = 'TAG-R'",
    );
    assert.equal(n.rows[0].n, 1);
  });

  test('an implausible volume is recorded and opens a fraud/origin incident', async () => {
    // The month's tonnage at KZI-002 counts sack C.
    await tagged();
    const big = await tag('cooperative_manager', {
      tag: 'TAG-BIG',
      siteId: site['KZI-002'],
      cooperativeId: org('Coopérative minière Tujenge Kolwezi'),
      massKg: 90_000,
      gradePct: 1,
    });
    assert.equal(big.incidents.length, 1);
    const inc = (await t.request('analyst', 'GET', '/api/incidents?limit=200&category=bribery_fraud')).body
      .items;
    const made = inc.find((i: { code: string }) => i.code === big.incidents[0]);
    assert.deepEqual(
      { level: made.level, state: made.state, title: made.title, site: made.site.code },
      {
        level: 2,
        state: 'reported',
        title: 'Custody: 92000 kg tagged at KZI-002 in 2026-11, above its capacity of 70000 kg a month',
        site: 'KZI-002',
      },
    );
  });

  /** A and C at the trader then the depot, B at the depot: moved once. */
  const transferred = once(async () => {
    await tagged();
    const trader1 = org('Ets Mwamba Négoce');
    const sent = await post('cooperative_manager', '/api/custody/transfers', {
      lotIds: [lot.A, lot.C],
      toOrganisationId: trader1,
      transaction: { type: 'inv', ref: 'INV-TUJ-0042' },
      shippedAt: '2026-11-04T09:00:00Z',
    });
    assert.deepEqual(
      sent.lots.map((l: { holder: { name: string } }) => l.holder.name),
      ['Ets Mwamba Négoce', 'Ets Mwamba Négoce'],
    );
    assert.equal(sent.eventIds.length, 2);
    // B comes from zone ZEA-LUA-02, where this trader holds no licence.
    const refused = await post(
      'analyst',
      '/api/custody/transfers',
      { lotIds: [lot.B], toOrganisationId: trader1 },
      422,
    );
    assert.deepEqual(refused.errors, [
      {
        path: 'receiver_unlicensed',
        message: 'Ets Mwamba Négoce holds no licence valid on 2026-11-20 for zone ZEA-LUA-02',
        code: 'custody.receiver-unlicensed-zone',
        params: { receiver: 'Ets Mwamba Négoce', day: '2026-11-20', zone: 'ZEA-LUA-02' },
      },
    ]);
    const pending = await post(
      'analyst',
      '/api/custody/transfers',
      { lotIds: [lot.B], toOrganisationId: org('Kalenga Trading SARL') },
      422,
    );
    assert.equal(pending.errors[0].path, 'receiver_not_verified');
    assert.equal(pending.errors[0].code, 'custody.receiver-kyc-pending');
    await post('analyst', '/api/custody/transfers', {
      lotIds: [lot.B],
      toOrganisationId: org('Comptoir Kolwezi Cobalt SARL'),
      shippedAt: '2026-11-05T09:00:00Z',
    });
    // The depot tries to ship lots still held by the trader.
    const notHeld = await post(
      'buyer',
      '/api/custody/transfers',
      { lotIds: [lot.A], toOrganisationId: org('Lualaba Hydroxide Processing SA') },
      422,
    );
    assert.deepEqual(notHeld.errors, [
      {
        path: 'stock_exceeded',
        message: 'Comptoir Kolwezi Cobalt SARL does not hold TAG-A (held by Ets Mwamba Négoce)',
        code: 'custody.lots-not-held',
        params: { actor: 'Comptoir Kolwezi Cobalt SARL', lots: 'TAG-A', holders: 'Ets Mwamba Négoce' },
      },
    ]);
    assert.equal(notHeld.code, 'common.custody-rule');
    await post('analyst', '/api/custody/transfers', {
      lotIds: [lot.A, lot.C],
      toOrganisationId: org('Comptoir Kolwezi Cobalt SARL'),
      shippedAt: '2026-11-06T09:00:00Z',
    });
  });
  test(
    'transfers: the receiver must be verified and licensed for the zone; the sender must hold the lots',
    transferred,
  );

  /** A and B merged and split, one part processed with C into hydroxide HYD-001 for the refiner: once. */
  const processed = once(async () => {
    await transferred();
    const ab = await post('buyer', '/api/custody/aggregations', {
      lotIds: [lot.A, lot.B],
      batchTag: 'BATCH-AB',
      at: '2026-11-07T09:00:00Z',
    });
    assert.deepEqual(
      {
        mass: ab.lots[0].massKg,
        grade: ab.lots[0].gradePct,
        contained: ab.lots[0].containedKg,
        nc: ab.lots[0].nonConformingShare,
      },
      { mass: 1500, grade: 13.333333, contained: 200, nc: 0.5 },
    );
    lot.AB = ab.lots[0].id;
    const tooMuch = await post(
      'buyer',
      '/api/custody/transformations',
      { inputLotIds: [lot.AB], outputs: [{ massKg: 1500, gradePct: 15 }], product: 'split' },
      422,
    );
    assert.deepEqual(tooMuch.errors, [
      {
        path: 'mass_not_conserved',
        message: 'the outputs contain 225 kg of cobalt, more than the 200 kg of the inputs',
        code: 'custody.mass-created',
        params: { outputKg: 225, inputKg: 200 },
      },
    ]);
    assert.equal(tooMuch.code, 'common.custody-rule');
    const split = await post('buyer', '/api/custody/transformations', {
      inputLotIds: [lot.AB],
      outputs: [
        { tag: 'PART-1', massKg: 600, gradePct: 10 },
        { tag: 'PART-2', massKg: 1000, gradePct: 14 },
      ],
      product: 'split',
      at: '2026-11-08T09:00:00Z',
    });
    [lot.P1, lot.P2] = split.lots.map((l: { id: string }) => l.id);
    assert.deepEqual(
      split.lots.map((l: { nonConformingShare: number }) => l.nonConformingShare),
      [0.5, 0.5],
    );
    const used = await post('buyer', '/api/custody/aggregations', { lotIds: [lot.A, lot.C] }, 400);
    assert.equal(used.errors[0].message, 'lot TAG-A was already merged or processed into another lot');
    assert.deepEqual(
      [used.errors[0].code, used.errors[0].params],
      ['custody.lot-consumed', { lot: 'TAG-A' }],
    );
    await post('buyer', '/api/custody/transfers', {
      lotIds: [lot.P1, lot.C],
      toOrganisationId: org('Lualaba Hydroxide Processing SA'),
      shippedAt: '2026-11-09T09:00:00Z',
    });
    await post('buyer', '/api/custody/transfers', {
      lotIds: [lot.P2],
      toOrganisationId: org('Entreprise Générale du Cobalt'),
      shippedAt: '2026-11-09T10:00:00Z',
    });
    // 160 kg of cobalt in, 155 kg out: 3.1 % lost, within the 5 % tolerated.
    const h = await post('analyst', '/api/custody/transformations', {
      inputLotIds: [lot.P1, lot.C],
      outputs: [{ tag: 'HYD-001', massKg: 500, gradePct: 31 }],
      product: 'cobalt hydroxide',
      at: '2026-11-10T09:00:00Z',
    });
    lot.H = h.lots[0].id;
    assert.equal(h.lots[0].nonConformingShare, 30 / 160);
    await post('analyst', '/api/custody/transfers', {
      lotIds: [lot.H],
      toOrganisationId: org('Nordkobolt Refining AB'),
      transaction: { type: 'desadv', ref: 'EXP-2026-0117' },
      shippedAt: '2026-11-12T09:00:00Z',
    });
  });
  test(
    'merge, split and processing carry the non-conforming share in proportion to contained cobalt',
    processed,
  );

  test('the refiner traces its hydroxide to sites and cooperatives, with each site’s state at production', async () => {
    await processed();
    const res = await t.request('downstream', 'GET', `/api/lots/${lot.H}/origin`);
    assert.equal(res.status, 200, res.text);
    const o = res.body;
    assert.deepEqual(
      { contained: o.containedKg, nc: o.nonConformingShare, ncKg: o.nonConformingKg },
      { contained: 155, nc: 0.1875, ncKg: 29.063 },
    );
    assert.deepEqual(
      o.bySite.map((s: { code: string; share: number; containedKg: number; atProduction: unknown[] }) => [
        s.code,
        s.share,
        s.containedKg,
        s.atProduction,
      ]),
      [
        ['KZI-002', 0.625, 96.875, [{ status: 'blue', suspended: false, openLevel1: [], share: 0.625 }]],
        ['KZI-001', 0.1875, 29.063, [{ status: 'green', suspended: false, openLevel1: [], share: 0.1875 }]],
        ['KZI-003', 0.1875, 29.063, [{ status: 'red', suspended: false, openLevel1: [], share: 0.1875 }]],
      ],
    );
    assert.deepEqual(
      o.byCooperative.map((c: { name: string; share: number }) => [c.name, c.share]),
      [
        ['Coopérative minière Tujenge Kolwezi', 0.8125],
        ['Coopérative minière Umoja Mutoshi', 0.1875],
      ],
    );
    const lineage = (await t.request('downstream', 'GET', `/api/lots/${lot.H}/lineage`)).body;
    assert.deepEqual(lineage.nodes.map((n: { tag: string }) => n.tag).sort(), [
      'BATCH-AB',
      'HYD-001',
      'PART-1',
      'TAG-A',
      'TAG-B',
      'TAG-C',
    ]);
    assert.equal(lineage.edges.length, 5);
  });

  test('a site’s production is followed downstream to every lot and organisation it reached', async () => {
    await processed();
    const res = await t.request('analyst', 'GET', `/api/sites/${site['KZI-003']}/downstream`);
    // The demo's own chain also starts at this red site: look at this test's lots.
    const mine = new Set(['TAG-B', 'BATCH-AB', 'PART-1', 'PART-2', 'HYD-001']);
    assert.deepEqual(
      res.body.lots
        .filter((l: { tag: string }) => mine.has(l.tag))
        .map((l: { tag: string; siteShare: number; siteContainedKg: number }) => [
          l.tag,
          l.siteShare,
          l.siteContainedKg,
        ]),
      [
        ['TAG-B', 1, 100],
        ['BATCH-AB', 0.5, 100],
        ['PART-1', 0.5, 30],
        ['PART-2', 0.5, 70],
        ['HYD-001', 0.1875, 29.063],
      ],
    );
    const reached = Object.fromEntries(
      res.body.organisations.map((o: { name: string; containedKg: number }) => [o.name, o.containedKg]),
    );
    assert.equal(reached['Entreprise Générale du Cobalt'], 70);
    for (const name of [
      'Comptoir Kolwezi Cobalt SARL',
      'Lualaba Hydroxide Processing SA',
      'Nordkobolt Refining AB',
    ])
      assert.ok(name in reached, name);
    assert.ok(reached['Nordkobolt Refining AB'] >= 29.063);
  });

  test('a refiner queries only the events of the lots in its own chain', async () => {
    await processed();
    const res = await t.request('downstream', 'GET', '/epcis/events?perPage=1000');
    const events = res.body.epcisBody.queryResults.resultsBody.eventList as Record<string, unknown>[];
    const epcs = new Set(
      events.flatMap((e) => [
        ...((e.epcList as string[]) ?? []),
        ...((e.childEPCs as string[]) ?? []),
        ...((e.inputEPCList as string[]) ?? []),
        ...((e.outputEPCList as string[]) ?? []),
        ...(e.parentID ? [e.parentID as string] : []),
      ]),
    );
    for (const mine of ['TAG-A', 'TAG-B', 'TAG-C', 'BATCH-AB', 'PART-1', 'HYD-001'])
      assert.ok(epcs.has(`urn:amana:lot:${mine}`), mine);
    // PART-2 appears only in the split that also made PART-1; its shipment to EGC is not the refiner's.
    const part2Shipments = events.filter((e) =>
      (e.epcList as string[] | undefined)?.includes('urn:amana:lot:PART-2'),
    );
    assert.deepEqual(part2Shipments, []);
    assert.ok(!epcs.has('urn:amana:lot:TAG-R') && !epcs.has('urn:amana:lot:TAG-BIG'));
    // The second refiner, outside this chain, sees none of it; nor can it read the hydroxide's origin.
    assert.equal((await t.request('downstream', 'GET', `/api/lots/${lot.P2}/origin`)).status, 404);
  });

  test('processing that loses more cobalt than tolerated is refused with its code and masses', async () => {
    const sack = await tag('cooperative_manager', {
      tag: 'TAG-LOSS',
      siteId: site['KZI-001'],
      cooperativeId: org('Coopérative minière Tujenge Kolwezi'),
      massKg: 100,
      gradePct: 10,
    });
    const lost = await post(
      'cooperative_manager',
      '/api/custody/transformations',
      { inputLotIds: [sack.lots[0].id], outputs: [{ massKg: 50, gradePct: 10 }], product: 'washed ore' },
      422,
    );
    assert.equal(lost.code, 'common.custody-rule');
    assert.deepEqual(lost.errors, [
      {
        path: 'mass_not_conserved',
        message: '5 kg of cobalt (50 %) is lost, more than the 5 % tolerated',
        code: 'custody.mass-lost',
        params: { lostKg: 5, lossPct: 50, tolerancePct: 5 },
      },
    ]);
  });
});
