import { v7 as uuidv7 } from 'uuid';
import { checkPassword } from '../../domain/access/password-policy.ts';
import type { Principal } from '../../domain/access/roles.ts';
import { appendEvent } from '../../storage/events.ts';
import { findUserByEmail, insertMembership, insertUser } from '../../storage/queries/access.ts';
import { insertOrganisation } from '../../storage/queries/actors.ts';
import type { ServiceContext } from '../context.ts';
import { conflict, invalid } from '../errors.ts';
import { keepDigestSecret } from '../openrosa/digest.ts';
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
  if (await findUserByEmail(ctx.db, email))
    throw conflict(`a user ${email} already exists`, [], { code: 'access.email-taken' });
  const orgId = uuidv7();
  const userId = uuidv7();
  const now = ctx.clock();
  const passwordHash = await hashPassword(input.password);
  await ctx.db.transaction(async (tx) => {
    await insertOrganisation(
      tx,
      orgId,
      {
        legal_name: input.organisationName,
        trade_names: [],
        chain_roles: ['operator'],
        country: input.country ?? 'CD',
        addresses: [],
        contact: null,
        operating_zones: [],
      },
      now,
    );
    await insertUser(tx, {
      id: userId,
      email,
      name: input.name,
      password_hash: passwordHash,
      locale: 'fr',
      created_at: now,
    });
    await insertMembership(tx, userId, orgId, 'admin', now);
    await keepDigestSecret(tx, { id: userId, email, passwordHash }, input.password, ['admin'], now);
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
