import type { Queryable } from '../db.ts';

export interface PasswordLinkRow {
  id: string;
  user_id: string;
  purpose: 'invitation' | 'reset';
  created_by: string | null;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
  replaced_at: Date | null;
}

/** Records a new link and retires the user's earlier live ones, so only the newest e-mail works. */
export async function insertPasswordLink(
  q: Queryable,
  l: Omit<PasswordLinkRow, 'used_at' | 'replaced_at'> & { token_hash: string },
): Promise<void> {
  await q.query(
    `UPDATE password_links SET replaced_at = $2
      WHERE user_id = $1 AND used_at IS NULL AND replaced_at IS NULL`,
    [l.user_id, l.created_at],
  );
  await q.query(
    `INSERT INTO password_links (id, user_id, purpose, token_hash, created_by, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [l.id, l.user_id, l.purpose, l.token_hash, l.created_by, l.created_at, l.expires_at],
  );
}

/** The link with this secret's hash, locked for the caller's transaction. */
export async function lockPasswordLink(
  q: Queryable,
  tokenHash: string,
): Promise<PasswordLinkRow | undefined> {
  return (
    await q.query<PasswordLinkRow>(
      `SELECT id, user_id, purpose, created_by, created_at, expires_at, used_at, replaced_at
         FROM password_links WHERE token_hash = $1 FOR UPDATE`,
      [tokenHash],
    )
  ).rows[0];
}

/** Marks a link used. */
export async function markPasswordLinkUsed(q: Queryable, id: string, at: Date): Promise<void> {
  await q.query('UPDATE password_links SET used_at = $2 WHERE id = $1', [id, at]);
}

/** The newest link of each user given, for the administrator's list (pending invitation or not). */
export async function latestLinksOf(q: Queryable, userIds: readonly string[]): Promise<PasswordLinkRow[]> {
  if (!userIds.length) return [];
  return (
    await q.query<PasswordLinkRow>(
      `SELECT DISTINCT ON (user_id) id, user_id, purpose, created_by, created_at, expires_at, used_at, replaced_at
         FROM password_links WHERE user_id = ANY($1::uuid[]) ORDER BY user_id, created_at DESC`,
      [userIds],
    )
  ).rows;
}

/** Sets a user's password (they may have had none: an invitation). */
export async function setUserPassword(q: Queryable, userId: string, hash: string, at: Date): Promise<void> {
  await q.query('UPDATE users SET password_hash = $2, version = version + 1, updated_at = $3 WHERE id = $1', [
    userId,
    hash,
    at,
  ]);
}
