import { useTranslation } from 'react-i18next';

/**
 * The end of every form: what the server said that no field shows, then the submit button (saying
 * it is saving) and, when given, cancel.
 */
export function FormFooter({
  problems,
  busy,
  submitLabel,
  onCancel,
}: {
  problems: readonly string[];
  busy: boolean;
  submitLabel?: string;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      {problems.length > 0 && (
        <div role="alert" className="error">
          {problems.map((m) => (
            <p key={m}>{m}</p>
          ))}
        </div>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('saving') : (submitLabel ?? t('save'))}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t('cancel')}
          </button>
        )}
      </div>
    </>
  );
}

/** A sortable column header: click to sort ascending, again for descending; aria-sort says which. */
export function SortHeader({
  label,
  state,
  onSort,
}: {
  label: string;
  state: 'ascending' | 'descending' | 'none';
  onSort: () => void;
}) {
  return (
    <button type="button" className="sort" onClick={onSort}>
      {label}{' '}
      <span aria-hidden="true">{state === 'ascending' ? '▲' : state === 'descending' ? '▼' : '↕'}</span>
    </button>
  );
}
