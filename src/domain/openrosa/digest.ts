import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { DIGEST, parseAuthorizationHeader } from 'http-auth-utils';

/** The realm of every challenge; the HA1 kept for Digest is made with it. */
export const DIGEST_REALM = 'Amana';

/** What a client's `Authorization: Digest …` header says (RFC 7616 §3.4). */
export interface DigestCredentials {
  username: string;
  realm: string;
  nonce: string;
  uri: string;
  response: string;
  qop: string;
  nc: string;
  cnonce: string;
  algorithm: string;
  opaque?: string;
}

const md5 = (s: string) => createHash('md5').update(s, 'utf8').digest('hex');

/** HA1 = MD5(username:realm:password): what Digest proves knowledge of, kept for the accounts that use it. */
export function digestHa1(username: string, realm: string, password: string): string {
  return md5(`${username}:${realm}:${password}`);
}

/**
 * Reads a Digest Authorization header, or says why it cannot be used: Amana speaks MD5 with qop=auth only
 * (what ODK Collect's okhttp-digest sends), so a client count and nonce are always there to check replays.
 */
export function readDigestHeader(header: string): DigestCredentials | { refused: string } {
  let data: Record<string, string | undefined>;
  try {
    const parsed = parseAuthorizationHeader(header.slice(0, 4096), [DIGEST]);
    data = parsed.data as Record<string, string | undefined>;
  } catch {
    return { refused: 'the Digest header cannot be read' };
  }
  const { username, realm, nonce, uri, response, qop, nc, cnonce } = data;
  if (!username || !realm || !nonce || !uri || !response)
    return { refused: 'the Digest header lacks username, realm, nonce, uri or response' };
  const algorithm = data.algorithm ?? 'MD5';
  if (algorithm.toUpperCase() !== 'MD5') return { refused: `algorithm ${algorithm} is not offered` };
  if (qop !== 'auth' || !nc || !cnonce) return { refused: 'qop=auth with nc and cnonce is required' };
  if (!/^[0-9a-f]{8}$/i.test(nc)) return { refused: 'nc is not 8 hexadecimal digits' };
  if (!/^[0-9a-f]{32}$/i.test(response)) return { refused: 'response is not an MD5 digest' };
  return { username, realm, nonce, uri, response, qop, nc, cnonce, algorithm, opaque: data.opaque };
}

/** Whether the client's response is the one its HA1 gives for this method and URI (RFC 7616 §3.4.1). */
export function digestMatches(c: DigestCredentials, ha1: string, method: string): boolean {
  const expected = DIGEST.computeHash({
    ha1,
    algorithm: 'md5',
    method,
    uri: c.uri,
    realm: c.realm,
    username: c.username,
    password: '',
    nonce: c.nonce,
    nc: c.nc,
    cnonce: c.cnonce,
    qop: c.qop,
  });
  return timingSafeEqual(Buffer.from(expected, 'utf8'), Buffer.from(c.response.toLowerCase(), 'utf8'));
}

const mac = (key: Buffer, payload: string) =>
  createHmac('sha256', key).update(payload).digest('base64url').slice(0, 22);

/** A nonce that carries its own issue time, signed with the server's key: nothing is stored until it is used. */
export function makeNonce(key: Buffer, now: Date, random: Buffer): string {
  const payload = `${now.getTime().toString(36)}.${random.toString('base64url')}`;
  return `${payload}.${mac(key, payload)}`;
}

/** A nonce read back: one this server did not sign, one past its lifetime (stale), or one in force until `expiresAt`. */
export function readNonce(
  key: Buffer,
  nonce: string,
  now: Date,
  lifetimeSeconds: number,
): { state: 'forged' } | { state: 'stale' | 'fresh'; expiresAt: Date } {
  const parts = nonce.split('.');
  if (parts.length !== 3 || nonce.length > 200) return { state: 'forged' };
  const [time, random] = parts;
  const expected = Buffer.from(mac(key, `${time}.${random}`));
  const given = Buffer.from(parts[2]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { state: 'forged' };
  const issued = Number.parseInt(time, 36);
  const expiresAt = new Date(issued + lifetimeSeconds * 1000);
  return { state: expiresAt.getTime() > now.getTime() ? 'fresh' : 'stale', expiresAt };
}

/**
 * The Digest challenge (RFC 7616 §3.3): MD5 and qop=auth, `stale=true` when only the nonce was out of date, so that
 * the client retries with the new one without asking for the password again.
 */
export function digestChallenge(nonce: string, opaque: string, stale: boolean): string {
  return `Digest realm="${DIGEST_REALM}", qop="auth", algorithm=MD5, nonce="${nonce}", opaque="${opaque}"${stale ? ', stale=true' : ''}`;
}
