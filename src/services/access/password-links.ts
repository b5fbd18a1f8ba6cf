import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { LINK_HOURS, type PasswordLinkPurpose, passwordLinkMail } from '../../domain/access/password-mail.ts';
import { checkPassword } from '../../domain/access/password-policy.ts';
import { canManageUsers } from '../../domain/access/roles.ts';
import { appendEvent } from '../../storage/events.ts';
import {
  deleteSessionsOf,
  findUserByEmail,
  findUserById,
  membershipsOf,
  revokeTokensOf,
  type UserRow,
} from '../../storage/queries/access.ts';
import {
  insertPasswordLink,
  lockPasswordLink,
  markPasswordLinkUsed,
  setUserPassword,
} from '../../storage/queries/password-links.ts';
import { type AuthedContext, actorOf, type ServiceContext } from '../context.ts';
import { forbidden, invalid, notFound } from '../errors.ts';
import { sendMail } from '../mail.ts';
import { keepDigestSecret } from '../openrosa/digest.ts';
import { hashPassword } from './passwords.ts';
import { forgetPrincipals } from './principal-cache.ts';
import { hashSecret } from './secrets.ts';
import { createUser, type UserInput } from './users.ts';
import type { UserView } from './views.ts';

/** What an invitation or a resent link answers: when the link ends and whether its e-mail left. */
export interface LinkSent {
  expiresAt: string;
  mailed: boolean;
  mailError: string | null;
}

/** The page a link opens: the secret is in the fragment, which browsers never send to a server or its logs. */
const linkTo = (base: string, secret: string) => `${base.replace(/\/+$/, '')}/set-password#${secret}`;

/**
 * Records a new set-password link for the user (retiring the earlier ones) with its event, then e-mails it.
 * The link is in the database before the answer; an e-mail that could not leave is said, and can be sent again.
 */
async function issueLink(
  ctx: ServiceContext,
  user: UserRow,
  purpose: PasswordLinkPurpose,
  base: string,
  by: { actor: ReturnType<typeof actorOf>; name: string } | null,
): Promise<LinkSent> {
  const secret = `amp_${randomBytes(32).toString('base64url')}`;
  const now = ctx.clock();
  const expiresAt = new Date(now.getTime() + LINK_HOURS[purpose] * 3600_000);
  const id = uuidv7();
  await ctx.db.transaction(async (tx) => {
    await insertPasswordLink(tx, {
      id,
      user_id: user.id,
      purpose,
      token_hash: hashSecret(secret),
      created_by: by?.actor.userId ?? null,
      created_at: now,
      expires_at: expiresAt,
    });
    await appendEvent(tx, {
      type: purpose === 'invitation' ? 'user.invited' : 'user.password_reset_requested',
      subjectType: 'user',
      subjectId: user.id,
      payload: { linkId: id, expiresAt: expiresAt.toISOString() },
      actor: by?.actor ?? null,
      at: now,
    });
  });
  const mail = passwordLinkMail(purpose, user.locale, {
    name: user.name,
    email: user.email,
    link: linkTo(base, secret),
    by: by?.name,
  });
  const sent = await sendMail(ctx, { to: user.email, ...mail, headers: { 'X-Amana-Link': purpose } });
  return { expiresAt: expiresAt.toISOString(), mailed: sent.ok, mailError: sent.ok ? null : sent.error };
}

function requireAdmin(ctx: AuthedContext) {
  if (!canManageUsers(ctx.principal))
    throw forbidden('only an administrator manages users', { code: 'access.users-admin-only' });
}

async function adminName(ctx: AuthedContext) {
  return (await findUserById(ctx.db, ctx.principal.userId))?.name ?? 'Amana';
}

/**
 * Invites someone: creates the user, without a password, with their memberships, and e-mails a link to choose
 * one. A retried invitation (same id) answers the user again without sending a second e-mail.
 */
