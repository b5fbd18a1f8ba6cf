import type { Principal } from '../../domain/access/roles.ts';
import type { AuthedContext } from '../context.ts';

/** Who speaks OpenRosa: a member by password (HTTP Basic), or an app user's token limited to its sites. */
export interface OpenRosaContext extends AuthedContext {
  principal: Principal;
  appUser: { id: string; siteIds: string[] } | null;
}
