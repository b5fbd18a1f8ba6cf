import { createPublicKey, type KeyObject } from 'node:crypto';
import { keyIdOf } from './seal.ts';
import type { LogFileKind } from './segment.ts';

/** The format name a verification pack carries in its first line; a new layout gets a new number. */
export const PACK_FORMAT = 'amana-verification-pack/1';

/** A verification pack: a segment of the log that ends at a seal, so that every event in it is signed. */
export const PACK: LogFileKind = {
  format: PACK_FORMAT,
  context: 'amana-verification-pack/1\n',
  sealedToTheEnd: true,
};

/** Largest pack the verifier reads unless told otherwise (`--max-bytes`): 512 MiB. */
export const PACK_MAX_BYTES = 512 * 1024 * 1024;

/** How the verifier came to trust the key it checks with. */
export type PackTrust = 'key-file' | 'key-id' | 'unpinned';

export type PackKey =
  | { ok: true; key: KeyObject; keyId: string; trust: PackTrust }
  | { ok: false; problem: string };

/**
 * Chooses the key a pack is checked with. A key given by the verifier must be the one the pack names; a key id
 * given pins the key the pack carries; with neither, the carried key is used but left unpinned, because whoever
 * could rewrite the pack could also put their own key in it.
 */
export function choosePackKey(
  header: { keyId: string; publicKey: string },
  given: { key?: KeyObject; keyId?: string },
): PackKey {
  if (given.key) {
    const keyId = keyIdOf(given.key);
    if (header.keyId !== keyId)
      return {
        ok: false,
        problem: `the pack was made with key ${header.keyId}, not the trusted key ${keyId}`,
      };
    return { ok: true, key: given.key, keyId, trust: 'key-file' };
  }
  let carried: KeyObject;
  try {
    carried = createPublicKey(header.publicKey);
  } catch {
    return { ok: false, problem: 'the public key the pack carries is not a PEM public key' };
  }
  if (carried.asymmetricKeyType !== 'ed25519')
    return { ok: false, problem: 'the public key the pack carries is not an Ed25519 key' };
  const keyId = keyIdOf(carried);
  if (keyId !== header.keyId)
    return { ok: false, problem: `the pack names key ${header.keyId} but carries key ${keyId}` };
  if (given.keyId !== undefined && given.keyId !== keyId)
    return { ok: false, problem: `the pack carries key ${keyId}, not the trusted key ${given.keyId}` };
  return { ok: true, key: carried, keyId, trust: given.keyId === undefined ? 'unpinned' : 'key-id' };
}
