import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkVertexLimit, countVertices, representativePoint, validateSiteGeometry } from './geometry.ts';

const square = [
  [25.46, -10.71],
  [25.47, -10.71],
  [25.47, -10.72],
  [25.46, -10.72],
  [25.46, -10.71],
];

test('accepts a point, a closed polygon and a multipolygon', () => {
  assert.deepEqual(validateSiteGeometry({ type: 'Point', coordinates: [25.46, -10.71] }), []);
  assert.deepEqual(validateSiteGeometry({ type: 'Polygon', coordinates: [square] }), []);
  assert.deepEqual(validateSiteGeometry({ type: 'MultiPolygon', coordinates: [[square], [square]] }), []);
});

test('names the position that is out of range', () => {
  assert.deepEqual(validateSiteGeometry({ type: 'Point', coordinates: [25.46, -100] }), [
    {
      path: 'geometry.coordinates.1',
      message: 'latitude must be between -90 and 90',
      code: 'sites.latitude-range',
    },
  ]);
  assert.deepEqual(
    validateSiteGeometry({
      type: 'Polygon',
      coordinates: [[...square.slice(0, 2), [200, 0], ...square.slice(3)]],
    }),
    [
      {
        path: 'geometry.coordinates.0.2.0',
        message: 'longitude must be between -180 and 180',
        code: 'sites.longitude-range',
      },
    ],
  );
});

test('refuses an open ring and a ring that is too short', () => {
  assert.deepEqual(validateSiteGeometry({ type: 'Polygon', coordinates: [square.slice(0, 4)] }), [
    {
      path: 'geometry.coordinates.0',
      message: 'a linear ring must end at the position it starts from',
      code: 'sites.ring-not-closed',
    },
  ]);
  assert.deepEqual(validateSiteGeometry({ type: 'Polygon', coordinates: [square.slice(0, 3)] }), [
    {
      path: 'geometry.coordinates.0',
      message: 'a linear ring needs at least 4 positions',
      code: 'sites.ring-too-short',
    },
  ]);
});

test('refuses other geometry types, missing coordinates and non-objects', () => {
  assert.deepEqual(validateSiteGeometry({ type: 'LineString', coordinates: [] }), [
    {
      path: 'geometry.type',
      message: 'the geometry type must be Point, Polygon or MultiPolygon',
      code: 'sites.geometry-type',
    },
  ]);
  assert.deepEqual(validateSiteGeometry({ type: 'Point' }), [
    {
      path: 'geometry.coordinates',
      message: 'a position is [longitude, latitude] with an optional altitude, all numbers',
      code: 'sites.position-shape',
    },
  ]);
  assert.deepEqual(validateSiteGeometry('POINT(1 2)'), [
    { path: 'geometry', message: 'a GeoJSON geometry object is required', code: 'sites.geometry-required' },
  ]);
  assert.deepEqual(validateSiteGeometry({ type: 'MultiPolygon', coordinates: [] }), [
    {
      path: 'geometry.coordinates',
      message: 'a multipolygon is a non-empty list of polygons',
      code: 'sites.multipolygon-empty',
    },
  ]);
});

test('a representative point is the point itself or the mean of the outer ring', () => {
  assert.deepEqual(representativePoint({ type: 'Point', coordinates: [25.5, -10.7] }), [25.5, -10.7]);
  assert.deepEqual(representativePoint({ type: 'Polygon', coordinates: [square] }), [25.465, -10.715]);
});

test('counts the positions of a point, a polygon with a hole and a multipolygon', () => {
  assert.equal(countVertices({ type: 'Point', coordinates: [25.46, -10.71] }), 1);
  assert.equal(countVertices({ type: 'Polygon', coordinates: [square, square.slice(0, 4)] }), 9);
  assert.equal(countVertices({ type: 'MultiPolygon', coordinates: [[square], [square, square]] }), 15);
  assert.equal(countVertices({ type: 'Polygon' }), 0);
  assert.equal(countVertices(null), 0);
});

test('counts a malformed, deeply nested input without descending past a multipolygon', () => {
  let deep: unknown = [1, 2];
  for (let i = 0; i < 100_000; i++) deep = [deep];
  assert.equal(countVertices({ type: 'Polygon', coordinates: deep }), 0);
});

test('refuses a geometry beyond the vertex limit, naming the field and the limit', () => {
  const ring = Array.from({ length: 1_000_000 }, (_, i) => [25 + i * 1e-7, -10.7]);
  ring.push(ring[0]);
  const huge = { type: 'Polygon', coordinates: [ring] };
  assert.deepEqual(checkVertexLimit(huge, 10_000), {
    path: 'geometry',
    message: 'has 1000001 positions; at most 10000 are accepted (simplify the outline)',
    code: 'sites.too-many-vertices',
    params: { count: 1000001, max: 10000 },
  });
  assert.equal(checkVertexLimit({ type: 'Polygon', coordinates: [square] }, 5), null);
  assert.equal(checkVertexLimit({ type: 'Polygon', coordinates: [square] }, 4)?.path, 'geometry');
});
