import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type BalanceLot, operationBalance } from './operation-balance.ts';

const depot = { id: 'depot', name: 'Comptoir Kolwezi Cobalt SARL' };
const coop = { id: 'coop', name: 'Coopérative minière Tujenge Kolwezi' };
const stock = { massKg: 1500, containedKg: 150 };
const lot = (label: string, massKg: number, gradePct: number, holder = depot): BalanceLot => ({
  label,
  massKg,
  gradePct,
  holder,
});
const plan = { holder: depot, stock, lossTolerancePct: 5 };

test('a tagging adds the sack to the cooperative’s stock and breaks no rule', () => {
  assert.deepEqual(
    operationBalance({
      ...plan,
      holder: coop,
      kind: 'tag',
      stock: { massKg: 0, containedKg: 0 },
      inputs: [],
      outputs: [{ massKg: 50, gradePct: 12.5 }],
    }),
    {
      in: { massKg: 0, containedKg: 0 },
      out: { massKg: 50, containedKg: 6.25 },
      lostKg: 0,
      lossPct: 0,
      stockAfter: { massKg: 50, containedKg: 6.25 },
      violations: [],
    },
  );
});

test('a transfer takes the lots out of the holder’s stock', () => {
  const b = operationBalance({
    ...plan,
    kind: 'transfer',
    inputs: [lot('A', 1000, 10), lot('B', 200, 20)],
    outputs: [],
  });
  assert.deepEqual(b.in, { massKg: 1200, containedKg: 140 });
  assert.deepEqual(b.out, { massKg: 0, containedKg: 0 });
  assert.deepEqual(b.stockAfter, { massKg: 300, containedKg: 10 });
  assert.deepEqual(b.violations, []);
});

test('a batch keeps the stock as it was, its contained cobalt that of its lots', () => {
  const b = operationBalance({
    ...plan,
    kind: 'aggregate',
    inputs: [lot('A', 1000, 10), lot('B', 200, 20)],
    outputs: [],
  });
  assert.deepEqual(b.out, { massKg: 1200, containedKg: 140 });
  assert.deepEqual(b.stockAfter, stock);
  assert.equal(b.lostKg, 0);
});

test('a transformation within the tolerance replaces its inputs by its outputs, the loss said in kg and %', () => {
  const b = operationBalance({
    ...plan,
    kind: 'transform',
    inputs: [lot('A', 1000, 10)],
    outputs: [{ massKg: 320, gradePct: 30 }],
  });
  assert.deepEqual(b.out, { massKg: 320, containedKg: 96 });
  assert.equal(b.lostKg, 4);
  assert.equal(b.lossPct, 4);
  assert.deepEqual(b.stockAfter, { massKg: 820, containedKg: 146 });
  assert.deepEqual(b.violations, []);
});

test('a transformation losing more than the tolerance breaks the mass balance, as the server would say', () => {
  const b = operationBalance({
    ...plan,
    kind: 'transform',
    inputs: [lot('A', 1000, 10)],
    outputs: [{ massKg: 300, gradePct: 30 }],
  });
  assert.equal(b.lossPct, 10);
  assert.deepEqual(
    b.violations.map((v) => [v.code, v.params]),
    [['custody.mass-lost', { lostKg: 10, lossPct: 10, tolerancePct: 5 }]],
  );
});

test('outputs holding more cobalt than the inputs are metal from nowhere', () => {
  const b = operationBalance({
    ...plan,
    kind: 'transform',
    inputs: [lot('A', 1000, 10)],
    outputs: [
      { massKg: 600, gradePct: 10 },
      { massKg: 500, gradePct: 10 },
    ],
  });
  assert.equal(b.lostKg, -10);
  assert.deepEqual(
    b.violations.map((v) => [v.code, v.params]),
    [['custody.mass-created', { outputKg: 110, inputKg: 100 }]],
  );
});

test('a lot the holder does not hold is named with its holder, and does not leave the stock', () => {
  const b = operationBalance({
    ...plan,
    kind: 'transfer',
    inputs: [lot('A', 1000, 10), lot('TUJ-1', 50, 10, coop)],
    outputs: [],
  });
  assert.deepEqual(
    b.violations.map((v) => [v.code, v.params]),
    [
      [
        'custody.lots-not-held',
        {
          actor: 'Comptoir Kolwezi Cobalt SARL',
          lots: 'TUJ-1',
          holders: 'Coopérative minière Tujenge Kolwezi',
        },
      ],
    ],
  );
  assert.deepEqual(b.stockAfter, { massKg: 500, containedKg: 50 });
});

test('a transformation with no outputs typed yet is not judged', () => {
  const b = operationBalance({ ...plan, kind: 'transform', inputs: [lot('A', 1000, 10)], outputs: [] });
  assert.deepEqual(b.violations, []);
  assert.equal(b.lostKg, 100);
});
