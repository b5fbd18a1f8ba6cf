import type { Role } from '../../domain/access/roles.ts';
import { prepared, type Queryable } from '../db.ts';

export interface UserRow {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  locale: string;
  disabled_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface MembershipRow {
  user_id: string;
  organisation_id: string;
  organisation_name: string;
  role: Role;
}

export async function findUserByEmail(q: Queryable, email: string): Promise<UserRow | undefined> {
  return (await q.query<UserRow>('SELECT * FROM users WHERE email = $1', [email.trim().toLowerCase()]))
    .rows[0];
}

export async function findUserById(q: Queryable, id: string): Promise<UserRow | undefined> {
  return (await q.query<UserRow>('SELECT * FROM users WHERE id = $1', [id])).rows[0];
}

export async function membershipsOf(q: Queryable, userIds: readonly string[]): Promise<MembershipRow[]> {
  if (userIds.length === 0) return [];
  return (
    await q.query<MembershipRow>(
      `SELECT m.user_id, m.organisation_id, o.legal_name AS organisation_name, m.role
         FROM memberships m JOIN organisations o ON o.id = m.organisation_id
        WHERE m.user_id = ANY($1::uuid[]) ORDER BY o.legal_name, m.organisation_id`,
      [userIds],
    )
  ).rows;
}

export interface PrincipalRow {
  user_id: string;
  email: string;
  organisation_id: string;
  role: Role;
  /** When the session or token stops being valid; null for a token without end. */
  expires_at: Date | null;
}

const principalSql = (table: 'sessions' | 'api_tokens') =>
  prepared(
    `find-principal-${table}`,
    `SELECT u.id AS user_id, u.email, m.organisation_id, m.role, s.expires_at
       FROM ${table} s
       JOIN users u ON u.id = s.user_id AND u.disabled_at IS NULL
       JOIN memberships m ON m.user_id = s.user_id AND m.organisation_id = s.organisation_id
      WHERE s.token_hash = $1 AND ${
        table === 'sessions'
          ? 's.expires_at > $2'
          : 's.revoked_at IS NULL AND (s.expires_at IS NULL OR s.expires_at > $2)'
      }`,
  );
// Asked on every request: prepared once per connection.
const PRINCIPAL_SQL = { sessions: principalSql('sessions'), api_tokens: principalSql('api_tokens') };

/** The user and membership behind a session or token hash, if both are still valid. */
export async function findPrincipal(
  q: Queryable,
  table: 'sessions' | 'api_tokens',
  tokenHash: string,
  now: Date,
): Promise<PrincipalRow | undefined> {
  return (await q.query<PrincipalRow>(PRINCIPAL_SQL[table], [tokenHash, now])).rows[0];
}

// Sessions (web sign-in) and API tokens, both found by the hash of their secret.

export interface NewSessionRow {
  token_hash: string;
  user_id: string;
  organisation_id: string;
  created_at: Date;
  expires_at: Date;
}

export async function insertSession(q: Queryable, s: NewSessionRow): Promise<void> {
  await q.query(
    'INSERT INTO sessions (token_hash, user_id, organisation_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
    [s.token_hash, s.user_id, s.organisation_id, s.created_at, s.expires_at],
  );
}

export async function deleteSession(q: Queryable, tokenHash: string): Promise<void> {
  await q.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
}

export async function updateSessionOrganisation(
  q: Queryable,
  tokenHash: string,
  organisationId: string,
): Promise<void> {
  await q.query('UPDATE sessions SET organisation_id = $2 WHERE token_hash = $1', [
    tokenHash,
    organisationId,
  ]);
}

export interface TokenRow {
  id: string;
  user_id: string;
  organisation_id: string;
  name: string;
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export async function insertToken(
  q: Queryable,
  t: Omit<TokenRow, 'last_used_at' | 'revoked_at'> & { token_hash: string },
) {
  await q.query(
    `INSERT INTO api_tokens (id, user_id, organisation_id, name, token_hash, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [t.id, t.user_id, t.organisation_id, t.name, t.token_hash, t.created_at, t.expires_at],
  );
}

export async function updateTokenLastUsed(q: Queryable, tokenHash: string, at: Date): Promise<void> {
  await q.query('UPDATE api_tokens SET last_used_at = $2 WHERE token_hash = $1', [tokenHash, at]);
}

/** A page of tokens by id, of one user or of everyone (userId null), after the id `after`. */
export async function listTokensPage(
  q: Queryable,
  userId: string | null,
  after: string | number | null,
  limit: number,
): Promise<TokenRow[]> {
  return (
    await q.query<TokenRow>(
      `SELECT id, user_id, organisation_id, name, created_at, expires_at, last_used_at, revoked_at
         FROM api_tokens WHERE ($1::uuid IS NULL OR user_id = $1) AND ($2::uuid IS NULL OR id > $2)
        ORDER BY id LIMIT $3`,
      [userId, after, limit],
    )
  ).rows;
}

export async function findToken(q: Queryable, id: string): Promise<TokenRow | undefined> {
  return (
    await q.query<TokenRow>(
      'SELECT id, user_id, organisation_id, name, created_at, expires_at, last_used_at, revoked_at FROM api_tokens WHERE id = $1',
      [id],
    )
  ).rows[0];
}

export async function updateTokenRevoked(q: Queryable, id: string, at: Date): Promise<void> {
  await q.query('UPDATE api_tokens SET revoked_at = $2 WHERE id = $1', [id, at]);
}

export interface NewUserRow {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  locale: string;
  created_at: Date;
}

export async function insertUser(q: Queryable, u: NewUserRow): Promise<void> {
  await q.query(
    `INSERT INTO users (id, email, name, password_hash, locale, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $6)`,
    [u.id, u.email, u.name, u.password_hash, u.locale, u.created_at],
  );
}

export async function insertMembership(
  q: Queryable,
  userId: string,
  organisationId: string,
  role: Role,
  at: Date,
): Promise<void> {
  await q.query(
    'INSERT INTO memberships (user_id, organisation_id, role, created_at) VALUES ($1, $2, $3, $4)',
    [userId, organisationId, role, at],
  );
}

/** Sets a user's memberships, replacing those they had. */
export async function replaceMemberships(
  q: Queryable,
  userId: string,
  memberships: readonly { organisationId: string; role: Role }[],
  at: Date,
): Promise<void> {
  await q.query('DELETE FROM memberships WHERE user_id = $1', [userId]);
  for (const m of memberships) await insertMembership(q, userId, m.organisationId, m.role, at);
}

/** Which of these ids are organisations a user may be a member of. */
export async function existingOrganisationIds(q: Queryable, ids: readonly string[]): Promise<string[]> {
  return (
    await q.query<{ id: string }>('SELECT id FROM organisations WHERE id = ANY($1::uuid[])', [ids])
  ).rows.map((r) => r.id);
}

export interface UserListFilter {
  /** Part of an e-mail address or a name. */
  q: string | null;
  role: Role | null;
  organisationId: string | null;
}

/** Up to `limit` users by e-mail then id, after the key `after`. */
export async function listUsersPage(
  q: Queryable,
  f: UserListFilter,
  after: readonly unknown[] | undefined,
  limit: number,
): Promise<UserRow[]> {
  return (
    await q.query<UserRow>(
      `SELECT u.* FROM users u
        WHERE ($1::text IS NULL OR u.email ILIKE '%' || $1 || '%' OR u.name ILIKE '%' || $1 || '%')
          AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id AND m.role = $2))
          AND ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id AND m.organisation_id = $3))
          AND ($4::text IS NULL OR (u.email, u.id) > ($4, $5::uuid))
        ORDER BY u.email, u.id LIMIT $6`,
      [f.q, f.role, f.organisationId, after?.[0] ?? null, after?.[1] ?? null, limit],
    )
  ).rows;
}

/** Replaces the changeable fields of the user at `version`; false when they were changed meanwhile. */
export async function updateUserRow(
  q: Queryable,
  id: string,
  version: number,
  u: Pick<UserRow, 'name' | 'locale' | 'password_hash' | 'disabled_at' | 'updated_at'>,
): Promise<boolean> {
  const r = await q.query(
    `UPDATE users SET name = $3, locale = $4, password_hash = $5, disabled_at = $6, version = version + 1, updated_at = $7
      WHERE id = $1 AND version = $2`,
    [id, version, u.name, u.locale, u.password_hash, u.disabled_at, u.updated_at],
  );
  return r.rowCount > 0;
}

/** Sets a user's password if it is still `expectedHash`; false when it was changed meanwhile (or had none). */
export async function updateUserPassword(
  q: Queryable,
  id: string,
  passwordHash: string,
  expectedHash: string | null,
  at: Date,
): Promise<boolean> {
  const r = await q.query(
    'UPDATE users SET password_hash = $2, version = version + 1, updated_at = $3 WHERE id = $1 AND password_hash = $4',
    [id, passwordHash, at, expectedHash],
  );
  return r.rowCount > 0;
}

/** Ends a user's sessions, except the one with the hash `keepHash`; returns how many ended. */
export async function deleteSessionsOf(
  q: Queryable,
  userId: string,
  keepHash: string | null,
): Promise<number> {
  return (
    await q.query('DELETE FROM sessions WHERE user_id = $1 AND ($2::text IS NULL OR token_hash <> $2)', [
      userId,
      keepHash,
    ])
  ).rowCount;
}

/** Revokes a user's live API tokens, except the one with the hash `keepHash`; returns how many it revoked. */
export async function revokeTokensOf(
  q: Queryable,
  userId: string,
  keepHash: string | null,
  at: Date,
): Promise<number> {
  return (
    await q.query(
      `UPDATE api_tokens SET revoked_at = $3
        WHERE user_id = $1 AND revoked_at IS NULL AND ($2::text IS NULL OR token_hash <> $2)`,
      [userId, keepHash, at],
    )
  ).rowCount;
}
