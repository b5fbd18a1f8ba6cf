import { ownSitesScope, seesAssignedSitesOnly } from '../../domain/access/roles.ts';
import {
  type AssignedTo,
  findSiteById,
  isSiteAssigned,
  type SiteListFilter,
  type SiteRow,
} from '../../storage/queries/sites.ts';
import type { AuthedContext } from '../context.ts';
import { notFound } from '../errors.ts';

/**
 * Whose assignments limit what the caller sees of sites, now: a monitor's or assessor's own, in the organisation it
 * acts for; null for everyone else, who sees every site (decision 0021).
 */
export function siteScope(ctx: AuthedContext): AssignedTo | null {
  if (!seesAssignedSitesOnly(ctx.principal)) return null;
  return { userId: ctx.principal.userId, organisationId: ctx.principal.organisationId, at: ctx.clock() };
}

/** The site, when the caller may see it; a site outside a monitor's or assessor's assignments is not found. */
export async function siteInView(ctx: AuthedContext, id: string): Promise<SiteRow> {
  const row = await findSiteById(ctx.db, id);
  const who = siteScope(ctx);
  if (!row || (who && !(await isSiteAssigned(ctx.db, id, who)))) throw notFound('site');
  return row;
}

/**
 * The caller's own sites as a list filter (ownSitesScope): a cooperative's, a buyer's or a refiner's, or, for those
 * who see every site, no narrowing at all. A monitor's or assessor's assignments apply to every list anyway.
 */
export function ownSitesFilter(ctx: AuthedContext): Pick<SiteListFilter, 'assignedTo' | 'ownedBy'> {
  const scope = ownSitesScope(ctx.principal);
  const assignedTo = siteScope(ctx);
  if (scope === 'operated' || scope === 'exposed')
    return { assignedTo, ownedBy: { scope, organisationId: ctx.principal.organisationId } };
  return { assignedTo, ownedBy: null };
}
