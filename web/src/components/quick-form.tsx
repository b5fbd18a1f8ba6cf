import { type FormEvent, type ReactNode, useState } from 'react';
import { ApiError } from '../api.ts';
import { placeErrors } from '../form-errors.ts';
import type { MessageKey } from '../i18n.ts';
import { Field } from './field.tsx';
import { FormFooter } from './form-footer.tsx';
import { problemText } from './problem-text.ts';

/** One field of a short form: text-like inputs, or a select with its choices. */
export interface QuickField {
  name: string;
  label: string;
  type?: 'text' | 'number' | 'date' | 'textarea';
  options?: { value: string; label: string }[];
  initial?: string;
}

/**
 * A short form whose values go to one API call; the server's errors appear by the field whose path
 * they name, the rest above the button. Empty fields are sent as null, numbers as numbers.
 */
export function QuickForm({
  fields,
  t,
  submitLabel,
  onSubmit,
  children,
}: {
  fields: QuickField[];
  t: (k: MessageKey) => string;
  submitLabel: string;
  onSubmit: (values: Record<string, string | number | null>) => Promise<unknown>;
  children?: ReactNode;
}) {
  const blank = () =>
    Object.fromEntries(fields.map((f) => [f.name, f.initial ?? f.options?.[0]?.value ?? '']));
  const [values, setValues] = useState<Record<string, string>>(blank);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [elsewhere, setElsewhere] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setElsewhere([]);
    const body = Object.fromEntries(
      fields.map((f) => {
        const v = values[f.name].trim();
        return [f.name, v === '' ? null : f.type === 'number' && !Number.isNaN(Number(v)) ? Number(v) : v];
      }),
    );
    try {
      await onSubmit(body);
      setValues(blank());
    } catch (err) {
      if (!(err instanceof ApiError)) return setElsewhere([problemText(err)]);
      const placed = placeErrors(
        err.problem,
        fields.map((f) => f.name),
      );
      setErrors(placed.byField);
      setElsewhere(placed.elsewhere);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="record-form" onSubmit={submit} noValidate>
      {fields.map((f) =>
        f.options ? (
          <label key={f.name} className="field">
            {f.label}
            <select
              value={values[f.name]}
              onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}
            >
              {f.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
            {errors[f.name] && <span className="field-error">{errors[f.name]}</span>}
          </label>
        ) : f.type === 'textarea' ? (
          <label key={f.name} className="field">
            {f.label}
            <textarea
              value={values[f.name]}
              onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}
            />
            {errors[f.name] && <span className="field-error">{errors[f.name]}</span>}
          </label>
        ) : (
          <Field
            key={f.name}
            label={f.label}
            name={f.name}
            type={f.type === 'date' ? 'date' : f.type === 'number' ? 'number' : 'text'}
            value={values[f.name]}
            error={errors[f.name]}
            onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}
          />
        ),
      )}
      {children}
      <FormFooter t={t} problems={elsewhere} busy={busy} submitLabel={submitLabel} />
    </form>
  );
}
