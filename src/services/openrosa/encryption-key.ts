import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { encryptionKey } from '../../storage/queries/openrosa-digest.ts';
import type { ServiceContext } from '../context.ts';
import { grievanceKey, seal, unseal } from '../grievances/sealing.ts';

const known = new WeakMap<object, { publicKeyBase64: string; privateKey: KeyObject }>();

/**
 * The installation's RSA key pair for encrypted submissions (decision 0048): the public key (base64 DER, as the
 * form's `base64RsaPublicKey`) and the private key, kept sealed with the grievance key and read once per process.
 */
export async function installationKeys(ctx: ServiceContext) {
  const cached = known.get(ctx.db);
  if (cached) return cached;
  const sealKey = grievanceKey(ctx.config);
  const candidate = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const row = await encryptionKey(
    ctx.db,
    {
      publicKeyDer: candidate.publicKey.export({ format: 'der', type: 'spki' }),
      privateKeySealed: seal(sealKey, candidate.privateKey.export({ format: 'pem', type: 'pkcs8' })),
    },
    ctx.clock(),
  );
  const keys = {
    publicKeyBase64: Buffer.from(row.public_key_der).toString('base64'),
    privateKey: createPrivateKey(unseal<string>(sealKey, row.private_key_sealed)),
  };
  known.set(ctx.db, keys);
  return keys;
}
