import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { validationCode } from './validation-code.ts';

const codeOf = (schema: z.ZodType, value: unknown) => {
  const r = schema.safeParse(value);
  assert.equal(r.success, false);
  const i = r.error!.issues[0];
  return validationCode({ keyword: i.code, message: i.message, params: { ...i } });
};

test('each kind of schema refusal has a stable code and the values its sentence names', () => {
  assert.deepEqual(codeOf(z.object({ a: z.string() }), {}), { code: 'common.field.required' });
  assert.deepEqual(codeOf(z.string(), 4), { code: 'common.field.type', params: { expected: 'string' } });
  assert.deepEqual(codeOf(z.string().max(3), 'abcd'), {
    code: 'common.field.too-long',
    params: { limit: 3 },
  });
  assert.deepEqual(codeOf(z.string().min(1), ''), { code: 'common.field.required' });
  assert.deepEqual(codeOf(z.string().min(8), 'abc'), {
    code: 'common.field.too-short',
    params: { limit: 8 },
  });
  assert.deepEqual(codeOf(z.array(z.number()).max(1), [1, 2]), {
    code: 'common.field.too-many',
    params: { limit: 1 },
  });
  assert.deepEqual(codeOf(z.number().max(90), 91), { code: 'common.field.too-big', params: { limit: 90 } });
  assert.deepEqual(codeOf(z.number().min(-90), -91), {
    code: 'common.field.too-small',
    params: { limit: -90 },
  });
  assert.deepEqual(codeOf(z.email(), 'x'), { code: 'common.field.format', params: { format: 'email' } });
  assert.deepEqual(codeOf(z.enum(['a', 'b']), 'c'), {
    code: 'common.field.one-of',
    params: { values: 'a, b' },
  });
  assert.deepEqual(codeOf(z.strictObject({}), { x: 1 }), {
    code: 'common.field.unknown',
    params: { keys: 'x' },
  });
  assert.deepEqual(
    codeOf(
      z.string().refine(() => false),
      'x',
    ),
    { code: 'common.field.invalid' },
  );
});
