import { type ReactNode, useState, useSyncExternalStore } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { WIPED } from '../api.ts';
import { MAX_PIN_FAILURES, PIN_PATTERN } from '../crypto.ts';
import { sealWhatIsHeld, setMeta, wipeDevice } from '../db.ts';
import { useFormats } from '../format.ts';
import { FIELD_NAMESPACES } from '../i18n.ts';
import { isUnlocked, onUnlock, readLock, setPin, unlock } from '../lock.ts';
import { storageState } from '../storage.ts';
import { type Me, SignIn } from './sign-in.tsx';

/** Why the phone's data was erased, said once on the sign-in that follows. */
export type WipeReason = 'revoked' | 'pin' | 'forgot';
const wipeReason = (): WipeReason | undefined => {
  const r = globalThis.sessionStorage?.getItem(WIPED);
  return r === 'revoked' || r === 'pin' || r === 'forgot' ? r : undefined;
};

/** Erases the phone's data and starts again from the online sign-in, saying why. */
export async function wipeAndRestart(reason: WipeReason) {
  await wipeDevice();
  globalThis.sessionStorage?.setItem(WIPED, reason);
  globalThis.location?.reload();
}

/**
 * The PIN in front of the app (decision 0045): the first sign-in online sets it; after that the PIN opens the app
 * and its sealed store, with or without network. Nothing of the store is read before.
 */
export function Unlock({ children }: { children: ReactNode }) {
  const open = useSyncExternalStore(onUnlock, isUnlocked);
  const [signedIn, setSignedIn] = useState<Me>();
  const [wiped] = useState(wipeReason);
  if (open) return children;
  if (readLock()) return <PinUnlock />;
  if (signedIn) return <PinCreate me={signedIn} />;
  return <SignIn wiped={wiped} onSignedIn={async (me) => setSignedIn(me)} />;
}

function PinCreate({ me }: { me: Me }) {
  const { t } = useTranslation(FIELD_NAMESPACES);
  const form = useForm({ defaultValues: { pin: '', again: '' } });
  const errors = form.formState.errors;
  const submit = form.handleSubmit(async ({ pin }) => {
    await setPin(pin);
    await sealWhatIsHeld();
    await setMeta('me', me);
    globalThis.sessionStorage?.removeItem(WIPED);
    // The store now holds what the monitor makes: ask the browser to keep it through storage pressure.
    await storageState(true);
  });
  return (
    <main className="field-app sign-in">
      <h1>{t('pin.create')}</h1>
      <p>{t('pin.createIntro')}</p>
      <form onSubmit={submit} noValidate>
        <label className="field">
          {t('pin.new')}
          <input
            type="password"
            inputMode="numeric"
            autoComplete="new-password"
            maxLength={12}
            aria-invalid={errors.pin ? true : undefined}
            {...form.register('pin', { validate: (x) => PIN_PATTERN.test(x) || t('pin.shape') })}
          />
          {errors.pin && <span className="field-error">{errors.pin.message}</span>}
        </label>
        <label className="field">
          {t('pin.again')}
          <input
            type="password"
            inputMode="numeric"
            autoComplete="new-password"
            maxLength={12}
            aria-invalid={errors.again ? true : undefined}
            {...form.register('again', { validate: (x, v) => x === v.pin || t('pin.mismatch') })}
          />
          {errors.again && <span className="field-error">{errors.again.message}</span>}
        </label>
        <button type="submit" className="primary" disabled={form.formState.isSubmitting}>
          {form.formState.isSubmitting ? t('pin.working') : t('pin.set')}
        </button>
      </form>
    </main>
  );
}

function PinUnlock() {
  const { t } = useTranslation(FIELD_NAMESPACES);
  const f = useFormats();
  const form = useForm({ defaultValues: { pin: '' } });
  const [left, setLeft] = useState<number>();
  const [forgot, setForgot] = useState(false);
  const submit = form.handleSubmit(async ({ pin }) => {
    const outcome = await unlock(pin);
    if (outcome.ok) return;
    if (outcome.wipe) return wipeAndRestart('pin');
    setLeft(outcome.left);
    form.reset({ pin: '' });
  });
  return (
    <main className="field-app sign-in">
      <h1>{t('appName')}</h1>
      <p>{t('pin.unlockIntro')}</p>
      <form onSubmit={submit} noValidate>
        <label className="field">
          {t('pin.pin')}
          <input
            type="password"
            inputMode="numeric"
            autoComplete="off"
            maxLength={12}
            aria-invalid={left !== undefined ? true : undefined}
            {...form.register('pin')}
          />
        </label>
        {left !== undefined && (
          <p className="field-error" role="alert">
            {t('pin.wrong', { count: left, left: f.number(left) })}
          </p>
        )}
        <button type="submit" className="primary" disabled={form.formState.isSubmitting}>
          {form.formState.isSubmitting ? t('pin.working') : t('pin.unlock')}
        </button>
      </form>
      <p className="muted">{t('pin.limit', { count: MAX_PIN_FAILURES, max: f.number(MAX_PIN_FAILURES) })}</p>
      {forgot ? (
        <div className="notice warn">
          <p>{t('pin.forgotIntro')}</p>
          <button type="button" onClick={() => void wipeAndRestart('forgot')}>
            {t('pin.erase')}
          </button>
        </div>
      ) : (
        <button type="button" onClick={() => setForgot(true)}>
          {t('pin.forgot')}
        </button>
      )}
    </main>
  );
}
