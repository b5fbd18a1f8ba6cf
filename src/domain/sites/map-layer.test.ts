import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_LAYER_FEATURES, parseLayerFeatures } from './map-layer.ts';

const square = {
  type: 'Polygon',
  coordinates: [
    [
      [25.4, -10.7],
      [25.5, -10.7],
      [25.5, -10.8],
      [25.4, -10.7],
    ],
  ],
};

test('accepts a feature collection and gives every feature an object of properties', () => {
  const { features, errors } = parseLayerFeatures({
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', geometry: square, properties: { name: 'PE 1234' } },
      { type: 'Feature', geometry: { type: 'Point', coordinates: [25.45, -10.75] }, properties: null },
    ],
  });
  assert.deepEqual(errors, []);
  assert.deepEqual(
    features.map((f) => f.properties),
    [{ name: 'PE 1234' }, {}],
  );
});

test('names the path of a broken geometry deep inside the collection', () => {
  const { features, errors } = parseLayerFeatures({
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', geometry: square, properties: {} },
      { type: 'Feature', geometry: { type: 'Point', coordinates: [250, -10] }, properties: {} },
    ],
  });
  assert.deepEqual(features, []);
  assert.deepEqual(errors, [
    {
      path: 'geojson.features.1.geometry.coordinates.0',
      message: 'longitude must be between -180 and 180',
      code: 'sites.longitude-range',
    },
  ]);
});

test('refuses what is not a feature collection, an empty one and one too large', () => {
  assert.equal(parseLayerFeatures({ type: 'Feature' }).errors[0].path, 'geojson');
  assert.deepEqual(parseLayerFeatures({ type: 'FeatureCollection', features: [] }).errors, [
    { path: 'geojson.features', message: 'the layer has no features', code: 'sites.layer-empty' },
  ]);
  const many = Array.from({ length: MAX_LAYER_FEATURES + 1 }, () => ({ type: 'Feature', geometry: square }));
  assert.match(
    parseLayerFeatures({ type: 'FeatureCollection', features: many }).errors[0].message,
    /at most 20000/,
  );
});

test('refuses items that are not features and properties that are not objects', () => {
  const { errors } = parseLayerFeatures({
    type: 'FeatureCollection',
    features: [{ type: 'Point' }, { type: 'Feature', geometry: square, properties: 'x' }],
  });
  assert.deepEqual(errors, [
    {
      path: 'geojson.features.0',
      message: 'each item must be a GeoJSON Feature',
      code: 'sites.layer-not-feature',
    },
    {
      path: 'geojson.features.1.properties',
      message: 'properties must be an object or null',
      code: 'sites.layer-properties',
    },
  ]);
});

test('stops at twenty problems', () => {
  const bad = Array.from({ length: 50 }, () => ({ type: 'Feature', geometry: null }));
  assert.equal(parseLayerFeatures({ type: 'FeatureCollection', features: bad }).errors.length, 20);
});

test('names each feature holding more positions than the limit', () => {
  const { features, errors } = parseLayerFeatures(
    {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: square, properties: {} },
        {
          type: 'Feature',
          geometry: { type: 'MultiPolygon', coordinates: [square.coordinates, square.coordinates] },
        },
      ],
    },
    'geojson',
    5,
  );
  assert.deepEqual(features, []);
  assert.deepEqual(errors, [
    {
      path: 'geojson.features.1.geometry',
      message: 'has 8 positions; at most 5 are accepted (simplify the outline)',
      code: 'sites.too-many-vertices',
      params: { count: 8, max: 5 },
    },
  ]);
});
