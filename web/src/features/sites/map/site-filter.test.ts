import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  boundsOf,
  filterChoices,
  filterSites,
  MAX_OUTLINES_IN_VIEW,
  type MapSite,
  mapSites,
  mapSources,
  NO_FILTERS,
  outlinesInView,
} from './site-filter.ts';

const outline = {
  type: 'Polygon' as const,
  coordinates: [
    [
      [25, -10],
      [25.1, -10],
      [25.1, -10.1],
      [25, -10],
    ],
  ],
};

const site = (
  id: string,
  status: MapSite['status'],
  province: string,
  minerals: MapSite['minerals'],
  coop: string | null,
  polygon = false,
): MapSite => ({
  id,
  code: id.toUpperCase(),
  name: `Site ${id}`,
  status,
  suspended: status === 'red',
  province,
  minerals,
  cooperatives: coop ? [{ id: coop, name: `Coop ${coop}` }] : [],
  point: polygon ? [25.05, -10.05] : [25.5, -10.5],
  outline: polygon,
});

const sites = [
  site('a', 'red', 'Lualaba', ['cobalt', 'copper'], 'c1', true),
  site('b', 'green', 'Lualaba', ['copper'], 'c2'),
  site('c', 'red', 'Haut-Katanga', ['cobalt'], 'c1'),
];

test("the map answer names each site's cooperatives from the list it sends once", () => {
  const answer = {
    sites: sites.map((s, i) => ({ ...s, cooperatives: i === 1 ? [1] : [0] })),
    cooperatives: [
      { id: 'c1', name: 'Coop c1' },
      { id: 'c2', name: 'Coop c2' },
    ],
  };
  assert.deepEqual(mapSites(answer as never), sites);
});

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

test('polygons are outlined once their outline is known, and every site, polygon or point, gets one marker', () => {
  assert.deepEqual(mapSources(sites).outlines.features, []);
  const { outlines, points } = mapSources(sites, new Map([['a', outline]]));
  assert.deepEqual(
    outlines.features.map((f) => [f.properties.id, f.geometry]),
    [['a', outline]],
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

test('the outlines asked for are those of polygon sites in view, none when too many are', () => {
  assert.deepEqual(outlinesInView(sites, [25, -10.1, 25.1, -10]), ['a']);
  assert.deepEqual(outlinesInView(sites, [26, -10.1, 27, -10]), []);
  // A marker just outside the view still brings its outline, which may cross the edge.
  assert.deepEqual(outlinesInView(sites, [25.08, -10.1, 25.2, -10]), ['a']);
  const many = Array.from({ length: MAX_OUTLINES_IN_VIEW + 1 }, (_, i) => ({ ...sites[0], id: `p${i}` }));
  assert.deepEqual(outlinesInView(many, [25, -10.1, 25.1, -10]), []);
  assert.equal(outlinesInView(many.slice(1), [25, -10.1, 25.1, -10]).length, MAX_OUTLINES_IN_VIEW);
});
