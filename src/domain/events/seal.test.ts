import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { checkSeals, keyIdOf, type SealAgainstLog, sealBytes, sealSignatureValid, signSeal } from './seal.ts';

const instance = generateKeyPairSync('ed25519');
const intruder = generateKeyPairSync('ed25519');
const keyId = keyIdOf(instance.publicKey);

const hashOf = (n: number) => n.toString(16).padStart(64, '0');

/** A seal of event `seq`, compared with the log that still holds that event's sealed hash. */
function sealed(seq: number, at: string, key = instance.privateKey, id = keyId): SealAgainstLog {
  return { ...signSeal({ seq, hash: hashOf(seq), sealedAt: at, keyId: id }, key), eventHash: hashOf(seq) };
}

test('a seal signs a context line and the canonical JSON of its statement', () => {
  const bytes = sealBytes({
    sealedAt: '2026-11-22T10:05:00.000Z',
    seq: 1043,
    keyId: '0123456789abcdef',
    hash: 'ab'.repeat(32),
  });
  assert.equal(
    bytes.toString('utf8'),
    `amana-event-seal/1\n{"hash":"${'ab'.repeat(32)}","keyId":"0123456789abcdef","sealedAt":"2026-11-22T10:05:00.000Z","seq":1043}`,
  );
});

test('a key id is 16 hex digits of the public key fingerprint, stable for one key', () => {
  assert.match(keyId, /^[0-9a-f]{16}$/);
  assert.equal(keyIdOf(instance.publicKey), keyId);
  assert.notEqual(keyIdOf(intruder.publicKey), keyId);
});

test('a signature verifies with its key only, and not once any signed field changes', () => {
  const seal = sealed(5, '2026-11-22T10:05:00.000Z');
  assert.equal(seal.signature.length, 88);
  assert.equal(sealSignatureValid(seal, instance.publicKey), true);
  assert.equal(sealSignatureValid(seal, intruder.publicKey), false);
  assert.equal(sealSignatureValid({ ...seal, seq: 6 }, instance.publicKey), false);
  assert.equal(sealSignatureValid({ ...seal, hash: hashOf(6) }, instance.publicKey), false);
  assert.equal(
    sealSignatureValid({ ...seal, sealedAt: '2026-11-22T10:05:01.000Z' }, instance.publicKey),
    false,
  );
  assert.equal(sealSignatureValid({ ...seal, signature: 'not base64!' }, instance.publicKey), false);
  assert.equal(sealSignatureValid({ ...seal, signature: '' }, instance.publicKey), false);
});

test('intact seals over an intact log raise nothing, in any stored order', () => {
  const seals = [sealed(43, '2026-11-22T10:10:00.000Z'), sealed(17, '2026-11-22T10:05:00.000Z')];
  assert.equal(checkSeals(seals, 43, instance.publicKey), null);
  assert.equal(checkSeals([], 0, instance.publicKey), null);
});

test('names a tail deleted after its seal, even when the head was rewound with it', () => {
  const seals = [sealed(1041, '2026-11-22T10:05:00.000Z'), sealed(1043, '2026-11-22T10:10:00.000Z')];
  assert.deepEqual(checkSeals(seals, 1041, instance.publicKey), {
    kind: 'truncated',
    seq: 1043,
    message:
      'the log ends at event #1041 but was sealed at event #1043 on 2026-11-22T10:10:00.000Z: its tail was deleted',
  });
});

test('names the first seal a rebuilt chain no longer matches, and the last one still intact', () => {
  const seals = [
    sealed(10, '2026-11-22T10:00:00.000Z'),
    { ...sealed(20, '2026-11-22T10:05:00.000Z'), eventHash: 'f'.repeat(64) },
    { ...sealed(30, '2026-11-22T10:10:00.000Z'), eventHash: 'e'.repeat(64) },
  ];
  assert.deepEqual(checkSeals(seals, 30, instance.publicKey), {
    kind: 'seal_mismatch',
    seq: 20,
    message:
      "event #20's hash no longer matches its seal made 2026-11-22T10:05:00.000Z: the chain was rewritten at or before #20, after #10 (sealed 2026-11-22T10:00:00.000Z, still intact)",
  });
  assert.equal(
    checkSeals([{ ...sealed(3, '2026-11-22T10:00:00.000Z'), eventHash: null }], 5, instance.publicKey)
      ?.message,
    'event #3 is missing though it was sealed 2026-11-22T10:00:00.000Z: the chain was rewritten at or before #3',
  );
});

test('names a seal forged with another key, whether it names that key or the instance key', () => {
  const own = sealed(20, '2026-11-22T10:05:00.000Z', intruder.privateKey, keyIdOf(intruder.publicKey));
  assert.deepEqual(checkSeals([sealed(10, '2026-11-22T10:00:00.000Z'), own], 20, instance.publicKey), {
    kind: 'seal_foreign_key',
    seq: 20,
    message: `the seal of event #20 made 2026-11-22T10:05:00.000Z names key ${keyIdOf(intruder.publicKey)}, not the trusted key ${keyId}`,
  });
  const impostor = sealed(20, '2026-11-22T10:05:00.000Z', intruder.privateKey, keyId);
  assert.deepEqual(checkSeals([impostor], 20, instance.publicKey), {
    kind: 'seal_forged',
    seq: 20,
    message: `the seal of event #20 made 2026-11-22T10:05:00.000Z has a signature that does not verify with key ${keyId}: it was forged or altered`,
  });
});

test('a seal row whose hash was rewritten to match a rebuilt chain fails its signature', () => {
  const rewritten = {
    ...sealed(20, '2026-11-22T10:05:00.000Z'),
    hash: 'f'.repeat(64),
    eventHash: 'f'.repeat(64),
  };
  assert.equal(checkSeals([rewritten], 20, instance.publicKey)?.kind, 'seal_forged');
});
