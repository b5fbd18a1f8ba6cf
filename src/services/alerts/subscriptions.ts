import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { appendEvent } from '../../storage/events.ts';
import { findOrganisation } from '../../storage/queries/actors.ts';
import {
  type DeliveryRow,
  deleteSubscription,
  disableWebhook,
  findSubscription,
  followsAlready,
  insertSubscription,
  insertWebhook,
  listDeliveriesPage,
  listSubscriptionsPage,
  listWebhooksPage,
  type SubscriptionRow,
  type WebhookRow,
} from '../../storage/queries/alerts.ts';
import { type Page, toPage } from '../../storage/queries/page.ts';
import { findSiteById } from '../../storage/queries/sites.ts';
import { type AuthedContext, actorOf } from '../context.ts';
import { cursorKey } from '../cursor.ts';
import { conflict, forbidden, invalid, notFound } from '../errors.ts';
import { type CreateOperation, createOnce, rowIn } from '../idempotency.ts';
import type { DeliveryView, NewWebhookView, SubscriptionView, WebhookView } from './views.ts';
import { refuseWebhookUrl } from './webhook-post.ts';

/** Roles that manage their organisation's subscriptions and webhooks. */
const MANAGERS = ['admin', 'analyst', 'buyer', 'downstream', 'regulator', 'cooperative_manager'];

export function requireManager(ctx: AuthedContext) {
  if (!MANAGERS.includes(ctx.principal.role))
    throw forbidden("your role does not manage your organisation's subscriptions", {
      code: 'alerts.manage-forbidden',
    });
}

/** A page's cursor: the [created_at, id] of its last row. */
const timeKey = (r: { created_at: Date; id: string }) => [r.created_at.toISOString(), r.id];

const subscriptionView = (r: SubscriptionRow): SubscriptionView => ({
  id: r.id,
  organisationId: r.organisation_id,
  siteId: r.site_id,
  supplierId: r.supplier_id,
  target: { code: r.target_code ?? null, name: r.target_name ?? '' },
  emails: r.emails,
  createdAt: r.created_at.toISOString(),
});

/** The caller's organisation's subscriptions, oldest first; with `siteId`, the one following that site. */
export async function listSubscriptions(
  ctx: AuthedContext,
  f: { siteId?: string; limit: number; cursor?: string },
): Promise<Page<SubscriptionView>> {
  const after = cursorKey(f.cursor, ['instant', 'uuid']) as [string, string] | undefined;
  const rows = await listSubscriptionsPage(ctx.db, ctx.principal.organisationId, f, after, f.limit + 1);
  return toPage(rows, f.limit, timeKey, subscriptionView);
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
    throw invalid([
      {
        path: 'siteId',
        message: 'give exactly one of siteId and supplierId',
        code: 'alerts.target-exactly-one',
      },
    ]);
  const exists = input.siteId
    ? await findSiteById(ctx.db, input.siteId)
    : await findOrganisation(ctx.db, input.supplierId!);
  if (!exists)
    throw invalid([
      {
        path: input.siteId ? 'siteId' : 'supplierId',
        message: input.siteId ? 'no such site' : 'no such organisation',
        code: 'common.field.not-found',
        params: { record: input.siteId ? 'site' : 'organisation' },
      },
    ]);
  const org = ctx.principal.organisationId;
  const target = { siteId: input.siteId ?? null, supplierId: input.supplierId ?? null };
  if (await followsAlready(ctx.db, org, target))
    throw conflict('your organisation already follows this', [], { code: 'alerts.already-following' });
  const now = ctx.clock();
  const emails = [...new Set((input.emails ?? []).map((e) => e.trim().toLowerCase()))];
  await ctx.db.transaction(async (tx) => {
    await insertSubscription(tx, {
      id,
      organisationId: org,
      ...target,
      emails,
      createdBy: ctx.principal.userId,
      createdAt: now,
    });
    await appendEvent(tx, {
      type: 'subscription.created',
      subjectType: 'subscription',
      subjectId: id,
      payload: { ...input, emails },
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
  return { ...subscriptionView((await findSubscription(ctx.db, org, id))!), created: true };
}

export async function unsubscribe(ctx: AuthedContext, id: string): Promise<void> {
  requireManager(ctx);
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    if (!(await deleteSubscription(tx, ctx.principal.organisationId, id))) throw notFound('subscription');
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

const webhookView = (r: WebhookRow): WebhookView => ({
  id: r.id,
  url: r.url,
  enabled: r.enabled,
  createdAt: r.created_at.toISOString(),
});

/** The caller's organisation's webhooks, oldest first, disabled ones included. */
export async function listWebhooks(
  ctx: AuthedContext,
  f: { limit: number; cursor?: string },
): Promise<Page<WebhookView>> {
  requireManager(ctx);
  const after = cursorKey(f.cursor, ['instant', 'uuid']) as [string, string] | undefined;
  const rows = await listWebhooksPage(ctx.db, ctx.principal.organisationId, after, f.limit + 1);
  return toPage(rows, f.limit, timeKey, webhookView);
}

/** Registers a webhook; the signing secret is shown once, in this answer. */
export async function createWebhook(ctx: AuthedContext, url: string): Promise<NewWebhookView> {
  requireManager(ctx);
  const refusal = await refuseWebhookUrl(ctx, url);
  if (refusal) throw invalid([{ path: 'url', ...refusal }]);
  const id = uuidv7();
  const secret = `whsec_${randomBytes(24).toString('base64url')}`;
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    await insertWebhook(tx, {
      id,
      organisationId: ctx.principal.organisationId,
      url,
      secret,
      createdBy: ctx.principal.userId,
      createdAt: now,
    });
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
    if (!(await disableWebhook(tx, ctx.principal.organisationId, id))) throw notFound('webhook');
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

export const deliveryView = (d: DeliveryRow): DeliveryView => ({
  id: d.id,
  alertId: d.alert_id,
  test: d.test_by !== null,
  channel: d.channel,
  target: d.target,
  status: d.status,
  attempts: d.attempts,
  nextAttemptAt: d.next_attempt_at.toISOString(),
  deliveredAt: d.delivered_at?.toISOString() ?? null,
  lastError: d.last_error,
});

/** The delivery log of the caller's organisation: each alert delivery with its attempts so far, newest first. */
export async function deliveryLog(
  ctx: AuthedContext,
  f: { limit: number; cursor?: string },
): Promise<Page<DeliveryView>> {
  requireManager(ctx);
  const after = cursorKey(f.cursor, ['instant', 'uuid']) as [string, string] | undefined;
  const rows = await listDeliveriesPage(ctx.db, ctx.principal.organisationId, after, f.limit + 1);
  return toPage(rows, f.limit, timeKey, deliveryView);
}
