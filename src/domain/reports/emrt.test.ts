import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EMRT_MINE_COLUMNS, EMRT_SMELTER_COLUMNS, emrtMineRows, emrtSmelterRows } from './emrt.ts';

const processors = [
  { name: 'Lualaba Hydroxide SA', country: 'CD', city: 'Kolwezi', street: null, province: 'Lualaba' },
];
const mines = [
  { code: 'KZI-004', name: 'Kamilombe', province: 'Lualaba', share: 0.327169, nonConformingKg: 18.876 },
  { code: 'KZI-001', name: 'Kasulo', province: 'Lualaba', share: 0.207263, nonConformingKg: 0 },
];

test('a smelter row names the processor and the mines behind it, one cell per template column', () => {
  const [row] = emrtSmelterRows(processors, mines);
  assert.equal(row.length, EMRT_SMELTER_COLUMNS.length);
  assert.deepEqual(row.slice(0, 4), [
    'Cobalt',
    'Smelter Not Listed',
    'Lualaba Hydroxide SA',
    'Congo, Democratic Republic of the',
  ]);
  assert.equal(row[12], 'Kamilombe (KZI-004); Kasulo (KZI-001)');
  assert.equal(row[13], 'Congo, Democratic Republic of the');
});

test('a mine row carries the site code as its identification and its share in the comment', () => {
  const rows = emrtMineRows(mines, processors);
  assert.deepEqual(rows[0], [
    'Cobalt',
    'Kamilombe',
    'KZI-004',
    'Amana site registry',
    'Congo, Democratic Republic of the',
    '',
    '',
    'Lualaba',
    'Lualaba Hydroxide SA',
    '',
    '32.7% of the cobalt received; 18.876 kg non-conforming',
  ]);
  assert.equal(rows[0].length, EMRT_MINE_COLUMNS.length);
});
