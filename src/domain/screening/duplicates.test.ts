import assert from 'node:assert/strict';
import { test } from 'node:test';
import { distanceMetres, findDuplicates, nameSimilarity } from './duplicates.ts';

test('the distance between two points of the Copperbelt, in metres', () => {
  assert.equal(Math.round(distanceMetres([25.4745, -10.7046], [25.521, -10.7452])), 6796);
  assert.equal(distanceMetres([25.4745, -10.7046], [25.4745, -10.7046]), 0);
});

test('names of one actor written differently are alike; two actors sharing a word are not', () => {
  assert.equal(
    nameSimilarity('Coopérative minière Tujenge Kolwezi', 'COOPERATIVE MINIERE TUJENGE DE KOLWEZI', 'entity'),
    1,
  );
  assert.equal(nameSimilarity('Ets Mwamba Négoce', 'Etablissements Mwamba Negoce SARL', 'entity'), 1);
  assert.ok(
    nameSimilarity('Coopérative minière Tujenge Kolwezi', 'Coopérative minière Umoja Mutoshi', 'entity') <
      0.85,
  );
});

test('offers what shares a number, bears an alike name or lies nearby, best first', () => {
  const found = findDuplicates(
    { names: ['Kasulo Nord'], numbers: ['CD/KZI/RCCM/19-B-00123'], point: [25.475, -10.705] },
    [
      { id: 'a', names: ['Kasulo'], numbers: [], point: [25.4745, -10.7046] },
      { id: 'b', names: ['Kapata'], numbers: ['cd-kzi-rccm-19-b-00123'], point: [25.521, -10.7452] },
      { id: 'c', names: ['Shabara'], numbers: [], point: [25.35, -10.65] },
    ],
    'entity',
    0.85,
    500,
  );
  assert.deepEqual(
    found.map((d) => [d.id, d.reasons, d.distanceM]),
    [
      ['a', ['similar_name', 'nearby'], 70],
      ['b', ['same_number'], 6726],
    ],
  );
});

test('a person of an alike name born the same year is offered with both reasons; one born years apart is another', () => {
  const registered = [
    { id: 'a', names: ['Mutombo Kalenga'], numbers: [], birthYear: 1988 },
    { id: 'b', names: ['Kalenga Mutombo'], numbers: [], birthYear: 1961 },
    { id: 'c', names: ['Mutombo Kalenga'], numbers: [], birthYear: null },
  ];
  const found = findDuplicates(
    { names: ['KALENGA Mutombo'], numbers: [], birthYear: 1989 },
    registered,
    'individual',
    0.85,
  );
  assert.deepEqual(
    found.map((d) => [d.id, d.reasons]),
    [
      ['a', ['similar_name', 'same_birth_year']],
      ['c', ['similar_name']],
    ],
  );
  const unknown = findDuplicates({ names: ['KALENGA Mutombo'], numbers: [] }, registered, 'individual', 0.85);
  assert.deepEqual(
    unknown.map((d) => d.id),
    ['b', 'a', 'c'],
  );
});
