import { v7 as uuidv7 } from 'uuid';
import { alertsOn, type IncidentState } from '../../domain/incidents/lifecycle.ts';
import type { Queryable } from '../../storage/db.ts';
import { appendEvent, type EventActor } from '../../storage/events.ts';
import {
  countUnreadAlerts,
  enabledWebhooks,
  insertAlertRow,
  insertDelivery,
  listAlertsPage,
  markAlertReadRow,
  type AlertRow as StoredAlert,
  subscriberEmails,
} from '../../storage/queries/alerts.ts';
import { type Page, toPage } from '../../storage/queries/page.ts';
import { findSiteById } from '../../storage/queries/sites.ts';
import type { AuthedContext } from '../context.ts';
import { cursorKey } from '../cursor.ts';
import { notFound } from '../errors.ts';
import type { IncidentRow } from '../incidents/incidents.ts';
import { exposedOrganisations } from './exposure.ts';
import type { AlertBody, AlertView, ConformityAlertBody } from './views.ts';

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
  await insertAlertRow(tx, {
    id: alertId,
    organisationId: org,
    incidentId: a.incidentId,
    transitionId: a.transitionId,
    rejudgementId: a.rejudgementId,
    kind: a.kind,
    title: a.title,
    body: a.body,
    createdAt: now,
  });
  for (const hook of await enabledWebhooks(tx, org)) {
    await insertDelivery(tx, {
      id: uuidv7(),
      alertId,
      channel: 'webhook',
      target: hook.url,
      webhookId: hook.id,
      createdAt: now,
    });
  }
  for (const email of await subscriberEmails(tx, org, a.siteId)) {
    await insertDelivery(tx, {
      id: uuidv7(),
      alertId,
      channel: 'email',
      target: email,
      webhookId: null,
      createdAt: now,
    });
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
  const found = (await findSiteById(tx, incident.site_id))!;
  const site = { id: found.id, code: found.code, name: found.name };
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

type AlertRow = StoredAlert<AlertBody | ConformityAlertBody>;

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
  const after = cursorKey(f.cursor, ['instant', 'uuid']) as [string, string] | undefined;
  const org = ctx.principal.organisationId;
  const rows = await listAlertsPage<AlertRow['body']>(ctx.db, org, f, after, f.limit + 1);
  return {
    ...toPage(rows, f.limit, (r) => [r.created_at.toISOString(), r.id], view),
    unread: await countUnreadAlerts(ctx.db, org),
  };
}

/** Marks an alert of the caller's organisation read (idempotent). */
export async function markAlertRead(ctx: AuthedContext, id: string): Promise<AlertView> {
  const row = await markAlertReadRow<AlertRow['body']>(ctx.db, ctx.principal.organisationId, id, ctx.clock());
  if (!row) throw notFound('alert');
  return view(row);
}
