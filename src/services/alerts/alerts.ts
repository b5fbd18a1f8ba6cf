import { v7 as uuidv7 } from 'uuid';
import type { ConformityCause } from '../../domain/custody/conformity.ts';
import { alertsOn, type IncidentState } from '../../domain/incidents/lifecycle.ts';
import type { Queryable } from '../../storage/db.ts';
import { appendEvent, type EventActor } from '../../storage/events.ts';
import { type Page, toPage } from '../../storage/queries/page.ts';
import type { AuthedContext } from '../context.ts';
import { cursorKey } from '../cursor.ts';
import { notFound } from '../errors.ts';
import type { IncidentRow } from '../incidents/incidents.ts';
import { exposedOrganisations } from './exposure.ts';

export interface AlertBody {
  incident: {
    id: string;
    code: string;
    level: number;
    category: string;
    title: string;
    state: IncidentState;
  };
  site: { id: string; code: string; name: string };
  transition: { to: IncidentState; reason: string; at: string };
}

/** An alert about lots whose conformity changed when their site's production was judged again. */
export interface ConformityAlertBody {
  conformity: { rejudgementId: string; cause: ConformityCause; explanation: string };
  site: { id: string; code: string; name: string };
  /** The organisation's lots that changed, at most a hundred of them; `lotCount` says how many in all. */
  lots: {
    id: string;
    tag: string | null;
    epc: string;
    kind: string;
    before: number;
    after: number;
    explanation: string;
  }[];
  lotCount: number;
}

/**
 * Writes one alert into an organisation's inbox, with an outbox delivery for each of its webhooks and for
 * each e-mail address it gave when following the site or a supplier operating it, and its log entry.
 */
