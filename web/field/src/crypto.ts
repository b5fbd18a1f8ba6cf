// The field app's store at rest is sealed with a key derived from the monitor's PIN (decision 0045): PBKDF2-SHA-256
// over the PIN and a per-device salt gives a non-extractable AES-GCM key, which lives in memory only. The device
// keeps the salt, the iteration count and a sealed check value, never the key or the PIN.

/** PBKDF2 iterations: OWASP's figure for PBKDF2-HMAC-SHA-256 (2023), about a second on a low-end phone. */
export const PIN_ITERATIONS = 600_000;
/** A PIN is 6 to 12 digits: typed with one thumb on a numeric keypad, a million tries at the least. */
export const PIN_PATTERN = /^\d{6,12}$/;

const CHECK = 'amana-field-pin-check';
const encoder = new TextEncoder();

/** The lock the device keeps: enough to check a PIN and rebuild the key from it, and how many wrong tries so far. */
export interface Lock {
  salt: string;
  iterations: number;
  /** A known text sealed with the key: opening it proves the PIN right. */
  check: Sealed;
  failures: number;
}

/** Ciphertext with the IV it was sealed under (AES-GCM: 96-bit IV, 128-bit tag), both base64. */
export interface Sealed {
  iv: string;
  data: string;
}

export const toBase64 = (bytes: Uint8Array): string => {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
};
export const fromBase64 = (text: string): Uint8Array<ArrayBuffer> =>
  Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/** Whether a PIN has the shape the app accepts. */
export const isValidPin = (pin: string) => PIN_PATTERN.test(pin);

/** The AES-GCM key of a PIN and a salt: non-extractable, usable only to seal and open. */
export async function deriveKey(pin: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', encoder.encode(pin), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** Seals bytes under a fresh random IV. */
export async function seal(key: CryptoKey, bytes: BufferSource): Promise<{ iv: Uint8Array<ArrayBuffer>; data: ArrayBuffer }> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  return { iv, data: await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, bytes) };
}

/** Opens what `seal` made; rejects when the key is not the one it was sealed with or a byte was changed. */
export const open = (key: CryptoKey, iv: BufferSource, data: BufferSource): Promise<ArrayBuffer> =>
  crypto.subtle.decrypt({ name: 'AES-GCM', iv }, key, data);

/** A new lock for a PIN, with a random 16-byte salt, and the key it gives. */
export async function newLock(pin: string, iterations = PIN_ITERATIONS): Promise<{ lock: Lock; key: CryptoKey }> {
  if (!isValidPin(pin)) throw new Error('a PIN is 6 to 12 digits');
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const key = await deriveKey(pin, salt, iterations);
  const { iv, data } = await seal(key, encoder.encode(CHECK));
  return {
    lock: { salt: toBase64(salt), iterations, check: { iv: toBase64(iv), data: toBase64(new Uint8Array(data)) }, failures: 0 },
    key,
  };
}

/** The key of a PIN if it is the lock's, else null. */
export async function keyOf(lock: Lock, pin: string): Promise<CryptoKey | null> {
  if (!isValidPin(pin)) return null;
  const key = await deriveKey(pin, fromBase64(lock.salt), lock.iterations);
  try {
    const text = new TextDecoder().decode(await open(key, fromBase64(lock.check.iv), fromBase64(lock.check.data)));
    return text === CHECK ? key : null;
  } catch {
    return null;
  }
}

/** Wrong PINs allowed in a row: the last one wipes the phone's data, and the monitor signs in again online. */
export const MAX_PIN_FAILURES = 5;

/** What a wrong PIN does: counts it, and says how many tries are left, or that the phone must now be wiped. */
export function afterWrongPin(lock: Lock): { lock: Lock; left: number; wipe: boolean } {
  const failures = lock.failures + 1;
  const left = Math.max(0, MAX_PIN_FAILURES - failures);
  return { lock: { ...lock, failures }, left, wipe: left === 0 };
}
