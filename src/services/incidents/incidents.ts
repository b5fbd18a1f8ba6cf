import { v7 as uuidv7 } from 'uuid';
import {
  canHandleIncidents,
  canReportIncidents,
  incidentScope,
  type Principal,
} from '../../domain/access/roles.ts';
import type { RiskCategory } from '../../domain/criteria/criteria-set.ts';
import {
  type IncidentSource,
  type IncidentState,
  isVerificationOverdue,
  type Level,
  needsSecondPerson,
  nextStates,
  verificationDue,
} from '../../domain/incidents/lifecycle.ts';
import type { RuleFinding } from '../../domain/monitoring/indicator-rules.ts';
import type { Queryable } from '../../storage/db.ts';
import { appendEvent, type EventActor } from '../../storage/events.ts';
import {
  findIncidentPage,
  findSortedIncidentPage,
  findVisibleIncident,
  INCIDENT_SORT_EXPR,
  type IncidentListRow,
  type IncidentRow,
  type IncidentScope,
  type IncidentSortField,
  incidentExists,
  incidentExtras,
  insertIncidentRow,
  listTransitions,
  nextIncidentNumber,
  type PriorityKey,
  visitTime,
} from '../../storage/queries/incidents.ts';
import { type Page, toPage } from '../../storage/queries/page.ts';
import { findOrganisationRoles, findSiteById } from '../../storage/queries/sites.ts';
import { type AuthedContext, actorOf, type ServiceContext } from '../context.ts';
import { cursorKey, sortedCursorKey } from '../cursor.ts';
import { rejudgeSite } from '../custody/reevaluate.ts';
import { forbidden, invalid, notFound } from '../errors.ts';
import { type CreateOperation, createOnce } from '../idempotency.ts';
import type { IncidentTransitionView, IncidentView } from './views.ts';

export type { IncidentRow } from '../../storage/queries/incidents.ts';

export interface NewIncident {
  siteId: string | null;
  level: Level;
  category: RiskCategory;
  title: string;
  description: string;
  source: IncidentSource;
  organisationIds?: string[];
  visitId?: string | null;
  ruleCode?: string | null;
  ruleFinding?: RuleFinding | null;
  assessmentId?: string | null;
  grievanceId?: string | null;
  /** When the harm was observed or began, if before the report; a visit's incident was observed at the visit. */
  observedAt?: Date | null;
}

/** Writes a new incident in `reported` state, with its first transition and event, inside the caller's transaction. */
export async function insertIncident(
  tx: Queryable,
  ctx: ServiceContext,
  incident: NewIncident,
  actor: EventActor | null,
  now: Date,
  id: string = uuidv7(),
): Promise<{ id: string; code: string }> {
  const code = `INC-${await nextIncidentNumber(tx)}`;
  const due = verificationDue(now, incident.level, ctx.config.verificationDays);
  const observedAt = incident.observedAt ?? (incident.visitId ? await visitTime(tx, incident.visitId) : null);
  await insertIncidentRow(
    tx,
    {
      id,
      code,
      site_id: incident.siteId,
      level: incident.level,
      category: incident.category,
      title: incident.title,
      description: incident.description,
      source: incident.source,
      visit_id: incident.visitId ?? null,
      rule_code: incident.ruleCode ?? null,
      rule_finding: incident.ruleFinding ?? null,
      assessment_id: incident.assessmentId ?? null,
      grievance_id: incident.grievanceId ?? null,
      reported_by: actor?.userId ?? null,
      reported_at: now,
      verification_due: due,
      observed_at: observedAt,
    },
    [...new Set(incident.organisationIds ?? [])],
    { id: uuidv7(), reason: `reported by ${incident.source}` },
  );
  await appendEvent(tx, {
    type: 'incident.reported',
    subjectType: 'incident',
    subjectId: id,
    payload: {
      code,
      siteId: incident.siteId,
      level: incident.level,
      category: incident.category,
      source: incident.source,
      title: incident.title,
      ...(observedAt ? { observedAt: observedAt.toISOString() } : {}),
    },
    actor,
    at: now,
  });
  // A level-1 incident observed in the past taints what its site produced since: judge it again now.
  if (incident.level === 1 && incident.siteId) {
    const site = await findSiteById(tx, incident.siteId);
    if (!site) throw invalid([{ path: 'siteId', message: 'no such site', code: 'incidents.no-such-site' }]);
    const since = observedAt ?? now;
    await rejudgeSite(
      tx,
      incident.siteId,
      since,
      {
        kind: 'incident',
        incident: code,
        site: site.code,
        observedAt: since.toISOString(),
        change: 'reported',
        at: now.toISOString(),
      },
      actor,
      now,
    );
  }
  return { id, code };
}

