import assert from 'node:assert/strict';
import { test } from 'node:test';
import { indicatorsSchema } from '../../http/routes/monitoring.ts';
import { INDICATORS } from '../monitoring/indicator-rules.ts';
import { checklistForm, INDICATOR_RANGES, VISIT_FORM } from './forms.ts';
import { formVersion } from './xform.ts';

test('the visit form asks every indicator, with the ranges the API accepts', () => {
  assert.deepEqual(Object.keys(INDICATOR_RANGES).sort(), [...INDICATORS].sort());
  for (const [name, range] of Object.entries(INDICATOR_RANGES)) {
    const field = VISIT_FORM.fields.find((f) => f.name === name);
    assert.ok(field, name);
    if (range.kind === 'yesno') {
      assert.equal(indicatorsSchema.safeParse({ [name]: true }).success, true, name);
      assert.equal(indicatorsSchema.safeParse({ [name]: 1 }).success, false, name);
      continue;
    }
    const max = range.max ?? 0;
    assert.equal(indicatorsSchema.safeParse({ [name]: max }).success, true, `${name} accepts ${max}`);
    assert.equal(
      indicatorsSchema.safeParse({ [name]: max + 1 }).success,
      false,
      `${name} refuses ${max + 1}`,
    );
    assert.equal(indicatorsSchema.safeParse({ [name]: -1 }).success, false, `${name} refuses -1`);
    assert.equal(
      indicatorsSchema.safeParse({ [name]: 0.5 }).success,
      range.kind === 'decimal',
      `${name} on 0.5`,
    );
    assert.deepEqual([field.min, field.max], [0, max]);
  }
});

const SET = {
  id: '0193a1f0-0000-7000-8000-00000000000a',
  key: 'rmi-asm',
  version: 3,
  name: 'RMI ASM',
  requirements: [
    { code: 'CL-01', textFr: 'Aucun enfant', textEn: 'No child' },
    { code: 'A.1', textFr: 'Point un', textEn: 'Item one' },
    { code: 'A_1', textFr: 'Point un bis', textEn: 'Item one again' },
  ],
};

test('a checklist rates each requirement with the four ratings and takes notes on it, under XML-safe names that stay apart', () => {
  const form = checklistForm(SET);
  assert.equal(form.id, 'amana-assessment-rmi-asm');
  assert.deepEqual(form.criteriaSet, { id: SET.id, key: 'rmi-asm', version: 3 });
  assert.deepEqual(
    form.fields.map((f) => f.name),
    [
      'site',
      'assessmentKind',
      'req_CL-01',
      'req_CL-01_notes',
      'req_A_1',
      'req_A_1_notes',
      'req_A_1_2',
      'req_A_1_notes_2',
      'notes',
    ],
  );
  const rating = form.fields[2];
  assert.deepEqual(rating.label, {
    fr: 'CL-01 — Aucun enfant',
    en: 'CL-01 — No child',
    sw: 'CL-01 — Aucun enfant',
  });
  assert.deepEqual(
    rating.choices?.map((c) => c.value),
    ['met', 'partially_met', 'not_met', 'not_applicable'],
  );
  assert.equal(rating.required, true);
  assert.deepEqual(form.fields[7].requirement, { code: 'A_1', part: 'notes' });
});

test('another version of the set is another form version, the same version the same', () => {
  const t = (key: string) => key;
  const v3 = formVersion(checklistForm(SET), t);
  assert.equal(formVersion(checklistForm({ ...SET }), t), v3);
  assert.notEqual(
    formVersion(checklistForm({ ...SET, id: '0193a1f0-0000-7000-8000-00000000000b', version: 4 }), t),
    v3,
  );
});
