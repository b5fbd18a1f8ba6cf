import { toNestErrors } from '@hookform/resolvers';
import type { FieldError, FieldValues, Path, Resolver } from 'react-hook-form';
import type { ZodType } from 'zod';
import { validationCode } from '../../../src/domain/problems/validation-code.ts';
import { placeErrors } from './form-errors.ts';

/**
 * Checks a form in the browser with the server's own schema: the form's values become the body the API
 * takes, the schema checks it, and each error goes by the field its path names, exactly as the server's
 * would (placeErrors). What no field shows goes to the form's root error. The server checks again.
 */
export function bodyResolver<F extends FieldValues>(
  schema: ZodType,
  toBody: (values: F) => unknown,
  fields: readonly Path<F>[],
  rename: (path: string) => string = (path) => path,
): Resolver<F> {
  return (values, _context, options) => {
    const parsed = schema.safeParse(toBody(values));
    if (parsed.success) return { values, errors: {} };
    const placed = placeErrors(
      {
        type: 'about:blank',
        title: 'invalid input',
        status: 400,
        code: 'common.invalid-input',
        errors: parsed.error.issues.map((i) => ({
          path: rename(i.path.join('.')),
          message: i.message,
          ...validationCode({ keyword: i.code, message: i.message, params: { ...i } }),
        })),
      },
      fields,
    );
    const errors: Record<string, FieldError> = {};
    for (const field of fields) {
      const message = placed.byField[field];
      if (message) errors[field] = { type: 'schema', message };
    }
    if (placed.elsewhere.length) errors.root = { type: 'schema', message: placed.elsewhere.join('\n') };
    return { values: {}, errors: toNestErrors(errors, options) };
  };
}
