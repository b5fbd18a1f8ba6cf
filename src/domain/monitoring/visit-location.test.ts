import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SiteGeometry } from '../sites/geometry.ts';
import { checkVisitLocation, distanceToSite } from './visit-location.ts';

// A square site 0.01° on a side south of 10° S, and a square hole in the middle of a second one.
const square: SiteGeometry = {
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
};
const withHole: SiteGeometry = {
  type: 'Polygon',
  coordinates: [
    ...(square.coordinates as number[][][]),
    [
      [25.004, -10.004],
      [25.006, -10.004],
      [25.006, -10.006],
      [25.004, -10.006],
      [25.004, -10.004],
    ],
  ],
};
// 0.01° of a meridian on a sphere of 6,371 km: 6,371,000 × π / 18,000 m.
const CENTI_DEGREE_M = (6_371_000 * Math.PI) / 18_000;
/** To the millimetre: the degrees of a test point carry the rounding of their decimal writing. */
const mm = (metres: number) => Math.round(metres * 1000) / 1000;

test('a point inside a site polygon is at no distance from it', () => {
  assert.equal(distanceToSite([25.005, -10.005], square), 0);
  assert.equal(distanceToSite([25, -10.005], square), 0);
});

test('a point north of an edge is at the meridian distance from it, one east at the distance along its parallel', () => {
  assert.equal(mm(distanceToSite([25.005, -9.99], square)), mm(CENTI_DEGREE_M));
  const parallel = CENTI_DEGREE_M * Math.cos((10.005 * Math.PI) / 180);
  assert.ok(Math.abs(distanceToSite([25.02, -10.005], square) - parallel) < 1e-6);
});

test('a point beyond a corner is measured to the corner', () => {
  const d = distanceToSite([25.02, -9.99], square);
  const east = CENTI_DEGREE_M * Math.cos((9.99 * Math.PI) / 180);
  assert.ok(Math.abs(d - Math.hypot(east, CENTI_DEGREE_M)) < 1e-6, String(d));
});

test('a point in a hole of the polygon is outside the site, at the distance to the hole’s nearest edge', () => {
  // The hole's east and west edges, 0.001° of longitude away at 10.005° S, are nearer than its north and south.
  assert.equal(
    mm(distanceToSite([25.005, -10.005], withHole)),
    mm((CENTI_DEGREE_M / 10) * Math.cos((10.005 * Math.PI) / 180)),
  );
});

test('a multipolygon site is as near as its nearest part', () => {
  const far = (square.coordinates as number[][][])[0].map(([x, y]) => [x + 1, y]);
  const multi: SiteGeometry = {
    type: 'MultiPolygon',
    coordinates: [[far], square.coordinates as number[][][]],
  };
  assert.equal(mm(distanceToSite([25.005, -9.99], multi)), mm(CENTI_DEGREE_M));
});

test('a site known only by its point is measured along the great circle to it', () => {
  assert.equal(
    mm(distanceToSite([25.005, -9.99], { type: 'Point', coordinates: [25.005, -10] })),
    mm(CENTI_DEGREE_M),
  );
  assert.equal(distanceToSite([25.005, -10], { type: 'Point', coordinates: [25.005, -10] }), 0);
});

test('a visit 2 km outside its site is flagged, one inside or within the tolerance is not', () => {
  assert.deepEqual(checkVisitLocation({ longitude: 25.005, latitude: -9.982 }, square, 500), {
    distanceM: 2001.5,
    flagged: true,
  });
  assert.deepEqual(checkVisitLocation({ longitude: 25.005, latitude: -10.005 }, square, 500), {
    distanceM: 0,
    flagged: false,
  });
  // 0.0045° north: 500.4 m, just beyond a 500 m tolerance; 0.0044°: 489.3 m, just within it.
  assert.deepEqual(checkVisitLocation({ longitude: 25.005, latitude: -9.9955 }, square, 500), {
    distanceM: 500.4,
    flagged: true,
  });
  assert.equal(checkVisitLocation({ longitude: 25.005, latitude: -9.9956 }, square, 500).flagged, false);
});

test('the accuracy radius of the fix counts in the visit’s favour', () => {
  const fix = { longitude: 25.005, latitude: -9.982 };
  assert.equal(checkVisitLocation({ ...fix, accuracyM: 1501 }, square, 500).flagged, true);
  assert.equal(checkVisitLocation({ ...fix, accuracyM: 1501.5 }, square, 500).flagged, false);
  assert.equal(checkVisitLocation({ ...fix, accuracyM: 0 }, square, 2001).flagged, true);
  assert.equal(checkVisitLocation({ ...fix, accuracyM: null }, square, 2002).flagged, false);
});
