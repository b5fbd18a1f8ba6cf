import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  fitTimeAxis,
  MIN_SPAN_MS,
  monthLabelFormatter,
  timeLabelFormatter,
  timeUnitFor,
} from './time-axis.ts';

const DAY = 86_400_000;
const at = (iso: string) => Date.parse(iso);
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

test('one visit is drawn in the middle of a week of days, never on an axis of hours', () => {
  const visit = at('2026-12-03T09:30:00Z');
  assert.deepEqual(fitTimeAxis([visit]), {
    min: visit - 3.5 * DAY,
    max: visit + 3.5 * DAY,
    unit: 'day',
    minIntervalMs: DAY,
  });
});

test('visits a few hours apart widen evenly to a week around them', () => {
  const fit = fitTimeAxis([at('2026-12-03T08:00:00Z'), at('2026-12-03T14:00:00Z')]);
  assert.equal(fit?.min, at('2026-12-03T08:00:00Z') - (MIN_SPAN_MS - 6 * 3_600_000) / 2);
  assert.equal(fit?.max, at('2026-12-03T14:00:00Z') + (MIN_SPAN_MS - 6 * 3_600_000) / 2);
  assert.equal(fit?.unit, 'day');
});

test('a span longer than a week keeps its own bounds and picks its unit', () => {
  const threeMonths = fitTimeAxis([at('2026-09-01T00:00:00Z'), at('2026-12-01T00:00:00Z')]);
  assert.deepEqual(threeMonths, {
    min: at('2026-09-01T00:00:00Z'),
    max: at('2026-12-01T00:00:00Z'),
    unit: 'month',
    minIntervalMs: 28 * DAY,
  });
  assert.equal(fitTimeAxis([at('2020-01-01T00:00:00Z'), at('2026-01-01T00:00:00Z')])?.unit, 'year');
});

test('the unit is the day up to about two months, the month up to three years, then the year', () => {
  assert.equal(timeUnitFor(62 * DAY), 'day');
  assert.equal(timeUnitFor(63 * DAY), 'month');
  assert.equal(timeUnitFor(3 * 366 * DAY), 'month');
  assert.equal(timeUnitFor(3 * 366 * DAY + 1), 'year');
});

test('nothing to draw has no axis', () => {
  assert.equal(fitTimeAxis([]), null);
});

test('tick labels name days and months in the reader’s language', () => {
  const day = at('2026-12-03T12:00:00Z');
  assert.equal(plain(timeLabelFormatter('day', 'fr', 'UTC')(day)), '3 déc.');
  assert.equal(plain(timeLabelFormatter('day', 'en', 'UTC')(day)), 'Dec 3');
  assert.equal(plain(timeLabelFormatter('month', 'fr', 'UTC')(day)), 'déc. 2026');
  assert.equal(plain(timeLabelFormatter('month', 'sw', 'UTC')(day)), 'Des 2026');
  assert.equal(plain(timeLabelFormatter('year', 'fr', 'UTC')(day)), '2026');
});

test('a calendar month of the API reads in the reader’s language; anything else as it came', () => {
  assert.equal(plain(monthLabelFormatter('fr')('2026-03')), 'mars 2026');
  assert.equal(plain(monthLabelFormatter('en')('2026-03')), 'Mar 2026');
  assert.equal(monthLabelFormatter('fr')('later'), 'later');
});
