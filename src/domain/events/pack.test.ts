import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { choosePackKey } from './pack.ts';
import { keyIdOf } from './seal.ts';

const instance = generateKeyPairSync('ed25519').publicKey;
const other = generateKeyPairSync('ed25519').publicKey;
const header = {
  keyId: keyIdOf(instance),
  publicKey: instance.export({ type: 'spki', format: 'pem' }).toString(),
};

test('a key given must be the one the pack names; a key id pins the key it carries; neither leaves it unpinned', () => {
  assert.deepEqual(
    { ...choosePackKey(header, { key: instance }), key: undefined },
    { ok: true, key: undefined, keyId: header.keyId, trust: 'key-file' },
  );
  assert.deepEqual(choosePackKey(header, { key: other }), {
    ok: false,
    problem: `the pack was made with key ${header.keyId}, not the trusted key ${keyIdOf(other)}`,
  });
  const pinned = choosePackKey(header, { keyId: header.keyId });
  assert.equal(pinned.ok && pinned.trust, 'key-id');
  assert.deepEqual(choosePackKey(header, { keyId: keyIdOf(other) }), {
    ok: false,
    problem: `the pack carries key ${header.keyId}, not the trusted key ${keyIdOf(other)}`,
  });
  const unpinned = choosePackKey(header, {});
  assert.equal(unpinned.ok && unpinned.trust, 'unpinned');
});

test('a pack whose carried key is not the one it names, or not an Ed25519 key, is refused', () => {
  assert.deepEqual(choosePackKey({ ...header, keyId: keyIdOf(other) }, {}), {
    ok: false,
    problem: `the pack names key ${keyIdOf(other)} but carries key ${header.keyId}`,
  });
  const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
  assert.deepEqual(
    choosePackKey(
      { keyId: keyIdOf(rsa), publicKey: rsa.export({ type: 'spki', format: 'pem' }).toString() },
      {},
    ),
    { ok: false, problem: 'the public key the pack carries is not an Ed25519 key' },
  );
  assert.deepEqual(choosePackKey({ ...header, publicKey: 'nope' }, {}), {
    ok: false,
    problem: 'the public key the pack carries is not a PEM public key',
  });
});
