import assert from 'node:assert/strict';
import { test } from 'node:test';
import { indicatorsSchema } from '../../http/routes/monitoring.ts';
import { INDICATORS } from '../monitoring/indicator-rules.ts';
import { INDICATOR_RANGES, VISIT_FORM } from './forms.ts';

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
