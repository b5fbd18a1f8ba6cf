import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  colourAt,
  incidentWindow,
  type Level1Incident,
  type SiteHistory,
  sameState,
  siteStateAt,
  windowChangedSince,
} from './site-state-at.ts';

const d = (iso: string) => new Date(iso);
const row = (status: string, effective: string, recorded = effective) => ({
  status,
  effectiveAt: d(effective),
  recordedAt: d(recorded),
});
const incident = (
  code: string,
  observed: string | null,
  reported: string,
  steps: [Level1Incident['transitions'][number]['to'], string][] = [],
): Level1Incident => ({
  code,
  observedAt: observed ? d(observed) : null,
  reportedAt: d(reported),
  transitions: [{ to: 'reported', at: d(reported) }, ...steps.map(([to, at]) => ({ to, at: d(at) }))],
});

test('the colour at an instant is the last recorded of the rows in effect by then; blue before any', () => {
  const rows = [
    row('blue', '2026-01-10T10:00:00Z'),
    // Approved at 14:00, effective from the start of the day: it counts from 00:00 and supersedes the
    // registration recorded earlier the same day.
    row('red', '2026-03-02T00:00:00Z', '2026-03-02T14:00:00Z'),
    // Recorded late by the worker: green from the end of the minimum suspension.
    row('green', '2026-09-02T00:00:00Z', '2026-09-05T01:00:00Z'),
  ];
  assert.equal(colourAt(rows, d('2026-01-01T00:00:00Z')), 'blue');
  assert.equal(colourAt(rows, d('2026-02-01T00:00:00Z')), 'blue');
  assert.equal(colourAt(rows, d('2026-03-02T08:00:00Z')), 'red');
  assert.equal(colourAt(rows, d('2026-09-01T23:59:59Z')), 'red');
  assert.equal(colourAt(rows, d('2026-09-03T00:00:00Z')), 'green');
  // A record made later wins from its own effective time on, whatever it says.
  const sameDay = [
    row('red', '2026-03-02T00:00:00Z', '2026-03-02T09:00:00Z'),
    row('blue', '2026-03-02T10:00:00Z'),
  ];
  assert.equal(colourAt(sameDay, d('2026-03-02T12:00:00Z')), 'blue');
  assert.equal(colourAt([], d('2026-03-02T12:00:00Z')), 'blue');
});

test('a level-1 incident taints from its observation until its resolution; verified, it suspends from its start', () => {
  const h: SiteHistory = {
    statuses: [row('green', '2026-01-01T00:00:00Z')],
    incidents: [
      incident('INC-7', '2026-05-03T08:00:00Z', '2026-05-05T10:00:00Z', [
        ['under_verification', '2026-05-06T10:00:00Z'],
        ['verified', '2026-05-09T10:00:00Z'],
        ['resolved', '2026-06-01T10:00:00Z'],
      ]),
    ],
  };
  const at = (iso: string) => siteStateAt(h, d(iso));
  assert.deepEqual(at('2026-05-03T07:59:59Z'), { status: 'green', suspended: false, openLevel1: [] });
  // Before the report was even made, and before it was verified: the suspension reaches back to the start.
  assert.deepEqual(at('2026-05-04T00:00:00Z'), { status: 'green', suspended: true, openLevel1: ['INC-7'] });
  assert.deepEqual(at('2026-05-31T23:00:00Z'), { status: 'green', suspended: true, openLevel1: ['INC-7'] });
  assert.deepEqual(at('2026-06-01T10:00:00Z'), { status: 'green', suspended: false, openLevel1: [] });
});

test('an open, unverified incident taints without suspending; without an observation time it starts at its report', () => {
  const h: SiteHistory = {
    statuses: [],
    incidents: [
      incident('INC-9', null, '2026-05-05T10:00:00Z', [['under_verification', '2026-05-06T10:00:00Z']]),
    ],
  };
  assert.deepEqual(siteStateAt(h, d('2026-05-05T09:00:00Z')), {
    status: 'blue',
    suspended: false,
    openLevel1: [],
  });
  assert.deepEqual(siteStateAt(h, d('2026-05-07T00:00:00Z')), {
    status: 'blue',
    suspended: false,
    openLevel1: ['INC-9'],
  });
});

test('an incident found unsubstantiated never tainted anything; reopened, it taints again from its start', () => {
  const unsubstantiated = incident('INC-3', '2026-05-01T00:00:00Z', '2026-05-02T00:00:00Z', [
    ['under_verification', '2026-05-03T00:00:00Z'],
    ['unsubstantiated', '2026-05-04T00:00:00Z'],
  ]);
  assert.equal(incidentWindow(unsubstantiated), null);
  const reopened = incident('INC-3', '2026-05-01T00:00:00Z', '2026-05-02T00:00:00Z', [
    ['under_verification', '2026-05-03T00:00:00Z'],
    ['unsubstantiated', '2026-05-04T00:00:00Z'],
    ['under_verification', '2026-05-10T00:00:00Z'],
  ]);
  assert.deepEqual(incidentWindow(reopened), {
    code: 'INC-3',
    from: d('2026-05-01T00:00:00Z'),
    to: null,
    suspends: false,
  });
});

test('several incidents are listed in code order, numbers read as numbers', () => {
  const h: SiteHistory = {
    statuses: [row('red', '2026-01-01T00:00:00Z')],
    incidents: [
      incident('INC-10', '2026-05-01T00:00:00Z', '2026-05-01T00:00:00Z'),
      incident('INC-9', '2026-05-02T00:00:00Z', '2026-05-02T00:00:00Z'),
    ],
  };
  assert.deepEqual(siteStateAt(h, d('2026-05-03T00:00:00Z')).openLevel1, ['INC-9', 'INC-10']);
});

test('the production to judge again starts where two versions of a window first differ', () => {
  const w = (from: string, to: string | null, suspends: boolean) => ({
    code: 'INC-1',
    from: d(from),
    to: to ? d(to) : null,
    suspends,
  });
  const open = w('2026-05-03T00:00:00Z', null, false);
  assert.equal(windowChangedSince(null, null), null);
  assert.equal(windowChangedSince(open, open), null);
  assert.deepEqual(windowChangedSince(null, open), d('2026-05-03T00:00:00Z'));
  assert.deepEqual(windowChangedSince(open, null), d('2026-05-03T00:00:00Z'));
  // Verified: suspended from the start.
  assert.deepEqual(
    windowChangedSince(open, w('2026-05-03T00:00:00Z', null, true)),
    d('2026-05-03T00:00:00Z'),
  );
  // The observation time corrected earlier.
  assert.deepEqual(
    windowChangedSince(open, w('2026-04-20T00:00:00Z', null, false)),
    d('2026-04-20T00:00:00Z'),
  );
  // Resolved: only what is produced from the resolution on changes.
  assert.deepEqual(
    windowChangedSince(open, w('2026-05-03T00:00:00Z', '2026-06-01T00:00:00Z', false)),
    d('2026-06-01T00:00:00Z'),
  );
});

test('states compare regardless of the order of their incidents', () => {
  assert.equal(
    sameState(
      { status: 'red', suspended: true, openLevel1: ['INC-1', 'INC-2'] },
      { status: 'red', suspended: true, openLevel1: ['INC-2', 'INC-1'] },
    ),
    true,
  );
  assert.equal(
    sameState(
      { status: 'red', suspended: true, openLevel1: [] },
      { status: 'red', suspended: false, openLevel1: [] },
    ),
    false,
  );
});
