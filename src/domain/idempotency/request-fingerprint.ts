import { createHash, createHmac } from 'node:crypto';
import { canonicalJson } from '../events/hash-chain.ts';

/**
 * SHA-256 (hex) of a request's canonical JSON: object keys in any order give the same fingerprint, array
 * order counts. With a key it is an HMAC, for requests whose content must not be guessable from it.
 */
export function requestFingerprint(request: unknown, key?: Uint8Array): string {
  // Through JSON first, so that a Date and its ISO string, or an undefined field and a missing one, agree.
  const text = canonicalJson(JSON.parse(JSON.stringify(request ?? null)));
  return (key ? createHmac('sha256', key) : createHash('sha256')).update(text).digest('hex');
}

/** A request as kept under its client id: what it did, its fingerprint and who sent it. */
export interface KeptRequest {
  operation: string;
  fingerprint: string;
  userId: string | null;
  organisationId: string | null;
}

/** Whether a request sent with a kept client id is a retry of the kept one: same operation, same content, same caller. */
export function isRetryOf(kept: KeptRequest, attempt: KeptRequest): boolean {
  return (
    kept.operation === attempt.operation &&
    kept.fingerprint === attempt.fingerprint &&
    kept.userId === attempt.userId &&
    kept.organisationId === attempt.organisationId
  );
}
