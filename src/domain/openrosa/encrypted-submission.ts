import {
  constants,
  createDecipheriv,
  createHash,
  type KeyObject,
  privateDecrypt,
  timingSafeEqual,
} from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * ODK's encrypted submission (the XForms spec's "Encrypted forms", as ODK Collect writes it): a `submission.xml`
 * manifest naming the AES key (RSA-OAEP, SHA-256 with MGF1-SHA-1, as ODK Central and Briefcase read it), the
 * encrypted instance and its encrypted media, and a signature over all of them.
 */
export interface EncryptedManifest {
  formId: string;
  version: string | null;
  instanceId: string;
  base64EncryptedKey: string;
  /** The `.enc` media files, in the order they were encrypted. */
  media: string[];
  encryptedXmlFile: string;
  base64EncryptedElementSignature: string;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  removeNSPrefix: true,
  isArray: (name) => name === 'file',
});

const text = (v: unknown): string =>
  typeof v === 'string'
    ? v.trim()
    : v && typeof v === 'object' && '#text' in v
      ? String(v['#text']).trim()
      : '';

/** The manifest of an encrypted submission, null when the XML is not one (its root is not `encrypted="yes"`). */
export function readEncryptedManifest(xml: string): EncryptedManifest | { problem: string } | null {
  if (XMLValidator.validate(xml) !== true) return null;
  const doc = parser.parse(xml) as Record<string, unknown>;
  const root = Object.entries(doc).find(([k]) => !k.startsWith('?'))?.[1] as
    | Record<string, unknown>
    | undefined;
  if (!root || typeof root !== 'object' || root['@_encrypted'] !== 'yes') return null;
  const meta = (root.meta ?? {}) as Record<string, unknown>;
  const media = ((root.media as { file?: unknown[] } | undefined)?.file ?? []).map(text);
  const m: EncryptedManifest = {
    formId: typeof root['@_id'] === 'string' ? root['@_id'] : '',
    version: typeof root['@_version'] === 'string' ? root['@_version'] : null,
    instanceId: text(meta.instanceID),
    base64EncryptedKey: text(root.base64EncryptedKey),
    media,
    encryptedXmlFile: text(root.encryptedXmlFile),
    base64EncryptedElementSignature: text(root.base64EncryptedElementSignature),
  };
  const missing = (['formId', 'instanceId', 'base64EncryptedKey', 'encryptedXmlFile'] as const).filter(
    (k) => !m[k],
  );
  if (missing.length) return { problem: `the encrypted submission lacks ${missing.join(', ')}` };
  if (!m.base64EncryptedElementSignature) return { problem: 'the encrypted submission is not signed' };
  return m;
}

const mgf1Sha1 = (seed: Buffer, length: number) => {
  const out: Buffer[] = [];
  for (let counter = 0; out.length * 20 < length; counter++) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    out.push(createHash('sha1').update(seed).update(c).digest());
  }
  return Buffer.concat(out).subarray(0, length);
};

/**
 * RSA-OAEP decryption with SHA-256 and MGF1-SHA-1 (RFC 8017 §7.1.2): what Java's `OAEPWithSHA256AndMGF1Padding`
 * writes, which Node's `privateDecrypt` cannot read (it takes MGF1 with the OAEP hash). The RSA step is Node's;
 * the padding is checked here, every branch to one answer, so that a wrong ciphertext says nothing of why.
 */
