import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  afterWrongPin,
  deriveKey,
  fromBase64,
  isValidPin,
  keyOf,
  MAX_PIN_FAILURES,
  newLock,
  open,
  PIN_ITERATIONS,
  seal,
  toBase64,
} from './crypto.ts';

const text = (b: ArrayBuffer) => new TextDecoder().decode(b);

test('a PIN is 6 to 12 digits', () => {
  assert.deepEqual(
    ['123456', '123456789012', '12345', '1234567890123', '12345a', ' 123456', ''].map(isValidPin),
    [true, true, false, false, false, false, false],
  );
});

test('a new lock keeps the salt, the iterations and a sealed check, never the PIN or the key', async () => {
  const { lock, key } = await newLock('482913');
  assert.equal(lock.iterations, PIN_ITERATIONS);
  assert.equal(lock.failures, 0);
  assert.equal(fromBase64(lock.salt).length, 16);
  assert.equal(fromBase64(lock.check.iv).length, 12);
  assert.doesNotMatch(JSON.stringify(lock), /482913/);
  assert.equal(key.extractable, false);
  assert.deepEqual(key.usages.sort(), ['decrypt', 'encrypt']);
  assert.deepEqual(key.algorithm, { name: 'AES-GCM', length: 256 });
  await assert.rejects(crypto.subtle.exportKey('raw', key));
});

test('the right PIN gives back a key that opens what the first key sealed; a wrong one gives none', async () => {
  const { lock, key } = await newLock('482913', 1000);
  const { iv, data } = await seal(key, new TextEncoder().encode('Trois enfants au puits 2'));
  const again = await keyOf(lock, '482913');
  assert.ok(again);
  assert.equal(text(await open(again, iv, data)), 'Trois enfants au puits 2');
  assert.equal(await keyOf(lock, '482914'), null);
  assert.equal(await keyOf(lock, 'abc'), null);
});

test('two devices with the same PIN have different salts, so different keys', async () => {
  const a = await newLock('111111', 1000);
  const b = await newLock('111111', 1000);
  assert.notEqual(a.lock.salt, b.lock.salt);
  const { iv, data } = await seal(a.key, new Uint8Array([1, 2, 3]));
  await assert.rejects(open(b.key, iv, data));
});

test('a sealed byte changed is refused, not opened to something else', async () => {
  const key = await deriveKey('654321', new Uint8Array(16), 1000);
  const { iv, data } = await seal(key, new TextEncoder().encode('note'));
  const tampered = new Uint8Array(data);
  tampered[0] ^= 1;
  await assert.rejects(open(key, iv, tampered));
  // Each seal takes a fresh IV: the same text never seals to the same bytes.
  const other = await seal(key, new TextEncoder().encode('note'));
  assert.notDeepEqual(new Uint8Array(other.iv), new Uint8Array(iv));
});

test('base64 carries any bytes there and back, large ones too', () => {
  const bytes = new Uint8Array(100_000).map((_, i) => (i * 31) % 256);
  assert.deepEqual(fromBase64(toBase64(bytes)), bytes);
  assert.equal(toBase64(new Uint8Array([0, 255])), 'AP8=');
});

test('each wrong PIN is counted; the fifth in a row asks for the wipe', async () => {
  let { lock } = await newLock('482913', 1000);
  const seen: [number, boolean][] = [];
  for (let i = 0; i < MAX_PIN_FAILURES; i++) {
    const next = afterWrongPin(lock);
    lock = next.lock;
    seen.push([next.left, next.wipe]);
  }
  assert.equal(MAX_PIN_FAILURES, 5);
  assert.deepEqual(seen, [
    [4, false],
    [3, false],
    [2, false],
    [1, false],
    [0, true],
  ]);
  assert.equal(lock.failures, 5);
});
