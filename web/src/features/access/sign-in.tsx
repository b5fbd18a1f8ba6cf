import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../../api/client.ts';
import { Field } from '../../components/field.tsx';
import { problemText } from '../../components/problem-text.ts';
import { useSignIn } from './session.ts';

/** The sign-in form; the reason for a refusal is the server's own sentence. */
export function SignIn() {
  const { t } = useTranslation('access');
  const { t: tc } = useTranslation();
  const signIn = useSignIn();
  // The set-password page hands over the address it set a password for, after the '#'.
  const [email, setEmail] = useState(() => {
    const handed = decodeURIComponent(globalThis.location?.hash.slice(1) ?? '');
    return handed.includes('@') ? handed : '';
  });
  const [forgot, setForgot] = useState(false);
  const [password, setPassword] = useState('');

  function submit(e: FormEvent) {
    e.preventDefault();
    signIn.mutate({ email, password });
  }
  const error = signIn.error ? problemText(signIn.error) : null;

  return (
    <main className="sign-in">
      <h1>{tc('appName')}</h1>
      <p>{t('tagline')}</p>
      <form onSubmit={submit}>
        <Field
          label={t('email')}
          name="email"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <Field
          label={t('password')}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={signIn.isPending}>
          {signIn.isPending ? t('signingIn') : t('signIn')}
        </button>
      </form>
      <button type="button" aria-expanded={forgot} onClick={() => setForgot(!forgot)}>
        {t('forgot')}
      </button>
      {forgot && <ResetRequest initialEmail={email} />}
    </main>
  );
}

/** Asks for a link to choose a new password; the answer never says whether the address has an account. */
function ResetRequest({ initialEmail }: { initialEmail: string }) {
  const { t } = useTranslation('access');
  const [email, setEmail] = useState(initialEmail);
  const reset = useMutation({
    mutationFn: () => ok(api.POST('/api/password-reset', { body: { email } })),
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    reset.mutate();
  }
  return (
    <form onSubmit={submit} aria-label={t('reset.title')}>
      <h2>{t('reset.title')}</h2>
      <Field
        label={t('email')}
        name="reset-email"
        type="email"
        maxLength={254}
        required
        value={email}
        onChange={(e) => setEmail(e.target.value)}
      />
      {reset.error && (
        <p role="alert" className="error">
          {problemText(reset.error)}
        </p>
      )}
      {reset.isSuccess ? (
        <p role="status" className="saved">
          {t('reset.sent')}
        </p>
      ) : (
        <button type="submit" disabled={reset.isPending}>
          {t('reset.send')}
        </button>
      )}
    </form>
  );
}
