import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkSiteVolume, checkSupplierVolume, siteMonthlyCapacityKg } from './plausibility.ts';

const site = { code: 'KZI-004', capacityKgMonth: 95_000, workforce: 900 };

test('a site month within capacity and history is plausible', () => {
  assert.equal(checkSiteVolume(site, '2026-11', 80_000, [70_000, 75_000, 60_000]), null);
});

test('a site month above capacity and its margin is implausible', () => {
  assert.deepEqual(checkSiteVolume(site, '2026-11', 120_000, []), {
    rule: 'site_volume_implausible',
    message: '120000 kg tagged at KZI-004 in 2026-11, above its capacity of 95000 kg a month',
    code: 'custody.site-volume-capacity',
    params: { declaredKg: 120_000, site: 'KZI-004', month: '2026-11', capacityKg: 95_000 },
    facts: { site: 'KZI-004', month: '2026-11', declaredKg: 120_000, capacityKg: 95_000 },
  });
  assert.equal(checkSiteVolume(site, '2026-11', 114_000, []), null, '20 % margin');
});

test('a month far above the site’s usual months is implausible once there is a history', () => {
  assert.equal(
    checkSiteVolume(site, '2026-11', 90_000, [30_000, 40_000])?.rule,
    undefined,
    'two months are no history',
  );
  assert.deepEqual(checkSiteVolume(site, '2026-11', 90_000, [30_000, 40_000, 35_000])?.facts, {
    site: 'KZI-004',
    month: '2026-11',
    declaredKg: 90_000,
    medianKg: 35_000,
  });
});

test('a site without stated capacity is bounded by its workforce', () => {
  assert.equal(siteMonthlyCapacityKg({ capacityKgMonth: null, workforce: 100 }), 15_000);
  assert.equal(siteMonthlyCapacityKg({ capacityKgMonth: null, workforce: null }), null);
  assert.equal(
    checkSiteVolume({ code: 'X', capacityKgMonth: null, workforce: null }, '2026-11', 1e9, []),
    null,
  );
});

test('a trader cannot handle more than its source sites could supply', () => {
  assert.equal(checkSupplierVolume('Ets Mwamba Négoce', '2026-11', 100_000, [95_000, 52_000]), null);
  assert.equal(
    checkSupplierVolume('Ets Mwamba Négoce', '2026-11', 200_000, [95_000, 52_000])?.message,
    'Ets Mwamba Négoce handled 200000 kg in 2026-11, more than its 2 source site(s) could supply (147000 kg)',
  );
  assert.equal(
    checkSupplierVolume('X', '2026-11', 1e9, [95_000, null]),
    null,
    'an unknown capacity draws no bound',
  );
});

test('an implausible volume names its code and the masses its sentence says', () => {
  const usual = checkSiteVolume(site, '2026-11', 90_000, [30_000, 40_000, 35_000]);
  assert.deepEqual(
    [usual?.code, usual?.params],
    [
      'custody.site-volume-usual',
      { declaredKg: 90_000, site: 'KZI-004', month: '2026-11', factor: 2, usualKg: 35_000 },
    ],
  );
  const supplier = checkSupplierVolume('Ets Mwamba Négoce', '2026-11', 200_000, [95_000, 52_000]);
  assert.deepEqual(
    [supplier?.code, supplier?.params],
    [
      'custody.supplier-volume',
      {
        supplier: 'Ets Mwamba Négoce',
        handledKg: 200_000,
        month: '2026-11',
        sites: 2,
        couldSupplyKg: 147_000,
      },
    ],
  );
});
