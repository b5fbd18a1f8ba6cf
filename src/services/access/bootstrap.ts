import { v7 as uuidv7 } from 'uuid';
import { checkPassword } from '../../domain/access/password-policy.ts';
import type { Principal } from '../../domain/access/roles.ts';
import { appendEvent } from '../../storage/events.ts';
import { findUserByEmail } from '../../storage/queries/access.ts';
import type { ServiceContext } from '../context.ts';
import { conflict, invalid } from '../errors.ts';
import { hashPassword } from './passwords.ts';

/**
 * Creates the first administrator and the operator organisation they belong to, from the command line
 * of whoever holds the database. Later users are created by administrators through the API.
 */
export async function bootstrapAdmin(
  ctx: ServiceContext,
  input: { email: string; name: string; password: string; organisationName: string; country?: string },
): Promise<Principal> {
  const weak = checkPassword(input.password, input);
  if (weak) throw invalid([{ path: 'password', ...weak }]);
  const email = input.email.trim().toLowerCase();
  if (await findUserByEmail(ctx.db, email)) throw conflict(`a user ${email} already exists`);
  const orgId = uuidv7();
  const userId = uuidv7();
  const now = ctx.clock();
  const passwordHash = await hashPassword(input.password);
  await ctx.db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO organisations (id, legal_name, chain_roles, country, created_at, updated_at) VALUES ($1, $2, '{operator}', $3, $4, $4)`,
      [orgId, input.organisationName, input.country ?? 'CD', now],
    );
    await tx.query(
      `INSERT INTO users (id, email, name, password_hash, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)`,
      [userId, email, input.name, passwordHash, now],
    );
    await tx.query(
      `INSERT INTO memberships (user_id, organisation_id, role, created_at) VALUES ($1, $2, 'admin', $3)`,
      [userId, orgId, now],
    );
    await appendEvent(tx, {
      type: 'installation.bootstrapped',
      subjectType: 'user',
      subjectId: userId,
      payload: { email, organisationId: orgId, organisationName: input.organisationName },
      actor: null,
      at: now,
    });
  });
  return { userId, email, organisationId: orgId, role: 'admin', via: 'session' };
}