/** Which incidents the principal sees, and whether that is a few sites' (read by index, sorted at once). */
export function incidentVisibility(p: Principal): { scope: IncidentScope; narrow: boolean } {
  const scope = incidentScope(p);
  return { scope, narrow: scope !== 'all' };
}

/** Who reads an incident: the second-person steps are those its reader may not take. */
interface Reader {
  userId: string;
  fourEyesLevels: readonly Level[];
}
const readerOf = (ctx: AuthedContext): Reader => ({
  userId: ctx.principal.userId,
  fourEyesLevels: ctx.config.incidentFourEyesLevels,
});

function toView(
  r: IncidentRow,
  site: IncidentView['site'],
  organisationIds: string[],
  now: Date,
  reader: Reader,
): IncidentView {
  const next = nextStates(r.state);
  return {
    id: r.id,
    code: r.code,
    site,
    level: r.level,
    category: r.category,
    title: r.title,
    description: r.description,
    source: r.source,
    state: r.state,
    nextStates: [...next],
    fourEyes: reader.fourEyesLevels.includes(r.level),
    secondPersonStates: next.filter((to) =>
      needsSecondPerson(to, r.level, r.reported_by, reader.userId, reader.fourEyesLevels),
    ),
    visitId: r.visit_id,
    ruleCode: r.rule_code,
    ruleFinding: r.rule_finding,
    assessmentId: r.assessment_id,
    grievanceId: r.grievance_id,
    organisationIds,
    reportedBy: r.reported_by,
    reportedAt: r.reported_at.toISOString(),
    observedAt: (r.observed_at ?? r.reported_at).toISOString(),
    verificationDue: r.verification_due.toISOString(),
    verificationOverdue: isVerificationOverdue(r.state, r.verification_due, now),
    revision: r.revision,
    updatedAt: r.updated_at.toISOString(),
  };
}

/** The incident if the principal may see it; 404 otherwise, so its existence is not revealed. */
export async function visibleIncident(
  ctx: AuthedContext,
  id: string,
  q: Queryable = ctx.db,
  lock = false,
): Promise<IncidentRow> {
  const row = await findVisibleIncident(
    q,
    id,
    incidentScope(ctx.principal),
    ctx.principal.organisationId,
    lock,
  );
  if (!row) throw notFound('incident');
  return row;
}

export async function getIncident(ctx: AuthedContext, id: string): Promise<IncidentView> {
  const row = await visibleIncident(ctx, id);
  const [extras] = await incidentExtras(ctx.db, [row.id]);
  return toView(row, extras.site, extras.organisation_ids, ctx.clock(), readerOf(ctx));
}

export interface IncidentFilter {
  level?: Level;
  state?: IncidentState;
  siteId?: string;
  overdue?: boolean;
  category?: string;
  q?: string;
  /** Only those awaiting a verification the caller may conclude (not one it reported, under four eyes). */
  awaitingMyVerification?: boolean;
  /** Only unresolved incidents whose mitigation plan is past its review date. */
  reviewOverdue?: boolean;
  sort?: IncidentSort;
  limit: number;
  cursor?: string;
}

/** The orders an incident list offers besides its default; a leading '-' sorts descending. */
export const INCIDENT_SORTS = [
  'code',
  '-code',
  'level',
  '-level',
  'title',
  '-title',
  'site',
  '-site',
  'due',
  '-due',
] as const;
export type IncidentSort = (typeof INCIDENT_SORTS)[number];

/**
 * Incidents the principal may see, a page at a time: by default overdue verifications first, then the most
 * serious and most recent; or sorted by a column, ties by id.
 */
