import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ENGINE, startTestApp, type TestApp } from './harness.ts';

const square = (lon: number, lat: number, half: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [lon - half, lat - half],
      [lon + half, lat - half],
      [lon + half, lat + half],
      [lon - half, lat + half],
      [lon - half, lat - half],
    ],
  ],
});

/** Zones with their outlines, sites placed in them, membership counts and the miners' card register, over HTTP. */
describe(`zones, memberships and miners' cards over HTTP (${ENGINE})`, () => {
  let t: TestApp;
  const now = new Date('2026-11-20T10:00:00Z');
  before(async () => {
    t = await startTestApp({ clock: () => now });
  });
  after(() => t.close());
  const tujenge = () => t.orgs['Coopérative minière Tujenge Kolwezi'];
  const sasa = () => t.orgs['Coopérative artisanale Lualaba ya Sasa'];

  test('places each demo site in its zone and names the one outside every zone', async () => {
    const res = await t.request('regulator', 'GET', '/api/zones');
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.body.items.map((z: { code: string; kind: string; siteCodes: string[]; validUntil: unknown }) => [
        z.code,
        z.kind,
        z.siteCodes,
        z.validUntil,
      ]),
      [
        ['PE539-ASM', 'concession_asm', ['KZI-003'], null],
        ['ZEA-HK-01', 'artisanal_zone', ['LKS-001', 'LKS-002'], null],
        ['ZEA-HK-02', 'artisanal_zone', ['LKS-003', 'LKS-004', 'LKS-005'], null],
        ['ZEA-LUA-01', 'artisanal_zone', ['KZI-001', 'KZI-002'], null],
        ['ZEA-LUA-02', 'artisanal_zone', ['KZI-004'], null],
        ['ZEA-LUA-03', 'artisanal_zone', ['KZI-005', 'KZI-006'], null],
      ],
    );
    assert.equal(res.body.items[3].legalBasis, 'Arrêté ministériel n° 0704/CAB.MIN/MINES/01/2019');
    assert.deepEqual(
      res.body.sitesOutside.map((s: { code: string; name: string }) => [s.code, s.name]),
      [['KZI-007', 'Kanina']],
    );
  });

  test('a site outside every zone is a red flag on its operator, naming the site', async () => {
    const res = await t.request('analyst', 'GET', `/api/organisations/${sasa()}`);
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.body.redFlags.filter((f: { code: string }) => f.code === 'site_outside_zone'),
      [
        {
          code: 'site_outside_zone',
          siteCode: 'KZI-007',
          message:
            'operates site KZI-007, which lies in no artisanal zone or area set aside for artisanal mining',
        },
      ],
    );
    const inside = await t.request('analyst', 'GET', `/api/organisations/${tujenge()}`);
    assert.deepEqual(
      inside.body.redFlags.filter((f: { code: string }) => f.code === 'site_outside_zone'),
      [],
    );
  });

  test('a new zone around the outside site takes it in; only registry keepers record zones', async () => {
    const body = {
      code: 'ZEA-LUA-04',
      name: 'Zone d’exploitation artisanale de Kanina',
      kind: 'artisanal_zone',
      geometry: square(25.4901, -10.6302, 0.01),
      legalBasis: 'Arrêté ministériel n° 0088/CAB.MIN/MINES/01/2026',
      validFrom: '2026-11-01',
      validUntil: null,
    };
    const refused = await t.request('cooperative_manager', 'POST', '/api/zones', body);
    assert.deepEqual([refused.status, refused.body.code], [403, 'sites.zone-keepers-only']);
    const made = await t.request('analyst', 'POST', '/api/zones', body);
    assert.equal(made.status, 201);
    assert.deepEqual(
      [made.body.code, made.body.siteCodes, made.body.validFrom],
      ['ZEA-LUA-04', ['KZI-007'], '2026-11-01'],
    );
    const list = await t.request('buyer', 'GET', '/api/zones');
    assert.deepEqual(list.body.sitesOutside, []);
    const flags = await t.request('analyst', 'GET', `/api/organisations/${sasa()}`);
    assert.equal(
      flags.body.redFlags.some((f: { code: string }) => f.code === 'site_outside_zone'),
      false,
    );
    const again = await t.request('analyst', 'POST', '/api/zones', body);
    assert.deepEqual(
      [again.status, again.body.code, again.body.params],
      [409, 'sites.zone-code-taken', { code: 'ZEA-LUA-04' }],
    );
    const events = await t.ctx.db.query<{ type: string }>(
      "SELECT type FROM events WHERE subject_type = 'zone' AND subject_id = $1",
      [made.body.id],
    );
    assert.deepEqual(
      events.rows.map((e) => e.type),
      ['zone.created'],
    );
  });

  test('refuses a zone that is a point, an open ring or ends before it starts, naming each field', async () => {
    const base = {
      code: 'ZEA-X',
      name: 'X',
      kind: 'artisanal_zone',
      legalBasis: 'A',
      validFrom: '2026-01-01',
    };
    const point = await t.request('admin', 'POST', '/api/zones', {
      ...base,
      geometry: { type: 'Point', coordinates: [25, -10] },
    });
    assert.deepEqual(
      [point.status, point.body.errors.map((e: { path: string; code: string }) => [e.path, e.code])],
      [400, [['geometry.type', 'sites.zone-not-area']]],
    );
    const open = await t.request('admin', 'POST', '/api/zones', {
      ...base,
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [25, -10],
            [26, -10],
            [26, -11],
            [25, -10.5],
          ],
        ],
      },
      validUntil: '2025-12-31',
    });
    assert.deepEqual(
      [open.status, open.body.errors.map((e: { path: string; code: string }) => [e.path, e.code])],
      [
        400,
        [
          ['geometry.coordinates.0', 'sites.ring-not-closed'],
          ['validUntil', 'sites.zone-ends-before-start'],
        ],
      ],
    );
    const long = await t.request('admin', 'POST', '/api/zones', {
      ...base,
      geometry: square(25, -10, 1),
      code: 'Z'.repeat(41),
    });
    assert.deepEqual([long.status, long.body.errors[0].path], [400, 'code']);
    const anonymous = await t.request(null, 'GET', '/api/zones');
    assert.equal(anonymous.status, 401);
    const auditor = await t.request('auditor', 'GET', '/api/zones');
    // Auditors read through their grant only (decision 0027), which holds no zones.
    assert.deepEqual([auditor.status, auditor.body.code], [403, 'audit.outside-access']);
  });

  test("a cooperative's members are counted over time, beside its cards", async () => {
    const res = await t.request('cooperative_manager', 'GET', `/api/cooperatives/${tujenge()}/members`);
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.body.counts.map((c: { members: number }) => c.members),
      [1180, 1265, 1342],
    );
    assert.equal(res.body.cards, 5);
    const added = await t.request('cooperative_manager', 'POST', `/api/cooperatives/${tujenge()}/members`, {
      countedOn: '2026-11-19',
      members: 1360,
    });
    assert.equal(added.status, 201);
    assert.deepEqual(added.body.counts.at(-1), { countedOn: '2026-11-19', members: 1360 });
    const twice = await t.request('cooperative_manager', 'POST', `/api/cooperatives/${tujenge()}/members`, {
      countedOn: '2026-11-19',
      members: 1361,
    });
    assert.deepEqual([twice.status, twice.body.code], [409, 'actors.count-exists']);
    const future = await t.request('analyst', 'POST', `/api/cooperatives/${tujenge()}/members`, {
      countedOn: '2026-11-21',
      members: 1,
    });
    assert.deepEqual([future.status, future.body.errors[0].code], [400, 'actors.count-in-future']);
    const regulator = await t.request('regulator', 'GET', `/api/cooperatives/${tujenge()}/members`);
    assert.equal(regulator.status, 200);
    const regulatorWrites = await t.request('regulator', 'POST', `/api/cooperatives/${tujenge()}/members`, {
      countedOn: '2026-11-18',
      members: 1,
    });
    assert.deepEqual(
      [regulatorWrites.status, regulatorWrites.body.code],
      [403, 'actors.members-keepers-only'],
    );
    const other = await t.request('cooperative_manager', 'GET', `/api/cooperatives/${sasa()}/members`);
    assert.equal(other.status, 404);
    const buyer = await t.request('buyer', 'GET', `/api/cooperatives/${tujenge()}/members`);
    assert.equal(buyer.status, 404);
  });

  test("registers a miner's card with the birth year only, and refuses a holder who may be under 18", async () => {
    const card = {
      cardNumber: 'CAM-LUA-2026-901001',
      cooperativeId: tujenge(),
      birthYear: 2007,
      issuedOn: '2026-11-10',
    };
    const made = await t.request('cooperative_manager', 'POST', '/api/miner-cards', card);
    assert.equal(made.status, 201);
    assert.deepEqual(
      { ...made.body, id: undefined, createdAt: undefined },
      { ...card, id: undefined, createdAt: undefined },
    );
    const minor = await t.request('cooperative_manager', 'POST', '/api/miner-cards', {
      ...card,
      cardNumber: 'CAM-LUA-2026-901002',
      birthYear: 2008,
    });
    assert.equal(minor.status, 400);
    assert.equal(minor.body.code, 'actors.card-holder-minor');
    assert.deepEqual(minor.body.errors, [
      {
        path: 'birthYear',
        message:
          'born in 2008, the holder may be under 18 on 2026-11-10; a card may be issued from 2027-01-01',
        code: 'actors.card-holder-minor',
        params: { birthYear: 2008, from: '2027-01-01' },
      },
    ]);
    const taken = await t.request('analyst', 'POST', '/api/miner-cards', card);
    assert.deepEqual([taken.status, taken.body.code], [409, 'actors.card-number-taken']);
    const elsewhere = await t.request('cooperative_manager', 'POST', '/api/miner-cards', {
      ...card,
      cardNumber: 'CAM-LUA-2026-901003',
      cooperativeId: sasa(),
    });
    assert.deepEqual([elsewhere.status, elsewhere.body.code], [403, 'actors.cards-private']);
    // The event names the card, never the birth year.
    const events = await t.ctx.db.query<{ payload: Record<string, unknown> }>(
      "SELECT payload FROM events WHERE subject_type = 'miner_card' AND subject_id = $1",
      [made.body.id],
    );
    assert.deepEqual(events.rows[0].payload, {
      cardNumber: 'CAM-LUA-2026-901001',
      cooperativeId: tujenge(),
      issuedOn: '2026-11-10',
    });
  });

  test('cards are read by their cooperative and the programme only; counts by the regulator too', async () => {
    const own = await t.request(
      'cooperative_manager',
      'GET',
      `/api/cooperatives/${tujenge()}/miner-cards?limit=2`,
    );
    assert.equal(own.status, 200);
    assert.deepEqual(
      own.body.items.map((c: { cardNumber: string; birthYear: number }) => [c.cardNumber, c.birthYear]),
      [
        ['CAM-LUA-2026-004711', 1988],
        ['CAM-LUA-2026-004712', 1995],
      ],
    );
    const next = await t.request(
      'analyst',
      'GET',
      `/api/cooperatives/${tujenge()}/miner-cards?limit=200&cursor=${own.body.nextCursor}`,
    );
    assert.deepEqual(next.body.items[0].cardNumber, 'CAM-LUA-2026-004713');
    for (const role of ['regulator', 'buyer', 'downstream', 'monitor'] as const) {
      const res = await t.request(role, 'GET', `/api/cooperatives/${tujenge()}/miner-cards`);
      assert.deepEqual([res.status, res.body.code], [403, 'actors.cards-private'], role);
    }
    const otherCoop = await t.request(
      'cooperative_manager',
      'GET',
      `/api/cooperatives/${sasa()}/miner-cards`,
    );
    assert.equal(otherCoop.status, 403);
    const counts = await t.request('regulator', 'GET', '/api/miner-cards/counts');
    assert.equal(counts.status, 200);
    assert.equal(
      counts.body.items.find((c: { cooperative: { id: string } }) => c.cooperative.id === tujenge()).cards >=
        5,
      true,
    );
    assert.equal(
      counts.body.items.find((c: { cooperative: { id: string } }) => c.cooperative.id === sasa()).cards,
      0,
    );
    const ownCounts = await t.request('cooperative_manager', 'GET', '/api/miner-cards/counts');
    assert.deepEqual(
      ownCounts.body.items.map((c: { cooperative: { id: string } }) => c.cooperative.id),
      [tujenge()],
    );
    const buyer = await t.request('buyer', 'GET', '/api/miner-cards/counts');
    assert.deepEqual([buyer.status, buyer.body.code], [403, 'actors.cards-private']);
  });
});
