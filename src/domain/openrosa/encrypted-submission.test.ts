import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { encryptAsCollect } from '../../../test/odk-encryption.ts';
import {
  decryptSubmission,
  type EncryptedManifest,
  fileIvs,
  readEncryptedManifest,
} from './encrypted-submission.ts';

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const publicKeyBase64 = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
const XML = '<data id="amana-grievance" version="v1"><description>Des enfants au lavage</description></data>';
const photo = Buffer.from('a photo of the pit, not really a JPEG');

const encrypted = () =>
  encryptAsCollect({
    publicKeyBase64,
    formId: 'amana-grievance',
    version: 'v1',
    instanceId: 'uuid:0193a1f0-0000-7000-8000-000000000042',
    xml: XML,
    media: [{ name: 'pit.jpg', content: photo }],
  });

test('reads the manifest Collect writes: form, version, instance, key, media in order, the encrypted instance and the signature', () => {
  const { manifest } = encrypted();
  const m = readEncryptedManifest(manifest) as EncryptedManifest;
  assert.equal(m.formId, 'amana-grievance');
  assert.equal(m.version, 'v1');
  assert.equal(m.instanceId, 'uuid:0193a1f0-0000-7000-8000-000000000042');
  assert.deepEqual(m.media, ['pit.jpg.enc']);
  assert.equal(m.encryptedXmlFile, 'submission.xml.enc');
  assert.ok(m.base64EncryptedElementSignature.length > 300);
  assert.equal(readEncryptedManifest(XML), null, 'a plain instance is not an encrypted one');
  assert.deepEqual(
    readEncryptedManifest(manifest.replace(/<base64EncryptedKey>[^<]+/, '<base64EncryptedKey>')),
    {
      problem: 'the encrypted submission lacks base64EncryptedKey',
    },
  );
});

test('the IVs: the MD5 seed of instanceID and key, one byte more for each file in turn, cumulatively', () => {
  const key = Buffer.alloc(32, 1);
  const seed = createHash('md5').update('uuid:x').update(key).digest();
  const [a, b, c] = fileIvs('uuid:x', key, 3);
  const expectA = Buffer.from(seed);
  expectA[0] = (expectA[0] + 1) & 0xff;
  const expectB = Buffer.from(expectA);
  expectB[1] = (expectB[1] + 1) & 0xff;
  const expectC = Buffer.from(expectB);
  expectC[2] = (expectC[2] + 1) & 0xff;
  assert.deepEqual([a, b, c], [expectA, expectB, expectC]);
});

test('opens a submission encrypted as Collect does: the instance and its photo in plain, the signature checked', () => {
  const { manifest, files } = encrypted();
  const m = readEncryptedManifest(manifest) as EncryptedManifest;
  const opened = decryptSubmission(privateKey, m, new Map(files.map((f) => [f.name, f.content])));
  assert.deepEqual(opened, { xml: XML, media: [{ name: 'pit.jpg', content: photo }] });
});

test('another key, a changed file or a changed manifest is refused, naming the step', () => {
  const { manifest, files } = encrypted();
  const m = readEncryptedManifest(manifest) as EncryptedManifest;
  const byName = new Map(files.map((f) => [f.name, f.content]));
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  assert.deepEqual(decryptSubmission(other, m, byName), { problem: 'key' });
  const changed = Buffer.from(byName.get('pit.jpg.enc') as Buffer);
  changed[3] ^= 0xff;
  const tampered = new Map(byName).set('pit.jpg.enc', changed);
  assert.deepEqual(decryptSubmission(privateKey, m, tampered), { problem: 'signature' });
  assert.deepEqual(decryptSubmission(privateKey, { ...m, version: 'v2' }, byName), { problem: 'signature' });
  const missing = new Map(byName);
  missing.delete('submission.xml.enc');
  assert.deepEqual(decryptSubmission(privateKey, m, missing), { problem: 'file' });
});
