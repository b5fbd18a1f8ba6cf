import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isRetryOf, requestFingerprint } from './request-fingerprint.ts';

describe('request fingerprint', () => {
  test('is the same whatever the order of object keys, at every depth', () => {
    const a = { siteId: 's1', indicators: { headCount: 120, childrenSeen: 2 }, notes: 'x' };
    const b = { notes: 'x', indicators: { childrenSeen: 2, headCount: 120 }, siteId: 's1' };
    assert.equal(requestFingerprint(a), requestFingerprint(b));
    assert.match(requestFingerprint(a), /^[0-9a-f]{64}$/);
  });

  test('keeps the order of arrays, and of objects inside them', () => {
    const one = { lotIds: ['a', 'b'], outputs: [{ massKg: 1, gradePct: 2 }] };
    assert.notEqual(requestFingerprint(one), requestFingerprint({ ...one, lotIds: ['b', 'a'] }));
    assert.equal(
      requestFingerprint(one),
      requestFingerprint({ outputs: [{ gradePct: 2, massKg: 1 }], lotIds: ['a', 'b'] }),
    );
  });

  test('differs for any other value, and tells null from a missing field', () => {
    const base = { name: 'Mwamba', contact: { phone: '+243 81 000 0000' } };
    const fp = requestFingerprint(base);
    assert.notEqual(fp, requestFingerprint({ ...base, name: 'Mwamba ' }));
    assert.notEqual(fp, requestFingerprint({ ...base, contact: { phone: '+243 81 000 0001' } }));
    assert.notEqual(requestFingerprint({ a: null }), requestFingerprint({}));
    assert.equal(requestFingerprint({ a: undefined }), requestFingerprint({}));
    assert.notEqual(requestFingerprint({ n: 1 }), requestFingerprint({ n: '1' }));
  });

  test('with a key is an HMAC: another key, or none, gives another fingerprint', () => {
    const body = { description: 'Des enfants au tri', contact: { phone: '+243 81 000 0000' } };
    const k1 = Buffer.alloc(32, 1);
    assert.equal(requestFingerprint(body, k1), requestFingerprint(structuredClone(body), k1));
    assert.notEqual(requestFingerprint(body, k1), requestFingerprint(body));
    assert.notEqual(requestFingerprint(body, k1), requestFingerprint(body, Buffer.alloc(32, 2)));
  });
});

describe('retry or reused id', () => {
  const kept = { operation: 'custody.tag', fingerprint: 'f1', userId: 'u1', organisationId: 'o1' };
  test('a retry is the same operation, content and caller', () => {
    assert.equal(isRetryOf(kept, { ...kept }), true);
  });
  test('another operation, content, user or organisation is a reused id', () => {
    assert.equal(isRetryOf(kept, { ...kept, operation: 'custody.transfer' }), false);
    assert.equal(isRetryOf(kept, { ...kept, fingerprint: 'f2' }), false);
    assert.equal(isRetryOf(kept, { ...kept, userId: 'u2' }), false);
    assert.equal(isRetryOf(kept, { ...kept, organisationId: 'o2' }), false);
  });
  test('an anonymous request is retried only anonymously', () => {
    const anonymous = { ...kept, userId: null, organisationId: null };
    assert.equal(isRetryOf(anonymous, { ...anonymous }), true);
    assert.equal(isRetryOf(anonymous, kept), false);
  });
});
