import { v7 as uuidv7 } from 'uuid';
import { canManageUsers } from '../../domain/access/roles.ts';
import { appendEvent } from '../../storage/events.ts';
import { findUserByEmail, findUserById, membershipsOf } from '../../storage/queries/access.ts';
import {
  type AppUserRow,
  findAppUser,
  findAppUserPrincipal,
  insertAppUser,
  listAppUsersPage,
  revokeAppUser,
} from '../../storage/queries/openrosa.ts';
import { type Page, toPage } from '../../storage/queries/page.ts';
import { findSiteById } from '../../storage/queries/sites.ts';
import { verifyPassword } from '../access/passwords.ts';
import { hashSecret, newSecret } from '../access/secrets.ts';
import { type AuthedContext, actorOf, type ServiceContext } from '../context.ts';
import { cursorKey } from '../cursor.ts';
import { conflict, type FieldError, forbidden, invalid, notFound } from '../errors.ts';
import type { OpenRosaContext } from './caller.ts';
import { keepDigestSecretAtSignIn } from './digest.ts';
import type { AppUserView } from './views.ts';

const view = (r: AppUserRow): AppUserView => ({
  id: r.id,
  name: r.name,
  userId: r.user_id,
  email: r.email,
  organisationId: r.organisation_id,
  siteIds: r.site_ids,
  createdAt: r.created_at.toISOString(),
  lastUsedAt: r.last_used_at?.toISOString() ?? null,
  revokedAt: r.revoked_at?.toISOString() ?? null,
});

function requireAdmin(ctx: AuthedContext) {
  if (!canManageUsers(ctx.principal))
    throw forbidden('only administrators manage app users', { code: 'openrosa.app-user-role' });
}

/**
 * Makes an app user for one member of an organisation, limited to the given sites: its token goes in the URL
 * ODK Collect is configured with (`/openrosa/key/<token>`), and is shown once.
 */
export async function createAppUser(
  ctx: AuthedContext,
  input: { name: string; userId: string; organisationId: string; siteIds: string[] },
): Promise<{ view: AppUserView; token: string }> {
  requireAdmin(ctx);
  const errors: FieldError[] = [];
  const membership = (await membershipsOf(ctx.db, [input.userId])).find(
    (m) => m.organisation_id === input.organisationId,
  );
  if (!membership)
    errors.push({
      path: 'userId',
      message: 'is not a member of this organisation',
      code: 'access.user-not-member',
    });
  const siteIds = [...new Set(input.siteIds)];
  for (const [i, id] of siteIds.entries())
    if (!(await findSiteById(ctx.db, id)))
      errors.push({ path: `siteIds.${i}`, message: 'no such site', code: 'openrosa.no-such-site' });
  if (errors.length) throw invalid(errors);
  const token = newSecret('amk');
  const id = uuidv7();
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    await insertAppUser(tx, {
      id,
      name: input.name,
      user_id: input.userId,
      organisation_id: input.organisationId,
      token_hash: hashSecret(token),
      site_ids: siteIds,
      created_by: ctx.principal.userId,
      created_at: now,
    });
    await appendEvent(tx, {
      type: 'openrosa.app_user_created',
      subjectType: 'app_user',
      subjectId: id,
      payload: { userId: input.userId, organisationId: input.organisationId, siteIds },
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
  const row = await findAppUser(ctx.db, id);
  if (!row) throw notFound('app user');
  return { view: view(row), token };
}

/** App users, newest first. */
export async function listAppUsers(
  ctx: AuthedContext,
  f: { limit: number; cursor?: string },
): Promise<Page<AppUserView>> {
  requireAdmin(ctx);
  const after = cursorKey(f.cursor, ['uuid']) as [string] | undefined;
  const rows = await listAppUsersPage(ctx.db, after?.[0] ?? null, f.limit + 1);
  return toPage(rows, f.limit, (r) => [r.id], view);
}

/** Revokes an app user's token: the next request with it is a 401. */
export async function revokeAppUserToken(ctx: AuthedContext, id: string): Promise<AppUserView> {
  requireAdmin(ctx);
  const row = await findAppUser(ctx.db, id);
  if (!row) throw notFound('app user');
  if (row.revoked_at)
    throw conflict('this app user is already revoked', [], { code: 'openrosa.app-user-revoked' });
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    await revokeAppUser(tx, id, ctx.principal.userId, now);
    await appendEvent(tx, {
      type: 'openrosa.app_user_revoked',
      subjectType: 'app_user',
      subjectId: id,
      payload: {},
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
  return view({ ...row, revoked_at: now });
}

/** The caller behind an app user's token, or null when the token is unknown or revoked. */
export async function resolveAppUser(
  ctx: ServiceContext,
  token: string,
  deviceId: string | undefined,
): Promise<OpenRosaContext | null> {
  if (token.length > 200) return null;
  const row = await findAppUserPrincipal(ctx.db, hashSecret(token), ctx.clock());
  if (!row) return null;
  return {
    ...ctx,
    principal: {
      userId: row.user_id,
      email: row.email,
      organisationId: row.organisation_id,
      role: row.role,
      via: 'token',
      deviceId,
    },
    appUser: { id: row.app_user_id, siteIds: row.site_ids },
  };
}

/** The caller as a member signing in with a password (HTTP Basic), in its first organisation unless another is named. */
export async function memberCaller(
  ctx: ServiceContext,
  userId: string,
  deviceId: string | undefined,
  organisationId?: string,
): Promise<OpenRosaContext | null> {
  const user = await findUserById(ctx.db, userId);
  const memberships = await membershipsOf(ctx.db, [userId]);
  const membership = organisationId
    ? memberships.find((m) => m.organisation_id === organisationId)
    : memberships[0];
  if (!user || !membership || user.disabled_at) return null;
  return {
    ...ctx,
    principal: {
      userId,
      email: user.email,
      organisationId: membership.organisation_id,
      role: membership.role,
      via: 'session',
      deviceId,
    },
    appUser: null,
  };
}

/** A password never matches this (a valid scrypt hash of nothing known): unknown accounts take as long as known ones. */
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** The caller behind an e-mail and password (HTTP Basic), or null when they do not match an active member. */
export async function passwordCaller(
  ctx: ServiceContext,
  email: string,
  password: string,
  deviceId: string | undefined,
): Promise<OpenRosaContext | null> {
  const user = email.length <= 320 ? await findUserByEmail(ctx.db, email) : undefined;
  const ok = await verifyPassword(password.slice(0, 1024), user?.password_hash ?? DUMMY_HASH);
  if (!user || !ok || !user.password_hash) return null;
  const caller = await memberCaller(ctx, user.id, deviceId);
  // Basic proved the password: Digest works for this account from now on (decision 0047).
  if (caller)
    await keepDigestSecretAtSignIn(
      ctx,
      { id: user.id, email: user.email, passwordHash: user.password_hash },
      password,
      (await membershipsOf(ctx.db, [user.id])).map((m) => m.role),
    );
  return caller;
}
