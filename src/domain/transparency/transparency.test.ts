import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  halfYearEnd,
  halfYearOf,
  incidentSummaries,
  publicationCut,
  publicGeometry,
  publicHistory,
  statusAtCut,
  volumeBound,
} from './transparency.ts';

const at = (iso: string) => new Date(iso);

test('the cut is the start of the day the delay in months before now, clamped to a shorter month', () => {
  assert.equal(publicationCut(at('2026-12-06T21:47:00Z'), 3).toISOString(), '2026-09-06T00:00:00.000Z');
  assert.equal(publicationCut(at('2026-05-31T08:00:00Z'), 3).toISOString(), '2026-02-28T00:00:00.000Z');
  assert.equal(publicationCut(at('2026-02-10T08:00:00Z'), 14).toISOString(), '2024-12-10T00:00:00.000Z');
  assert.equal(publicationCut(at('2026-02-10T08:00:00Z'), 0).toISOString(), '2026-02-10T00:00:00.000Z');
});

test('volumes stop at the first day of the cut’s month: only whole months are published', () => {
  assert.equal(volumeBound(at('2026-09-06T00:00:00Z')).toISOString(), '2026-09-01T00:00:00.000Z');
});

const history = [
  { status: 'yellow' as const, effectiveAt: at('2026-05-01T00:00:00Z'), reasonKind: 'assessment' },
  { status: 'blue' as const, effectiveAt: at('2026-01-10T00:00:00Z'), reasonKind: 'registered' },
  { status: 'red' as const, effectiveAt: at('2026-09-06T00:00:00Z'), reasonKind: 'yellow_overdue' },
];

test('a site’s public history holds the changes before the cut, oldest first, and its status is the last of them', () => {
  const cut = at('2026-09-06T00:00:00Z');
  assert.deepEqual(
    publicHistory(history, cut).map((h) => h.status),
    ['blue', 'yellow'],
  );
  assert.equal(statusAtCut(history, cut)?.status, 'yellow');
});

test('a site registered after the cut has no public status', () => {
  assert.equal(statusAtCut(history, at('2026-01-10T00:00:00Z')), null);
});

test('a place is given exactly, as a point rounded to a tenth of a degree, or not at all', () => {
  const polygon = {
    type: 'Polygon' as const,
    coordinates: [
      [
        [25.4312, -10.7123],
        [25.4412, -10.7123],
        [25.4412, -10.7223],
        [25.4312, -10.7223],
        [25.4312, -10.7123],
      ],
    ],
  };
  assert.deepEqual(publicGeometry(polygon, 'exact'), polygon);
  assert.deepEqual(publicGeometry(polygon, 'rounded'), { type: 'Point', coordinates: [25.4, -10.7] });
  assert.equal(publicGeometry(polygon, 'withheld'), null);
});

test('half-years run January–June and July–December', () => {
  assert.equal(halfYearOf(at('2026-06-30T23:59:59Z')), '2026-H1');
  assert.equal(halfYearOf(at('2026-07-01T00:00:00Z')), '2026-H2');
  assert.equal(halfYearEnd('2026-H1').toISOString(), '2026-07-01T00:00:00.000Z');
  assert.equal(halfYearEnd('2026-H2').toISOString(), '2027-01-01T00:00:00.000Z');
});

test('incidents are counted by half-year, level and category once the half-year ended and they closed before the cut', () => {
  const cut = at('2026-09-06T00:00:00Z');
  const closed = (reported: string, closedAt: string, level = 2, category = 'security_forces') => ({
    level,
    category,
    reportedAt: at(reported),
    transitions: [
      { to: 'under_verification' as const, at: at(reported) },
      { to: 'resolved' as const, at: at(closedAt) },
    ],
  });
  const summaries = incidentSummaries(
    [
      closed('2026-02-01T00:00:00Z', '2026-04-01T00:00:00Z'),
      closed('2026-03-01T00:00:00Z', '2026-05-01T00:00:00Z'),
      closed('2026-03-01T00:00:00Z', '2026-05-01T00:00:00Z', 1, 'child_labour'),
      // Closed after the cut: not yet.
      closed('2026-03-01T00:00:00Z', '2026-09-06T00:00:00Z'),
      // Its half-year had not ended at the cut.
      closed('2026-07-02T00:00:00Z', '2026-08-01T00:00:00Z'),
      // Still open.
      {
        level: 1,
        category: 'child_labour',
        reportedAt: at('2026-01-05T00:00:00Z'),
        transitions: [{ to: 'verified' as const, at: at('2026-01-06T00:00:00Z') }],
      },
      {
        level: 3,
        category: 'data',
        reportedAt: at('2025-11-05T00:00:00Z'),
        transitions: [{ to: 'unsubstantiated' as const, at: at('2025-11-06T00:00:00Z') }],
      },
    ],
    cut,
  );
  assert.deepEqual(summaries, [
    { period: '2025-H2', category: 'data', level: 3, count: 1 },
    { period: '2026-H1', category: 'child_labour', level: 1, count: 1 },
    { period: '2026-H1', category: 'security_forces', level: 2, count: 2 },
  ]);
});
