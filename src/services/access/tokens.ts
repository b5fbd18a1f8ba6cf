import { v7 as uuidv7 } from 'uuid';
import { canManageUsers } from '../../domain/access/roles.ts';
import type { Queryable } from '../../storage/db.ts';
import { appendEvent } from '../../storage/events.ts';
import {
  findToken,
  findUserByEmail,
  findUserById,
  insertToken,
  listTokensPage,
  membershipsOf,
  type TokenRow,
  updateTokenLastUsed,
  updateTokenRevoked,
} from '../../storage/queries/access.ts';
import { type Page, toPage } from '../../storage/queries/page.ts';
import { type AuthedContext, actorOf, type ServiceContext } from '../context.ts';
import { cursorKey } from '../cursor.ts';
import { forbidden, invalid, notFound } from '../errors.ts';
import { forgetPrincipals } from './principal-cache.ts';
import { hashSecret, newSecret } from './secrets.ts';
import type { TokenView } from './views.ts';

const view = (r: TokenRow): TokenView => ({
  id: r.id,
  userId: r.user_id,
  organisationId: r.organisation_id,
  name: r.name,
  createdAt: r.created_at.toISOString(),
  expiresAt: r.expires_at?.toISOString() ?? null,
  lastUsedAt: r.last_used_at?.toISOString() ?? null,
  revokedAt: r.revoked_at?.toISOString() ?? null,
});

export interface TokenInput {
  name: string;
  userId?: string;
  organisationId?: string;
  expiresAt?: Date | null;
}

async function issue(
  ctx: ServiceContext,
  by: { userId: string; organisationId: string } | null,
  userId: string,
  input: TokenInput,
): Promise<{ token: string; view: TokenView }> {
  const memberships = await membershipsOf(ctx.db, [userId]);
  const membership = input.organisationId
    ? memberships.find((m) => m.organisation_id === input.organisationId)
    : memberships[0];
  if (!membership) {
    throw invalid([
      {
        path: 'organisationId',
        message: 'the user is not a member of this organisation',
        code: 'access.user-not-member',
      },
    ]);
  }
  const now = ctx.clock();
  if (input.expiresAt && input.expiresAt.getTime() <= now.getTime()) {
    throw invalid([
      { path: 'expiresAt', message: 'the expiry must be in the future', code: 'common.field.future-only' },
    ]);
  }
  const token = newSecret('amt');
  const row: TokenRow = {
    id: uuidv7(),
    user_id: userId,
    organisation_id: membership.organisation_id,
    name: input.name,
    created_at: now,
    expires_at: input.expiresAt ?? null,
    last_used_at: null,
    revoked_at: null,
  };
  await ctx.db.transaction(async (tx) => {
    await insertToken(tx, {
      id: row.id,
      user_id: userId,
      organisation_id: row.organisation_id,
      name: row.name,
      token_hash: hashSecret(token),
      created_at: now,
      expires_at: row.expires_at,
    });
    await appendEvent(tx, {
      type: 'token.created',
      subjectType: 'api_token',
      subjectId: row.id,
      payload: { userId, organisationId: row.organisation_id, name: row.name },
      actor: by,
      at: now,
    });
  });
  return { token, view: view(row) };
}

/** Creates an API token for the caller, or (for an admin) for another user. */
export async function createToken(ctx: AuthedContext, input: TokenInput) {
  const userId = input.userId ?? ctx.principal.userId;
  if (userId !== ctx.principal.userId && !canManageUsers(ctx.principal)) {
    throw forbidden('only an administrator creates tokens for other users', {
      code: 'access.tokens-admin-only',
    });
  }
  if (!(await findUserById(ctx.db, userId))) throw notFound('user');
  return issue(ctx, actorOf(ctx.principal), userId, input);
}

/** Creates an API token from the command line, where whoever runs it holds the database. */
export async function createTokenForEmail(
  ctx: ServiceContext,
  email: string,
  input: Omit<TokenInput, 'userId'>,
) {
  const user = await findUserByEmail(ctx.db, email);
  if (!user) throw notFound('user', `user ${email}`);
  return issue(ctx, null, user.id, input);
}

// When each token's use was last written, per database: a token used all day costs one write a minute, not
// one per request. A process restart forgets this, and at worst writes once more.
const USE_RESOLUTION_MS = 60_000;
const lastWritten = new WeakMap<Queryable, Map<string, number>>();

/**
 * Records that a token was used at `now`, writing `last_used_at` at most once a minute per token (so it is
 * exact to the minute) rather than on every request.
 */
export async function recordTokenUse(q: Queryable, tokenHash: string, now: Date): Promise<void> {
  const written = lastWritten.get(q) ?? new Map<string, number>();
  lastWritten.set(q, written);
  const last = written.get(tokenHash);
  if (last !== undefined && now.getTime() - last < USE_RESOLUTION_MS && now.getTime() >= last) return;
  if (written.size >= 10_000) written.clear();
  written.set(tokenHash, now.getTime());
  await updateTokenLastUsed(q, tokenHash, now);
}

/** Lists the caller's tokens, or every token for an admin (optionally one user's). */
export async function listTokens(
  ctx: AuthedContext,
  filter: { userId?: string; limit: number; cursor?: string },
): Promise<Page<TokenView>> {
  const admin = canManageUsers(ctx.principal);
  const userId = admin ? (filter.userId ?? null) : ctx.principal.userId;
  const after = cursorKey(filter.cursor, ['uuid'])?.[0] ?? null;
  const rows = await listTokensPage(ctx.db, userId, after, filter.limit + 1);
  return toPage(rows, filter.limit, (r) => [r.id], view);
}

/** Revokes a token: the caller's own, or any for an admin. Revoking twice is harmless. */
export async function revokeToken(ctx: AuthedContext, id: string): Promise<TokenView> {
  const row = await findToken(ctx.db, id);
  if (!row || (row.user_id !== ctx.principal.userId && !canManageUsers(ctx.principal)))
    throw notFound('token');
  if (row.revoked_at) return view(row);
  const now = ctx.clock();
  try {
    await ctx.db.transaction(async (tx) => {
      await updateTokenRevoked(tx, id, now);
      await appendEvent(tx, {
        type: 'token.revoked',
        subjectType: 'api_token',
        subjectId: id,
        payload: {},
        actor: actorOf(ctx.principal),
        at: now,
      });
    });
  } finally {
    forgetPrincipals(ctx.db);
  }
  return view({ ...row, revoked_at: now });
}
