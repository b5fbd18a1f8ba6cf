import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type DigestCredentials,
  digestChallenge,
  digestHa1,
  digestMatches,
  makeNonce,
  readDigestHeader,
  readNonce,
} from './digest.ts';

/** RFC 2617 §3.5's worked example, which RFC 7616 keeps for MD5. */
const RFC_HEADER =
  'Digest username="Mufasa", realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", ' +
  'uri="/dir/index.html", qop=auth, nc=00000001, cnonce="0a4f113b", ' +
  'response="6629fae49393a05397450978507c4ef1", opaque="5ccc069c403ebaf9f0171e9517f40e41"';

describe('HTTP Digest', () => {
  test("reads the RFC's example header and finds its response right for the password, wrong for another", () => {
    const c = readDigestHeader(RFC_HEADER) as DigestCredentials;
    assert.equal(c.username, 'Mufasa');
    assert.equal(c.nc, '00000001');
    assert.equal(c.algorithm, 'MD5');
    assert.equal(digestMatches(c, digestHa1('Mufasa', 'testrealm@host.com', 'Circle Of Life'), 'GET'), true);
    assert.equal(digestMatches(c, digestHa1('Mufasa', 'testrealm@host.com', 'circle of life'), 'GET'), false);
    assert.equal(
      digestMatches(c, digestHa1('Mufasa', 'testrealm@host.com', 'Circle Of Life'), 'POST'),
      false,
    );
  });

  test('refuses another algorithm, a header without qop=auth, and a count that is not 8 hex digits', () => {
    assert.deepEqual(readDigestHeader(RFC_HEADER.replace('qop=auth, ', 'algorithm=SHA-256, qop=auth, ')), {
      refused: 'algorithm SHA-256 is not offered',
    });
    assert.deepEqual(readDigestHeader(RFC_HEADER.replace('qop=auth, nc=00000001, ', '')), {
      refused: 'qop=auth with nc and cnonce is required',
    });
    assert.deepEqual(readDigestHeader(RFC_HEADER.replace('nc=00000001', 'nc=1')), {
      refused: 'nc is not 8 hexadecimal digits',
    });
    assert.deepEqual(readDigestHeader('Digest nonsense'), { refused: 'the Digest header cannot be read' });
  });

  test('a nonce is fresh within its lifetime, stale after it, and forged when another key or a changed time signed it', () => {
    const key = Buffer.alloc(32, 7);
    const issued = new Date('2026-12-01T10:00:00Z');
    const nonce = makeNonce(key, issued, Buffer.alloc(16, 1));
    assert.deepEqual(readNonce(key, nonce, new Date('2026-12-01T10:04:59Z'), 300), {
      state: 'fresh',
      expiresAt: new Date('2026-12-01T10:05:00Z'),
    });
    assert.equal(readNonce(key, nonce, new Date('2026-12-01T10:05:00Z'), 300).state, 'stale');
    assert.equal(readNonce(Buffer.alloc(32, 8), nonce, issued, 300).state, 'forged');
    const [, random, signature] = nonce.split('.');
    const later = `${(issued.getTime() + 3600_000).toString(36)}.${random}.${signature}`;
    assert.equal(readNonce(key, later, issued, 300).state, 'forged');
  });

  test('the challenge offers MD5 with qop=auth, and says stale=true only when asked', () => {
    assert.equal(
      digestChallenge('n1', 'o1', false),
      'Digest realm="Amana", qop="auth", algorithm=MD5, nonce="n1", opaque="o1"',
    );
    assert.equal(
      digestChallenge('n1', 'o1', true),
      'Digest realm="Amana", qop="auth", algorithm=MD5, nonce="n1", opaque="o1", stale=true',
    );
  });
});
