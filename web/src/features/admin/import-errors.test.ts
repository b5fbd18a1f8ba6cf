import assert from 'node:assert/strict';
import { test } from 'node:test';
import { placeImportErrors } from './import-errors.ts';

test('a workbook’s errors name the row of their requirement, after the header row, in row order', () => {
  const placed = placeImportErrors(
    [
      { path: 'requirements.4.tier', message: 'invalid option' },
      { path: 'key', message: 'lower-case letters' },
      { path: 'requirements.0.textFr', message: 'required' },
    ],
    'xlsx',
  );
  assert.deepEqual(
    placed.map((p) => (p.kind === 'set' ? ['set', p.field] : [p.index, p.row, p.field])),
    [
      ['set', 'key'],
      [1, 2, 'textFr'],
      [5, 6, 'tier'],
    ],
  );
});

test('a JSON file’s errors name the requirement only; an error about a requirement as a whole has no field', () => {
  const [placed] = placeImportErrors([{ path: 'requirements.2', message: 'code used twice' }], 'json');
  assert.deepEqual(placed.kind === 'requirement' && [placed.index, placed.row, placed.field], [3, null, '—']);
});
