import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  boundsOf,
  filterChoices,
  filterSites,
  mapSources,
  NO_FILTERS,
  type SiteFeature,
} from './site-filter.ts';

const site = (
  id: string,
  status: SiteFeature['properties']['status'],
  province: string,
  minerals: SiteFeature['properties']['minerals'],
  coop: string | null,
  polygon = false,
): SiteFeature => ({
  type: 'Feature',
  id,
  geometry: polygon
    ? {
        type: 'Polygon',
        coordinates: [
          [
            [25, -10],
            [25.1, -10],
            [25.1, -10.1],
            [25, -10],
          ],
        ],
      }
    : { type: 'Point', coordinates: [25.5, -10.5] },
  properties: {
    id,
    code: id.toUpperCase(),
    name: `Site ${id}`,
    status,
    suspended: status === 'red',
    province,
    minerals,
    cooperatives: coop ? [{ id: coop, name: `Coop ${coop}` }] : [],
    point: polygon ? [25.05, -10.05] : [25.5, -10.5],
  },
});

const sites = [
  site('a', 'red', 'Lualaba', ['cobalt', 'copper'], 'c1', true),
  site('b', 'green', 'Lualaba', ['copper'], 'c2'),
  site('c', 'red', 'Haut-Katanga', ['cobalt'], 'c1'),
];

test('each filter narrows the sites and together they all apply', () => {
  assert.deepEqual(
    filterSites(sites, NO_FILTERS).map((s) => s.id),
    ['a', 'b', 'c'],
  );
  assert.deepEqual(
    filterSites(sites, { ...NO_FILTERS, status: 'red' }).map((s) => s.id),
    ['a', 'c'],
  );
  assert.deepEqual(
    filterSites(sites, { ...NO_FILTERS, mineral: 'copper' }).map((s) => s.id),
    ['a', 'b'],
  );
  assert.deepEqual(
    filterSites(sites, { ...NO_FILTERS, cooperativeId: 'c1', province: 'Lualaba' }).map((s) => s.id),
    ['a'],
  );
});

test('polygons are outlined and every site, polygon or point, gets one marker', () => {
  const { outlines, points } = mapSources(sites);
  assert.deepEqual(
    outlines.features.map((f) => f.properties.id),
    ['a'],
  );
  assert.deepEqual(
    points.features.map((f) => [f.properties.id, f.geometry.coordinates]),
    [
      ['a', [25.05, -10.05]],
      ['b', [25.5, -10.5]],
      ['c', [25.5, -10.5]],
    ],
  );
  assert.deepEqual(points.features[0].properties, { id: 'a', status: 'red', suspended: true });
});

test('filter menus list what is on the map, and the view frames it', () => {
  assert.deepEqual(filterChoices(sites), {
    provinces: ['Haut-Katanga', 'Lualaba'],
    cooperatives: [
      { id: 'c1', name: 'Coop c1' },
      { id: 'c2', name: 'Coop c2' },
    ],
  });
  assert.deepEqual(boundsOf(sites, 0), [25.05, -10.5, 25.5, -10.05]);
  assert.equal(boundsOf([]), null);
});