export async function inviteUser(
  ctx: AuthedContext,
  input: Omit<UserInput, 'password'>,
  base: string,
): Promise<{ user: UserView; created: boolean; invitation: LinkSent | null }> {
  requireAdmin(ctx);
  const { user, created } = await createUser(ctx, { ...input, password: undefined });
  if (!created) return { user, created, invitation: null };
  const row = await findUserById(ctx.db, user.id);
  if (!row) throw notFound('user');
  const invitation = await issueLink(ctx, row, 'invitation', base, {
    actor: actorOf(ctx.principal),
    name: await adminName(ctx),
  });
  return { user, created, invitation };
}

/** Sends a user a new link to set their password (an invitation not acted on, or a forgotten password). */
export async function sendPasswordLink(ctx: AuthedContext, userId: string, base: string): Promise<LinkSent> {
  requireAdmin(ctx);
  const row = await findUserById(ctx.db, userId);
  if (!row) throw notFound('user');
  if (row.disabled_at)
    throw invalid([], 'this user is disabled: enable them before sending a link', {
      code: 'access.link-user-disabled',
    });
  return issueLink(ctx, row, row.password_hash === null ? 'invitation' : 'reset', base, {
    actor: actorOf(ctx.principal),
    name: await adminName(ctx),
  });
}

/**
 * Someone who forgot their password asks for a link. Whether the address is known is never said: the answer
 * is the same, and only a known, enabled account gets an e-mail.
 */
export async function requestPasswordReset(ctx: ServiceContext, email: string, base: string): Promise<void> {
  const row = await findUserByEmail(ctx.db, email);
  if (!row || row.disabled_at) return;
  await issueLink(ctx, row, 'reset', base, null);
}

const LINK_PROBLEMS = {
  unknown: { message: 'this link is not one Amana sent', code: 'access.link-unknown' },
  used: { message: 'this link was used already', code: 'access.link-used' },
  replaced: { message: 'a newer link was sent since: use the latest e-mail', code: 'access.link-replaced' },
  expired: { message: 'this link has expired: ask for a new one', code: 'access.link-expired' },
} as const;

const linkUnusable = (reason: keyof typeof LINK_PROBLEMS) => {
  const { message, code } = LINK_PROBLEMS[reason];
  return invalid([{ path: 'token', message, code }], 'this link cannot set a password', { code });
};

/**
 * Sets the password of the link's user: the link is used once; every session and API token of the user ends,
 * since whoever knew an older password must not keep a way in. Answers the e-mail to sign in with.
 */
export async function setPasswordWithLink(
  ctx: ServiceContext,
  input: { token: string; password: string },
): Promise<{ email: string }> {
  const now = ctx.clock();
  const hash = hashSecret(input.token);
  const peek = await lockPasswordLink(ctx.db, hash);
  const user = peek && (await findUserById(ctx.db, peek.user_id));
  if (!peek || !user || user.disabled_at) throw linkUnusable('unknown');
  const weak = checkPassword(input.password, { name: user.name, email: user.email });
  if (weak) throw invalid([{ path: 'password', ...weak }]);
  const passwordHash = await hashPassword(input.password);
  return ctx.db
    .transaction(async (tx) => {
      // Read again under the lock: two submissions of one link set one password.
      const link = await lockPasswordLink(tx, hash);
      if (!link) throw linkUnusable('unknown');
      if (link.used_at) throw linkUnusable('used');
      if (link.replaced_at) throw linkUnusable('replaced');
      if (link.expires_at.getTime() <= now.getTime()) throw linkUnusable('expired');
      await setUserPassword(tx, user.id, passwordHash, now);
      await markPasswordLinkUsed(tx, link.id, now);
      await keepDigestSecret(
        tx,
        { id: user.id, email: user.email, passwordHash },
        input.password,
        (await membershipsOf(tx, [user.id])).map((m) => m.role),
        now,
      );
      const sessionsEnded = await deleteSessionsOf(tx, user.id, null);
      const tokensRevoked = await revokeTokensOf(tx, user.id, null, now);
      await appendEvent(tx, {
        type: 'user.password_set',
        subjectType: 'user',
        subjectId: user.id,
        payload: { linkId: link.id, purpose: link.purpose, sessionsEnded, tokensRevoked },
        actor: null,
        at: now,
      });
      return { email: user.email };
    })
    .finally(() => forgetPrincipals(ctx.db));
}
