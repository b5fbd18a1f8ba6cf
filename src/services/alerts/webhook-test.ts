import { v7 as uuidv7 } from 'uuid';
import { appendEvent } from '../../storage/events.ts';
import {
  findEnabledWebhook,
  insertDeliveryAttempt,
  insertTestDelivery,
} from '../../storage/queries/alerts.ts';
import { type AuthedContext, actorOf } from '../context.ts';
import { notFound } from '../errors.ts';
import { signWebhook } from './deliveries.ts';
import { deliveryView, requireManager } from './subscriptions.ts';
import type { DeliveryView } from './views.ts';
import { postWebhook, WebhookRefused } from './webhook-post.ts';

/**
 * Calls one of the organisation's webhooks now with a signed test message, shaped as an alert is, and records
 * the call and its outcome in the delivery log: the receiver's owner sees at once whether it arrives and verifies.
 * It is not retried: whoever pressed the button sees the answer and presses it again.
 */
export async function testWebhook(ctx: AuthedContext, id: string): Promise<DeliveryView> {
  requireManager(ctx);
  const hook = await findEnabledWebhook(ctx.db, ctx.principal.organisationId, id);
  if (!hook) throw notFound('webhook');
  const deliveryId = uuidv7();
  const sentAt = ctx.clock();
  const payload = JSON.stringify({
    id: deliveryId,
    type: 'webhook.test',
    createdAt: sentAt.toISOString(),
    title: 'Amana webhook test',
    data: { webhookId: hook.id },
  });
  const started = Date.now();
  let status: number | null = null;
  let error: string | null = null;
  try {
    const timestamp = Math.floor(sentAt.getTime() / 1000);
    const res = await postWebhook(
      ctx,
      hook.url,
      {
        'content-type': 'application/json',
        'user-agent': 'Amana-Webhooks/1',
        'amana-signature': signWebhook(hook.secret, timestamp, payload),
        'idempotency-key': deliveryId,
      },
      payload,
    );
    status = res.status;
    if (res.status < 200 || res.status >= 300) error = `HTTP ${res.status}`;
  } catch (e) {
    error = e instanceof WebhookRefused ? `refused: ${e.message}` : (e as Error).message;
  }
  const at = ctx.clock();
  const delivered = error === null;
  await ctx.db.transaction(async (tx) => {
    await insertTestDelivery(tx, {
      id: deliveryId,
      organisationId: ctx.principal.organisationId,
      webhookId: hook.id,
      target: hook.url,
      testBy: ctx.principal.userId,
      delivered,
      lastError: error,
      at,
    });
    await insertDeliveryAttempt(tx, {
      id: uuidv7(),
      deliveryId,
      at,
      ok: delivered,
      statusCode: status,
      error,
      durationMs: Date.now() - started,
    });
    await appendEvent(tx, {
      type: 'webhook.tested',
      subjectType: 'webhook',
      subjectId: hook.id,
      payload: { deliveryId, delivered, status, error },
      actor: actorOf(ctx.principal),
      at,
    });
  });
  return deliveryView({
    id: deliveryId,
    alert_id: null,
    test_by: ctx.principal.userId,
    channel: 'webhook',
    target: hook.url,
    webhook_id: hook.id,
    status: delivered ? 'delivered' : 'failed',
    attempts: 1,
    next_attempt_at: at,
    delivered_at: delivered ? at : null,
    last_error: error,
    created_at: at,
  });
}
