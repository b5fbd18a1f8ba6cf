import type { Queryable } from '../db.ts';

/**
 * SQL that is true when ore from site `$site` reached organisation `$org` through the chain of custody: it
 * holds, or once received, a lot carrying some of the site's cobalt. The custody part of exposure, and alone
 * the rule for an incident's evidence files.
 */
export const reachedSql = (org: string, site: string) =>
  `EXISTS (SELECT 1 FROM custody_lots l WHERE (l.origin->'bySite') ? (${site})::text
              AND (l.holder_id = ${org} OR EXISTS (SELECT 1 FROM custody_transfers t WHERE t.lot_id = l.id AND t.to_id = ${org})))`;

/**
 * SQL that is true when organisation `$org` is exposed to site `$site`: it subscribes to the site or to a
 * supplier operating it, or ore from the site reached it through the chain of custody (it received or
 * holds a lot carrying some of the site's cobalt).
 */
export const exposedSql = (org: string, site: string) => `(
  EXISTS (SELECT 1 FROM subscriptions s WHERE s.organisation_id = ${org} AND s.site_id = ${site})
  OR EXISTS (SELECT 1 FROM subscriptions s JOIN site_operators o ON o.organisation_id = s.supplier_id
              WHERE s.organisation_id = ${org} AND o.site_id = ${site})
  OR ${reachedSql(org, site)})`;

// Keys of a lot's origin are site ids; a key that is not a canonical (lower-case) uuid names no site, as the
// `?` test above would find no site for it either.
const UUID_TEXT = "'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'";

/**
 * SQL for the set of sites organisation `$org` is exposed to (the same rule as exposedSql), to be used as
 * `site_id IN (…)`: the organisation's subscriptions and lots are read once for a whole query, instead of once
 * per incident.
 */
export const exposedSitesSql = (org: string) => `(
  SELECT s.site_id FROM subscriptions s WHERE s.organisation_id = ${org} AND s.site_id IS NOT NULL
  UNION
  SELECT o.site_id FROM subscriptions s JOIN site_operators o ON o.organisation_id = s.supplier_id
   WHERE s.organisation_id = ${org}
  UNION
  SELECT lot_site FROM (
    SELECT CASE WHEN k ~ ${UUID_TEXT} THEN k::uuid END AS lot_site
      FROM custody_lots l,
           jsonb_object_keys(CASE WHEN jsonb_typeof(l.origin->'bySite') = 'object' THEN l.origin->'bySite' ELSE '{}' END) k
     WHERE l.holder_id = ${org} OR l.id IN (SELECT t.lot_id FROM custody_transfers t WHERE t.to_id = ${org})) lots
   WHERE lot_site IS NOT NULL)`;

/** Whether ore from the site reached the organisation through the chain (reachedSql). */
export async function oreReached(
  q: Queryable,
  organisationId: string | null,
  siteId: string | null,
): Promise<boolean> {
  const rows = await q.query(`SELECT 1 WHERE ${reachedSql('$1::uuid', '$2::uuid')}`, [
    organisationId,
    siteId,
  ]);
  return rows.rows.length > 0;
}

/** The organisations exposed to a site, each once: its followers and those its ore reached. */
export async function listExposedOrganisations(q: Queryable, siteId: string): Promise<string[]> {
  const rows = await q.query<{ organisation_id: string }>(
    `SELECT s.organisation_id FROM subscriptions s
      WHERE s.site_id = $1 OR s.supplier_id IN (SELECT organisation_id FROM site_operators WHERE site_id = $1)
     UNION
     SELECT t.to_id FROM custody_transfers t JOIN custody_lots l ON l.id = t.lot_id WHERE (l.origin->'bySite') ? $1::text
     UNION
     SELECT l.holder_id FROM custody_lots l WHERE (l.origin->'bySite') ? $1::text
     ORDER BY 1`,
    [siteId],
  );
  return rows.rows.map((r) => r.organisation_id);
}

// ---------------------------------------------------------------------------------------------------------
// Subscriptions

export interface SubscriptionRow {
  id: string;
  organisation_id: string;
  site_id: string | null;
  supplier_id: string | null;
  emails: string[];
  created_by: string;
  created_at: Date;
  /** The followed site's code and name, or the supplier's legal name (code null). */
  target_code?: string | null;
  target_name?: string | null;
}

/**
 * Up to `limit` subscriptions of an organisation, oldest first, after the [created_at, id] key `after`;
 * with `siteId`, only the one following that site (there is at most one).
 */
