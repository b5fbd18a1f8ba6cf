import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  changedFields,
  diffCounts,
  diffEntries,
  duplicateReferences,
  entryFingerprint,
} from './list-diff.ts';
import type { ListEntry } from './list-entry.ts';

const entry = (reference: string, more: Partial<ListEntry> = {}): ListEntry => ({
  reference,
  kind: 'individual',
  name: `NAME ${reference}`,
  nameParts: [],
  nameOriginalScript: null,
  aliases: [],
  titles: [],
  designations: [],
  nationalities: [],
  birthDates: [],
  birthPlaces: [],
  documents: [],
  addresses: [],
  gender: null,
  program: 'DRC',
  listedOn: '2005-11-01',
  lastUpdated: [],
  comments: null,
  ...more,
});

test('a first version adds every entry', () => {
  assert.deepEqual(diffCounts(diffEntries([], [entry('CDi.002'), entry('CDi.001')])), {
    added: 2,
    removed: 0,
    changed: 0,
  });
});

test('entries are added, removed and changed by reference, each change naming its fields, in reference order', () => {
  const before = [entry('CDi.001'), entry('CDi.002'), entry('CDi.003')];
  const after = [
    entry('CDi.001'),
    entry('CDi.003', { aliases: [{ name: 'Alias', quality: 'Good', note: null }], comments: 'moved' }),
    entry('CDi.004', { kind: 'individual' }),
  ];
  assert.deepEqual(diffEntries(before, after), [
    { reference: 'CDi.002', change: 'removed', kind: 'individual', name: 'NAME CDi.002', fields: [] },
    {
      reference: 'CDi.003',
      change: 'changed',
      kind: 'individual',
      name: 'NAME CDi.003',
      fields: ['aliases', 'comments'],
    },
    { reference: 'CDi.004', change: 'added', kind: 'individual', name: 'NAME CDi.004', fields: [] },
  ]);
});

test('the order of keys in a stored record does not make a change (jsonb reorders them)', () => {
  const a = entry('CDi.001', {
    birthDates: [{ type: 'EXACT', date: null, year: 1971, fromYear: null, toYear: null, note: null }],
  });
  const reordered = JSON.parse(JSON.stringify(a), (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
  );
  assert.deepEqual(changedFields(a, reordered), []);
  assert.equal(entryFingerprint(a), entryFingerprint(reordered));
  assert.notEqual(entryFingerprint(a), entryFingerprint(entry('CDi.001')));
});

test('names the references a list gives twice', () => {
  assert.deepEqual(duplicateReferences([entry('A'), entry('B'), entry('A'), entry('A')]), ['A']);
});