export async function listIncidents(ctx: AuthedContext, f: IncidentFilter): Promise<Page<IncidentView>> {
  if (f.awaitingMyVerification && !canHandleIncidents(ctx.principal))
    throw forbidden('only analysts and administrators verify incidents', {
      code: 'incidents.transition-role',
    });
  const now = ctx.clock();
  const filter = {
    level: f.level ?? null,
    state: f.state ?? null,
    siteId: f.siteId ?? null,
    category: f.category ?? null,
    overdue: f.overdue ?? null,
    q: f.q?.trim() || null,
    verifiableBy: f.awaitingMyVerification
      ? { userId: ctx.principal.userId, fourEyesLevels: ctx.config.incidentFourEyesLevels }
      : null,
    reviewOverdue: f.reviewOverdue ?? false,
  };
  const visibility = incidentVisibility(ctx.principal);
  const { organisationId } = ctx.principal;
  const reader = readerOf(ctx);
  const view = (r: IncidentListRow) => toView(r, r.site, r.organisation_ids, now, reader);
  if (f.sort) {
    const field = f.sort.replace('-', '') as IncidentSortField;
    const after = sortedCursorKey(f.cursor, f.sort, INCIDENT_SORT_EXPR[field].key, 'uuid');
    const rows = await findSortedIncidentPage(
      ctx.db,
      visibility,
      organisationId,
      filter,
      { field, desc: f.sort.startsWith('-') },
      after,
      now,
      f.limit + 1,
    );
    return toPage(rows, f.limit, (r) => [f.sort ?? '', r.sort_value, r.id], view);
  }
  const rows = await findIncidentPage(
    ctx.db,
    visibility,
    organisationId,
    filter,
    priorityCursor(f.cursor),
    now,
    f.limit + 1,
  );
  return toPage(rows, f.limit, (r) => ['priority', r.overdue ? 1 : 0, r.level, r.reported_key, r.id], view);
}

/** The default order's position inside a cursor; a cursor of another order, or forged, is a 400. */
function priorityCursor(cursor: string | undefined): PriorityKey | undefined {
  const key = cursorKey(cursor, ['order', 'int', 'int', 'instant', 'uuid']);
  if (!key) return undefined;
  const [order, part, level, reported, id] = key;
  if (order !== 'priority' || (part !== 0 && part !== 1))
    throw invalid([
      {
        path: 'cursor',
        message: 'this cursor was not issued by this list; start again without it',
        code: 'incidents.cursor-not-issued',
      },
    ]);
  return [part, Number(level), String(reported), String(id)];
}

const REPORT: CreateOperation<{ incident: IncidentView; created: boolean }> = {
  name: 'incident.report',
  exists: incidentExists,
};

/** Reports an incident by hand; a retried report with the same id is acknowledged once. */
export async function reportIncident(
  ctx: AuthedContext,
  input: Omit<NewIncident, 'source' | 'observedAt'> & { id?: string; observedAt?: string },
) {
  if (!canReportIncidents(ctx.principal))
    throw forbidden('your role does not report incidents', { code: 'incidents.report-role' });
  return createOnce(ctx, REPORT, input, (c, id) => storeReport(c, input, id));
}

async function storeReport(
  ctx: AuthedContext,
  input: Omit<NewIncident, 'source' | 'observedAt'> & { observedAt?: string },
  id: string,
) {
  if (input.siteId && !(await findSiteById(ctx.db, input.siteId)))
    throw invalid([{ path: 'siteId', message: 'no such site', code: 'incidents.no-such-site' }]);
  const orgs = [...new Set(input.organisationIds ?? [])];
  const found = await findOrganisationRoles(ctx.db, orgs);
  const missing = orgs.map((o, i) => ({ o, i })).filter(({ o }) => !found.some((r) => r.id === o));
  if (missing.length)
    throw invalid(
      missing.map(({ i }) => ({
        path: `organisationIds.${i}`,
        message: 'no such organisation',
        code: 'incidents.no-such-organisation',
      })),
    );
  if (!input.siteId && orgs.length === 0)
    throw invalid([
      {
        path: 'siteId',
        message: 'name the site or at least one organisation involved',
        code: 'incidents.site-or-organisation',
      },
    ]);
  const source =
    ctx.principal.role === 'monitor'
      ? 'monitor'
      : ctx.principal.role === 'assessor'
        ? 'assessment'
        : 'analyst';
  const now = ctx.clock();
  const observedAt = input.observedAt ? new Date(input.observedAt) : null;
  if (observedAt && observedAt.getTime() > now.getTime())
    throw invalid([
      {
        path: 'observedAt',
        message: 'the harm cannot have been observed in the future',
        code: 'incidents.observed-in-future',
      },
    ]);
  await ctx.db.transaction((tx) =>
    insertIncident(tx, ctx, { ...input, source, observedAt }, actorOf(ctx.principal), now, id),
  );
  return { incident: await getIncident(ctx, id), created: true };
}

export async function incidentTimeline(ctx: AuthedContext, id: string): Promise<IncidentTransitionView[]> {
  await visibleIncident(ctx, id);
  const rows = await listTransitions(ctx.db, id);
  return rows.map((r) => ({
    id: r.id,
    from: r.from_state,
    to: r.to_state,
    reason: r.reason,
    by: r.by_user,
    at: r.at.toISOString(),
  }));
}
