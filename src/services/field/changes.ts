import { canAssess, seesAssignedSitesOnly } from '../../domain/access/roles.ts';
import { eventHead, incidentsChangedAt } from '../../storage/queries/field.ts';
import type { AuthedContext } from '../context.ts';
import { getSet, listSets } from '../criteria/criteria-sets.ts';
import type { SetView } from '../criteria/views.ts';
import { forbidden, ServiceError } from '../errors.ts';
import { getIncident } from '../incidents/incidents.ts';
import type { IncidentView } from '../incidents/views.ts';
import { listAssignments } from '../monitoring/assignments.ts';
import type { AssignmentView } from '../monitoring/views.ts';
import { listSites } from '../sites/sites.ts';
import type { SiteView } from '../sites/views.ts';

/** A checkpoint further behind the log's head than this is too old to catch up from: the phone starts afresh. */
export const MAX_EVENTS_BEHIND = 50_000;
/** At most this many sites and incidents in one answer; a monitor is sent to a handful of sites. */
const LIMIT = 200;

export interface FieldChanges {
  checkpoint: number;
  full: boolean;
  sites: SiteView[];
  assignments: AssignmentView[];
  incidents: IncidentView[];
  criteriaSets: SetView[];
}

/** Criteria-set keys a phone carries at most: the programme uses a handful of standards. */
const SET_LIMIT = 20;

/**
 * The criteria sets an assessor's phone assesses against offline (decision 0043): the latest published version of
 * each site set, with its requirements. Sent whole at every pull: a few sets of some dozens of requirements each,
 * and a newly published version must replace the old one on the phone at once. Monitors do not assess: none.
 */
async function setsToCarry(ctx: AuthedContext): Promise<SetView[]> {
  if (!canAssess(ctx.principal)) return [];
  const published = await listSets(ctx, { kind: 'site', status: 'published', limit: SET_LIMIT * 5 });
  // The page is by key, newest version first within a key: the first of each key is its latest.
  const latest = published.items
    .filter((s, i, all) => i === 0 || all[i - 1].key !== s.key)
    .slice(0, SET_LIMIT);
  return Promise.all(latest.map((s) => getSet(ctx, s.id)));
}

/**
 * What a phone needs to know since its checkpoint (an event sequence number): its sites with the status the server
 * gives them now (always all of them, since a status also changes with time passing), its current assignments,
 * and the incidents at those sites that anything happened to since then. With no checkpoint, one ahead of the log
 * or one too far behind, everything is sent again (`full`), and the phone replaces what it holds.
 */
export async function fieldChanges(ctx: AuthedContext, since: number | undefined): Promise<FieldChanges> {
  if (!seesAssignedSitesOnly(ctx.principal))
    throw forbidden('the field app is for monitors and assessors', { code: 'field.role' });
  const head = await eventHead(ctx.db);
  const full = since === undefined || since > head || head - since > MAX_EVENTS_BEHIND;
  const [sites, assignments, criteriaSets] = await Promise.all([
    listSites(ctx, { limit: LIMIT }),
    listAssignments(ctx, { limit: LIMIT, current: true }),
    setsToCarry(ctx),
  ]);
  const ids = await incidentsChangedAt(
    ctx.db,
    sites.items.map((s) => s.id),
    full ? null : (since as number),
    LIMIT,
  );
  const incidents: IncidentView[] = [];
  for (const id of ids) {
    // An incident the caller's role may not read is left out, as the incidents list leaves it out.
    const seen = await getIncident(ctx, id).catch((e) => {
      if (e instanceof ServiceError && e.kind === 'not_found') return null;
      throw e;
    });
    if (seen) incidents.push(seen);
  }
  return {
    checkpoint: head,
    full,
    sites: sites.items,
    assignments: assignments.items,
    incidents,
    criteriaSets,
  };
}
