import { canReadAllPrivate, canReadPrivate, type Principal } from '../../domain/access/roles.ts';
import { forbidden } from '../errors.ts';

/**
 * The organisation a list of private records is limited to: the one asked for if the caller may read
 * it, the caller's own when they may read no other, or null (all) for registry readers.
 */
export function privateScope(p: Principal, requested: string | undefined): string | null {
  if (requested !== undefined) {
    if (!canReadPrivate(p, requested))
      throw forbidden("you may not see this organisation's private records", {
        code: 'actors.private-hidden',
      });
    return requested;
  }
  return canReadAllPrivate(p) ? null : p.organisationId;
}
