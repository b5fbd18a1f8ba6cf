import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ENGINE, problemOf, startTestApp, type TestApp } from './harness.ts';

const zone = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: { name: 'ZEA Kasulo' },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [25.46, -10.71],
            [25.5, -10.71],
            [25.5, -10.75],
            [25.46, -10.71],
          ],
        ],
      },
    },
  ],
};

describe(`site map, map layers, sorted lists and incident trends over HTTP (${ENGINE})`, () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ clock: () => new Date('2026-11-20T10:00:00Z') });
  });
  after(() => t.close());

  test('the map answers every site with its status, suspension and a marker point', async () => {
    const res = await t.request('cooperative_manager', 'GET', '/api/sites/map');
    assert.equal(res.status, 200);
    assert.equal(res.body.sites.length, 12);
    const byStatus: Record<string, number> = {};
    for (const s of res.body.sites) byStatus[s.status] = (byStatus[s.status] ?? 0) + 1;
    assert.deepEqual(byStatus, { blue: 6, green: 2, yellow: 2, red: 2 });
    assert.equal(res.body.sites.filter((s: { suspended: boolean }) => s.suspended).length, 2);
    for (const s of res.body.sites) {
      const [lon, lat] = s.point;
      assert.ok(lon > 22 && lon < 30 && lat > -13 && lat < -9, `${s.code} is in Lualaba or Haut-Katanga`);
    }
    assert.equal((await t.request(null, 'GET', '/api/sites/map')).status, 401);
  });

  test('the outlines of the sites in view are asked for by id; points have none', async () => {
    const map = (await t.request('monitor', 'GET', '/api/sites/map')).body;
    const ids = map.sites.map((s: { id: string }) => s.id);
    const res = await t.request('monitor', 'GET', `/api/sites/outlines?ids=${ids.join(',')}`);
    assert.equal(res.status, 200);
    const sites = (await t.request('monitor', 'GET', '/api/sites?limit=200')).body.items as {
      id: string;
      geometry: { type: string };
    }[];
    const polygons = sites.filter((s) => s.geometry.type !== 'Point');
    assert.ok(polygons.length > 0);
    assert.deepEqual(
      res.body.items.map((o: { id: string }) => o.id).sort(),
      polygons.map((s) => s.id).sort(),
    );
    for (const o of res.body.items)
      assert.deepEqual(o.geometry, polygons.find((s) => s.id === o.id)?.geometry);
    assert.deepEqual(
      map.sites
        .filter((s: { outline: boolean }) => s.outline)
        .map((s: { id: string }) => s.id)
        .sort(),
      polygons.map((s) => s.id).sort(),
    );
    const tooMany = Array.from({ length: 101 }, () => ids[0]).join(',');
    for (const query of ['', `ids=${tooMany}`, 'ids=not-an-id']) {
      const bad = await t.request('monitor', 'GET', `/api/sites/outlines?${query}`);
      assert.equal(bad.status, 400, query);
      assert.match(bad.body.errors[0].path, /ids/);
    }
    assert.equal((await t.request(null, 'GET', `/api/sites/outlines?ids=${ids[0]}`)).status, 401);
  });

  test('an analyst adds a layer everyone sees, retries it once, and removes it', async () => {
    const id = '019a0000-0000-7000-8000-00000000aa01';
    const body = { id, name: 'Zones d’exploitation artisanale', kind: 'artisanal_zone', geojson: zone };
    const first = await t.request('analyst', 'POST', '/api/map-layers', body);
    assert.equal(first.status, 201);
    assert.deepEqual(
      {
        name: first.body.name,
        kind: first.body.kind,
        colour: first.body.colour,
        featureCount: first.body.featureCount,
      },
      { name: 'Zones d’exploitation artisanale', kind: 'artisanal_zone', colour: '#0f766e', featureCount: 1 },
    );
    assert.equal((await t.request('analyst', 'POST', '/api/map-layers', body)).status, 200);
    const listed = await t.request('buyer', 'GET', '/api/map-layers');
    assert.deepEqual(
      listed.body.items.map((l: { id: string; organisationName: string }) => [l.id, l.organisationName]),
      [[id, 'Programme Amana de démonstration']],
    );
    const features = await t.request('monitor', 'GET', `/api/map-layers/${id}/features`);
    assert.deepEqual(features.body, zone);
    const buyerRemoves = await t.request('buyer', 'DELETE', `/api/map-layers/${id}`);
    assert.equal(buyerRemoves.status, 403);
    assert.equal(buyerRemoves.body.code, 'sites.layer-remove-role');
    assert.equal((await t.request('regulator', 'DELETE', `/api/map-layers/${id}`)).status, 404);
    assert.equal((await t.request('analyst', 'DELETE', `/api/map-layers/${id}`)).status, 204);
    assert.deepEqual((await t.request('analyst', 'GET', '/api/map-layers')).body.items, []);
    assert.equal((await t.request('analyst', 'GET', `/api/map-layers/${id}/features`)).status, 404);
  });

  test('a broken layer is refused naming the feature, and roles that do not keep layers get 403', async () => {
    const broken = structuredClone(zone);
    broken.features[0].geometry.coordinates[0][3] = [25.47, -10.71];
    const res = await t.request('analyst', 'POST', '/api/map-layers', {
      name: 'x',
      kind: 'concession',
      geojson: broken,
    });
    assert.equal(problemOf(res).status, 400);
    assert.equal(res.body.code, 'sites.layer-invalid');
    assert.deepEqual(res.body.errors, [
      {
        path: 'geojson.features.0.geometry.coordinates.0',
        message: 'a linear ring must end at the position it starts from',
        code: 'sites.ring-not-closed',
      },
    ]);
    const noKind = await t.request('analyst', 'POST', '/api/map-layers', {
      name: 'x',
      kind: 'road',
      geojson: zone,
    });
    assert.equal(noKind.status, 400);
    assert.equal(noKind.body.errors[0].path, 'kind');
    const buyer = await t.request('buyer', 'POST', '/api/map-layers', {
      name: 'x',
      kind: 'other',
      geojson: zone,
    });
    assert.equal(buyer.status, 403);
    assert.equal(buyer.body.code, 'sites.layer-add-role');
  });

  test('site lists sort by name both ways across pages, and a cursor of another order is refused', async () => {
    const names = async (sort: string) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const q: string = `/api/sites?sort=${sort}&limit=5${cursor ? `&cursor=${cursor}` : ''}`;
        const page = (await t.request('analyst', 'GET', q)).body;
        seen.push(...page.items.map((s: { name: string }) => s.name));
        cursor = page.nextCursor;
      } while (cursor);
      return seen;
    };
    const up = await names('name');
    assert.equal(up.length, 12);
    assert.deepEqual(
      up,
      [...up].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())),
    );
    assert.deepEqual(await names('-name'), [...up].reverse());
    const first = (await t.request('analyst', 'GET', '/api/sites?sort=status&limit=2')).body;
    assert.deepEqual(
      first.items.map((s: { status: string }) => s.status),
      ['blue', 'blue'],
    );
    const wrong = await t.request('analyst', 'GET', `/api/sites?sort=name&cursor=${first.nextCursor}`);
    assert.equal(wrong.status, 400);
    assert.deepEqual(wrong.body.errors, [
      {
        path: 'cursor',
        message: 'this cursor belongs to the list sorted by status; start again without it',
        code: 'common.field.cursor-other-order',
        params: { order: 'status' },
      },
    ]);
    assert.equal((await t.request('analyst', 'GET', '/api/sites?sort=workforce')).status, 400);
  });

  test('organisations sort by KYC status, then by id, with no row lost between pages', async () => {
    const all = (await t.request('analyst', 'GET', '/api/organisations?limit=200')).body.items;
    const seen: { kyc: { status: string } }[] = [];
    let cursor: string | null = null;
    do {
      const q: string = `/api/organisations?sort=-kyc&limit=4${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await t.request('analyst', 'GET', q)).body;
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    assert.equal(seen.length, all.length);
    const statuses = seen.map((o) => o.kyc.status);
    assert.deepEqual(statuses, [...statuses].sort().reverse());
  });

  test('incident trends count the demo incidents per category and month the caller sees', async () => {
    const res = await t.request('analyst', 'GET', '/api/reports/incident-trends?months=3');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.months, ['2026-09', '2026-10', '2026-11']);
    assert.deepEqual(res.body.series, [
      { category: 'armed_groups', counts: [0, 0, 1] },
      { category: 'governance', counts: [0, 1, 0] },
      { category: 'legality', counts: [0, 0, 1] },
      { category: 'occupational_health_safety', counts: [0, 0, 2] },
      { category: 'security_forces', counts: [0, 0, 1] },
    ]);
    const buyer = await t.request('buyer', 'GET', '/api/reports/incident-trends');
    assert.equal(buyer.body.months.length, 12);
    // The depot sees the three incidents of the sites whose ore it received (the demo's custody).
    assert.deepEqual(
      buyer.body.series.map((r: { category: string; counts: number[] }) => [
        r.category,
        r.counts.reduce((a, b) => a + b, 0),
      ]),
      [
        ['bribery_fraud', 1],
        ['child_labour', 1],
        ['governance', 1],
      ],
    );
    assert.equal((await t.request('analyst', 'GET', '/api/reports/incident-trends?months=0')).status, 400);
  });

  test('the map names the towns in its view from the shipped gazetteer; a malformed view is refused by field', async () => {
    const res = await t.request('monitor', 'GET', '/api/map/places?bbox=25,-12,28,-10');
    assert.equal(res.status, 200);
    const names = res.body.places.map((p: { name: string }) => p.name).sort();
    for (const town of ['Kambove', 'Kipushi', 'Kolwezi', 'Likasi', 'Lubumbashi'])
      assert.ok(names.includes(town), town);
    const kolwezi = res.body.places.find((p: { name: string }) => p.name === 'Kolwezi');
    assert.ok(Math.abs(kolwezi.lon - 25.47) < 0.1 && Math.abs(kolwezi.lat - -10.71) < 0.1);
    assert.equal(res.body.truncated, false);
    assert.match(res.body.attribution, /GeoNames \(CC BY 4\.0\)/);
    const world = await t.request('monitor', 'GET', '/api/map/places?bbox=-180,-90,180,90');
    assert.deepEqual([world.body.places.length, world.body.truncated], [150, true]);
    for (const bad of ['25,-12,28', 'a,b,c,d', '25,-10,28,-12', '200,-12,28,-10', '25,-12,,-10']) {
      const r = await t.request('monitor', 'GET', `/api/map/places?bbox=${bad}`);
      assert.equal(r.status, 400, bad);
      assert.match(JSON.stringify(r.body), /bbox/, bad);
    }
    assert.equal((await t.request('monitor', 'GET', '/api/map/places')).status, 400);
    assert.equal((await t.request(null, 'GET', '/api/map/places?bbox=25,-12,28,-10')).status, 401);
  });
});
