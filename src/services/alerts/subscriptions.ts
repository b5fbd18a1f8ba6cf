import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { appendEvent } from '../../storage/events.ts';
import { type AuthedContext, actorOf } from '../context.ts';
import { conflict, forbidden, invalid, notFound } from '../errors.ts';
import { type CreateOperation, createOnce, rowIn } from '../idempotency.ts';
import { refuseWebhookUrl } from './webhook-post.ts';

/** Roles that manage their organisation's subscriptions and webhooks. */
const MANAGERS = ['admin', 'analyst', 'buyer', 'downstream', 'regulator', 'cooperative_manager'];

function requireManager(ctx: AuthedContext) {
  if (!MANAGERS.includes(ctx.principal.role))
    throw forbidden("your role does not manage your organisation's subscriptions");
}

export interface SubscriptionView {
  id: string;
  organisationId: string;
  siteId: string | null;
  supplierId: string | null;
  emails: string[];
  createdAt: string;
}

export async function listSubscriptions(ctx: AuthedContext): Promise<SubscriptionView[]> {
  const rows = await ctx.db.query<{
    id: string;
    organisation_id: string;
    site_id: string | null;
    supplier_id: string | null;
    emails: string[];
    created_at: Date;
  }>('SELECT * FROM subscriptions WHERE organisation_id = $1 ORDER BY created_at, id', [
    ctx.principal.organisationId,
  ]);
  return rows.rows.map((r) => ({
    id: r.id,
    organisationId: r.organisation_id,
    siteId: r.site_id,
    supplierId: r.supplier_id,
    emails: r.emails,
    createdAt: r.created_at.toISOString(),
  }));
}

type SubscriptionInput = { id?: string; siteId?: string; supplierId?: string; emails?: string[] };

const SUBSCRIBE: CreateOperation<SubscriptionView & { created: boolean }> = {
  name: 'subscription.create',
  exists: rowIn('subscriptions'),
};

/** Subscribes the caller's organisation to a site or to a supplier, with the addresses to e-mail. */
export async function subscribe(ctx: AuthedContext, input: SubscriptionInput) {
  requireManager(ctx);
  const { id: _id, ...fields } = input;
  return createOnce(ctx, SUBSCRIBE, input, (c, id) => storeSubscription(c, fields, id));
}

async function storeSubscription(ctx: AuthedContext, input: Omit<SubscriptionInput, 'id'>, id: string) {
  if (!input.siteId === !input.supplierId)
    throw invalid([{ path: 'siteId', message: 'give exactly one of siteId and supplierId' }]);
  const exists = input.siteId
    ? (await ctx.db.query('SELECT 1 FROM sites WHERE id = $1', [input.siteId])).rows.length
    : (await ctx.db.query('SELECT 1 FROM organisations WHERE id = $1', [input.supplierId])).rows.length;
  if (!exists)
    throw invalid([
      {
        path: input.siteId ? 'siteId' : 'supplierId',
        message: input.siteId ? 'no such site' : 'no such organisation',
      },
    ]);
  const dup = await ctx.db.query(
    'SELECT 1 FROM subscriptions WHERE organisation_id = $1 AND (site_id = $2 OR supplier_id = $3)',
    [ctx.principal.organisationId, input.siteId ?? null, input.supplierId ?? null],
  );
  if (dup.rows.length) throw conflict('your organisation already follows this');
  const now = ctx.clock();
  const emails = [...new Set((input.emails ?? []).map((e) => e.trim().toLowerCase()))];
  await ctx.db.transaction(async (tx) => {
    await tx.query(
      'INSERT INTO subscriptions (id, organisation_id, site_id, supplier_id, emails, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [
        id,
        ctx.principal.organisationId,
        input.siteId ?? null,
        input.supplierId ?? null,
        emails,
        ctx.principal.userId,
        now,
      ],
    );
    await appendEvent(tx, {
      type: 'subscription.created',
      subjectType: 'subscription',
      subjectId: id,
      payload: { ...input, emails },
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
  return { ...(await listSubscriptions(ctx)).find((s) => s.id === id)!, created: true };
}

export async function unsubscribe(ctx: AuthedContext, id: string): Promise<void> {
  requireManager(ctx);
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    const gone = await tx.query('DELETE FROM subscriptions WHERE id = $1 AND organisation_id = $2', [
      id,
      ctx.principal.organisationId,
    ]);
    if (gone.rowCount === 0) throw notFound('subscription');
    await appendEvent(tx, {
      type: 'subscription.removed',
      subjectType: 'subscription',
      subjectId: id,
      payload: {},
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
}

export interface WebhookView {
  id: string;
  url: string;
  enabled: boolean;
  createdAt: string;
}

export async function listWebhooks(ctx: AuthedContext): Promise<WebhookView[]> {
  requireManager(ctx);
  const rows = await ctx.db.query<{ id: string; url: string; enabled: boolean; created_at: Date }>(
    'SELECT id, url, enabled, created_at FROM webhooks WHERE organisation_id = $1 ORDER BY created_at, id',
    [ctx.principal.organisationId],
  );
  return rows.rows.map((r) => ({
    id: r.id,
    url: r.url,
    enabled: r.enabled,
    createdAt: r.created_at.toISOString(),
  }));
}

/** Registers a webhook; the signing secret is shown once, in this answer. */
export async function createWebhook(
  ctx: AuthedContext,
  url: string,
): Promise<WebhookView & { secret: string }> {
  requireManager(ctx);
  const refusal = await refuseWebhookUrl(ctx, url);
  if (refusal) throw invalid([{ path: 'url', message: refusal }]);
  const id = uuidv7();
  const secret = `whsec_${randomBytes(24).toString('base64url')}`;
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    await tx.query(
      'INSERT INTO webhooks (id, organisation_id, url, secret, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [id, ctx.principal.organisationId, url, secret, ctx.principal.userId, now],
    );
    await appendEvent(tx, {
      type: 'webhook.created',
      subjectType: 'webhook',
      subjectId: id,
      payload: { url },
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
  return { id, url, enabled: true, createdAt: now.toISOString(), secret };
}

export async function deleteWebhook(ctx: AuthedContext, id: string): Promise<void> {
  requireManager(ctx);
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    const gone = await tx.query(
      'UPDATE webhooks SET enabled = false WHERE id = $1 AND organisation_id = $2 AND enabled',
      [id, ctx.principal.organisationId],
    );
    if (gone.rowCount === 0) throw notFound('webhook');
    await appendEvent(tx, {
      type: 'webhook.disabled',
      subjectType: 'webhook',
      subjectId: id,
      payload: {},
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
}

/** The delivery log of the caller's organisation: every attempt of every alert delivery, newest first. */
export async function deliveryLog(ctx: AuthedContext) {
  requireManager(ctx);
  const rows = await ctx.db.query<{
    id: string;
    alert_id: string;
    channel: string;
    target: string;
    status: string;
    attempts: number;
    next_attempt_at: Date;
    delivered_at: Date | null;
    last_error: string | null;
  }>(
    `SELECT d.* FROM deliveries d JOIN alerts a ON a.id = d.alert_id WHERE a.organisation_id = $1 ORDER BY d.created_at DESC, d.id DESC LIMIT 200`,
    [ctx.principal.organisationId],
  );
  return rows.rows.map((d) => ({
    id: d.id,
    alertId: d.alert_id,
    channel: d.channel,
    target: d.target,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.next_attempt_at.toISOString(),
    deliveredAt: d.delivered_at?.toISOString() ?? null,
    lastError: d.last_error,
  }));
}