export async function insertAlert(
  tx: Queryable,
  a: {
    organisationId: string;
    incidentId: string | null;
    transitionId: string | null;
    rejudgementId: string | null;
    kind: string;
    title: string;
    body: AlertBody | ConformityAlertBody;
    siteId: string;
    actor: EventActor | null;
    now: Date;
  },
): Promise<string> {
  const alertId = uuidv7();
  const { organisationId: org, now } = a;
  await tx.query(
    `INSERT INTO alerts (id, organisation_id, incident_id, transition_id, rejudgement_id, kind, title, body, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      alertId,
      org,
      a.incidentId,
      a.transitionId,
      a.rejudgementId,
      a.kind,
      a.title,
      JSON.stringify(a.body),
      now,
    ],
  );
  const hooks = await tx.query<{ id: string; url: string }>(
    'SELECT id, url FROM webhooks WHERE organisation_id = $1 AND enabled ORDER BY id',
    [org],
  );
  for (const hook of hooks.rows) {
    await tx.query(
      `INSERT INTO deliveries (id, alert_id, channel, target, webhook_id, next_attempt_at, created_at) VALUES ($1, $2, 'webhook', $3, $4, $5, $5)`,
      [uuidv7(), alertId, hook.url, hook.id, now],
    );
  }
  const emails = await tx.query<{ email: string }>(
    `SELECT DISTINCT unnest(s.emails) AS email FROM subscriptions s
      WHERE s.organisation_id = $1
        AND (s.site_id = $2 OR s.supplier_id IN (SELECT organisation_id FROM site_operators WHERE site_id = $2))
      ORDER BY 1`,
    [org, a.siteId],
  );
  for (const { email } of emails.rows) {
    await tx.query(
      `INSERT INTO deliveries (id, alert_id, channel, target, next_attempt_at, created_at) VALUES ($1, $2, 'email', $3, $4, $4)`,
      [uuidv7(), alertId, email, now],
    );
  }
  await appendEvent(tx, {
    type: 'alert.raised',
    subjectType: 'alert',
    subjectId: alertId,
    payload: a.incidentId
      ? { organisationId: org, incidentId: a.incidentId, kind: a.kind }
      : { organisationId: org, rejudgementId: a.rejudgementId, kind: a.kind },
    actor: a.actor,
    at: now,
  });
  return alertId;
}

/**
 * Alerts every organisation exposed to the incident's site, in the transaction of the transition: an inbox
 * entry each, and an outbox delivery for each of its webhooks and e-mail addresses.
 */
export async function raiseAlerts(
  tx: Queryable,
  incident: IncidentRow,
  transition: { id: string; to: IncidentState; reason: string },
  actor: EventActor | null,
  now: Date,
): Promise<number> {
  if (!incident.site_id || !alertsOn(transition.to, incident.level)) return 0;
  const site = (
    await tx.query<{ id: string; code: string; name: string }>(
      'SELECT id, code, name FROM sites WHERE id = $1',
      [incident.site_id],
    )
  ).rows[0];
  const body: AlertBody = {
    incident: {
      id: incident.id,
      code: incident.code,
      level: incident.level,
      category: incident.category,
      title: incident.title,
      state: transition.to,
    },
    site,
    transition: { to: transition.to, reason: transition.reason, at: now.toISOString() },
  };
  const title = `${incident.code} ${transition.to.replace('_', ' ')}: ${incident.title} (level ${incident.level}) at ${site.code} ${site.name}`;
  const orgs = await exposedOrganisations(tx, incident.site_id);
  for (const org of orgs) {
    await insertAlert(tx, {
      organisationId: org,
      incidentId: incident.id,
      transitionId: transition.id,
      rejudgementId: null,
      kind: `incident.${transition.to}`,
      title,
      body,
      siteId: incident.site_id,
      actor,
      now,
    });
  }
  return orgs.length;
}

export interface AlertView {
  id: string;
  /** The incident an incident alert is about; null for a conformity alert. */
  incidentId: string | null;
  kind: string;
  title: string;
  body: AlertBody | ConformityAlertBody;
  readAt: string | null;
  createdAt: string;
}

interface AlertRow {
  id: string;
  organisation_id: string;
  incident_id: string | null;
  kind: string;
  title: string;
  body: AlertBody | ConformityAlertBody;
  read_at: Date | null;
  created_at: Date;
}

const view = (r: AlertRow): AlertView => ({
  id: r.id,
  incidentId: r.incident_id,
  kind: r.kind,
  title: r.title,
  body: r.body,
  readAt: r.read_at?.toISOString() ?? null,
  createdAt: r.created_at.toISOString(),
});

/** The caller's organisation's alerts inbox, newest first. */
export async function listAlerts(
  ctx: AuthedContext,
  f: { unread?: boolean; limit: number; cursor?: string },
): Promise<Page<AlertView> & { unread: number }> {
  const after = cursorKey(f.cursor, 2);
  const rows = await ctx.db.query<AlertRow>(
    `SELECT * FROM alerts WHERE organisation_id = $1 AND ($2::boolean IS NULL OR ($2 = (read_at IS NULL)))
        AND ($3::timestamptz IS NULL OR (created_at, id) < ($3, $4::uuid)) ORDER BY created_at DESC, id DESC LIMIT $5`,
    [ctx.principal.organisationId, f.unread ?? null, after?.[0] ?? null, after?.[1] ?? null, f.limit + 1],
  );
  const unread = await ctx.db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM alerts WHERE organisation_id = $1 AND read_at IS NULL',
    [ctx.principal.organisationId],
  );
  return {
    ...toPage(rows.rows, f.limit, (r) => [r.created_at.toISOString(), r.id], view),
    unread: unread.rows[0].n,
  };
}

/** Marks an alert of the caller's organisation read (idempotent). */
export async function markAlertRead(ctx: AuthedContext, id: string): Promise<AlertView> {
  const row = (
    await ctx.db.query<AlertRow>(
      'UPDATE alerts SET read_at = COALESCE(read_at, $3) WHERE id = $1 AND organisation_id = $2 RETURNING *',
      [id, ctx.principal.organisationId, ctx.clock()],
    )
  ).rows[0];
  if (!row) throw notFound('alert');
  return view(row);
}
