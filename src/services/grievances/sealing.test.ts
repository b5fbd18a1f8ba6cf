import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { seal, unseal } from './sealing.ts';

test('sealed contact details open with the same key only, and never show in the sealed text', () => {
  const key = randomBytes(32);
  const contact = { name: 'Mwamini Kasongo', phone: '+243970000111' };
  const sealed = seal(key, contact);
  assert.match(sealed, /^v1\.[A-Za-z0-9+/=]+$/);
  assert.equal(sealed.includes('Kasongo'), false);
  assert.deepEqual(unseal(key, sealed), contact);
  assert.notEqual(seal(key, contact), sealed);
  assert.throws(() => unseal(randomBytes(32), sealed));
  const tampered = `v1.${Buffer.from(Buffer.from(sealed.slice(3), 'base64').map((b, i) => (i === 40 ? b ^ 1 : b))).toString('base64')}`;
  assert.throws(() => unseal(key, tampered));
});
