import type { Queryable } from '../db.ts';

// HTTP Digest for OpenRosa clients (decision 0047): HA1 per account and realm, the nonce key, used nonce counts.

/** Writes the HA1 of an account, made beside the password hash it holds with. */
export async function upsertDigestSecret(
  q: Queryable,
  s: { userId: string; realm: string; ha1: string; passwordHash: string; at: Date },
): Promise<void> {
  await q.query(
    `INSERT INTO openrosa_digest_secrets (user_id, realm, ha1, password_hash, written_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (user_id, realm) DO UPDATE SET ha1 = excluded.ha1, password_hash = excluded.password_hash,
       written_at = excluded.written_at`,
    [s.userId, s.realm, s.ha1, s.passwordHash, s.at],
  );
}

/** The HA1 of an active account by e-mail, only while the password it was made with is still the account's. */
export async function findDigestSecret(
  q: Queryable,
  email: string,
  realm: string,
): Promise<{ user_id: string; ha1: string } | undefined> {
  return (
    await q.query<{ user_id: string; ha1: string }>(
      `SELECT u.id AS user_id, d.ha1 FROM users u
         JOIN openrosa_digest_secrets d ON d.user_id = u.id AND d.realm = $2 AND d.password_hash = u.password_hash
        WHERE u.email = $1 AND u.disabled_at IS NULL`,
      [email, realm],
    )
  ).rows[0];
}

/** Whether an account has an HA1 that holds with its current password. */
export async function hasDigestSecret(q: Queryable, userId: string, realm: string): Promise<boolean> {
  const r = await q.query(
    `SELECT 1 FROM openrosa_digest_secrets d JOIN users u ON u.id = d.user_id AND u.password_hash = d.password_hash
      WHERE d.user_id = $1 AND d.realm = $2`,
    [userId, realm],
  );
  return r.rows.length > 0;
}

/** The key nonces are signed with, made once (the first process to ask writes it; the others read that one). */
export async function digestKey(q: Queryable, candidate: Buffer, at: Date): Promise<Buffer> {
  await q.query(
    'INSERT INTO openrosa_digest_key (id, key, created_at) VALUES (true, $1, $2) ON CONFLICT (id) DO NOTHING',
    [candidate, at],
  );
  const row = (await q.query<{ key: Uint8Array }>('SELECT key FROM openrosa_digest_key WHERE id')).rows[0];
  return Buffer.from(row.key);
}

/** The most counts one nonce is used for before the client is asked to take a new one. */
const MAX_COUNTS = 1000;

/**
 * Records the use of a nonce count by its account, atomically: false when that count was already used with that nonce
 * (a replay), when the nonce is another account's, or when the nonce has served its most requests.
 */
export async function recordNonceCount(
  q: Queryable,
  u: { nonce: string; userId: string; count: number; expiresAt: Date; now: Date },
): Promise<boolean> {
  await q.query('DELETE FROM openrosa_digest_nonces WHERE expires_at <= $1', [u.now]);
  const r = await q.query(
    `INSERT INTO openrosa_digest_nonces (nonce, user_id, expires_at, used_counts) VALUES ($1, $2, $3, ARRAY[$4::bigint])
     ON CONFLICT (nonce) DO UPDATE SET used_counts = array_append(openrosa_digest_nonces.used_counts, $4::bigint)
      WHERE openrosa_digest_nonces.user_id = $2 AND NOT ($4::bigint = ANY (openrosa_digest_nonces.used_counts))
        AND cardinality(openrosa_digest_nonces.used_counts) < ${MAX_COUNTS}
     RETURNING nonce`,
    [u.nonce, u.userId, u.expiresAt, u.count],
  );
  return r.rows.length === 1;
}

/** The installation's key pair for encrypted submissions, made once (the first process to ask writes it). */
export async function encryptionKey(
  q: Queryable,
  candidate: { publicKeyDer: Buffer; privateKeySealed: string },
  at: Date,
): Promise<{ public_key_der: Uint8Array; private_key_sealed: string }> {
  await q.query(
    `INSERT INTO openrosa_encryption_key (id, public_key_der, private_key_sealed, created_at) VALUES (true, $1, $2, $3)
     ON CONFLICT (id) DO NOTHING`,
    [candidate.publicKeyDer, candidate.privateKeySealed, at],
  );
  return (
    await q.query<{ public_key_der: Uint8Array; private_key_sealed: string }>(
      'SELECT public_key_der, private_key_sealed FROM openrosa_encryption_key WHERE id',
    )
  ).rows[0];
}
