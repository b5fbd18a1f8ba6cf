import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ConfirmedHit, describePath, exposuresOf, isBlocked, type OwnershipEdge } from './exposure.ts';

const UN = { key: 'un-consolidated', name: 'UN list', kind: 'sanctions' as const };
const org = (id: string) => ({ kind: 'organisation' as const, id, name: id.toUpperCase() });
const owns = (
  owner: ReturnType<typeof org> | { kind: 'person'; id: string; name: string },
  owned: string,
  percent: number,
): OwnershipEdge => ({
  owner,
  owned: { id: owned, name: owned.toUpperCase() },
  percent,
});

// The director p of company x (owned 60 % by holding y, itself 80 % owned by group z), and a listed person q
// owning 50 % of a, which owns 40 % of b.
const q = { kind: 'person' as const, id: 'q', name: 'Q PERSON' };
const EDGES = [
  owns(org('y'), 'x', 60),
  owns(org('z'), 'y', 80),
  owns(q, 'a', 50),
  owns(org('a'), 'b', 40),
  owns(org('c'), 'a', 50),
];
const directorHit: ConfirmedHit = {
  hitId: 'h1',
  subject: { kind: 'person', id: 'p', name: 'P DIRECTOR' },
  organisationId: 'x',
  organisationName: 'X',
  list: UN,
  reference: 'CDi.035',
};

test('a listed person red-flags their organisation and every organisation owning it up the chain, with the shares', () => {
  const xs = exposuresOf([directorHit], EDGES);
  assert.deepEqual(
    xs.map((x) => [x.organisationId, x.relation, describePath(x.path)]),
    [
      ['x', 'person', 'P DIRECTOR (member of) → X'],
      ['y', 'owns', 'P DIRECTOR (member of) → X (60 % owned by) → Y'],
      ['z', 'owns', 'P DIRECTOR (member of) → X (60 % owned by) → Y (80 % owned by) → Z'],
    ],
  );
  assert.equal(isBlocked(xs.filter((x) => x.organisationId === 'x')), true);
  assert.equal(isBlocked(xs.filter((x) => x.organisationId === 'y')), false);
});

test('a listed owner red-flags what it owns down the chain with the share held through it, and their other owners', () => {
  const xs = exposuresOf(
    [{ hitId: 'h2', subject: q, organisationId: 'a', organisationName: 'A', list: UN, reference: 'CDi.001' }],
    EDGES,
  );
  assert.deepEqual(
    xs.map((x) => [x.organisationId, x.relation, x.effectivePercent, describePath(x.path)]),
    [
      ['a', 'person', null, 'Q PERSON (member of) → A'],
      ['b', 'owned_by', 20, 'Q PERSON (owns 50 % of) → A (owns 40 % of) → B'],
      ['c', 'owns', null, 'Q PERSON (member of) → A (50 % owned by) → C'],
    ],
  );
});

test('a listed organisation is flagged itself; cycles of ownership are walked once', () => {
  const cycle = [owns(org('m'), 'n', 30), owns(org('n'), 'm', 30)];
  const xs = exposuresOf(
    [
      {
        hitId: 'h3',
        subject: org('m'),
        organisationId: 'm',
        organisationName: 'M',
        list: UN,
        reference: 'CDe.004',
      },
    ],
    cycle,
  );
  assert.deepEqual(
    xs.map((x) => [x.organisationId, x.relation]),
    [
      ['m', 'self'],
      ['n', 'owned_by'],
    ],
  );
});

test('a confirmed match on a list of politically exposed persons is a flag, never a block', () => {
  const xs = exposuresOf([{ ...directorHit, list: { key: 'pep', name: 'PEP', kind: 'pep' } }], EDGES);
  assert.equal(isBlocked(xs), false);
});
