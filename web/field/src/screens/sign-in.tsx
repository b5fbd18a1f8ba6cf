import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { problemText } from '../../../src/components/problem-text.ts';
import { type Answer, api, deviceHeaders, ok } from '../api.ts';
import { setMeta } from '../db.ts';
import { deviceId, deviceName } from '../device.ts';
import { FIELD_NAMESPACES } from '../i18n.ts';
import type { WipeReason } from './unlock.tsx';

export type Me = Answer<'/api/session', 'post'>;

/**
 * Registers this phone with its user (the device contract): a 404 means the server does not keep devices yet,
 * and the app carries on; any other refusal is the server's to explain at the next request.
 */
async function registerDevice() {
  await fetch('/api/me/devices', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { ...deviceHeaders(), 'content-type': 'application/json' },
    body: JSON.stringify({ id: deviceId(), name: deviceName() }),
  }).catch(() => undefined);
}

/**
 * The one sign-in that needs a network; after it the phone keeps who signed in and works offline. At the first
 * sign-in, `onSignedIn` goes on to set the PIN before anything is kept.
 */
export function SignIn({
  wiped,
  onSignedIn = (me) => setMeta('me', me).then(() => undefined),
}: {
  wiped?: WipeReason;
  onSignedIn?: (me: Me) => Promise<void>;
}) {
  const { t } = useTranslation(FIELD_NAMESPACES);
  const form = useForm({ defaultValues: { email: '', password: '' } });
  const [error, setError] = useState<string>();
  const submit = form.handleSubmit(async (v) => {
    setError(undefined);
    if (!navigator.onLine) return setError(t('signIn.offline'));
    try {
      const me = await ok(api.POST('/api/session', { body: v }));
      await registerDevice();
      await onSignedIn(me);
    } catch (e) {
      setError(problemText(e));
    }
  });
  return (
    <main className="field-app sign-in">
      <h1>{t('appName')}</h1>
      {wiped && (
        <p className="notice warn">
          {t(wiped === 'pin' ? 'pin.wiped' : wiped === 'forgot' ? 'pin.erased' : 'storage.wiped')}
        </p>
      )}
      <p>{t('signIn.intro')}</p>
      <form onSubmit={submit} noValidate>
        <label className="field">
          {t('access:email')}
          <input type="email" autoComplete="username" {...form.register('email')} />
        </label>
        <label className="field">
          {t('access:password')}
          <input type="password" autoComplete="current-password" {...form.register('password')} />
        </label>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={form.formState.isSubmitting}>
          {form.formState.isSubmitting ? t('access:signingIn') : t('access:signIn')}
        </button>
      </form>
    </main>
  );
}
