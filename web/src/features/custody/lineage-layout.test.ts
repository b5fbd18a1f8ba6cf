import assert from 'node:assert/strict';
import { test } from 'node:test';
import { layoutLineage } from './lineage-layout.ts';

test('sacks sit left, each lot one column right of its furthest input, rows in node order', () => {
  const nodes = ['A', 'B', 'C', 'AB', 'P1', 'H'].map((id) => ({ id }));
  const edges = [
    { from: 'A', to: 'AB' },
    { from: 'B', to: 'AB' },
    { from: 'AB', to: 'P1' },
    { from: 'P1', to: 'H' },
    { from: 'C', to: 'H' },
  ];
  const layout = layoutLineage(nodes, edges);
  assert.deepEqual(Object.fromEntries(layout), {
    A: { column: 0, row: 0 },
    B: { column: 0, row: 1 },
    C: { column: 0, row: 2 },
    AB: { column: 1, row: 0 },
    P1: { column: 2, row: 0 },
    H: { column: 3, row: 0 },
  });
});

test('a lot alone, or a cycle in bad data, still gets a place', () => {
  assert.deepEqual(Object.fromEntries(layoutLineage([{ id: 'X' }], [])), { X: { column: 0, row: 0 } });
  const cyclic = layoutLineage(
    [{ id: 'A' }, { id: 'B' }],
    [
      { from: 'A', to: 'B' },
      { from: 'B', to: 'A' },
    ],
  );
  assert.equal(cyclic.size, 2);
});
