import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  dueDiligenceFigures,
  type IncidentFact,
  incidentStateAt,
  openDuring,
  periodProblem,
  planProgress,
  type ReportFacts,
} from './due-diligence.ts';

const d = (s: string) => new Date(s);
const Q4 = { from: '2026-10-01', to: '2026-12-31' };

const armed: IncidentFact = {
  code: 'INC-1',
  siteId: 'B',
  level: 1,
  category: 'armed_groups',
  reportedAt: d('2026-09-20T08:00:00Z'),
  observedAt: d('2026-09-19T08:00:00Z'),
  transitions: [
    { to: 'under_verification', at: d('2026-09-21T08:00:00Z') },
    { to: 'verified', at: d('2026-09-25T08:00:00Z') },
    { to: 'in_mitigation', at: d('2026-10-01T08:00:00Z') },
  ],
  plan: {
    decidedAt: d('2026-10-01T08:00:00Z'),
    decisions: [{ decision: 'continue_mitigating', at: d('2026-10-01T08:00:00Z') }],
    reviews: [
      {
        at: d('2026-11-15T08:00:00Z'),
        progress: [
          { baseline: 10, target: 0, value: 5 },
          { baseline: 0, target: 100, value: 100 },
        ],
      },
    ],
  },
};

const facts: ReportFacts = {
  period: Q4,
  received: [
    {
      lotId: 'L1',
      epc: 'urn:1',
      tag: 'T1',
      receivedAt: d('2026-10-10T00:00:00Z'),
      from: { id: 'P', name: 'Processor' },
      transaction: null,
      massKg: 100,
      gradePct: 10,
      origin: {
        bySite: { A: 1 },
        byCooperative: {},
        nonConformingShare: 0,
        byState: { 'A|green|false|': 1 },
      },
    },
    {
      lotId: 'L2',
      epc: 'urn:2',
      tag: 'T2',
      receivedAt: d('2026-11-10T00:00:00Z'),
      from: { id: 'P', name: 'Processor' },
      transaction: { type: 'desadv', ref: 'X-1' },
      massKg: 200,
      gradePct: 30,
      origin: {
        bySite: { A: 0.25, B: 0.75 },
        byCooperative: {},
        nonConformingShare: 0.75,
        byState: { 'A|green|false|': 0.25, 'B|red|false|': 0.5, 'B|yellow|true|INC-1': 0.25 },
      },
    },
  ],
  sites: [
    { id: 'A', code: 'S-A', name: 'Alpha', province: 'Lualaba', minerals: ['cobalt'] },
    { id: 'B', code: 'S-B', name: 'Beta', province: 'Lualaba', minerals: ['cobalt'] },
    { id: 'C', code: 'S-C', name: 'Gamma', province: 'Lualaba', minerals: ['cobalt'] },
  ],
  incidents: [
    armed,
    {
      code: 'INC-2',
      siteId: 'A',
      level: 3,
      category: 'ohs',
      reportedAt: d('2026-06-01T00:00:00Z'),
      observedAt: null,
      transitions: [{ to: 'resolved', at: d('2026-07-01T00:00:00Z') }],
      plan: null,
    },
    {
      code: 'INC-3',
      siteId: 'A',
      level: 2,
      category: 'bribery',
      reportedAt: d('2026-12-20T00:00:00Z'),
      observedAt: null,
      transitions: [],
      plan: null,
    },
    { ...armed, code: 'INC-4', siteId: 'C' },
    { ...armed, code: 'INC-5', reportedAt: d('2027-01-05T00:00:00Z'), transitions: [], plan: null },
  ],
  grievances: [
    {
      siteId: 'B',
      category: 'armed_groups',
      status: 'validated',
      createdAt: d('2026-11-02T00:00:00Z'),
      becameIncident: true,
    },
    {
      siteId: 'A',
      category: null,
      status: 'received',
      createdAt: d('2026-10-10T00:00:00Z'),
      becameIncident: false,
    },
    {
      siteId: 'C',
      category: null,
      status: 'received',
      createdAt: d('2026-10-10T00:00:00Z'),
      becameIncident: false,
    },
  ],
  assessments: [
    {
      siteId: 'A',
      kind: 'baseline',
      approvedAt: d('2026-08-01T00:00:00Z'),
      status: 'green',
      setName: 'Baseline',
      setVersion: 1,
    },
    {
      siteId: 'B',
      kind: 'periodic',
      approvedAt: d('2026-10-15T00:00:00Z'),
      status: 'red',
      setName: 'Baseline',
      setVersion: 1,
    },
  ],
  visits: [
    { siteId: 'A', visitedAt: d('2026-10-05T00:00:00Z') },
    { siteId: 'A', visitedAt: d('2026-11-05T00:00:00Z') },
    { siteId: 'C', visitedAt: d('2026-10-05T00:00:00Z') },
    { siteId: 'B', visitedAt: d('2026-09-30T00:00:00Z') },
  ],
};

