import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../../api/client.ts';
import { Field } from '../../components/field.tsx';
import { problemText } from '../../components/problem-text.ts';

/**
 * The page an invitation or reset e-mail opens: the link's secret is after the '#', which the browser never sends
 * to the server, so it is in no log. Once the password is set, the person signs in with it.
 */
export function SetPasswordPage() {
  const { t } = useTranslation('access');
  const [token] = useState(() => decodeURIComponent(globalThis.location?.hash.slice(1) ?? ''));
  const [password, setPassword] = useState('');
  const set = useMutation({
    mutationFn: () => ok(api.POST('/api/password-link', { body: { token, password } })),
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    set.mutate();
  }
  if (set.data)
    return (
      <section className="sign-in">
        <h1>{t('setPassword.title')}</h1>
        <p role="status" className="saved">
          {t('setPassword.saved', { email: set.data.email })}
        </p>
        <p>
          <a className="button" href={`/home#${encodeURIComponent(set.data.email)}`}>
            {t('setPassword.signIn')}
          </a>
        </p>
      </section>
    );
  return (
    <section className="sign-in">
      <h1>{t('setPassword.title')}</h1>
      {token ? (
        <form onSubmit={submit}>
          <p>{t('setPassword.intro')}</p>
          <Field
            label={t('passwordChange.new')}
            name="password"
            type="password"
            autoComplete="new-password"
            maxLength={200}
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <p className="hint">{t('passwordChange.hint')}</p>
          {set.error && (
            <p role="alert" className="error">
              {problemText(set.error)}
            </p>
          )}
          <button type="submit" disabled={set.isPending}>
            {t('setPassword.save')}
          </button>
        </form>
      ) : (
        <p role="alert" className="error">
          {t('setPassword.noToken')}
        </p>
      )}
    </section>
  );
}
