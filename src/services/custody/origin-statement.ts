import { createPublicKey, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import { CompactSign, compactVerify, decodeProtectedHeader, type JWK } from 'jose';
import { canReadAllPrivate } from '../../domain/access/roles.ts';
import {
  issuerOf,
  type OriginCredential,
  originCredential,
  statementShapeProblem,
} from '../../domain/custody/origin-statement.ts';
import { keyIdOf } from '../../domain/events/seal.ts';
import { findLot, type LotRow } from '../../storage/queries/custody.ts';
import { latestShipmentOf } from '../../storage/queries/origin-statements.ts';
import type { AuthedContext } from '../context.ts';
import { loadSealKey } from '../event-log/seal-key.ts';
import { lotOrigin } from './trace.ts';

/** The JOSE header type of a W3C credential secured as a compact JWS (VC-JOSE-COSE). */
export const STATEMENT_TYP = 'vc+jwt';

/**
 * A lot's origin statement, signed with the instance's Ed25519 key as a compact JWS whose payload is the
 * credential; the header names the key (`kid`, its id) and carries it (`jwk`), for an offline check against a key
 * the reader trusts. Who may see the lot may have its statement.
 */
export async function issueOriginStatement(
  ctx: AuthedContext,
  lotId: string,
): Promise<{ jws: string; credential: OriginCredential; tag: string | null }> {
  const origin = await lotOrigin(ctx, lotId);
  const lot = (await findLot(ctx.db, lotId)) as LotRow;
  const staff = canReadAllPrivate(ctx.principal);
  const shipment = await latestShipmentOf(ctx.db, lotId, staff ? null : ctx.principal.organisationId);
  const key = loadSealKey(ctx.config, { create: true });
  if (!key) throw new Error('the instance has no sealing key');
  const credential = originCredential(
    {
      epc: lot.epc,
      tag: lot.tag,
      kind: lot.kind,
      mineral: lot.mineral,
      producedAt: lot.produced_at.toISOString(),
      massKg: lot.mass_kg,
      gradePct: lot.grade_pct,
      containedKg: origin.containedKg,
      nonConformingShare: origin.nonConformingShare,
    },
    origin.bySite.map((s) => ({
      code: s.code,
      name: s.name,
      share: s.share,
      containedKg: s.containedKg,
      atProduction: s.atProduction,
    })),
    shipment
      ? {
          from: shipment.from_name,
          to: shipment.to_name,
          shippedAt: shipment.shipped_at.toISOString(),
          transaction:
            shipment.transaction_type && shipment.transaction_ref
              ? { type: shipment.transaction_type, ref: shipment.transaction_ref }
              : null,
        }
      : null,
    key.keyId,
    ctx.clock(),
  );
  const jwk = key.publicKey.export({ format: 'jwk' }) as JWK;
  const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(credential)))
    .setProtectedHeader({ alg: 'EdDSA', typ: STATEMENT_TYP, cty: 'vc', kid: key.keyId, jwk })
    .sign(key.privateKey);
  return { jws, credential, tag: lot.tag };
}

export type StatementVerdict =
  | { ok: false; problem: string }
  | { ok: true; credential: OriginCredential; keyId: string; trust: 'key-file' | 'key-id' | 'unpinned' };

/** Largest statement file read: a lot from thousands of sites stays far below it. */
export const STATEMENT_MAX_BYTES = 4 * 1024 * 1024;

/**
 * Checks an origin statement offline: its signature, against the key given (a PEM file), or the key it carries,
 * pinned by id or not; and that it is an origin statement issued by that key.
 */
export async function verifyStatement(
  text: string,
  trusted: { key?: KeyObject; keyId?: string } = {},
): Promise<StatementVerdict> {
  const jws = text.trim();
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(jws);
  } catch {
    return { ok: false, problem: 'the file is not a compact JWS (three base64url parts joined by dots)' };
  }
  if (header.alg !== 'EdDSA' || header.typ !== STATEMENT_TYP)
    return {
      ok: false,
      problem: `the statement is signed as ${header.alg}/${header.typ}, not EdDSA/${STATEMENT_TYP}`,
    };
  let key = trusted.key;
  if (!key) {
    if (!header.jwk)
      return { ok: false, problem: 'the statement carries no key: give the instance key with --key FILE' };
    try {
      key = createPublicKey({ key: header.jwk as JsonWebKey, format: 'jwk' });
      if (key.asymmetricKeyType !== 'ed25519') throw new Error('not ed25519');
    } catch {
      return { ok: false, problem: 'the key the statement carries is not an Ed25519 key' };
    }
  }
  const keyId = keyIdOf(key.type === 'public' ? key : createPublicKey(key));
  if (trusted.keyId && trusted.keyId !== keyId)
    return {
      ok: false,
      problem: `the statement is signed with key ${keyId}, not the pinned ${trusted.keyId}`,
    };
  let payload: Uint8Array;
  try {
    payload = (await compactVerify(jws, key)).payload;
  } catch {
    return {
      ok: false,
      problem: `the signature does not verify with key ${keyId}: the statement was altered or signed with another key`,
    };
  }
  let credential: unknown;
  try {
    credential = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    return { ok: false, problem: 'the signed payload is not JSON' };
  }
  const shape = statementShapeProblem(credential);
  if (shape) return { ok: false, problem: shape };
  const c = credential as OriginCredential;
  if (c.issuer !== issuerOf(keyId))
    return {
      ok: false,
      problem: `the statement names ${c.issuer} as issuer, not the key that signed it (${keyId})`,
    };
  return {
    ok: true,
    credential: c,
    keyId,
    trust: trusted.key ? 'key-file' : trusted.keyId ? 'key-id' : 'unpinned',
  };
}

/** Reads and checks a statement file (at most STATEMENT_MAX_BYTES). */
export async function verifyStatementFile(file: string, trusted: { key?: KeyObject; keyId?: string }) {
  const size = fs.statSync(file).size;
  if (size > STATEMENT_MAX_BYTES)
    return {
      ok: false as const,
      problem: `the file holds ${size} bytes, more than a statement's ${STATEMENT_MAX_BYTES}`,
    };
  return verifyStatement(fs.readFileSync(file, 'utf8'), trusted);
}