export async function listSubscriptionsPage(
  q: Queryable,
  organisationId: string,
  f: { siteId?: string },
  after: readonly [string, string] | undefined,
  limit: number,
): Promise<SubscriptionRow[]> {
  return (
    await q.query<SubscriptionRow>(
      `SELECT s.*, si.code AS target_code, COALESCE(si.name, o.legal_name) AS target_name
         FROM subscriptions s LEFT JOIN sites si ON si.id = s.site_id LEFT JOIN organisations o ON o.id = s.supplier_id
        WHERE s.organisation_id = $1 AND ($2::uuid IS NULL OR s.site_id = $2)
          AND ($3::timestamptz IS NULL OR (s.created_at, s.id) > ($3, $4::uuid))
        ORDER BY s.created_at, s.id LIMIT $5`,
      [organisationId, f.siteId ?? null, after?.[0] ?? null, after?.[1] ?? null, limit],
    )
  ).rows;
}

export async function findSubscription(
  q: Queryable,
  organisationId: string,
  id: string,
): Promise<SubscriptionRow | undefined> {
  return (
    await q.query<SubscriptionRow>(
      `SELECT s.*, si.code AS target_code, COALESCE(si.name, o.legal_name) AS target_name
         FROM subscriptions s LEFT JOIN sites si ON si.id = s.site_id LEFT JOIN organisations o ON o.id = s.supplier_id
        WHERE s.id = $1 AND s.organisation_id = $2`,
      [id, organisationId],
    )
  ).rows[0];
}

/** Whether the organisation already follows this site or this supplier. */
export async function followsAlready(
  q: Queryable,
  organisationId: string,
  target: { siteId: string | null; supplierId: string | null },
): Promise<boolean> {
  const rows = await q.query(
    'SELECT 1 FROM subscriptions WHERE organisation_id = $1 AND (site_id = $2 OR supplier_id = $3)',
    [organisationId, target.siteId, target.supplierId],
  );
  return rows.rows.length > 0;
}

export async function insertSubscription(
  q: Queryable,
  s: {
    id: string;
    organisationId: string;
    siteId: string | null;
    supplierId: string | null;
    emails: string[];
    createdBy: string;
    createdAt: Date;
  },
): Promise<void> {
  await q.query(
    'INSERT INTO subscriptions (id, organisation_id, site_id, supplier_id, emails, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [s.id, s.organisationId, s.siteId, s.supplierId, s.emails, s.createdBy, s.createdAt],
  );
}

/** Deletes an organisation's subscription; false when it has none with this id. */
export async function deleteSubscription(q: Queryable, organisationId: string, id: string): Promise<boolean> {
  const gone = await q.query('DELETE FROM subscriptions WHERE id = $1 AND organisation_id = $2', [
    id,
    organisationId,
  ]);
  return gone.rowCount > 0;
}

/**
 * The e-mail addresses, each once and sorted, an organisation gave when following a site or a supplier
 * operating it.
 */
export async function subscriberEmails(
  q: Queryable,
  organisationId: string,
  siteId: string,
): Promise<string[]> {
  const rows = await q.query<{ email: string }>(
    `SELECT DISTINCT unnest(s.emails) AS email FROM subscriptions s
      WHERE s.organisation_id = $1
        AND (s.site_id = $2 OR s.supplier_id IN (SELECT organisation_id FROM site_operators WHERE site_id = $2))
      ORDER BY 1`,
    [organisationId, siteId],
  );
  return rows.rows.map((r) => r.email);
}

// ---------------------------------------------------------------------------------------------------------
// Webhooks

export interface WebhookRow {
  id: string;
  url: string;
  enabled: boolean;
  created_at: Date;
}

/** Up to `limit` webhooks of an organisation, oldest first, after the [created_at, id] key `after`. */
export async function listWebhooksPage(
  q: Queryable,
  organisationId: string,
  after: readonly [string, string] | undefined,
  limit: number,
): Promise<WebhookRow[]> {
  return (
    await q.query<WebhookRow>(
      `SELECT id, url, enabled, created_at FROM webhooks
        WHERE organisation_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) > ($2, $3::uuid))
        ORDER BY created_at, id LIMIT $4`,
      [organisationId, after?.[0] ?? null, after?.[1] ?? null, limit],
    )
  ).rows;
}

/** The enabled webhooks of an organisation, by id. */
export async function enabledWebhooks(
  q: Queryable,
  organisationId: string,
): Promise<{ id: string; url: string }[]> {
  return (
    await q.query<{ id: string; url: string }>(
      'SELECT id, url FROM webhooks WHERE organisation_id = $1 AND enabled ORDER BY id',
      [organisationId],
    )
  ).rows;
}

