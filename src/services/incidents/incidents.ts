import { v7 as uuidv7 } from 'uuid';
import { canReportIncidents, incidentScope, type Principal } from '../../domain/access/roles.ts';
import type { RiskCategory } from '../../domain/criteria/criteria-set.ts';
import {
  type IncidentSource,
  type IncidentState,
  isVerificationOverdue,
  type Level,
  nextStates,
  verificationDue,
} from '../../domain/incidents/lifecycle.ts';
import type { Queryable } from '../../storage/db.ts';
import { appendEvent, type EventActor } from '../../storage/events.ts';
import { findIncidentPage } from '../../storage/queries/incidents.ts';
import { exposedSitesSql } from '../alerts/exposure.ts';
import { type AuthedContext, actorOf, type ServiceContext } from '../context.ts';
import { rejudgeSite } from '../custody/reevaluate.ts';
import { forbidden, invalid, notFound } from '../errors.ts';
import { type CreateOperation, createOnce, rowIn } from '../idempotency.ts';

export interface IncidentRow {
  id: string;
  code: string;
  site_id: string | null;
  level: Level;
  category: RiskCategory;
  title: string;
  description: string;
  source: IncidentSource;
  state: IncidentState;
  visit_id: string | null;
  rule_code: string | null;
  assessment_id: string | null;
  grievance_id: string | null;
  reported_by: string | null;
  reported_at: Date;
  /** When the harm was observed or began; null when only the report time is known. */
  observed_at: Date | null;
  verification_due: Date;
  revision: number;
  updated_at: Date;
}

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
  const n = (await tx.query<{ n: number }>("SELECT nextval('incident_number_seq') AS n")).rows[0].n;
  const code = `INC-${n}`;
  const due = verificationDue(now, incident.level, ctx.config.verificationDays);
  const observedAt =
    incident.observedAt ??
    (incident.visitId
      ? ((
          await tx.query<{ visited_at: Date }>('SELECT visited_at FROM visits WHERE id = $1', [
            incident.visitId,
          ])
        ).rows[0]?.visited_at ?? null)
      : null);
  await tx.query(
    `INSERT INTO incidents (id, code, site_id, level, category, title, description, source, visit_id, rule_code, assessment_id,
                            grievance_id, reported_by, reported_at, verification_due, updated_at, observed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $14, $16)`,
    [
      id,
      code,
      incident.siteId,
      incident.level,
      incident.category,
      incident.title,
      incident.description,
      incident.source,
      incident.visitId ?? null,
      incident.ruleCode ?? null,
      incident.assessmentId ?? null,
      incident.grievanceId ?? null,
      actor?.userId ?? null,
      now,
      due,
      observedAt,
    ],
  );
  for (const org of new Set(incident.organisationIds ?? [])) {
    await tx.query('INSERT INTO incident_actors (incident_id, organisation_id) VALUES ($1, $2)', [id, org]);
  }
  await tx.query(
    'INSERT INTO incident_transitions (id, incident_id, from_state, to_state, reason, by_user, at) VALUES ($1, $2, NULL, $3, $4, $5, $6)',
    [uuidv7(), id, 'reported', `reported by ${incident.source}`, actor?.userId ?? null, now],
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
    const site = (await tx.query<{ code: string }>('SELECT code FROM sites WHERE id = $1', [incident.siteId]))
      .rows[0];
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

/** SQL limiting incidents (alias `i`) to what the principal may see; `$n` is the principal's organisation. */
export function visibilitySql(p: Principal, n: number): string {
  const scope = incidentScope(p);
  // The parameter is referenced in every branch so that PostgreSQL can type it.
  if (scope === 'all') return `$${n}::uuid IS NOT NULL`;
  if (scope === 'own_sites') {
    // Sets read once for the whole query, as arrays: the planner then fetches their incidents by index.
    return `(i.site_id = ANY(ARRAY(SELECT o.site_id FROM site_operators o WHERE o.organisation_id = $${n}))
             OR i.id = ANY(ARRAY(SELECT a.incident_id FROM incident_actors a WHERE a.organisation_id = $${n})))`;
  }
  return `(i.site_id IS NOT NULL AND i.site_id = ANY(ARRAY${exposedSitesSql(`$${n}`)}))`;
}

export interface IncidentView {
  id: string;
  code: string;
  site: { id: string; code: string; name: string } | null;
  level: Level;
  category: string;
  title: string;
  description: string;
  source: IncidentSource;
  state: IncidentState;
  nextStates: IncidentState[];
  visitId: string | null;
  ruleCode: string | null;
  assessmentId: string | null;
  grievanceId: string | null;
  organisationIds: string[];
  reportedBy: string | null;
  reportedAt: string;
  /** When the harm was observed or began (the report time when nothing earlier is known). */
  observedAt: string;
  verificationDue: string;
  verificationOverdue: boolean;
  revision: number;
  updatedAt: string;
}

function toView(
  r: IncidentRow,
  site: IncidentView['site'],
  organisationIds: string[],
  now: Date,
): IncidentView {
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
    nextStates: [...nextStates(r.state)],
    visitId: r.visit_id,
    ruleCode: r.rule_code,
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

async function views(ctx: ServiceContext, rows: IncidentRow[]): Promise<IncidentView[]> {
  const ids = rows.map((r) => r.id);
  const actors = await ctx.db.query<{ incident_id: string; organisation_id: string }>(
    'SELECT incident_id, organisation_id FROM incident_actors WHERE incident_id = ANY($1::uuid[]) ORDER BY organisation_id',
    [ids],
  );
  const sites = await ctx.db.query<{ id: string; code: string; name: string }>(
    'SELECT id, code, name FROM sites WHERE id = ANY($1::uuid[])',
    [rows.map((r) => r.site_id).filter((s) => s !== null)],
  );
  const now = ctx.clock();
  return rows.map((r) =>
    toView(
      r,
      sites.rows.find((s) => s.id === r.site_id) ?? null,
      actors.rows.filter((a) => a.incident_id === r.id).map((a) => a.organisation_id),
      now,
    ),
  );
}

/** The incident if the principal may see it; 404 otherwise, so its existence is not revealed. */
export async function visibleIncident(
  ctx: AuthedContext,
  id: string,
  q: Queryable = ctx.db,
  lock = false,
): Promise<IncidentRow> {
  const row = (
    await q.query<IncidentRow>(
      `SELECT i.* FROM incidents i WHERE i.id = $1 AND ${visibilitySql(ctx.principal, 2)}${lock ? ' FOR UPDATE' : ''}`,
      [id, ctx.principal.organisationId],
    )
  ).rows[0];
  if (!row) throw notFound('incident');
  return row;
}

export async function getIncident(ctx: AuthedContext, id: string): Promise<IncidentView> {
  return (await views(ctx, [await visibleIncident(ctx, id)]))[0];
}

export interface IncidentFilter {
  level?: Level;
  state?: IncidentState;
  siteId?: string;
  overdue?: boolean;
  category?: string;
}

/** Incidents the principal may see: overdue verifications first, then the most serious and most recent. */
export async function listIncidents(ctx: AuthedContext, f: IncidentFilter): Promise<IncidentView[]> {
  const now = ctx.clock();
  const rows = await findIncidentPage<IncidentRow>(
    ctx.db,
    { sql: visibilitySql(ctx.principal, 1), narrow: incidentScope(ctx.principal) !== 'all' },
    ctx.principal.organisationId,
    {
      level: f.level ?? null,
      state: f.state ?? null,
      siteId: f.siteId ?? null,
      category: f.category ?? null,
      overdue: f.overdue ?? null,
    },
    now,
    500,
  );
  return rows.map((r) => toView(r, r.site, r.organisation_ids, now));
}

const REPORT: CreateOperation<{ incident: IncidentView; created: boolean }> = {
  name: 'incident.report',
  exists: rowIn('incidents'),
};

/** Reports an incident by hand; a retried report with the same id is acknowledged once. */
export async function reportIncident(
  ctx: AuthedContext,
  input: Omit<NewIncident, 'source' | 'observedAt'> & { id?: string; observedAt?: string },
) {
  if (!canReportIncidents(ctx.principal)) throw forbidden('your role does not report incidents');
  return createOnce(ctx, REPORT, input, (c, id) => storeReport(c, input, id));
}

async function storeReport(
  ctx: AuthedContext,
  input: Omit<NewIncident, 'source' | 'observedAt'> & { observedAt?: string },
  id: string,
) {
  if (
    input.siteId &&
    !(await ctx.db.query('SELECT 1 FROM sites WHERE id = $1', [input.siteId])).rows.length
  ) {
    throw invalid([{ path: 'siteId', message: 'no such site' }]);
  }
  const orgs = [...new Set(input.organisationIds ?? [])];
  const found = await ctx.db.query<{ id: string }>(
    'SELECT id FROM organisations WHERE id = ANY($1::uuid[])',
    [orgs],
  );
  const missing = orgs.map((o, i) => ({ o, i })).filter(({ o }) => !found.rows.some((r) => r.id === o));
  if (missing.length)
    throw invalid(
      missing.map(({ i }) => ({ path: `organisationIds.${i}`, message: 'no such organisation' })),
    );
  if (!input.siteId && orgs.length === 0)
    throw invalid([{ path: 'siteId', message: 'name the site or at least one organisation involved' }]);
  const source =
    ctx.principal.role === 'monitor'
      ? 'monitor'
      : ctx.principal.role === 'assessor'
        ? 'assessment'
        : 'analyst';
  const now = ctx.clock();
  const observedAt = input.observedAt ? new Date(input.observedAt) : null;
  if (observedAt && observedAt.getTime() > now.getTime())
    throw invalid([{ path: 'observedAt', message: 'the harm cannot have been observed in the future' }]);
  await ctx.db.transaction((tx) =>
    insertIncident(tx, ctx, { ...input, source, observedAt }, actorOf(ctx.principal), now, id),
  );
  return { incident: await getIncident(ctx, id), created: true };
}

export async function incidentTimeline(ctx: AuthedContext, id: string) {
  await visibleIncident(ctx, id);
  const rows = await ctx.db.query<{
    id: string;
    from_state: string | null;
    to_state: string;
    reason: string;
    by_user: string | null;
    at: Date;
  }>('SELECT * FROM incident_transitions WHERE incident_id = $1 ORDER BY at, id', [id]);
  return rows.rows.map((r) => ({
    id: r.id,
    from: r.from_state,
    to: r.to_state,
    reason: r.reason,
    by: r.by_user,
    at: r.at.toISOString(),
  }));
}
