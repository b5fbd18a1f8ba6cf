import type { ReactNode } from 'react';
import { useForm } from 'react-hook-form';
import { Field } from './field.tsx';
import { FormFooter } from './form-footer.tsx';
import { useServerErrors } from './server-errors.ts';

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
 * they name, the rest above the button. The form empties after a success.
 */
export function QuickForm({
  fields,
  submitLabel,
  onSubmit,
  children,
  aside,
}: {
  fields: QuickField[];
  submitLabel: string;
  /** Gets every field's text, trimmed; the caller makes the typed body the API takes. */
  onSubmit: (values: Record<string, string>) => Promise<unknown>;
  children?: ReactNode;
  /** Shown before the button from the values as typed (e.g. records the one typed may duplicate). */
  aside?: (values: Record<string, string>) => ReactNode;
}) {
  const blank = Object.fromEntries(fields.map((f) => [f.name, f.initial ?? f.options?.[0]?.value ?? '']));
  const form = useForm<Record<string, string>>({ defaultValues: blank });
  const server = useServerErrors(
    form,
    fields.map((f) => f.name),
  );
  const errorOf = (name: string) => form.getFieldState(name, form.formState).error?.message;

  const submit = form.handleSubmit(async (values) => {
    server.clear();
    try {
      await onSubmit(Object.fromEntries(fields.map((f) => [f.name, (values[f.name] ?? '').trim()])));
      form.reset(blank);
    } catch (err) {
      server.show(err);
    }
  });

  return (
    <form className="record-form" onSubmit={submit} noValidate>
      {fields.map((f) =>
        f.options ? (
          <label key={f.name} className="field">
            {f.label}
            <select {...form.register(f.name)}>
              {f.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
            {errorOf(f.name) && <span className="field-error">{errorOf(f.name)}</span>}
          </label>
        ) : f.type === 'textarea' ? (
          <label key={f.name} className="field">
            {f.label}
            <textarea {...form.register(f.name)} />
            {errorOf(f.name) && <span className="field-error">{errorOf(f.name)}</span>}
          </label>
        ) : (
          <Field
            key={f.name}
            label={f.label}
            type={f.type === 'date' ? 'date' : f.type === 'number' ? 'number' : 'text'}
            error={errorOf(f.name)}
            {...form.register(f.name)}
          />
        ),
      )}
      {children}
      {aside?.(form.watch())}
      <FormFooter problems={server.elsewhere} busy={form.formState.isSubmitting} submitLabel={submitLabel} />
    </form>
  );
}