export async function insertWebhook(
  q: Queryable,
  w: { id: string; organisationId: string; url: string; secret: string; createdBy: string; createdAt: Date },
): Promise<void> {
  await q.query(
    'INSERT INTO webhooks (id, organisation_id, url, secret, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
    [w.id, w.organisationId, w.url, w.secret, w.createdBy, w.createdAt],
  );
}

/** Disables an enabled webhook of an organisation; false when it has no such enabled webhook. */
export async function disableWebhook(q: Queryable, organisationId: string, id: string): Promise<boolean> {
  const gone = await q.query(
    'UPDATE webhooks SET enabled = false WHERE id = $1 AND organisation_id = $2 AND enabled',
    [id, organisationId],
  );
  return gone.rowCount > 0;
}

// ---------------------------------------------------------------------------------------------------------
// Alerts

/** An alert as stored; `B` is the shape of its body (declared by the alerts service). */
export interface AlertRow<B = unknown> {
  id: string;
  organisation_id: string;
  incident_id: string | null;
  transition_id: string | null;
  rejudgement_id: string | null;
  kind: string;
  title: string;
  body: B;
  read_at: Date | null;
  created_at: Date;
}

export async function insertAlertRow(
  q: Queryable,
  a: {
    id: string;
    organisationId: string;
    incidentId: string | null;
    transitionId: string | null;
    rejudgementId: string | null;
    kind: string;
    title: string;
    body: unknown;
    createdAt: Date;
  },
): Promise<void> {
  await q.query(
    `INSERT INTO alerts (id, organisation_id, incident_id, transition_id, rejudgement_id, kind, title, body, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      a.id,
      a.organisationId,
      a.incidentId,
      a.transitionId,
      a.rejudgementId,
      a.kind,
      a.title,
      JSON.stringify(a.body),
      a.createdAt,
    ],
  );
}

/**
 * Up to `limit` alerts of an organisation, newest first, after the [created_at, id] key `after`; with
 * `unread`, only the unread (true) or the read (false) ones.
 */
export async function listAlertsPage<B>(
  q: Queryable,
  organisationId: string,
  f: { unread?: boolean },
  after: readonly [string, string] | undefined,
  limit: number,
): Promise<AlertRow<B>[]> {
  return (
    await q.query<AlertRow<B>>(
      `SELECT * FROM alerts WHERE organisation_id = $1 AND ($2::boolean IS NULL OR ($2 = (read_at IS NULL)))
          AND ($3::timestamptz IS NULL OR (created_at, id) < ($3, $4::uuid))
        ORDER BY created_at DESC, id DESC LIMIT $5`,
      [organisationId, f.unread ?? null, after?.[0] ?? null, after?.[1] ?? null, limit],
    )
  ).rows;
}

export async function countUnreadAlerts(q: Queryable, organisationId: string): Promise<number> {
  return (
    await q.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM alerts WHERE organisation_id = $1 AND read_at IS NULL',
      [organisationId],
    )
  ).rows[0].n;
}

/** Marks an organisation's alert read at `at` unless it already was; undefined when it has no such alert. */
export async function markAlertReadRow<B>(
  q: Queryable,
  organisationId: string,
  id: string,
  at: Date,
): Promise<AlertRow<B> | undefined> {
  return (
    await q.query<AlertRow<B>>(
      'UPDATE alerts SET read_at = COALESCE(read_at, $3) WHERE id = $1 AND organisation_id = $2 RETURNING *',
      [id, organisationId, at],
    )
  ).rows[0];
}

// ---------------------------------------------------------------------------------------------------------
// Deliveries (the outbox) and their attempts

export interface DeliveryRow {
  id: string;
  alert_id: string | null;
  test_by: string | null;
  channel: 'webhook' | 'email';
  target: string;
  webhook_id: string | null;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  next_attempt_at: Date;
  delivered_at: Date | null;
  last_error: string | null;
  created_at: Date;
}

/** A pending delivery with what sending it needs: the alert, and the webhook's signing secret. */
export interface DueDeliveryRow<B = unknown> {
  id: string;
  alert_id: string;
  channel: 'webhook' | 'email';
  target: string;
  attempts: number;
  secret: string | null;
  title: string;
  body: B;
  kind: string;
  created_at: Date;
}

/** Queues one delivery of an alert, due at once. */
export async function insertDelivery(
  q: Queryable,
  d: {
    id: string;
    alertId: string;
    channel: 'webhook' | 'email';
    target: string;
    webhookId: string | null;
    createdAt: Date;
  },
): Promise<void> {
  await q.query(
    `INSERT INTO deliveries (id, alert_id, channel, target, webhook_id, next_attempt_at, created_at, organisation_id)
     VALUES ($1, $2, $3, $4, $5, $6, $6, (SELECT organisation_id FROM alerts WHERE id = $2))`,
    [d.id, d.alertId, d.channel, d.target, d.webhookId, d.createdAt],
  );
}

/**
 * Up to `limit` pending deliveries due by `now`, the earliest first, locked for the caller's transaction;
 * rows another worker holds are skipped.
 */
export async function lockDueDeliveries<B>(
  tx: Queryable,
  now: Date,
  limit: number,
): Promise<DueDeliveryRow<B>[]> {
  return (
    await tx.query<DueDeliveryRow<B>>(
      `SELECT d.id, d.alert_id, d.channel, d.target, d.attempts, w.secret, a.title, a.body, a.kind, a.created_at
         FROM deliveries d JOIN alerts a ON a.id = d.alert_id LEFT JOIN webhooks w ON w.id = d.webhook_id
        WHERE d.status = 'pending' AND d.next_attempt_at <= $1
        ORDER BY d.next_attempt_at, d.id LIMIT $2 FOR UPDATE OF d SKIP LOCKED`,
      [now, limit],
    )
  ).rows;
}

/** Puts the next attempt of these deliveries off until `until` (the lease of the worker that claimed them). */
export async function postponeDeliveries(q: Queryable, ids: readonly string[], until: Date): Promise<void> {
  if (!ids.length) return;
  await q.query('UPDATE deliveries SET next_attempt_at = $2 WHERE id = ANY($1::uuid[])', [ids, until]);
}

/** Records the outcome of an attempt on the delivery itself. */
export async function updateDeliveryOutcome(
  q: Queryable,
  d: {
    id: string;
    status: DeliveryRow['status'];
    attempts: number;
    deliveredAt: Date | null;
    lastError: string | null;
    nextAttemptAt: Date;
  },
): Promise<void> {
  await q.query(
    'UPDATE deliveries SET status = $2, attempts = $3, delivered_at = $4, last_error = $5, next_attempt_at = $6 WHERE id = $1',
    [d.id, d.status, d.attempts, d.deliveredAt, d.lastError, d.nextAttemptAt],
  );
}

export async function insertDeliveryAttempt(
  q: Queryable,
  a: {
    id: string;
    deliveryId: string;
    at: Date;
    ok: boolean;
    statusCode: number | null;
    error: string | null;
    durationMs: number;
  },
): Promise<void> {
  await q.query(
    'INSERT INTO delivery_attempts (id, delivery_id, at, ok, status_code, error, duration_ms) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [a.id, a.deliveryId, a.at, a.ok, a.statusCode, a.error, a.durationMs],
  );
}

/**
 * Up to `limit` deliveries of an organisation's alerts, newest first, after the [created_at, id] key
 * `after`.
 */
export async function listDeliveriesPage(
  q: Queryable,
  organisationId: string,
  after: readonly [string, string] | undefined,
  limit: number,
): Promise<DeliveryRow[]> {
  return (
    await q.query<DeliveryRow>(
      `SELECT d.* FROM deliveries d
        WHERE d.organisation_id = $1 AND ($2::timestamptz IS NULL OR (d.created_at, d.id) < ($2, $3::uuid))
        ORDER BY d.created_at DESC, d.id DESC LIMIT $4`,
      [organisationId, after?.[0] ?? null, after?.[1] ?? null, limit],
    )
  ).rows;
}

/** An enabled webhook of an organisation with its signing secret, for a test call. */
export async function findEnabledWebhook(
  q: Queryable,
  organisationId: string,
  id: string,
): Promise<{ id: string; url: string; secret: string } | undefined> {
  return (
    await q.query<{ id: string; url: string; secret: string }>(
      'SELECT id, url, secret FROM webhooks WHERE id = $1 AND organisation_id = $2 AND enabled',
      [id, organisationId],
    )
  ).rows[0];
}

/** Records a test call of a webhook, made already, in the delivery log with its outcome. */
export async function insertTestDelivery(
  q: Queryable,
  d: {
    id: string;
    organisationId: string;
    webhookId: string;
    target: string;
    testBy: string;
    delivered: boolean;
    lastError: string | null;
    at: Date;
  },
): Promise<void> {
  await q.query(
    `INSERT INTO deliveries (id, alert_id, channel, target, webhook_id, status, attempts, next_attempt_at,
                             delivered_at, last_error, created_at, organisation_id, test_by)
     VALUES ($1, NULL, 'webhook', $2, $3, $4, 1, $5, $6, $7, $5, $8, $9)`,
    [
      d.id,
      d.target,
      d.webhookId,
      d.delivered ? 'delivered' : 'failed',
      d.at,
      d.delivered ? d.at : null,
      d.lastError,
      d.organisationId,
      d.testBy,
    ],
  );
}
