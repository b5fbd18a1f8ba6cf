import assert from 'node:assert/strict';
import { test } from 'node:test';
import { INCIDENT_FORM, VISIT_FORM } from './forms.ts';
import { formFieldOf, mapSubmission } from './map-submission.ts';

const SITE = '0193a1f0-0000-7000-8000-000000000001';
const sites = new Set([SITE]);

test('a visit maps to its site, its start as observation time, its position and typed indicators', () => {
  const mapped = mapSubmission(
    VISIT_FORM,
    {
      start: '2026-11-30T08:15:00.000+01:00',
      end: '2026-11-30T08:40:00.000+01:00',
      site: SITE,
      location: '-10.71 25.47 1420 5',
      headCount: '40',
      ppeSharePct: '62.5',
      armedPeoplePresent: 'yes',
      childrenSeen: '',
      notes: ' Routine ',
    },
    sites,
  );
  assert.deepEqual(mapped, {
    kind: 'visit',
    visit: {
      siteId: SITE,
      visitedAt: '2026-11-30T07:15:00.000Z',
      latitude: -10.71,
      longitude: 25.47,
      indicators: { headCount: 40, ppeSharePct: 62.5, armedPeoplePresent: true },
      notes: 'Routine',
    },
  });
});

test('every field that cannot be mapped is named, with the range it must keep to', () => {
  const mapped = mapSubmission(
    VISIT_FORM,
    {
      end: 'not a time',
      site: '0193a1f0-0000-7000-8000-000000000099',
      headCount: '100001',
      accidents: '1.5',
      armedPeoplePresent: 'maybe',
    },
    sites,
  );
  assert.deepEqual('problems' in mapped && mapped.problems.map((p) => [p.path, p.code, p.params ?? null]), [
    ['headCount', 'openrosa.out-of-range', { min: 0, max: 100000 }],
    ['armedPeoplePresent', 'openrosa.not-a-choice', null],
    ['accidents', 'openrosa.not-a-number', null],
    ['site', 'openrosa.unknown-site', null],
    ['start', 'openrosa.no-time', null],
  ]);
});

test('an incident report needs its level, category, title and description', () => {
  const mapped = mapSubmission(
    INCIDENT_FORM,
    { start: '2026-11-29T14:00:00Z', site: SITE, level: '4' },
    sites,
  );
  assert.deepEqual('problems' in mapped && mapped.problems.map((p) => [p.path, p.code]), [
    ['level', 'openrosa.not-a-choice'],
    ['category', 'openrosa.required'],
    ['title', 'openrosa.required'],
    ['description', 'openrosa.required'],
  ]);
});

test('a service refusal names the form field the submitter filled', () => {
  assert.deepEqual(
    ['indicators.childrenSeen', 'siteId', 'visitedAt', 'observedAt', 'longitude', 'title'].map(formFieldOf),
    ['childrenSeen', 'site', 'start', 'start', 'location', 'title'],
  );
});
