import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { ENGINE, once, problemOf, startTestApp, type TestApp } from './harness.ts';

/** A visit's GPS fix against its site: flagged for the analyst beyond the tolerance, never refused. */
describe(`visit location check over HTTP (${ENGINE})`, () => {
  let t: TestApp;
  const now = new Date('2026-11-20T10:00:00.000Z');
  before(async () => {
    t = await startTestApp({ clock: () => now });
  });
  after(() => t.close());

  // A square site 0.01° on a side (about 1.1 km) south of 10° S, and a site known only by its point.
  const sites = once(async () => {
    const polygon = await t.request('analyst', 'POST', '/api/sites', {
      code: 'GPS-001',
      name: 'Carré',
      province: 'Lualaba',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [25, -10],
            [25.01, -10],
            [25.01, -10.01],
            [25, -10.01],
            [25, -10],
          ],
        ],
      },
      minerals: ['cobalt'],
      cooperativeIds: [],
    });
    assert.equal(polygon.status, 201);
    const point = await t.request('analyst', 'POST', '/api/sites', {
      code: 'GPS-002',
      name: 'Point',
      province: 'Lualaba',
      geometry: { type: 'Point', coordinates: [25.5, -10.5] },
      minerals: ['cobalt'],
      cooperativeIds: [],
    });
    assert.equal(point.status, 201);
    return { polygon: polygon.body.id as string, point: point.body.id as string };
  });
  const visit = (body: Record<string, unknown>) =>
    t.request('analyst', 'POST', '/api/visits', {
      visitedAt: '2026-11-19T08:00:00Z',
      indicators: { headCount: 5 },
      ...body,
    });

  test('a visit 2 km outside its site is recorded and flagged; one inside is not', async () => {
    const { polygon } = await sites();
    const outside = await visit({ siteId: polygon, latitude: -9.982, longitude: 25.005, accuracyM: 15 });
    assert.equal(outside.status, 201);
    assert.deepEqual(
      [outside.body.latitude, outside.body.longitude, outside.body.accuracyM, outside.body.location],
      [-9.982, 25.005, 15, { distanceM: 2001.5, toleranceM: 500, flagged: true }],
    );
    const inside = await visit({ siteId: polygon, latitude: -10.005, longitude: 25.005, accuracyM: 15 });
    assert.equal(inside.status, 201);
    assert.deepEqual(inside.body.location, { distanceM: 0, toleranceM: 500, flagged: false });
    // Read back as recorded.
    assert.deepEqual((await t.request('analyst', 'GET', `/api/visits/${outside.body.id}`)).body.location, {
      distanceM: 2001.5,
      toleranceM: 500,
      flagged: true,
    });
  });

  test('the accuracy radius counts in the visit’s favour; a visit without a fix is not judged', async () => {
    const { polygon } = await sites();
    // 2001.5 m away: with an accuracy of 1501.5 m its nearest possible point is 500 m away, within the tolerance.
    const vague = await visit({ siteId: polygon, latitude: -9.982, longitude: 25.005, accuracyM: 1501.5 });
    assert.deepEqual(vague.body.location, { distanceM: 2001.5, toleranceM: 500, flagged: false });
    const sharp = await visit({ siteId: polygon, latitude: -9.982, longitude: 25.005, accuracyM: 1501 });
    assert.equal(sharp.body.location.flagged, true);
    const none = await visit({ siteId: polygon });
    assert.equal(none.status, 201);
    assert.equal(none.body.location, null);
    assert.equal(none.body.accuracyM, null);
  });

  test('a site known only by its point is measured to that point', async () => {
    const { point } = await sites();
    // 0.01° of latitude north of the point: 1,111.9 m.
    const res = await visit({ siteId: point, latitude: -10.49, longitude: 25.5 });
    assert.equal(res.status, 201);
    assert.deepEqual(res.body.location, { distanceM: 1111.9, toleranceM: 500, flagged: true });
  });

  test('refuses an accuracy without a position, or out of range, naming it', async () => {
    const { polygon } = await sites();
    const alone = await visit({ siteId: polygon, accuracyM: 10 });
    assert.equal(alone.status, 400);
    assert.deepEqual(
      alone.body.errors.map((e: { path: string; code: string }) => [e.path, e.code]),
      [['accuracyM', 'monitoring.accuracy-without-position']],
    );
    for (const accuracyM of [-1, 100_001]) {
      const res = await visit({ siteId: polygon, latitude: -10, longitude: 25, accuracyM });
      assert.equal(problemOf(res).type, '/api/problems#invalid-input');
      assert.equal(res.body.errors[0].path, 'accuracyM');
    }
  });

  test('the analyst lists the flagged visits, and the others, by filter', async () => {
    const { polygon } = await sites();
    const far = await visit({
      siteId: polygon,
      latitude: -9.9,
      longitude: 25.005,
      visitedAt: '2026-11-18T08:00:00Z',
    });
    assert.equal(far.body.location.flagged, true);
    const flagged = await t.request(
      'analyst',
      'GET',
      `/api/visits?siteId=${polygon}&locationFlagged=true&limit=200`,
    );
    assert.equal(flagged.status, 200);
    assert.ok(flagged.body.items.length >= 2);
    assert.ok(flagged.body.items.some((v: { id: string }) => v.id === far.body.id));
    assert.ok(flagged.body.items.every((v: { location: { flagged: boolean } }) => v.location.flagged));
    const page = await t.request('analyst', 'GET', '/api/visits?locationFlagged=true&limit=1');
    assert.equal(page.body.items.length, 1);
    const next = await t.request(
      'analyst',
      'GET',
      `/api/visits?locationFlagged=true&limit=200&cursor=${page.body.nextCursor}`,
    );
    assert.ok(!next.body.items.some((v: { id: string }) => v.id === page.body.items[0].id));
    const others = await t.request(
      'analyst',
      'GET',
      `/api/visits?siteId=${polygon}&locationFlagged=false&limit=200`,
    );
    assert.ok(others.body.items.length >= 2);
    assert.ok(
      others.body.items.every((v: { location: { flagged: boolean } | null }) => !v.location?.flagged),
    );
    assert.equal((await t.request('analyst', 'GET', '/api/visits?locationFlagged=maybe')).status, 400);
  });

  test('the visit’s event records its fix and the check made of it', async () => {
    const { polygon } = await sites();
    const res = await visit({ siteId: polygon, latitude: -9.982, longitude: 25.005, accuracyM: 8 });
    const event = (
      await t.ctx.db.query<{ payload: Record<string, unknown> }>(
        `SELECT payload FROM events WHERE type = 'visit.recorded' AND subject_id = $1`,
        [res.body.id],
      )
    ).rows[0];
    assert.deepEqual(
      [event.payload.position, event.payload.location],
      [
        { latitude: -9.982, longitude: 25.005, accuracyM: 8 },
        { distanceM: 2001.5, toleranceM: 500, flagged: true },
      ],
    );
  });
});

