import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '../../domain/access/roles.ts';
import {
  DIGEST_REALM,
  digestChallenge,
  digestHa1,
  digestMatches,
  makeNonce,
  readDigestHeader,
  readNonce,
} from '../../domain/openrosa/digest.ts';
import type { Queryable } from '../../storage/db.ts';
import {
  digestKey,
  findDigestSecret,
  hasDigestSecret,
  recordNonceCount,
  upsertDigestSecret,
} from '../../storage/queries/openrosa-digest.ts';
import type { ServiceContext } from '../context.ts';
import { memberCaller } from './app-users.ts';
import type { OpenRosaContext } from './caller.ts';
import { roleFillsForms } from './forms.ts';

/**
 * Keeps the Digest HA1 of an account whose password is known now (set, or proved at a sign-in), when one of its
 * roles fills an OpenRosa form (decision 0047); it holds beside `passwordHash` and lapses when the password changes.
 */
export async function keepDigestSecret(
  q: Queryable,
  user: { id: string; email: string; passwordHash: string },
  password: string,
  roles: readonly Role[],
  at: Date,
): Promise<void> {
  if (!roles.some(roleFillsForms)) return;
  await upsertDigestSecret(q, {
    userId: user.id,
    realm: DIGEST_REALM,
    ha1: digestHa1(user.email, DIGEST_REALM, password),
    passwordHash: user.passwordHash,
    at,
  });
}

/** Keeps the HA1 at a sign-in that proved the password, unless the account already has one that holds. */
export async function keepDigestSecretAtSignIn(
  ctx: ServiceContext,
  user: { id: string; email: string; passwordHash: string },
  password: string,
  roles: readonly Role[],
): Promise<void> {
  if (!roles.some(roleFillsForms) || (await hasDigestSecret(ctx.db, user.id, DIGEST_REALM))) return;
  await keepDigestSecret(ctx.db, user, password, roles, ctx.clock());
}

let keys = new WeakMap<object, Buffer>();

/** The nonce key of this database, read once per process. */
async function keyOf(ctx: ServiceContext): Promise<Buffer> {
  const known = keys.get(ctx.db);
  if (known) return known;
  const key = await digestKey(ctx.db, randomBytes(32), ctx.clock());
  keys.set(ctx.db, key);
  return key;
}

/** Forgets the nonce keys read (a test that swaps databases). */
export const forgetDigestKeys = () => {
  keys = new WeakMap();
};

/** Opaque is the same for every challenge: the client sends it back, and nothing hangs on it. */
const OPAQUE = createHash('md5').update(`amana:${DIGEST_REALM}`).digest('hex');

/** A new Digest challenge, `stale=true` when the client's response was right but its nonce had expired. */
export async function newDigestChallenge(ctx: ServiceContext, stale: boolean): Promise<string> {
  return digestChallenge(makeNonce(await keyOf(ctx), ctx.clock(), randomBytes(16)), OPAQUE, stale);
}

/** Why a Digest request was refused, for the log and the OpenRosa message. */
export type DigestRefusal = { stale: boolean; reason: string; username: string };

/**
 * The caller behind an `Authorization: Digest` header (RFC 7616 with MD5 and qop=auth, as ODK Collect sends it),
 * or why not: a header that cannot be read, another realm or URI, a nonce this server did not sign, an unknown account
 * or one without a current HA1, a wrong response, an expired nonce (stale), or a nonce count already used (a replay).
 */
export async function digestCaller(
  ctx: ServiceContext,
  header: string,
  request: { method: string; url: string },
  deviceId: string | undefined,
): Promise<{ caller: OpenRosaContext } | DigestRefusal> {
  const c = readDigestHeader(header);
  if ('refused' in c) return { stale: false, reason: c.refused, username: '' };
  const refuse = (reason: string, stale = false): DigestRefusal => ({ stale, reason, username: c.username });
  if (c.realm !== DIGEST_REALM) return refuse('another realm');
  if (c.uri !== request.url) return refuse('the uri is not the one requested');
  const now = ctx.clock();
  const nonce = readNonce(await keyOf(ctx), c.nonce, now, ctx.config.openrosaNonceSeconds);
  if (nonce.state === 'forged') return refuse('a nonce this server did not give');
  const secret = await findDigestSecret(ctx.db, c.username.slice(0, 320), DIGEST_REALM);
  if (!secret || !digestMatches(c, secret.ha1, request.method)) return refuse('the response is wrong');
  if (nonce.state === 'stale') return refuse('the nonce has expired', true);
  const fresh = await recordNonceCount(ctx.db, {
    nonce: c.nonce,
    userId: secret.user_id,
    count: Number.parseInt(c.nc, 16),
    expiresAt: nonce.expiresAt,
    now,
  });
  if (!fresh) return refuse('this nonce count was already used');
  const caller = await memberCaller(ctx, secret.user_id, deviceId);
  return caller ? { caller } : refuse('the account belongs to no organisation');
}
