// The PIN lock of the field app (decision 0045): the lock record in localStorage (salt, iterations, sealed check,
// wrong tries), and the key in memory while the app is open. Reloading the page forgets the key: the PIN again.
import { afterWrongPin, keyOf, type Lock, newLock } from './crypto.ts';

const LOCK = 'amana.field.lock';

let key: CryptoKey | null = null;
const listeners = new Set<() => void>();

/** The key of the open store, or null while the app is locked. */
export const currentKey = () => key;
export const isUnlocked = () => key !== null;
export const onUnlock = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};
function setKey(k: CryptoKey | null) {
  key = k;
  for (const l of listeners) l();
}

/** The lock this phone keeps, if a PIN was ever set. */
export function readLock(): Lock | null {
  const text = globalThis.localStorage?.getItem(LOCK);
  if (!text) return null;
  try {
    return JSON.parse(text) as Lock;
  } catch {
    return null;
  }
}
const writeLock = (lock: Lock) => globalThis.localStorage?.setItem(LOCK, JSON.stringify(lock));
export const forgetLock = () => globalThis.localStorage?.removeItem(LOCK);

/** Sets the PIN at the first sign-in: a new salt and key; the store is open with it from now on. */
export async function setPin(pin: string): Promise<void> {
  const made = await newLock(pin);
  writeLock(made.lock);
  setKey(made.key);
}

export type UnlockOutcome = { ok: true } | { ok: false; left: number; wipe: boolean };

/**
 * Tries a PIN: right, the store opens and the count of wrong tries starts again; wrong, it is counted, and the
 * last allowed wrong try asks for the wipe (the caller wipes, then the monitor signs in online).
 */
export async function unlock(pin: string): Promise<UnlockOutcome> {
  const lock = readLock();
  if (!lock) return { ok: false, left: 0, wipe: true };
  const k = await keyOf(lock, pin);
  if (k) {
    writeLock({ ...lock, failures: 0 });
    setKey(k);
    return { ok: true };
  }
  const next = afterWrongPin(lock);
  writeLock(next.lock);
  return { ok: false, left: next.left, wipe: next.wipe };
}

/** Shuts the store: the key is dropped from memory. */
export const lockNow = () => setKey(null);