export function rsaOaepSha256Mgf1Sha1Decrypt(privateKey: KeyObject, ciphertext: Buffer): Buffer | null {
  const k = Math.ceil((privateKey.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
  const hLen = 32;
  if (ciphertext.length !== k || k < 2 * hLen + 2) return null;
  let em: Buffer;
  try {
    em = privateDecrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, ciphertext);
  } catch {
    return null;
  }
  const maskedSeed = em.subarray(1, 1 + hLen);
  const maskedDb = em.subarray(1 + hLen);
  const seedMask = mgf1Sha1(maskedDb, hLen);
  const seed = Buffer.from(maskedSeed.map((b, i) => b ^ seedMask[i]));
  const dbMask = mgf1Sha1(seed, maskedDb.length);
  const db = Buffer.from(maskedDb.map((b, i) => b ^ dbMask[i]));
  const lHash = createHash('sha256').update(Buffer.alloc(0)).digest();
  let bad = em[0] | (timingSafeEqual(db.subarray(0, hLen), lHash) ? 0 : 1);
  let separator = -1;
  for (let i = hLen; i < db.length; i++) {
    if (separator < 0 && db[i] === 1) separator = i;
    else if (separator < 0 && db[i] !== 0) bad |= 1;
  }
  if (bad || separator < 0) return null;
  return db.subarray(separator + 1);
}

/**
 * The IV of each encrypted file (ODK's spec): a seed of MD5(instanceID, key) repeated to 16 bytes; before each file,
 * one byte of the seed is incremented in turn (the first byte for the first file, and so on), cumulatively. The media
 * are encrypted first, in manifest order, then the instance.
 */
export function fileIvs(instanceId: string, key: Buffer, count: number): Buffer[] {
  const digest = createHash('md5').update(instanceId, 'utf8').update(key).digest();
  const seed = Buffer.alloc(16);
  for (let i = 0; i < 16; i++) seed[i] = digest[i % digest.length];
  const out: Buffer[] = [];
  for (let n = 0; n < count; n++) {
    seed[n % 16] = (seed[n % 16] + 1) & 0xff;
    out.push(Buffer.from(seed));
  }
  return out;
}

/** Decrypts one file: AES-256-CFB (128-bit segments) with PKCS#5 padding, as Java's `AES/CFB/PKCS5Padding`. */
export function decryptFile(key: Buffer, iv: Buffer, data: Buffer): Buffer | null {
  const decipher = createDecipheriv('aes-256-cfb', key, iv);
  const plain = Buffer.concat([decipher.update(data), decipher.final()]);
  const pad = plain.at(-1) ?? 0;
  if (pad < 1 || pad > 16 || plain.length < pad) return null;
  if (!plain.subarray(plain.length - pad).every((b) => b === pad)) return null;
  return plain.subarray(0, plain.length - pad);
}

/**
 * What the signature covers (ODK's spec): form id, version (when there is one), the encrypted key, the instanceID,
 * then each media file and the instance by their names without `.enc` and the MD5 of their plain contents, each
 * line ending with a newline. The signature is the RSA-OAEP encryption of the MD5 of that text.
 */
export function signatureSource(
  m: EncryptedManifest,
  plainFiles: readonly { name: string; content: Buffer }[],
): string {
  const lines = [m.formId, ...(m.version === null ? [] : [m.version]), m.base64EncryptedKey, m.instanceId];
  for (const f of plainFiles) lines.push(`${f.name}::${createHash('md5').update(f.content).digest('hex')}`);
  return lines.map((l) => `${l}\n`).join('');
}

/** Why an encrypted submission could not be opened. */
export type DecryptionProblem = 'key' | 'file' | 'signature';

/**
 * Opens an encrypted submission with the server's private key: the instance XML and the media in plain, or which
 * step failed. `files` holds the `.enc` files by name, as posted.
 */
export function decryptSubmission(
  privateKey: KeyObject,
  m: EncryptedManifest,
  files: ReadonlyMap<string, Buffer>,
): { xml: string; media: { name: string; content: Buffer }[] } | { problem: DecryptionProblem } {
  const key = rsaOaepSha256Mgf1Sha1Decrypt(privateKey, Buffer.from(m.base64EncryptedKey, 'base64'));
  if (!key || key.length !== 32) return { problem: 'key' };
  const names = [...m.media, m.encryptedXmlFile];
  const ivs = fileIvs(m.instanceId, key, names.length);
  const plain: { name: string; content: Buffer }[] = [];
  for (const [i, name] of names.entries()) {
    const data = files.get(name);
    const content = data ? decryptFile(key, ivs[i], data) : null;
    if (!content) return { problem: 'file' };
    plain.push({ name: name.replace(/\.enc$/, ''), content });
  }
  const signed = rsaOaepSha256Mgf1Sha1Decrypt(
    privateKey,
    Buffer.from(m.base64EncryptedElementSignature, 'base64'),
  );
  const expected = createHash('md5').update(signatureSource(m, plain), 'utf8').digest();
  if (!signed || signed.length !== 16 || !timingSafeEqual(signed, expected)) return { problem: 'signature' };
  const xml = plain.at(-1) as { content: Buffer };
  return { xml: xml.content.toString('utf8'), media: plain.slice(0, -1) };
}
