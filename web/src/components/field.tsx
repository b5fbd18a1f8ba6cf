import type { ComponentProps } from 'react';

/** A labelled input with the server's error for that field shown beside it. */
export function Field({
  label,
  error,
  ...input
}: { label: string; error?: string } & ComponentProps<'input'>) {
  const errorId = error && input.name ? `${input.name}-error` : undefined;
  return (
    <label className="field">
      {label}
      <input aria-invalid={error ? true : undefined} aria-describedby={errorId} {...input} />
      {error && (
        <span className="field-error" id={errorId}>
          {error}
        </span>
      )}
    </label>
  );
}
