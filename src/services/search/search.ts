import { canHandleGrievances, type Role, worksIn } from '../../domain/access/roles.ts';
import { listOrganisations } from '../actors/organisations.ts';
import type { AuthedContext } from '../context.ts';
import { listLots } from '../custody/trace.ts';
import { ServiceError } from '../errors.ts';
import { listGrievances } from '../grievances/grievances.ts';
import { listIncidents } from '../incidents/incidents.ts';
import { listSites } from '../sites/sites.ts';

/** The kinds of record the search box finds, in the order it shows them. */
export const SEARCH_TYPES = ['site', 'organisation', 'lot', 'incident', 'grievance'] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

export interface SearchHit {
  type: SearchType;
  id: string;
  code: string;
  name: string;
}

/** Which kinds a role looks in: those of the areas it works in (the same table as the navigation). */
const AREA_OF: Record<SearchType, Parameters<typeof worksIn>[1]> = {
  site: 'sites',
  organisation: 'organisations',
  lot: 'lots',
  incident: 'incidents',
  grievance: 'grievances',
};

const searchesIn = (role: Role, type: SearchType) => worksIn(role, AREA_OF[type]);

/**
 * Finds records by part of their code or name across the kinds the reader works with. Each kind is asked of its
 * own list use case, which scopes it to what the reader may see (a cooperative its own sites, a monitor the sites
 * it is assigned, grievances to their officers), so the search shows nothing the lists would not.
 */
export async function search(
  ctx: AuthedContext,
  f: { q: string; perType: number },
): Promise<{ q: string; types: SearchType[]; items: SearchHit[] }> {
  const q = f.q.trim();
  const limit = f.perType;
  const types = SEARCH_TYPES.filter((t) => searchesIn(ctx.principal.role, t));
  const find: Record<SearchType, () => Promise<SearchHit[]>> = {
    site: async () =>
      (await listSites(ctx, { q, limit })).items.map((s) => ({
        type: 'site',
        id: s.id,
        code: s.code,
        name: s.name,
      })),
    organisation: async () =>
      (await listOrganisations(ctx, { q, limit })).items.map((o) => ({
        type: 'organisation',
        id: o.id,
        code: o.registrationNumbers[0]?.number ?? '',
        name: o.legalName,
      })),
    lot: async () =>
      (await listLots(ctx, { q, limit })).items.map((l) => ({
        type: 'lot',
        id: l.id,
        code: l.tag ?? l.epc,
        name: l.holder.name,
      })),
    incident: async () =>
      (await listIncidents(ctx, { q, limit })).items.map((i) => ({
        type: 'incident',
        id: i.id,
        code: i.code,
        name: i.title,
      })),
    grievance: async () =>
      canHandleGrievances(ctx.principal)
        ? (await listGrievances(ctx, { q, limit })).items.map((g) => ({
            type: 'grievance',
            id: g.id,
            code: g.caseCode,
            name: g.location,
          }))
        : [],
  };
  const found = await Promise.all(
    types.map((t) =>
      find[t]().catch((error: unknown) => {
        // A kind the role's area holds but whose list refuses this reader is simply not searched.
        if (error instanceof ServiceError && error.kind === 'forbidden') return [];
        throw error;
      }),
    ),
  );
  return { q, types, items: found.flat() };
}
