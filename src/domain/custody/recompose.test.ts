import assert from 'node:assert/strict';
import { test } from 'node:test';
import { originAtSite } from './origin.ts';
import { recompose } from './recompose.ts';

const green = { status: 'green', suspended: false, openLevel1: [] };
const red = { status: 'red', suspended: false, openLevel1: [] };

test('lots made from others are recomposed in lineage order, whatever order they are given in', () => {
  // A (100 kg Co) re-judged red; B (100 kg Co) unchanged; AB their batch, P a split part of AB, H the
  // hydroxide from P (60 kg Co) and C (100 kg Co), unchanged and outside the lots to recompose.
  const known = new Map([
    ['A', { quantity: { massKg: 1000, gradePct: 10 }, origin: originAtSite('S1', 'C1', red) }],
    ['B', { quantity: { massKg: 500, gradePct: 20 }, origin: originAtSite('S2', 'C2', green) }],
    ['C', { quantity: { massKg: 2000, gradePct: 5 }, origin: originAtSite('S3', 'C1', green) }],
  ]);
  const out = recompose(
    [
      { id: 'H', quantity: { massKg: 500, gradePct: 30 }, inputs: ['P', 'C'] },
      { id: 'P', quantity: { massKg: 600, gradePct: 10 }, inputs: ['AB'] },
      { id: 'AB', quantity: { massKg: 1500, gradePct: 13.333333 }, inputs: ['A', 'B'] },
    ],
    known,
  );
  assert.equal(out.get('AB')?.nonConformingShare, 0.5);
  assert.deepEqual(out.get('P'), out.get('AB'));
  assert.equal(out.get('H')?.nonConformingShare, 30 / 160);
  assert.deepEqual(out.get('H')?.bySite, { S1: 30 / 160, S2: 30 / 160, S3: 100 / 160 });
});

test('an input neither recomposed nor known is an error, not a silent zero', () => {
  assert.throws(
    () => recompose([{ id: 'X', quantity: { massKg: 1, gradePct: 1 }, inputs: ['missing'] }], new Map()),
    /input missing of a lot to recompose is unknown/,
  );
});
