import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ENGINE, once, startTestApp, type TestApp } from './harness.ts';

describe(`sites over HTTP (${ENGINE})`, () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const site = () => ({
    code: 'kzi-099',
    name: 'Nouveau puits',
    province: 'Lualaba',
    territory: 'Kolwezi',
    zoneCode: 'zea-lua-01',
    geometry: { type: 'Point', coordinates: [25.47, -10.71] },
    minerals: ['cobalt'],
    cooperativeIds: [t.orgOf.cooperative_manager],
    workforce: 120,
    pits: 14,
    capacityKgMonth: 12000,
    typicalGradePct: 6.5,
  });
  /** The site KZI-099, registered once for the tests that read or change it. */
  // The programme's monitor covers the new site too: a monitor reads the registry through its assignments.
  const registered = once(async () => {
    const res = await t.request('analyst', 'POST', '/api/sites', site());
    const monitor = (await t.request('monitor', 'GET', '/api/me')).body;
    await t.request('analyst', 'POST', '/api/site-assignments', { siteId: res.body.id, userId: monitor.id });
    return res;
  });

  test('registers a site as blue with the reason on its history', async () => {
    const res = await registered();
    assert.equal(res.status, 201);
    assert.equal(res.body.code, 'KZI-099');
    assert.equal(res.body.zoneCode, 'ZEA-LUA-01');
    assert.equal(res.body.status, 'blue');
    assert.deepEqual(res.body.cooperatives, [
      { id: t.orgOf.cooperative_manager, name: 'Coopérative minière Tujenge Kolwezi' },
    ]);
    const history = await t.request('downstream', 'GET', `/api/sites/${res.body.id}/status-history`);
    assert.deepEqual(
      history.body.map((h: { status: string; reason: string }) => [h.status, h.reason]),
      [['blue', `blue since ${new Date().toISOString().slice(0, 10)}: registered, not yet assessed`]],
    );
    assert.equal(res.body.statusExplanation, history.body[0].reason);
    assert.deepEqual(history.body[0].reasonData, { kind: 'registered' });
    const dup = await t.request('analyst', 'POST', '/api/sites', site());
    assert.equal(dup.status, 409);
    assert.deepEqual(dup.body.errors, [
      { path: 'code', message: 'already used', code: 'sites.code-used', params: { code: 'KZI-099' } },
    ]);
    assert.equal(dup.body.code, 'sites.code-exists');
    assert.deepEqual(dup.body.params, { code: 'KZI-099' });
  });

  test('names each invalid part of a geometry and of the site', async () => {
    const open = await t.request('analyst', 'POST', '/api/sites', {
      ...site(),
      code: 'KZI-100',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [25.4, -10.7],
            [25.5, -10.7],
            [25.5, -10.8],
            [25.4, -10.8],
          ],
        ],
      },
    });
    assert.equal(open.status, 400);
    assert.deepEqual(open.body.errors, [
      {
        path: 'geometry.coordinates.0',
        message: 'a linear ring must end at the position it starts from',
        code: 'sites.ring-not-closed',
      },
    ]);
    const bad = await t.request('analyst', 'POST', '/api/sites', {
      ...site(),
      code: 'bad code!',
      minerals: ['unobtainium'],
      cooperativeIds: [t.orgOf.buyer],
      geometry: { type: 'Point', coordinates: [25.4, -95] },
    });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.errors.map((e: { path: string }) => e.path).sort(), [
      'code',
      'geometry.coordinates.1',
      'minerals.0',
    ]);
    const notCoop = await t.request('analyst', 'POST', '/api/sites', {
      ...site(),
      code: 'KZI-101',
      cooperativeIds: [t.orgOf.buyer],
    });
    assert.deepEqual(notCoop.body.errors, [
      {
        path: 'cooperativeIds.0',
        message: 'this organisation is not a cooperative',
        code: 'sites.not-cooperative',
      },
    ]);
  });

  test('filters sites by status, province, mineral and cooperative, paging by code', async () => {
    await registered();
    const hk = await t.request('monitor', 'GET', '/api/sites?province=Haut-Katanga&limit=3');
    assert.deepEqual(
      hk.body.items.map((s: { code: string }) => s.code),
      ['LKS-001', 'LKS-002', 'LKS-003'],
    );
    const next = await t.request(
      'monitor',
      'GET',
      `/api/sites?province=Haut-Katanga&limit=3&cursor=${hk.body.nextCursor}`,
    );
    assert.deepEqual(
      next.body.items.map((s: { code: string }) => s.code),
      ['LKS-004', 'LKS-005'],
    );
    assert.equal(next.body.nextCursor, null);
    const byCoop = await t.request(
      'monitor',
      'GET',
      `/api/sites?cooperativeId=${t.orgOf.cooperative_manager}`,
    );
    assert.deepEqual(
      byCoop.body.items.map((s: { code: string }) => s.code),
      ['KZI-001', 'KZI-002', 'KZI-099'],
    );
    const red = await t.request('monitor', 'GET', '/api/sites?status=red');
    assert.deepEqual(
      red.body.items.map((s: { code: string }) => s.code),
      ['KZI-003', 'KZI-007'],
    );
    assert.equal((await t.request('monitor', 'GET', '/api/sites?status=purple')).status, 400);
  });

  test('updates a site with its version and refuses a stale one', async () => {
    await registered();
    const s = (await t.request('analyst', 'GET', '/api/sites?q=KZI-099')).body.items[0];
    const ok = await t.request('analyst', 'PUT', `/api/sites/${s.id}`, {
      ...site(),
      name: 'Puits renommé',
      version: s.version,
    });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.name, 'Puits renommé');
    const stale = await t.request('analyst', 'PUT', `/api/sites/${s.id}`, { ...site(), version: s.version });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.type, '/api/problems#stale-update');
  });

  test('exports GeoJSON and CSV that import back unchanged', async () => {
    await registered();
    const geo = await t.request('regulator', 'GET', '/api/sites/export?format=geojson');
    assert.equal(geo.status, 200);
    assert.equal(geo.headers.get('content-type'), 'application/geo+json; charset=utf-8');
    const fc = JSON.parse(geo.text);
    assert.equal(fc.type, 'FeatureCollection');
    assert.equal(fc.features.length, 13);
    assert.deepEqual(fc.features[0].properties.cooperatives, ['CD/KZI/RCCM/19-B-00123']);
    const again = await t.request('analyst', 'POST', '/api/sites/import', fc);
    assert.deepEqual(again.body, { created: 0, updated: 13 });
    const geoAfter = JSON.parse(
      (await t.request('regulator', 'GET', '/api/sites/export?format=geojson')).text,
    );
    assert.deepEqual(
      geoAfter.features.map((f: { geometry: unknown }) => f.geometry),
      fc.features.map((f: { geometry: unknown }) => f.geometry),
    );

    const csv = await t.request('regulator', 'GET', '/api/sites/export?format=csv');
    assert.equal(csv.headers.get('content-type'), 'text/csv; charset=utf-8');
    const lines = csv.text.trim().split('\n');
    assert.equal(lines.length, 14);
    assert.equal(
      lines[0],
      'code,name,province,territory,zone_code,concession,minerals,cooperatives,workforce,pits,capacity_kg_month,typical_grade_pct,longitude,latitude,geometry,status,status_since',
    );
    const newCsv = `${lines[0]}\nKZI-200,Puits CSV,Lualaba,,ZEA-LUA-01,,cobalt;copper,CD/KZI/RCCM/19-B-00123,40,5,3000,5,25.5,-10.7,,,\n`;
    const imported = await t.request('analyst', 'POST', '/api/sites/import', newCsv, {
      'content-type': 'text/csv',
    });
    assert.deepEqual(imported.body, { created: 1, updated: 0 });
    const created = (await t.request('analyst', 'GET', '/api/sites?q=KZI-200')).body.items[0];
    assert.deepEqual(created.geometry, { type: 'Point', coordinates: [25.5, -10.7] });
    assert.deepEqual(created.minerals, ['cobalt', 'copper']);
  });

  test('an import with any bad row writes nothing and names every problem', async () => {
    const csv =
      'code,name,province,minerals,longitude,latitude,cooperatives\nKZI-300,Ok,Lualaba,cobalt,25.5,-10.7,\nKZI-300,Dup,Lualaba,cobalt,25.5,-10.7,\nKZI-301,,Lualaba,gravel,25.5,-100,CD/KZI/RCCM/99-B-1\n';
    const res = await t.request('analyst', 'POST', '/api/sites/import', csv, { 'content-type': 'text/csv' });
    assert.equal(res.status, 400);
    assert.equal(res.body.detail, '5 problem(s) in the file; nothing was imported');
    assert.equal(res.body.code, 'sites.import-refused');
    assert.deepEqual(res.body.params, { count: 5 });
    assert.deepEqual(
      res.body.errors.map((e: { path: string }) => e.path),
      [
        'rows.2.code',
        'rows.3.cooperatives.0',
        'rows.3.name',
        'rows.3.geometry.coordinates.1',
        'rows.3.minerals.0',
      ],
    );
    assert.deepEqual(
      res.body.errors.map((e: { code: string }) => e.code),
      [
        'sites.import-code-twice',
        'sites.import-no-organisation',
        'common.field.required',
        'sites.latitude-range',
        'common.field.one-of',
      ],
    );
    assert.deepEqual(res.body.errors[1].params, { ref: 'CD/KZI/RCCM/99-B-1' });
    assert.equal((await t.request('analyst', 'GET', '/api/sites?q=KZI-300')).body.items.length, 0);
    const notFc = await t.request('analyst', 'POST', '/api/sites/import', { type: 'Feature' });
    assert.deepEqual(notFc.body.errors, [
      {
        path: 'type',
        message: 'a GeoJSON import must be a FeatureCollection',
        code: 'sites.import-not-collection',
      },
    ]);
  });
});
