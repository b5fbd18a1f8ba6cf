import { type FormEvent, useState } from 'react';
import { ApiError, api, type Me } from '../api.ts';
import { Field } from '../components/field.tsx';
import type { MessageKey } from '../i18n.ts';

export function SignIn({ t, onSignedIn }: { t: (k: MessageKey) => string; onSignedIn: (me: Me) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await api<Me>('POST', '/api/session', { email, password }));
    } catch (err) {
      setError(err instanceof ApiError ? (err.problem.detail ?? err.problem.title) : t('error'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="sign-in">
      <h1>{t('appName')}</h1>
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
        <button type="submit" disabled={busy}>
          {busy ? t('signingIn') : t('signIn')}
        </button>
      </form>
    </main>
  );
}
