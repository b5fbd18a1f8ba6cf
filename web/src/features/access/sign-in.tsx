import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../components/field.tsx';
import { problemText } from '../../components/problem-text.ts';
import { useSignIn } from './session.ts';

/** The sign-in form; the reason for a refusal is the server's own sentence. */
export function SignIn() {
  const { t } = useTranslation('access');
  const { t: tc } = useTranslation();
  const signIn = useSignIn();
  const [email, setEmail] = useState('');
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
    </main>
  );
}
