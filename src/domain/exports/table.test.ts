import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Column, cellOf, csvCellOf, exportFilename } from './table.ts';

const col = (key: string, kind: Column['kind'], listField?: string): Column => ({
  key,
  path: key.split('.'),
  kind,
  ...(listField && { listField }),
});

test('cells keep their type for a spreadsheet: numbers, dates, booleans, and empty for null', () => {
  const row = {
    massKg: 50.5,
    gradePct: '12.5',
    producedAt: '2026-03-02T10:15:00.000Z',
    deadline: '2026-06-02',
    consumed: false,
    territory: null,
  };
  assert.equal(cellOf(row, col('massKg', 'number')), 50.5);
  assert.equal(cellOf(row, col('gradePct', 'number')), 12.5);
  assert.deepEqual(cellOf(row, col('producedAt', 'instant')), new Date('2026-03-02T10:15:00.000Z'));
  assert.deepEqual(cellOf(row, col('deadline', 'instant')), new Date('2026-06-02T00:00:00Z'));
  assert.deepEqual(cellOf(row, col('deadline', 'day')), new Date('2026-06-02T00:00:00Z'));
  assert.equal(cellOf(row, col('consumed', 'boolean')), false);
  assert.equal(cellOf(row, col('territory', 'text')), null);
  assert.equal(cellOf(row, col('missing', 'text')), null);
});

test('a time column holding something else than a time keeps it as text rather than inventing a date', () => {
  assert.equal(cellOf({ since: 'never' }, col('since', 'instant')), 'never');
});

test('nested fields are read by their path, lists joined by the name of each record, other records as JSON', () => {
  const row = {
    site: { code: 'KZI-001', name: 'Kasulo' },
    cooperatives: [
      { id: 'a', name: 'Tujenge' },
      { id: 'b', name: 'Umoja' },
    ],
    minerals: ['cobalt', 'copper'],
    geometry: { type: 'Point', coordinates: [25.5, -10.7] },
  };
  assert.equal(cellOf(row, col('site.code', 'text')), 'KZI-001');
  assert.equal(cellOf(row, col('cooperatives', 'list', 'name')), 'Tujenge; Umoja');
  assert.equal(cellOf(row, col('minerals', 'list')), 'cobalt; copper');
  assert.equal(cellOf(row, col('geometry', 'json')), '{"type":"Point","coordinates":[25.5,-10.7]}');
});

test('CSV writes times as the API sends them and yes/no as true/false', () => {
  const row = { at: '2026-03-02T10:15:00.123456Z', ok: true, n: -3 };
  assert.equal(csvCellOf(row, col('at', 'instant')), '2026-03-02T10:15:00.123456Z');
  assert.equal(csvCellOf(row, col('ok', 'boolean')), 'true');
  assert.equal(csvCellOf(row, col('n', 'number')), -3);
});

test("a file is named for the list's path without its parameters, and the day", () => {
  assert.equal(exportFilename('/api/screening/hits', 'csv', '2026-12-06'), 'screening-hits-2026-12-06.csv');
  assert.equal(
    exportFilename('/api/screening/list-versions/:id/entries', 'xlsx', '2026-12-06'),
    'screening-list-versions-entries-2026-12-06.xlsx',
  );
});
