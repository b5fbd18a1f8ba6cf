import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../config.ts';
import { keyIdOf } from '../../domain/events/seal.ts';
import { loadSealKey, readPublicKeyFile } from './seal-key.ts';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'amana-seal-key-'));

test('makes the key file once, readable by its owner only, and only when asked to', () => {
  const dir = tmp();
  const config = loadConfig({ AMANA_DATA_DIR: dir });
  assert.equal(loadSealKey(config, { create: false }), null);
  assert.equal(fs.existsSync(path.join(dir, 'seal-key.pem')), false);
  const made = loadSealKey(config, { create: true });
  assert.equal(fs.statSync(path.join(dir, 'seal-key.pem')).mode & 0o777, 0o600);
  assert.equal(loadSealKey(config, { create: true })?.keyId, made?.keyId);
  assert.equal(loadSealKey(config, { create: false })?.keyId, made?.keyId);
  fs.rmSync(dir, { recursive: true });
});

test('takes the key from AMANA_SEAL_KEY, with its newlines written as \\n', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const dir = tmp();
  const key = loadSealKey(loadConfig({ AMANA_DATA_DIR: dir, AMANA_SEAL_KEY: pem.replaceAll('\n', '\\n') }), {
    create: true,
  });
  assert.equal(key?.keyId, keyIdOf(publicKey));
  assert.equal(fs.existsSync(path.join(dir, 'seal-key.pem')), false);
  fs.rmSync(dir, { recursive: true });
});

test('a configured key file that is missing is an error, never a new key', () => {
  const dir = tmp();
  const file = path.join(dir, 'mounted', 'seal.pem');
  assert.throws(
    () => loadSealKey(loadConfig({ AMANA_DATA_DIR: dir, AMANA_SEAL_KEY_FILE: file }), { create: true }),
    {
      message: `AMANA_SEAL_KEY_FILE ${file} cannot be read: ENOENT`,
    },
  );
  assert.deepEqual(fs.readdirSync(dir), []);
  fs.rmSync(dir, { recursive: true });
});

test('refuses a key that is not Ed25519, and both ways of giving one at once', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
    type: 'pkcs8',
    format: 'pem',
  });
  assert.throws(() => loadSealKey(loadConfig({ AMANA_SEAL_KEY: rsa.toString() }), { create: false }), {
    message: 'AMANA_SEAL_KEY is a rsa key; the event log is sealed with Ed25519',
  });
  assert.throws(() => loadSealKey(loadConfig({ AMANA_SEAL_KEY: 'nonsense' }), { create: false }), {
    message: 'AMANA_SEAL_KEY is not a private key in PEM (make one: openssl genpkey -algorithm ed25519)',
  });
  assert.throws(() => loadConfig({ AMANA_SEAL_KEY: 'x', AMANA_SEAL_KEY_FILE: '/k.pem' }), {
    message: 'set AMANA_SEAL_KEY or AMANA_SEAL_KEY_FILE, not both',
  });
  assert.throws(() => loadConfig({ AMANA_SEAL_INTERVAL_SECONDS: '0' }), {
    message: 'AMANA_SEAL_INTERVAL_SECONDS must be a whole number from 1 to 86400, got "0"',
  });
});

test('reads a public key file, and names a file that holds none', () => {
  const dir = tmp();
  const { publicKey } = generateKeyPairSync('ed25519');
  const file = path.join(dir, 'public.pem');
  fs.writeFileSync(file, publicKey.export({ type: 'spki', format: 'pem' }));
  assert.equal(keyIdOf(readPublicKeyFile(file)), keyIdOf(publicKey));
  fs.writeFileSync(file, 'not a key');
  assert.throws(() => readPublicKeyFile(file), {
    message: `${file} is not a public key in PEM (amana seal public-key prints one)`,
  });
  fs.rmSync(dir, { recursive: true });
});
