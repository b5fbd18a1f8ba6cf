import type { Role } from '../../domain/access/roles.ts';
import type { Queryable } from '../db.ts';

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
}

/** The user and membership behind a session or token hash, if both are still valid. */
export async function findPrincipal(
  q: Queryable,
  table: 'sessions' | 'api_tokens',
  tokenHash: string,
  now: Date,
): Promise<PrincipalRow | undefined> {
  const alive =
    table === 'sessions'
      ? 's.expires_at > $2'
      : 's.revoked_at IS NULL AND (s.expires_at IS NULL OR s.expires_at > $2)';
  return (
    await q.query<PrincipalRow>(
      `SELECT u.id AS user_id, u.email, m.organisation_id, m.role
         FROM ${table} s
         JOIN users u ON u.id = s.user_id AND u.disabled_at IS NULL
         JOIN memberships m ON m.user_id = s.user_id AND m.organisation_id = s.organisation_id
        WHERE s.token_hash = $1 AND ${alive}`,
      [tokenHash, now],
    )
  ).rows[0];
}