describe(`a configured location tolerance (${ENGINE})`, () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: { AMANA_VISIT_LOCATION_TOLERANCE_M: '2500' } });
  });
  after(() => t.close());

  test('a visit 2 km away is within a 2.5 km tolerance, and the tolerance is kept with it', async () => {
    const site = await t.request('analyst', 'POST', '/api/sites', {
      code: 'GPS-101',
      name: 'Carré',
      province: 'Lualaba',
      geometry: { type: 'Point', coordinates: [25.005, -10] },
      minerals: ['cobalt'],
      cooperativeIds: [],
    });
    const res = await t.request('analyst', 'POST', '/api/visits', {
      siteId: site.body.id,
      visitedAt: new Date(Date.now() - 3_600_000).toISOString(),
      latitude: -9.982,
      longitude: 25.005,
      indicators: {},
    });
    assert.deepEqual(res.body.location, { distanceM: 2001.5, toleranceM: 2500, flagged: false });
  });

  test('the tolerance is a whole number of metres from 0 to 100,000', () => {
    assert.equal(loadConfig({}).visitLocationToleranceM, 500);
    assert.equal(loadConfig({ AMANA_VISIT_LOCATION_TOLERANCE_M: '0' }).visitLocationToleranceM, 0);
    for (const bad of ['-1', '100001', '1.5', 'far'])
      assert.throws(() => loadConfig({ AMANA_VISIT_LOCATION_TOLERANCE_M: bad }), ConfigError, bad);
  });
});