test('the material received weighs by contained cobalt, with the non-conforming share of its sites at production', () => {
  const r = dueDiligenceFigures(facts);
  assert.deepEqual(
    { ...r.custody, received: r.custody.received.map((l) => [l.epc, l.containedKg, l.nonConformingShare]) },
    {
      lots: 2,
      massKg: 300,
      containedKg: 70,
      nonConformingKg: 45,
      nonConformingShare: 0.642857,
      suppliers: [{ id: 'P', name: 'Processor', lots: 2, containedKg: 70 }],
      received: [
        ['urn:1', 10, 0],
        ['urn:2', 60, 0.75],
      ],
    },
  );
  assert.deepEqual(r.statusAtProduction, { green: 25, yellow: 15, red: 30, blue: 0, suspended: 15 });
  assert.deepEqual(
    r.sites.map((s) => [
      s.code,
      s.containedKg,
      s.share,
      s.nonConformingKg,
      s.incidents,
      s.visits,
      s.lastAssessment?.status,
    ]),
    [
      ['S-B', 45, 0.642857, 45, 1, 0, 'red'],
      ['S-A', 25, 0.357143, 0, 1, 2, 'green'],
    ],
  );
  assert.deepEqual(r.sites[0].atProduction, [
    { status: 'red', suspended: false, openLevel1: [], containedKg: 30 },
    { status: 'yellow', suspended: true, openLevel1: ['INC-1'], containedKg: 15 },
  ]);
});

test('incidents open in the period at the sites of the chain, in their state at its end, with their plans', () => {
  const r = dueDiligenceFigures(facts);
  assert.deepEqual(r.incidents.byLevel, { level1: 1, level2: 1, level3: 0 });
  assert.deepEqual(r.incidents.byCategory, [
    { category: 'armed_groups', level1: 1, level2: 0, level3: 0 },
    { category: 'bribery', level1: 0, level2: 1, level3: 0 },
  ]);
  assert.deepEqual(r.incidents.byState, { in_mitigation: 1, reported: 1 });
  assert.deepEqual(
    r.incidents.items.map((i) => [i.code, i.stateAtEnd, i.decision, i.reviews, i.progress, i.reviewOverdue]),
    [
      ['INC-1', 'in_mitigation', 'continue_mitigating', 1, 0.75, false],
      ['INC-3', 'reported', null, 0, null, false],
    ],
  );
  assert.deepEqual(r.riskManagement, {
    withPlan: 1,
    withoutPlan: 1,
    decisions: { continue_mitigating: 1, suspend_temporarily: 0, disengage: 0 },
    resolvedInPeriod: 0,
    reviewsInPeriod: 1,
    reviewsOverdue: 0,
  });
});

test('grievances are counted, never described; assessments and visits cover the sites of the chain', () => {
  const r = dueDiligenceFigures(facts);
  assert.deepEqual(r.grievances, {
    total: 2,
    byStatus: { validated: 1, received: 1 },
    byCategory: [
      { category: 'armed_groups', count: 1 },
      { category: 'other', count: 1 },
    ],
    becameIncidents: 1,
  });
  assert.deepEqual(r.assessments, {
    inPeriod: 1,
    sitesAssessed: 2,
    sitesWithoutAssessment: 0,
    standards: [{ name: 'Baseline', version: 1 }],
  });
  assert.deepEqual(r.monitoring, { visits: 2, sitesVisited: 1, sitesInChain: 2, coverage: 0.5 });
});

test('a plan not reviewed for six months is overdue at the end of the period', () => {
  const late = dueDiligenceFigures({
    ...facts,
    period: { from: '2027-04-01', to: '2027-06-30' },
    received: [{ ...facts.received[1], receivedAt: d('2027-05-01T00:00:00Z') }],
  });
  assert.deepEqual(
    late.incidents.items.map((i) => [i.code, i.reviewOverdue]),
    [
      ['INC-1', true],
      ['INC-5', false],
      ['INC-3', false],
    ],
  );
  assert.equal(late.riskManagement.reviewsOverdue, 1);
});

test('an incident is judged by the state it had at each instant', () => {
  assert.equal(incidentStateAt(armed, d('2026-09-20T08:00:00Z')), null);
  assert.equal(incidentStateAt(armed, d('2026-09-22T00:00:00Z')), 'under_verification');
  assert.equal(openDuring(armed, d('2026-01-01T00:00:00Z'), d('2026-09-20T08:00:01Z')), true);
  assert.equal(openDuring(facts.incidents[1], d('2026-10-01T00:00:00Z'), d('2027-01-01T00:00:00Z')), false);
  assert.equal(planProgress(armed.plan!, d('2026-11-15T08:00:00Z')), null);
  assert.equal(planProgress(armed.plan!, d('2026-11-16T00:00:00Z')), 0.75);
});

test('a period runs forwards and at most a year', () => {
  assert.equal(periodProblem(Q4), null);
  assert.equal(periodProblem({ from: '2026-01-01', to: '2026-12-31' }), null);
  assert.equal(periodProblem({ from: '2026-12-31', to: '2026-01-01' }), 'order');
  assert.equal(periodProblem({ from: '2026-01-01', to: '2027-01-02' }), 'length');
});
