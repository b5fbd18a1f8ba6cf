import { checkPassword } from '../../domain/access/password-policy.ts';
import { canManageUsers, type Role } from '../../domain/access/roles.ts';
import type { Queryable } from '../../storage/db.ts';
import { appendEvent } from '../../storage/events.ts';
import {
  deleteSessionsOf,
  existingOrganisationIds,
  findUserByEmail,
  findUserById,
  insertUser,
  listUsersPage,
  membershipsOf,
  replaceMemberships,
  revokeTokensOf,
  type UserRow,
  updateUserPassword,
  updateUserRow,
} from '../../storage/queries/access.ts';
import { type Page, toPage } from '../../storage/queries/page.ts';
import { type AuthedContext, actorOf } from '../context.ts';
import { cursorKey } from '../cursor.ts';
import { conflict, type FieldError, forbidden, invalid, notFound, stale } from '../errors.ts';
import { type CreateOperation, createOnce, rowIn } from '../idempotency.ts';
import { keepDigestSecret } from '../openrosa/digest.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { forgetPrincipals } from './principal-cache.ts';
import { hashSecret } from './secrets.ts';
import type { PasswordChangeView, UserView } from './views.ts';

export interface UserInput {
  id?: string;
  email: string;
  name: string;
  password?: string;
  locale?: string;
  memberships: { organisationId: string; role: Role }[];
}

async function views(q: Queryable, rows: UserRow[]): Promise<UserView[]> {
  const memberships = await membershipsOf(
    q,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    name: r.name,
    locale: r.locale,
    disabled: r.disabled_at !== null,
    passwordSet: r.password_hash !== null,
    memberships: memberships
      .filter((m) => m.user_id === r.id)
      .map((m) => ({
        organisationId: m.organisation_id,
        organisationName: m.organisation_name,
        role: m.role,
      })),
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  }));
}

function requireAdmin(ctx: AuthedContext) {
  if (!canManageUsers(ctx.principal))
    throw forbidden('only an administrator manages users', { code: 'access.users-admin-only' });
}

async function checkMemberships(q: Queryable, memberships: UserInput['memberships']) {
  const ids = [...new Set(memberships.map((m) => m.organisationId))];
  if (ids.length !== memberships.length) {
    throw invalid([
      {
        path: 'memberships',
        message: 'a user holds one role per organisation',
        code: 'access.one-role-each',
      },
    ]);
  }
  const known = new Set(await existingOrganisationIds(q, ids));
  const errors = memberships
    .map((m, i) => ({ m, i }))
    .filter(({ m }) => !known.has(m.organisationId))
    .map(
      ({ i }): FieldError => ({
        path: `memberships.${i}.organisationId`,
        message: 'no such organisation',
        code: 'common.field.not-found',
        params: { record: 'organisation' },
      }),
    );
  if (errors.length) throw invalid(errors);
}

/** The signed-in user with their memberships. */
export async function me(ctx: AuthedContext): Promise<UserView> {
  const row = await findUserById(ctx.db, ctx.principal.userId);
  if (!row) throw notFound('user');
  return (await views(ctx.db, [row]))[0];
}

export async function listUsers(
  ctx: AuthedContext,
  filter: { q?: string; role?: Role; organisationId?: string; limit: number; cursor?: string },
): Promise<Page<UserView>> {
  requireAdmin(ctx);
  const after = cursorKey(filter.cursor, ['text', 'uuid']);
  const rows = await listUsersPage(
    ctx.db,
    { q: filter.q ?? null, role: filter.role ?? null, organisationId: filter.organisationId ?? null },
    after,
    filter.limit + 1,
  );
  const page = toPage(
    rows,
    filter.limit,
    (r) => [r.email, r.id],
    (r) => r,
  );
  return { items: await views(ctx.db, page.items), nextCursor: page.nextCursor };
}

export async function getUser(ctx: AuthedContext, id: string): Promise<UserView> {
  if (id !== ctx.principal.userId) requireAdmin(ctx);
  const row = await findUserById(ctx.db, id);
  if (!row) throw notFound('user');
  return (await views(ctx.db, [row]))[0];
}

