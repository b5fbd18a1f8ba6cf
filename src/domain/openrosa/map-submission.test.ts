import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checklistForm, grievanceForm, INCIDENT_FORM, VISIT_FORM } from './forms.ts';
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

test('a checklist maps to a draft assessment: each rating with its notes, observed from the start to the end', () => {
  const form = checklistForm({
    id: '0193a1f0-0000-7000-8000-00000000000a',
    key: 'k',
    version: 1,
    name: 'K',
    requirements: [
      { code: 'CL-01', textFr: 'a', textEn: 'a' },
      { code: 'OHS-01', textFr: 'b', textEn: 'b' },
    ],
  });
  const values = {
    start: '2026-11-20T07:30:00.000+01:00',
    end: '2026-11-20T10:45:00.000+01:00',
    site: SITE,
    assessmentKind: 'periodic',
    'req_CL-01': 'not_met',
    'req_CL-01_notes': 'Deux enfants au lavage',
    'req_OHS-01': 'met',
    notes: 'Visite',
  };
  assert.deepEqual(mapSubmission(form, values, sites), {
    kind: 'assessment',
    assessment: {
      siteId: SITE,
      kind: 'periodic',
      notes: 'Visite',
      observedFrom: '2026-11-20T06:30:00.000Z',
      observedUntil: '2026-11-20T09:45:00.000Z',
      ratings: [
        { code: 'CL-01', rating: 'not_met', notes: 'Deux enfants au lavage' },
        { code: 'OHS-01', rating: 'met', notes: '' },
      ],
    },
  });
  const refused = mapSubmission(form, { ...values, 'req_OHS-01': 'good', 'req_CL-01': '' }, sites);
  assert.deepEqual('problems' in refused ? refused.problems.map((p) => [p.path, p.code]) : [], [
    ['req_CL-01', 'openrosa.required'],
    ['req_OHS-01', 'openrosa.not-a-choice'],
  ]);
});

test('a grievance maps to a site or a place, its category, language and contact; with neither site nor place it is refused', () => {
  const form = grievanceForm('MIIB');
  assert.deepEqual(
    mapSubmission(
      form,
      { place: 'Route de Kolwezi', description: 'Barrière', language: 'sw', contactPhone: '+243 970' },
      sites,
    ),
    {
      kind: 'grievance',
      grievance: {
        siteId: null,
        location: 'Route de Kolwezi',
        category: null,
        description: 'Barrière',
        language: 'sw',
        contact: { phone: '+243 970' },
      },
    },
  );
  const refused = mapSubmission(form, { description: 'Barrière', language: 'fr' }, sites);
  assert.deepEqual('problems' in refused ? refused.problems.map((p) => p.code) : [], [
    'openrosa.where-required',
  ]);
});
