import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boundsOf, METRES_PER_DEGREE, markerOf, northOf } from './map-view.ts';

const point = (lon: number, lat: number) =>
  ({ geometry: { type: 'Point', coordinates: [lon, lat] } }) as never;
const square = (lon: number, lat: number, half: number) =>
  ({
    geometry: {
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
    },
  }) as never;

test('a site mapped as a point is marked there, one mapped as an outline at its centre', () => {
  assert.deepEqual(markerOf(point(25.47, -10.71)), [25.47, -10.71]);
  const [lon, lat] = markerOf(square(25.5, -10.7, 0.01));
  assert.ok(Math.abs(lon - 25.5) < 1e-9 && Math.abs(lat - -10.7) < 1e-6, `${lon}, ${lat}`);
});

test('the view holds every site, widened on each side; with no site it shows the Copperbelt', () => {
  const [w, s, e, n] = boundsOf([point(25.4, -10.8), square(26, -10.5, 0.02)], 0.1);
  assert.deepEqual(
    [w, s, e, n].map((x) => Math.round(x * 1000) / 1000),
    [25.3, -10.9, 26.12, -10.38],
  );
  assert.deepEqual(boundsOf([], 0), [25.3, -10.9, 25.7, -10.5]);
});

test('the edge of an accuracy circle lies its radius north of the fix', () => {
  assert.equal(Math.round(METRES_PER_DEGREE), 111_195);
  const [lon, lat] = northOf([25.47, -10.71], 14);
  assert.equal(lon, 25.47);
  assert.equal(Math.round((lat - -10.71) * METRES_PER_DEGREE * 1000) / 1000, 14);
});
