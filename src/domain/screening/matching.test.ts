import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  buildIndex,
  indexSize,
  type MatchableEntry,
  type ScreeningSubject,
  screenSubject,
} from './matching.ts';

const individual = (
  reference: string,
  names: MatchableEntry['names'],
  more: Partial<MatchableEntry> = {},
) => ({
  listId: 'un',
  reference,
  kind: 'individual' as const,
  names,
  birthYears: [],
  documents: [],
  ...more,
});
const entity = (reference: string, names: string[]) => ({
  listId: 'un',
  reference,
  kind: 'entity' as const,
  names: names.map((name, i) => ({ name, quality: i ? ('aka' as const) : ('primary' as const) })),
  birthYears: [],
  documents: [],
});

const ENTRIES: MatchableEntry[] = [
  individual('CDi.035', [{ name: 'GÉDÉON KYUNGU MUTANGA WA BAFUNKWA KANONGA', quality: 'primary' }], {
    birthYears: [{ from: 1974, to: 1974 }],
  }),
  individual(
    'CDi.030',
    [
      { name: 'BOSCO TAGANDA', quality: 'primary' },
      { name: 'Bosco Ntaganda', quality: 'good' },
      { name: 'Terminator', quality: 'low' },
      { name: 'Tango Romeo', quality: 'low' },
    ],
    { birthYears: [{ from: 1973, to: 1974 }] },
  ),
  individual('CDi.004', [{ name: 'INNOCENT KAINA', quality: 'primary' }]),
  individual('KPi.033', [{ name: 'RI WON HO', quality: 'primary' }], { documents: ['381310014'] }),
  entity('CDe.004', ['CONGOMET TRADING HOUSE']),
  entity('CDe.006', ['M23', 'Mouvement du 23 mars']),
  entity('CDe.007', ['MACHANGA LTD']),
];
const index = buildIndex(ENTRIES);
const person = (name: string, more: Partial<ScreeningSubject> = {}): ScreeningSubject => ({
  kind: 'individual',
  names: [name],
  documents: [],
  ...more,
});
const org = (name: string): ScreeningSubject => ({ kind: 'entity', names: [name], documents: [] });
const found = (s: ScreeningSubject, threshold = 0.85) =>
  screenSubject(s, index, threshold).map((c) => [c.reference, c.score]);

test('indexes names and good aliases; a one-word nickname of low quality is too common to screen by', () => {
  assert.deepEqual(indexSize(index), { individual: 6, entity: 4 });
  assert.deepEqual(found(person('Terminator')), []);
  assert.deepEqual(found(person('Tango Romeo')), [['CDi.030', 0.95]]);
});

test('finds a listed person whatever the order of words, accents, case and spelling of the name', () => {
  const [hit] = screenSubject(person('KIUNGU MUTANGA Gedeon'), index, 0.85);
  assert.equal(hit.reference, 'CDi.035');
  assert.equal(hit.score, 0.911);
  assert.deepEqual(hit.reasons.words, [
    { subject: 'kiungu', listed: 'kyungu', similarity: 0.97, how: 'spelling' },
    { subject: 'mutanga', listed: 'mutanga', similarity: 1, how: 'same' },
    { subject: 'gedeon', listed: 'gedeon', similarity: 1, how: 'same' },
  ]);
  assert.deepEqual(hit.reasons.unmatched, { subject: [], listed: ['bafunkwa', 'kanonga'] });
  assert.deepEqual(
    [hit.reasons.listedName, hit.reasons.quality],
    ['GÉDÉON KYUNGU MUTANGA WA BAFUNKWA KANONGA', 'primary'],
  );
});

test('finds a person by an alias, by initials and by a dropped nasal (Ntaganda, Taganda)', () => {
  assert.deepEqual(found(person('Bosco Ntaganda')), [['CDi.030', 1]]);
  assert.deepEqual(found(person('B. Taganda')), [['CDi.030', 0.958]]);
  assert.deepEqual(found(person('Ntaganda Bosko')), [['CDi.030', 0.985]]);
  assert.deepEqual(found(person('Innocent Kayina')), [['CDi.004', 0.985]]);
});

test('a surname alone, or a shared first name, is not a match', () => {
  assert.deepEqual(found(person('Kyungu')), []);
  assert.deepEqual(found(person('Kyungu'), 0.7), [['CDi.035', 0.75]]);
  assert.deepEqual(found(person('Innocent Mbuyi')), []);
  assert.deepEqual(found(person('Gedeon Kalala')), []);
});

test('a birth year near the listed one raises the score, a distant one lowers it; a shared document raises it', () => {
  assert.deepEqual(found(person('Gedeon Kyungu Mutanga')), [['CDi.035', 0.92]]);
  assert.deepEqual(found(person('Gedeon Kyungu Mutanga', { birthYear: 1975 })), [['CDi.035', 0.95]]);
  assert.deepEqual(found(person('Gedeon Kyungu Mutanga', { birthYear: 1995 })), []);
  assert.deepEqual(found(person('Gedeon Kyungu Mutanga', { birthYear: 1995 }), 0.7), [['CDi.035', 0.8]]);
  assert.deepEqual(found(person('Ri Won Ho', { documents: ['3813-10014'] })), [['KPi.033', 1]]);
  const [hit] = screenSubject(person('Ri Won Ho', { documents: ['3813-10014'] }), index, 0.85);
  assert.deepEqual(hit.reasons.adjustments, [{ fact: 'document', delta: 0.15, detail: '381310014' }]);
});

test('finds a listed entity under its legal form or alias, and by a word only it bears', () => {
  assert.deepEqual(found(org('Machanga Limited')), [['CDe.007', 1]]);
  assert.deepEqual(found(org('Congomet SARL')), [['CDe.004', 0.9]]);
  assert.deepEqual(found(org('Mouvement du 23 Mars')), [['CDe.006', 1]]);
  assert.deepEqual(found(org('Mouvement du 23 Mars (M23)')), [['CDe.006', 0.95]]);
  assert.deepEqual(found(org('Ets Kyungu et Fils')), []);
  assert.deepEqual(found(org('Trading House Kolwezi SA')), []);
});

test('organisations are screened against entities and persons against individuals only', () => {
  assert.deepEqual(found(org('Innocent Kaina')), []);
  assert.deepEqual(found(person('Machanga')), []);
});
