import { eventHash, type StoredChainEvent } from './hash-chain.ts';

/**
 * What an auditor can say of one event as it now stands: `sealed` — its hash recomputes, it links to the event
 * before it, and a seal signed with the instance key covers it; `unsealed` — the same, but appended after the latest
 * seal (the next one will cover it); `altered` — its stored fields no longer give its hash, or it no longer links to
 * the event before it.
 */
export type EventVerification = 'sealed' | 'unsealed' | 'altered';

/**
 * Judges one event: `previousHash` is the stored hash of the event before it (undefined when it is missing);
 * `sealedThrough` the sequence of the latest seal whose signature and hash check, or null when none does.
 */
export function verifyEvent(
  event: StoredChainEvent,
  previousHash: string | undefined,
  sealedThrough: number | null,
): EventVerification {
  if (previousHash === undefined || event.prevHash !== previousHash) return 'altered';
  if (eventHash(event.prevHash, event) !== event.hash) return 'altered';
  return sealedThrough !== null && event.seq <= sealedThrough ? 'sealed' : 'unsealed';
}
