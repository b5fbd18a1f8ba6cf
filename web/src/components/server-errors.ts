import { useState } from 'react';
import type { FieldValues, Path, UseFormReturn } from 'react-hook-form';
import { ApiError, type Problem } from '../api/client.ts';
import { placeErrors } from './form-errors.ts';
import { problemText } from './problem-text.ts';

/**
 * Puts what the server refused on a react-hook-form form: each error by the field its path names (after
 * `rename`, for forms whose fields are not the body's paths), the rest in a list for the form's footer.
 */
export function useServerErrors<F extends FieldValues>(
  form: UseFormReturn<F>,
  fields: readonly Path<F>[],
  rename: (path: string) => string = (path) => path,
) {
  const [elsewhere, setElsewhere] = useState<string[]>([]);
  return {
    elsewhere,
    clear: () => setElsewhere([]),
    show(e: unknown) {
      if (!(e instanceof ApiError)) return setElsewhere([problemText(e)]);
      const problem: Problem = {
        ...e.problem,
        errors: e.problem.errors?.map((x) => ({ ...x, path: rename(x.path) })),
      };
      const placed = placeErrors(problem, fields);
      for (const field of fields) {
        const message = placed.byField[field];
        if (message) form.setError(field, { type: 'server', message });
      }
      setElsewhere(placed.elsewhere);
    },
  };
}
