import type { Principal } from '../../domain/access/roles.ts';
import { appendEvent } from '../../storage/events.ts';
import {
  deleteSession,
  findPrincipal,
  findUserByEmail,
  insertSession,
  membershipsOf,
  updateSessionOrganisation,
} from '../../storage/queries/access.ts';
import { actorOf, type ServiceContext } from '../context.ts';
import { forbidden, invalid, ServiceError } from '../errors.ts';
import { keepDigestSecretAtSignIn } from '../openrosa/digest.ts';
import { verifyPassword } from './passwords.ts';
import { cachedPrincipal, forgetPrincipals } from './principal-cache.ts';
import { hashSecret, newSecret } from './secrets.ts';
import { recordTokenUse } from './tokens.ts';

export interface NewSession {
  token: string;
  expiresAt: Date;
  principal: Principal;
}

const badCredentials = () =>
  new ServiceError('invalid', 'the e-mail or the password is wrong', [], { code: 'access.bad-credentials' });

/** Signs a user in with e-mail and password, for one of their organisations (the first by default). */
export async function login(
  ctx: ServiceContext,
  input: { email: string; password: string; organisationId?: string },
): Promise<NewSession> {
  const user = await findUserByEmail(ctx.db, input.email);
  // Verify against a dummy hash when the user is unknown, so timing does not reveal who exists.
  const ok = await verifyPassword(
    input.password,
    user?.password_hash ??
      'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
  );
  if (!user || !ok || user.disabled_at) throw badCredentials();
  const memberships = await membershipsOf(ctx.db, [user.id]);
  const membership = input.organisationId
    ? memberships.find((m) => m.organisation_id === input.organisationId)
    : memberships[0];
  if (!membership) {
    throw input.organisationId
      ? invalid([
          {
            path: 'organisationId',
            message: 'you are not a member of this organisation',
            code: 'access.not-member',
          },
        ])
      : forbidden('this account belongs to no organisation yet; ask an administrator', {
          code: 'access.no-organisation',
        });
  }
  // An account that proves its password here can use Digest from ODK Collect from now on (decision 0047).
  if (user.password_hash)
    await keepDigestSecretAtSignIn(
      ctx,
      { id: user.id, email: user.email, passwordHash: user.password_hash },
      input.password,
      memberships.map((m) => m.role),
    );
  const token = newSecret('ams');
  const now = ctx.clock();
  const expiresAt = new Date(now.getTime() + ctx.config.sessionHours * 3600_000);
  const principal: Principal = {
    userId: user.id,
    email: user.email,
    organisationId: membership.organisation_id,
    role: membership.role,
    via: 'session',
  };
  await ctx.db.transaction(async (tx) => {
    await insertSession(tx, {
      token_hash: hashSecret(token),
      user_id: user.id,
      organisation_id: membership.organisation_id,
      created_at: now,
      expires_at: expiresAt,
    });
    await appendEvent(tx, {
      type: 'user.signed_in',
      subjectType: 'user',
      subjectId: user.id,
      payload: { organisationId: membership.organisation_id },
      actor: actorOf(principal),
      at: now,
    });
  });
  return { token, expiresAt, principal };
}

/** Ends a web session. */
export async function logout(ctx: ServiceContext, token: string): Promise<void> {
  await deleteSession(ctx.db, hashSecret(token));
  forgetPrincipals(ctx.db);
}

/** Moves a session to another of the user's organisations; returns the principal it now carries. */
export async function switchOrganisation(
  ctx: ServiceContext,
  token: string,
  principal: Principal,
  organisationId: string,
): Promise<Principal> {
  const membership = (await membershipsOf(ctx.db, [principal.userId])).find(
    (m) => m.organisation_id === organisationId,
  );
  if (!membership) {
    throw invalid([
      {
        path: 'organisationId',
        message: 'you are not a member of this organisation',
        code: 'access.not-member',
      },
    ]);
  }
  await updateSessionOrganisation(ctx.db, hashSecret(token), organisationId);
  forgetPrincipals(ctx.db);
  return { ...principal, organisationId, role: membership.role };
}

/** The principal behind a session cookie or a bearer token, or null when it is unknown, expired or revoked. */
export async function resolvePrincipal(
  ctx: ServiceContext,
  credential: { kind: 'session' | 'token'; secret: string },
): Promise<Principal | null> {
  const table = credential.kind === 'session' ? 'sessions' : 'api_tokens';
  const hash = hashSecret(credential.secret);
  const now = ctx.clock();
  const row = await cachedPrincipal(ctx.db, `${table}:${hash}`, ctx.config.principalCacheSeconds, now, () =>
    findPrincipal(ctx.db, table, hash, now),
  );
  if (!row) return null;
  if (credential.kind === 'token') {
    await recordTokenUse(ctx.db, hash, now);
  }
  return {
    userId: row.user_id,
    email: row.email,
    organisationId: row.organisation_id,
    role: row.role,
    via: credential.kind,
  };
}
