import assert from 'node:assert/strict';
import { test } from 'node:test';
import { localList, nextSort, sortState } from './local-list.ts';

const items = [
  { code: 'INC-10', level: 2, title: 'Taxe illégale' },
  { code: 'INC-2', level: 1, title: 'Enfants au tri' },
  { code: 'INC-3', level: 3, title: 'Registre incomplet' },
];
const base = {
  text: (x: (typeof items)[number]) => `${x.code} ${x.title}`,
  keys: { level: (x: (typeof items)[number]) => x.level, title: (x: (typeof items)[number]) => x.title },
  limit: 25,
};

test('keeps the server order without a sort, and sorts both ways by a key', () => {
  assert.deepEqual(
    localList(items, { ...base, query: '', sort: '' }).rows.map((x) => x.code),
    ['INC-10', 'INC-2', 'INC-3'],
  );
  assert.deepEqual(
    localList(items, { ...base, query: '', sort: 'level' }).rows.map((x) => x.code),
    ['INC-2', 'INC-10', 'INC-3'],
  );
  assert.deepEqual(
    localList(items, { ...base, query: '', sort: '-title' }).rows.map((x) => x.code),
    ['INC-10', 'INC-3', 'INC-2'],
  );
});

test('searches the text of each row, whatever the case, and cuts a page', () => {
  assert.deepEqual(localList(items, { ...base, query: 'ENFANTS', sort: '' }), { rows: [items[1]], total: 1 });
  assert.deepEqual(localList(items, { ...base, query: '', sort: 'level', limit: 2 }).total, 3);
  assert.equal(localList(items, { ...base, query: '', sort: 'level', limit: 2 }).rows.length, 2);
});

test('a header click sorts ascending, then descending, then ascending again', () => {
  assert.equal(sortState('', 'name'), 'none');
  assert.equal(nextSort('', 'name'), 'name');
  assert.equal(sortState('name', 'name'), 'ascending');
  assert.equal(nextSort('name', 'name'), '-name');
  assert.equal(sortState('-name', 'name'), 'descending');
  assert.equal(nextSort('-name', 'name'), 'name');
  assert.equal(nextSort('-name', 'code'), 'code');
});
