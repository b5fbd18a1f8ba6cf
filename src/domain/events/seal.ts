import { createHash, type KeyObject, sign, verify } from 'node:crypto';
import { canonicalJson } from './hash-chain.ts';

/** What a seal asserts: the chain head (seq, hash) at `sealedAt`, signed by the key `keyId`. */
export interface SealStatement {
  seq: number;
  hash: string;
  sealedAt: string;
  keyId: string;
}

/** A signed statement; the signature is Ed25519 over `sealBytes`, in base64. */
export interface Seal extends SealStatement {
  signature: string;
}

/** A stored seal beside the hash the log now holds at its seq (null when no event has that seq). */
export interface SealAgainstLog extends Seal {
  eventHash: string | null;
}

export type SealFault =
  | { kind: 'seal_foreign_key'; seq: number; message: string }
  | { kind: 'seal_forged'; seq: number; message: string }
  | { kind: 'seal_mismatch'; seq: number; message: string }
  | { kind: 'truncated'; seq: number; message: string };

// A context line keeps a seal's signature from ever being valid for another kind of message signed by the key.
const SEAL_CONTEXT = 'amana-event-seal/1\n';

/** The exact bytes a seal signs: a context line, then the canonical JSON of the statement. */
export function sealBytes(statement: SealStatement): Buffer {
  const { seq, hash, sealedAt, keyId } = statement;
  return Buffer.from(SEAL_CONTEXT + canonicalJson({ seq, hash, sealedAt, keyId }), 'utf8');
}

/** The id of a public key: the first 16 hex digits of SHA-256 over its DER (SPKI) encoding. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

/** Signs a chain head with an Ed25519 private key. */
export function signSeal(statement: SealStatement, privateKey: KeyObject): Seal {
  const signature = sign(null, sealBytes(statement), privateKey).toString('base64');
  return { ...statement, signature };
}

/** Whether the seal's signature verifies with the public key (false for any malformed signature). */
export function sealSignatureValid(seal: Seal, publicKey: KeyObject): boolean {
  const signature = Buffer.from(seal.signature, 'base64');
  if (signature.length !== 64 || signature.toString('base64') !== seal.signature) return false;
  try {
    return verify(null, sealBytes(seal), publicKey, signature);
  } catch {
    return false;
  }
}

const sealName = (s: SealStatement) => `the seal of event #${s.seq} made ${s.sealedAt}`;

/** Checks one seal's key and signature, whatever it is compared against. */
export function checkSealSignature(seal: Seal, publicKey: KeyObject): SealFault | null {
  const keyId = keyIdOf(publicKey);
  if (seal.keyId !== keyId) {
    return {
      kind: 'seal_foreign_key',
      seq: seal.seq,
      message: `${sealName(seal)} names key ${seal.keyId}, not the trusted key ${keyId}`,
    };
  }
  if (!sealSignatureValid(seal, publicKey)) {
    return {
      kind: 'seal_forged',
      seq: seal.seq,
      message: `${sealName(seal)} has a signature that does not verify with key ${keyId}: it was forged or altered`,
    };
  }
  return null;
}

/**
 * Checks every seal in sequence order against the log as it is now: signed by the trusted key, matching the
 * hash the log holds at its seq, and not past the log's last event. Returns the first fault. A chain rebuilt
 * without the key cannot match the seals made before, and a deleted tail leaves a seal past the end.
 */
export function checkSeals(
  seals: readonly SealAgainstLog[],
  logEnd: number,
  publicKey: KeyObject,
): SealFault | null {
  let lastIntact: SealAgainstLog | null = null;
  for (const seal of [...seals].sort((a, b) => a.seq - b.seq)) {
    const signatureFault = checkSealSignature(seal, publicKey);
    if (signatureFault) return signatureFault;
    if (seal.seq > logEnd) {
      return {
        kind: 'truncated',
        seq: seal.seq,
        message: `the log ends at event #${logEnd} but was sealed at event #${seal.seq} on ${seal.sealedAt}: its tail was deleted`,
      };
    }
    if (seal.eventHash !== seal.hash) {
      const since = lastIntact
        ? `, after #${lastIntact.seq} (sealed ${lastIntact.sealedAt}, still intact)`
        : '';
      const what =
        seal.eventHash === null
          ? `event #${seal.seq} is missing though it was sealed ${seal.sealedAt}`
          : `event #${seal.seq}'s hash no longer matches its seal made ${seal.sealedAt}`;
      return {
        kind: 'seal_mismatch',
        seq: seal.seq,
        message: `${what}: the chain was rewritten at or before #${seal.seq}${since}`,
      };
    }
    lastIntact = seal;
  }
  return null;
}
