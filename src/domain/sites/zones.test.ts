import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  isZoneInForce,
  sitesOutsideZones,
  validateZoneGeometry,
  type ZoneFacts,
  zonesHolding,
} from './zones.ts';

const square = (lon: number, lat: number, half: number) => ({
  type: 'Polygon' as const,
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

const kolwezi: ZoneFacts = {
  code: 'ZEA-LUA-01',
  geometry: square(25.5, -10.7, 0.05),
  validFrom: '2020-01-01',
  validUntil: null,
};
const withHole: ZoneFacts = {
  code: 'ZEA-LUA-02',
  geometry: {
    type: 'Polygon',
    coordinates: [square(25.4, -10.7, 0.05).coordinates[0], square(25.4, -10.7, 0.01).coordinates[0]],
  },
  validFrom: '2020-01-01',
  validUntil: '2025-12-31',
};

describe('zones', () => {
  test('places a point site in the zone whose outline holds it', () => {
    assert.deepEqual(
      zonesHolding({ type: 'Point', coordinates: [25.51, -10.69] }, [kolwezi, withHole], '2026-01-10'),
      ['ZEA-LUA-01'],
    );
  });

  test('places an outlined site by its representative point', () => {
    assert.deepEqual(zonesHolding(square(25.48, -10.72, 0.004), [kolwezi], '2026-01-10'), ['ZEA-LUA-01']);
  });

  test('a site in a hole of the outline is not in the zone', () => {
    const inHole = { type: 'Point' as const, coordinates: [25.4, -10.7] };
    const inRing = { type: 'Point' as const, coordinates: [25.43, -10.7] };
    assert.deepEqual(zonesHolding(inHole, [withHole], '2025-06-01'), []);
    assert.deepEqual(zonesHolding(inRing, [withHole], '2025-06-01'), ['ZEA-LUA-02']);
  });

  test('a zone out of force holds nothing that day', () => {
    const inRing = { type: 'Point' as const, coordinates: [25.43, -10.7] };
    assert.deepEqual(zonesHolding(inRing, [withHole], '2026-01-01'), []);
    assert.equal(isZoneInForce(withHole, '2025-12-31'), true);
    assert.equal(isZoneInForce(withHole, '2019-12-31'), false);
  });

  test('a site outside every zone is named', () => {
    const sites = [
      { code: 'KZI-001', geometry: square(25.4745, -10.7046, 0.004) },
      { code: 'KZI-007', geometry: square(25.9, -10.2, 0.003) },
      { code: 'KZI-003', geometry: { type: 'Point' as const, coordinates: [25.43, -10.7] } },
    ];
    assert.deepEqual(sitesOutsideZones(sites, [kolwezi, withHole], '2026-03-01'), ['KZI-003', 'KZI-007']);
  });

  test('with no zone on record, no site is said to be outside', () => {
    assert.deepEqual(
      sitesOutsideZones([{ code: 'KZI-007', geometry: square(25.9, -10.2, 0.003) }], [], '2026-03-01'),
      [],
    );
  });

  test('a zone outline is checked like a site geometry and must be an area', () => {
    assert.deepEqual(validateZoneGeometry(square(25.5, -10.7, 0.05)), []);
    assert.deepEqual(validateZoneGeometry({ type: 'Point', coordinates: [25, -10] }), [
      {
        path: 'geometry.type',
        message: 'a zone is an area: Polygon or MultiPolygon',
        code: 'sites.zone-not-area',
      },
    ]);
    assert.deepEqual(
      validateZoneGeometry({
        type: 'Polygon',
        coordinates: [
          [
            [25, -10],
            [26, -10],
            [26, -11],
            [25, -10.5],
          ],
        ],
      }).map((e) => e.code),
      ['sites.ring-not-closed'],
    );
  });
});
