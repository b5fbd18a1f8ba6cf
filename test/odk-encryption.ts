// The encryption side of ODK's encrypted submissions, written from the spec (ODK XForms "Encrypted forms" and what
// ODK Collect writes), for the tests: a submission encrypted exactly as Collect does, to be opened by Amana.
import {
  constants,
  createCipheriv,
  createHash,
  createPublicKey,
  type KeyObject,
  publicEncrypt,
  randomBytes,
} from 'node:crypto';

const sha1 = (...parts: Buffer[]) => {
  const h = createHash('sha1');
  for (const p of parts) h.update(p);
  return h.digest();
};
function mgf1(seed: Buffer, length: number) {
  const blocks: Buffer[] = [];
  for (let i = 0; blocks.length * 20 < length; i++) {
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(i);
    blocks.push(sha1(seed, counter));
  }
  return Buffer.concat(blocks).subarray(0, length);
}
const xor = (a: Buffer, b: Buffer) => Buffer.from(a.map((x, i) => x ^ b[i]));

/** RSA/NONE/OAEPWithSHA256AndMGF1Padding as Java writes it: OAEP with SHA-256, MGF1 with SHA-1 (RFC 8017 §7.1.1). */
export function oaepEncrypt(publicKey: KeyObject, message: Buffer): Buffer {
  const k = (publicKey.asymmetricKeyDetails?.modulusLength ?? 0) / 8;
  const lHash = createHash('sha256').digest();
  const ps = Buffer.alloc(k - message.length - 2 * 32 - 2);
  const db = Buffer.concat([lHash, ps, Buffer.from([1]), message]);
  const seed = randomBytes(32);
  const maskedDb = xor(db, mgf1(seed, db.length));
  const maskedSeed = xor(seed, mgf1(maskedDb, 32));
  const em = Buffer.concat([Buffer.from([0]), maskedSeed, maskedDb]);
  return publicEncrypt({ key: publicKey, padding: constants.RSA_NO_PADDING }, em);
}

/** AES/CFB/PKCS5Padding: PKCS#5 padding added, then AES-256 in CFB with 128-bit segments. */
function aesCfbPkcs5(key: Buffer, iv: Buffer, data: Buffer) {
  const pad = 16 - (data.length % 16);
  const cipher = createCipheriv('aes-256-cfb', key, iv);
  return Buffer.concat([cipher.update(Buffer.concat([data, Buffer.alloc(pad, pad)])), cipher.final()]);
}

/**
 * A submission as ODK Collect encrypts it: a random AES-256 key sealed with the form's public key, each media file
 * and then the instance encrypted with its own IV (the MD5 seed of instanceID and key, one byte more per file), and
 * the manifest with the signature over the plain files' MD5s.
 */
export function encryptAsCollect(o: {
  publicKeyBase64: string;
  formId: string;
  version: string;
  instanceId: string;
  xml: string;
  media?: { name: string; content: Buffer }[];
}) {
  const publicKey = createPublicKeyFromDer(o.publicKeyBase64);
  const key = randomBytes(32);
  const encryptedKey = oaepEncrypt(publicKey, key).toString('base64');
  const md5 = createHash('md5').update(o.instanceId, 'utf8').update(key).digest();
  const seed = Buffer.from(Array.from({ length: 16 }, (_, i) => md5[i % 16]));
  let counter = 0;
  const nextIv = () => {
    seed[counter % 16] = (seed[counter % 16] + 1) & 0xff;
    counter++;
    return Buffer.from(seed);
  };
  const plain = [...(o.media ?? []), { name: 'submission.xml', content: Buffer.from(o.xml, 'utf8') }];
  const files = plain.map((f) => ({ name: `${f.name}.enc`, content: aesCfbPkcs5(key, nextIv(), f.content) }));
  const lines = [o.formId, o.version, encryptedKey, o.instanceId];
  for (const f of plain) lines.push(`${f.name}::${createHash('md5').update(f.content).digest('hex')}`);
  const source = lines.map((l) => `${l}\n`).join('');
  const signature = oaepEncrypt(publicKey, createHash('md5').update(source, 'utf8').digest()).toString(
    'base64',
  );
  const mediaXml = (o.media ?? []).map((f) => `<file>${f.name}.enc</file>`).join('');
  const manifest = `<?xml version='1.0' encoding='UTF-8' ?><data xmlns="http://www.opendatakit.org/xforms/encrypted" id="${o.formId}" version="${o.version}" encrypted="yes"><base64EncryptedKey>${encryptedKey}</base64EncryptedKey><meta xmlns="http://openrosa.org/xforms"><instanceID>${o.instanceId}</instanceID></meta>${mediaXml ? `<media>${mediaXml}</media>` : ''}<encryptedXmlFile>submission.xml.enc</encryptedXmlFile><base64EncryptedElementSignature>${signature}</base64EncryptedElementSignature></data>`;
  return { manifest, files };
}

/** The form's `base64RsaPublicKey`: a base64 SubjectPublicKeyInfo (DER). */
const createPublicKeyFromDer = (base64: string) =>
  createPublicKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'spki' });
