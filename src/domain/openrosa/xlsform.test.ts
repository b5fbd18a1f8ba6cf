import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checklistForm, TAG_FORM, VISIT_FORM } from './forms.ts';
import { xlsFormSheets } from './xlsform.ts';

/** Says a key as itself, with its values, in a language: enough to see which label went where. */
const t = (key: string, lng: string, values?: Record<string, number | string>) =>
  `${lng}:${key}${values ? JSON.stringify(values) : ''}`;

test('the survey sheet has the meta questions, then each field with its type, labels in three languages, constraint and message', () => {
  const { survey } = xlsFormSheets(VISIT_FORM, 'abc123', t);
  assert.deepEqual(survey[0], [
    'type',
    'name',
    'label::French (fr)',
    'label::English (en)',
    'label::Swahili (sw)',
    'required',
    'constraint',
    'constraint_message::French (fr)',
    'constraint_message::English (en)',
    'constraint_message::Swahili (sw)',
    'appearance',
    'choice_filter',
  ]);
  assert.deepEqual(
    survey.slice(1, 4).map((r) => r.slice(0, 2)),
    [
      ['start', 'start'],
      ['end', 'end'],
      ['deviceid', 'deviceid'],
    ],
  );
  const byName = Object.fromEntries(survey.slice(1).map((r) => [r[1], r]));
  assert.deepEqual(byName.site.slice(0, 6), [
    'select_one_from_file sites.csv',
    'site',
    'fr:openrosa:form.site',
    'en:openrosa:form.site',
    'sw:openrosa:form.site',
    'yes',
  ]);
  assert.deepEqual(byName.headCount.slice(0, 8), [
    'integer',
    'headCount',
    'fr:monitoring:indicator.headCount',
    'en:monitoring:indicator.headCount',
    'sw:monitoring:indicator.headCount',
    '',
    '. >= 0 and . <= 100000',
    'fr:openrosa:form.between{"min":0,"max":100000}',
  ]);
  assert.equal(byName.securityForcesPresent[0], 'select_one yesno');
  assert.equal(byName.location[0], 'geopoint');
  assert.equal(byName.photo[0], 'image');
  assert.equal(byName.notes[10], 'multiline');
});

test('the cooperative is filtered by the site chosen; the tag keeps its pattern', () => {
  const { survey } = xlsFormSheets(TAG_FORM, 'v', t);
  const byName = Object.fromEntries(survey.slice(1).map((r) => [r[1], r]));
  assert.equal(byName.cooperative[0], 'select_one_from_file cooperatives.csv');
  assert.equal(byName.cooperative[11], 'site=${site}');
  assert.equal(byName.tag[6], "regex(., '^[A-Za-z0-9-]{3,64}$')");
});

test('choices are listed once per list: a checklist’s ratings share one; the settings name the form, its version and French first', () => {
  const form = checklistForm({
    id: '0193a1f0-0000-7000-8000-00000000000a',
    key: 'k',
    version: 2,
    name: 'K',
    requirements: [
      { code: 'A-1', textFr: 'un', textEn: 'one' },
      { code: 'A-2', textFr: 'deux', textEn: 'two' },
    ],
  });
  const { survey, choices, settings } = xlsFormSheets(form, 'v2digest', t, { public_key: 'MIIB' });
  const types = survey.slice(4).map((r) => r[0]);
  assert.deepEqual(types, [
    'select_one_from_file sites.csv',
    'select_one assessmentKind',
    'select_one req_A-1',
    'text',
    'select_one req_A-1',
    'text',
    'text',
  ]);
  assert.deepEqual(survey[6].slice(2, 5), ['A-1 — un', 'A-1 — one', 'A-1 — un']);
  assert.deepEqual(choices[0], [
    'list_name',
    'name',
    'label::French (fr)',
    'label::English (en)',
    'label::Swahili (sw)',
  ]);
  assert.deepEqual(
    choices.slice(1).map((r) => `${r[0]}/${r[1]}`),
    [
      'assessmentKind/baseline',
      'assessmentKind/periodic',
      'req_A-1/met',
      'req_A-1/partially_met',
      'req_A-1/not_met',
      'req_A-1/not_applicable',
    ],
  );
  assert.deepEqual(settings, [
    ['form_title', 'form_id', 'version', 'default_language', 'public_key'],
    ['Amana — K (version 2)', 'amana-assessment-k', 'v2digest', 'French (fr)', 'MIIB'],
  ]);
});
