import assert from 'node:assert/strict';
import { test } from 'node:test';
import { byUrgency, DEFAULT_VISIT_FREQUENCIES, inForce, nextVisit, type PlannedSite } from './visit-plan.ts';

const at = (iso: string) => new Date(iso);
const site = (over: Partial<PlannedSite>): PlannedSite => ({
  status: 'green',
  suspended: false,
  openLevel1: 0,
  lastVisitAt: at('2026-03-01T08:00:00Z'),
  since: at('2026-01-10T00:00:00Z'),
  ...over,
});
const now = at('2026-03-10T12:00:00Z');

test('each status is visited at its own default frequency after the last visit', () => {
  const due = (status: PlannedSite['status']) =>
    nextVisit(site({ status }), now, DEFAULT_VISIT_FREQUENCIES).dueAt.toISOString();
  assert.equal(due('red'), '2026-03-08T08:00:00.000Z');
  assert.equal(due('yellow'), '2026-03-15T08:00:00.000Z');
  assert.equal(due('blue'), '2026-03-15T08:00:00.000Z');
  assert.equal(due('green'), '2026-03-31T08:00:00.000Z');
});

test('a red site last visited nine days ago is two days overdue; a green one is not', () => {
  assert.deepEqual(nextVisit(site({ status: 'red' }), now, DEFAULT_VISIT_FREQUENCIES), {
    dueAt: at('2026-03-08T08:00:00Z'),
    everyDays: 7,
    reason: 'red',
    urgent: false,
    overdue: true,
    daysOverdue: 2,
  });
  assert.deepEqual(nextVisit(site({ status: 'green' }), now, DEFAULT_VISIT_FREQUENCIES), {
    dueAt: at('2026-03-31T08:00:00Z'),
    everyDays: 30,
    reason: 'green',
    urgent: false,
    overdue: false,
    daysOverdue: 0,
  });
});

test('a suspension and an open level-1 incident shorten the interval and the incident makes it urgent', () => {
  const suspended = nextVisit(site({ status: 'yellow', suspended: true }), now, DEFAULT_VISIT_FREQUENCIES);
  assert.deepEqual([suspended.reason, suspended.everyDays, suspended.urgent], ['suspended', 7, false]);
  const level1 = nextVisit(site({ status: 'green', openLevel1: 2 }), now, DEFAULT_VISIT_FREQUENCIES);
  assert.deepEqual(
    [level1.reason, level1.everyDays, level1.urgent, level1.dueAt.toISOString(), level1.daysOverdue],
    ['level1', 3, true, '2026-03-04T08:00:00.000Z', 6],
  );
});

test('a site never visited is due from the day it came into the monitor’s care', () => {
  const next = nextVisit(site({ status: 'yellow', lastVisitAt: null }), now, DEFAULT_VISIT_FREQUENCIES);
  assert.equal(next.dueAt.toISOString(), '2026-01-24T00:00:00.000Z');
  assert.equal(next.daysOverdue, 45);
});

test('due exactly now is not yet overdue; a second later it is, by zero whole days', () => {
  const s = site({ status: 'red', lastVisitAt: at('2026-03-03T12:00:00Z') });
  assert.equal(nextVisit(s, now, DEFAULT_VISIT_FREQUENCIES).overdue, false);
  const later = nextVisit(s, at('2026-03-10T12:00:01Z'), DEFAULT_VISIT_FREQUENCIES);
  assert.deepEqual([later.overdue, later.daysOverdue], [true, 0]);
});

test('configured frequencies replace the defaults, and the shortest that applies wins', () => {
  const frequencies = { ...DEFAULT_VISIT_FREQUENCIES, red: 2, level1: 5 };
  const next = nextVisit(site({ status: 'red', openLevel1: 1 }), now, frequencies);
  assert.deepEqual([next.reason, next.everyDays, next.urgent], ['red', 2, true]);
  assert.equal(next.dueAt.toISOString(), '2026-03-03T08:00:00.000Z');
});

test('the plan puts open level-1 incidents first, then the earliest due, then the code', () => {
  const plan = [
    { code: 'C', next: nextVisit(site({ status: 'red' }), now, DEFAULT_VISIT_FREQUENCIES) },
    { code: 'B', next: nextVisit(site({ status: 'green', openLevel1: 1 }), now, DEFAULT_VISIT_FREQUENCIES) },
    { code: 'A', next: nextVisit(site({ status: 'red' }), now, DEFAULT_VISIT_FREQUENCIES) },
    { code: 'D', next: nextVisit(site({ status: 'yellow' }), now, DEFAULT_VISIT_FREQUENCIES) },
  ];
  assert.deepEqual(
    plan.sort(byUrgency).map((p) => p.code),
    ['B', 'A', 'C', 'D'],
  );
});

test('an assignment holds from its start, up to but not including its end', () => {
  const a = { startsAt: at('2026-02-01T00:00:00Z'), endsAt: at('2026-03-01T00:00:00Z') };
  assert.equal(inForce(a, at('2026-01-31T23:59:59Z')), false);
  assert.equal(inForce(a, at('2026-02-01T00:00:00Z')), true);
  assert.equal(inForce(a, at('2026-03-01T00:00:00Z')), false);
  assert.equal(inForce({ ...a, endsAt: null }, at('2030-01-01T00:00:00Z')), true);
});
