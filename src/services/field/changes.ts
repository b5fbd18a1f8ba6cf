import { seesAssignedSitesOnly } from '../../domain/access/roles.ts';
import { eventHead, incidentsChangedAt } from '../../storage/queries/field.ts';
import type { AuthedContext } from '../context.ts';
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
  const [sites, assignments] = await Promise.all([
    listSites(ctx, { limit: LIMIT }),
    listAssignments(ctx, { limit: LIMIT, current: true }),
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
  return { checkpoint: head, full, sites: sites.items, assignments: assignments.items, incidents };
}