const CREATE: CreateOperation<{ user: UserView; created: boolean }> = {
  name: 'user.create',
  exists: rowIn('users'),
  // A password's plain hash would be a cheap target for guessing: only whether one was given is
  // fingerprinted, and a retry's password is checked against the user's own scrypt hash.
  fingerprinted: ({ id: _id, password, ...rest }) => ({ ...rest, password: password !== undefined }),
  sameRequest: async (q, id, request) =>
    typeof request.password !== 'string' ||
    verifyPassword(request.password, (await findUserById(q, id))?.password_hash ?? ''),
  keep: ({ user }) => ({ id: user.id }),
  restore: async (_kept, c, id) => ({ user: await getUser(c, id) }),
};

/** Creates a user with their memberships; a retried creation with the same id answers what the first did. */
export async function createUser(
  ctx: AuthedContext,
  input: UserInput,
): Promise<{ user: UserView; created: boolean }> {
  requireAdmin(ctx);
  return createOnce(ctx, CREATE, input, (c, id) => addUser(c, input, id));
}

async function addUser(ctx: AuthedContext, input: UserInput, id: string) {
  const email = input.email.trim().toLowerCase();
  if (input.password !== undefined) {
    const weak = checkPassword(input.password, { name: input.name, email });
    if (weak) throw invalid([{ path: 'password', ...weak }]);
  }
  if (await findUserByEmail(ctx.db, email)) {
    throw conflict(
      'a user with this e-mail already exists',
      [{ path: 'email', message: 'already registered', code: 'access.email-taken' }],
      { code: 'access.email-taken' },
    );
  }
  await checkMemberships(ctx.db, input.memberships);
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    await insertUser(tx, {
      id,
      email,
      name: input.name,
      password_hash: passwordHash,
      locale: input.locale ?? 'fr',
      created_at: now,
    });
    await replaceMemberships(tx, id, input.memberships, now);
    if (input.password !== undefined && passwordHash !== null)
      await keepDigestSecret(
        tx,
        { id, email, passwordHash },
        input.password,
        input.memberships.map((m) => m.role),
        now,
      );
    await appendEvent(tx, {
      type: 'user.created',
      subjectType: 'user',
      subjectId: id,
      payload: { email, name: input.name, memberships: input.memberships },
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
  return { user: await getUser(ctx, id), created: true };
}

export interface UserPatch {
  version: number;
  name?: string;
  locale?: string;
  password?: string;
  disabled?: boolean;
  memberships?: UserInput['memberships'];
}

/**
 * Changes a user: anyone their own name and locale; an admin anything, including roles, and another user's
 * password, which ends all that user's sessions and revokes their API tokens. One's own password changes
 * only through changeOwnPassword, which asks for the current one.
 */
export async function updateUser(ctx: AuthedContext, id: string, patch: UserPatch): Promise<UserView> {
  const self = id === ctx.principal.userId;
  const adminOnly = patch.disabled !== undefined || patch.memberships !== undefined;
  if (!self || adminOnly) requireAdmin(ctx);
  const row = await findUserById(ctx.db, id);
  if (!row) throw notFound('user');
  if (row.version !== patch.version) throw stale('user', row.version);
  if (patch.password !== undefined) {
    if (self)
      throw invalid([
        {
          path: 'password',
          message: 'change your own password with POST /api/me/password, which asks for the current one',
          code: 'access.own-password-elsewhere',
        },
      ]);
    const weak = checkPassword(patch.password, { name: patch.name ?? row.name, email: row.email });
    if (weak) throw invalid([{ path: 'password', ...weak }]);
  }
  if (patch.memberships) await checkMemberships(ctx.db, patch.memberships);
  if (self && patch.disabled === true)
    throw invalid([
      { path: 'disabled', message: 'you cannot disable yourself', code: 'access.disable-self' },
    ]);
  const passwordHash = patch.password === undefined ? row.password_hash : await hashPassword(patch.password);
  const now = ctx.clock();
  // A user disabled, given other memberships or a new password stands for something else from now on.
  const changesAccess =
    patch.disabled !== undefined || patch.memberships !== undefined || patch.password !== undefined;
  await ctx.db
    .transaction(async (tx) => {
      const saved = await updateUserRow(tx, id, patch.version, {
        name: patch.name ?? row.name,
        locale: patch.locale ?? row.locale,
        password_hash: passwordHash,
        disabled_at: patch.disabled === undefined ? row.disabled_at : patch.disabled ? now : null,
        updated_at: now,
      });
      if (!saved) throw stale('user', row.version + 1);
      if (patch.memberships) await replaceMemberships(tx, id, patch.memberships, now);
      if (patch.password !== undefined && passwordHash !== null)
        await keepDigestSecret(
          tx,
          { id, email: row.email, passwordHash },
          patch.password,
          (await membershipsOf(tx, [id])).map((m) => m.role),
          now,
        );
      if (patch.disabled) await deleteSessionsOf(tx, id, null);
      // A password set by an administrator is a reset: whoever knew the old one loses every way in.
      const ended = patch.password !== undefined ? await endAccess(tx, id, null, now) : undefined;
      await appendEvent(tx, {
        type: 'user.updated',
        subjectType: 'user',
        subjectId: id,
        payload: {
          name: patch.name,
          locale: patch.locale,
          passwordChanged: patch.password !== undefined,
          ...ended,
          disabled: patch.disabled,
          memberships: patch.memberships,
        },
        actor: actorOf(ctx.principal),
        at: now,
      });
    })
    .finally(() => {
      if (changesAccess) forgetPrincipals(ctx.db);
    });
  return getUser(ctx, id);
}

/** The credential a request came with: it survives the password change it makes. */
export interface CurrentCredential {
  kind: 'session' | 'token';
  secret: string;
}

/**
 * Ends a user's sessions and revokes their API tokens, except the credential given, inside the caller's
 * transaction; returns how many of each it ended.
 */
async function endAccess(tx: Queryable, userId: string, keep: CurrentCredential | null, now: Date) {
  const keepHash = (kind: CurrentCredential['kind']) =>
    keep?.kind === kind ? hashSecret(keep.secret) : null;
  const sessionsEnded = await deleteSessionsOf(tx, userId, keepHash('session'));
  const tokensRevoked = await revokeTokensOf(tx, userId, keepHash('token'), now);
  return { sessionsEnded, tokensRevoked };
}

/**
 * Changes the caller's own password after checking the current one. Every other session of the user ends
 * and every other API token is revoked, so whoever learnt the old password is out; the credential of this
 * request stays.
 */
export async function changeOwnPassword(
  ctx: AuthedContext,
  input: { currentPassword: string; newPassword: string },
  current: CurrentCredential,
): Promise<PasswordChangeView> {
  const row = await findUserById(ctx.db, ctx.principal.userId);
  if (!row) throw notFound('user');
  const known =
    row.password_hash !== null && (await verifyPassword(input.currentPassword, row.password_hash));
  if (!known)
    throw invalid([
      {
        path: 'currentPassword',
        message: 'the current password is wrong',
        code: 'access.current-password-wrong',
      },
    ]);
  if (input.newPassword === input.currentPassword)
    throw invalid([
      {
        path: 'newPassword',
        message: 'the new password is the current one',
        code: 'access.password-unchanged',
      },
    ]);
  const weak = checkPassword(input.newPassword, { name: row.name, email: row.email });
  if (weak) throw invalid([{ path: 'newPassword', ...weak }]);
  const passwordHash = await hashPassword(input.newPassword);
  const now = ctx.clock();
  return ctx.db
    .transaction(async (tx) => {
      // Two changes at once: the first wins, the second was checked against a password that is gone.
      if (!(await updateUserPassword(tx, row.id, passwordHash, row.password_hash, now)))
        throw conflict('your password was changed meanwhile; sign in again', [], {
          code: 'access.password-changed-meanwhile',
        });
      const ended = await endAccess(tx, row.id, current, now);
      await keepDigestSecret(
        tx,
        { id: row.id, email: row.email, passwordHash },
        input.newPassword,
        (await membershipsOf(tx, [row.id])).map((m) => m.role),
        now,
      );
      await appendEvent(tx, {
        type: 'user.password_changed',
        subjectType: 'user',
        subjectId: row.id,
        payload: ended,
        actor: actorOf(ctx.principal),
        at: now,
      });
      return ended;
    })
    .finally(() => forgetPrincipals(ctx.db));
}
