import { type FormEvent, useState } from 'react';
import { ApiError, api } from '../api.ts';
import { Field } from '../components/field.tsx';
import { FormFooter } from '../components/form-footer.tsx';
import { problemText } from '../components/problem-text.ts';
import { placeErrors } from '../form-errors.ts';
import type { MessageKey } from '../i18n.ts';

const FIELDS = ['currentPassword', 'newPassword'] as const;

/**
 * Changing one's own password: the current one, then the new one. The server checks the rules and, on
 * success, signs every other session and API token out; this one stays.
 */
export function PasswordForm({ t, onClose }: { t: (k: MessageKey) => string; onClose: () => void }) {
  const [values, setValues] = useState({ currentPassword: '', newPassword: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [elsewhere, setElsewhere] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setElsewhere([]);
    try {
      await api('POST', '/api/me/password', values);
      setValues({ currentPassword: '', newPassword: '' });
      setDone(true);
    } catch (err) {
      if (!(err instanceof ApiError)) return setElsewhere([problemText(err)]);
      const placed = placeErrors(err.problem, FIELDS);
      setErrors(placed.byField);
      setElsewhere(placed.elsewhere);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-label={t('changePassword')}>
      <h2>{t('changePassword')}</h2>
      {done ? (
        <p role="status">{t('passwordChanged')}</p>
      ) : (
        <form className="record-form" onSubmit={submit} noValidate>
          <Field
            label={t('currentPassword')}
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            value={values.currentPassword}
            error={errors.currentPassword}
            onChange={(e) => setValues({ ...values, currentPassword: e.target.value })}
          />
          <Field
            label={t('newPassword')}
            name="newPassword"
            type="password"
            autoComplete="new-password"
            value={values.newPassword}
            error={errors.newPassword}
            onChange={(e) => setValues({ ...values, newPassword: e.target.value })}
          />
          <p className="hint">{t('passwordHint')}</p>
          <FormFooter
            t={t}
            problems={elsewhere}
            busy={busy}
            submitLabel={t('changePassword')}
            onCancel={onClose}
          />
        </form>
      )}
    </section>
  );
}
