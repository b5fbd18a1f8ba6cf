import assert from 'node:assert/strict';
import { test } from 'node:test';
import { blend, isNonConforming, type OriginComposition, originAtSite, split, statesOf } from './origin.ts';

const close = (actual: Record<string, number>, expected: Record<string, number>) => {
  assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort());
  for (const k of Object.keys(expected))
    assert.ok(Math.abs(actual[k] - expected[k]) < 1e-12, `${k}: ${actual[k]} ≠ ${expected[k]}`);
};
const sameOrigin = (a: OriginComposition, b: OriginComposition) => {
  close(a.bySite, b.bySite);
  close(a.byCooperative, b.byCooperative);
  close(a.byState, b.byState);
  assert.ok(
    Math.abs(a.nonConformingShare - b.nonConformingShare) < 1e-12,
    `${a.nonConformingShare} ≠ ${b.nonConformingShare}`,
  );
};

const green = { status: 'green', suspended: false, openLevel1: [] };
const red = { status: 'red', suspended: false, openLevel1: [] };

test('red, suspended or under an open level-1 incident is non-conforming; yellow alone is not', () => {
  assert.equal(isNonConforming(red), true);
  assert.equal(isNonConforming({ status: 'green', suspended: true, openLevel1: [] }), true);
  assert.equal(isNonConforming({ status: 'green', suspended: false, openLevel1: ['INC-4'] }), true);
  assert.equal(isNonConforming({ status: 'yellow', suspended: false, openLevel1: [] }), false);
});

test('taint travels through a merge, a split and a second merge in proportion to contained cobalt', () => {
  // Level 1: three sacks. A (site S1, clean) 1000 kg at 10 % = 100 kg Co; B (S2, red) 500 kg at 20 % = 100 kg;
  // C (S3, clean) 2000 kg at 5 % = 100 kg.
  const a = { quantity: { massKg: 1000, gradePct: 10 }, origin: originAtSite('S1', 'C1', green) };
  const b = { quantity: { massKg: 500, gradePct: 20 }, origin: originAtSite('S2', 'C2', red) };
  const c = { quantity: { massKg: 2000, gradePct: 5 }, origin: originAtSite('S3', 'C1', green) };
  // Level 2: batch AB (200 kg Co), half of it tainted.
  const ab = blend([a, b]);
  sameOrigin(ab, {
    bySite: { S1: 0.5, S2: 0.5 },
    byCooperative: { C1: 0.5, C2: 0.5 },
    nonConformingShare: 0.5,
    byState: { 'S1|green|false|': 0.5, 'S2|red|false|': 0.5 },
  });
  // The batch is split: a part of 600 kg at 10 % (60 kg Co) keeps the batch's origin per kilogram.
  const part = { quantity: { massKg: 600, gradePct: 10 }, origin: split(ab) };
  sameOrigin(part.origin, ab);
  // Level 3: the part merged with C (100 kg Co) and transformed into hydroxide: 160 kg Co in.
  const hydroxide = blend([part, c]);
  sameOrigin(hydroxide, {
    bySite: { S1: 30 / 160, S2: 30 / 160, S3: 100 / 160 },
    byCooperative: { C1: 130 / 160, C2: 30 / 160 },
    nonConformingShare: 30 / 160,
    byState: { 'S1|green|false|': 30 / 160, 'S2|red|false|': 30 / 160, 'S3|green|false|': 100 / 160 },
  });
  assert.deepEqual(statesOf(hydroxide, 'S2'), [
    { status: 'red', suspended: false, openLevel1: [], share: 30 / 160 },
  ]);
  const total = Object.values(hydroxide.bySite).reduce((x, y) => x + y, 0);
  assert.ok(Math.abs(total - 1) < 1e-12);
});

test('a blend of lots without cobalt has no origin; incident codes are kept in order', () => {
  const suspended = { status: 'green', suspended: true, openLevel1: ['INC-2', 'INC-1'] };
  assert.deepEqual(
    blend([{ quantity: { massKg: 10, gradePct: 0 }, origin: originAtSite('S1', null, suspended) }]),
    {
      bySite: {},
      byCooperative: {},
      nonConformingShare: 0,
      byState: {},
    },
  );
  assert.deepEqual(statesOf(originAtSite('S1', null, suspended), 'S1'), [
    { status: 'green', suspended: true, openLevel1: ['INC-1', 'INC-2'], share: 1 },
  ]);
});
