import { createHash, randomBytes } from 'node:crypto';

/** A new random secret for a session or API token, with the prefix that tells them apart. */
export function newSecret(prefix: 'ams' | 'amt' | 'amk'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** Secrets are stored only as their SHA-256, so a leaked table grants nothing. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
