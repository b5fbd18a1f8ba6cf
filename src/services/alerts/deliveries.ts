import { createHmac } from 'node:crypto';
import nodemailer from 'nodemailer';
import { v7 as uuidv7 } from 'uuid';
import { appendEvent } from '../../storage/events.ts';
import {
  type DueDeliveryRow,
  insertDeliveryAttempt,
  lockDueDeliveries,
  postponeDeliveries,
  updateDeliveryOutcome,
} from '../../storage/queries/alerts.ts';
import type { ServiceContext } from '../context.ts';
import type { AlertBody, ConformityAlertBody } from './views.ts';
import { postWebhook, WebhookRefused } from './webhook-post.ts';

/** How long a claimed delivery is reserved for the worker that claimed it. */
const LEASE_MS = 60_000;
const MAX_ATTEMPTS = 10;

type DueRow = DueDeliveryRow<AlertBody | ConformityAlertBody>;

/** The signature a receiver recomputes: HMAC-SHA256 over "timestamp.body" with the webhook's secret. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Seconds before the next attempt: exponential from the base, capped at six hours. */
export const backoffSeconds = (attempts: number, baseSeconds: number) =>
  Math.min(baseSeconds * 2 ** (attempts - 1), 6 * 3600);

async function send(
  ctx: ServiceContext,
  d: DueRow,
): Promise<{ ok: boolean; status?: number; error?: string; final?: boolean }> {
  const payload = JSON.stringify({
    id: d.alert_id,
    type: d.kind,
    createdAt: d.created_at.toISOString(),
    title: d.title,
    data: d.body,
  });
  if (d.channel === 'webhook') {
    const timestamp = Math.floor(ctx.clock().getTime() / 1000);
    try {
      const res = await postWebhook(
        ctx,
        d.target,
        {
          'content-type': 'application/json',
          'user-agent': 'Amana-Webhooks/1',
          'amana-signature': signWebhook(d.secret ?? '', timestamp, payload),
          // The same alert always carries the same key, so a receiver drops a repeat after a retry or crash.
          'idempotency-key': d.alert_id,
        },
        payload,
      );
      const ok = res.status >= 200 && res.status < 300;
      return ok ? { ok, status: res.status } : { ok, status: res.status, error: `HTTP ${res.status}` };
    } catch (error) {
      // A refused address stays refused: retrying would only knock on it again ten times.
      if (error instanceof WebhookRefused)
        return { ok: false, final: true, error: `refused: ${error.message}` };
      return { ok: false, error: (error as Error).message };
    }
  }
  if (!ctx.config.smtpUrl) return { ok: false, error: 'no SMTP server is configured (AMANA_SMTP_URL)' };
  try {
    const transport = nodemailer.createTransport(ctx.config.smtpUrl);
    await transport.sendMail({
      from: ctx.config.mailFrom,
      to: d.target,
      subject: `[Amana] ${d.title}`,
      text:
        'transition' in d.body
          ? `${d.title}\n\n${d.body.transition.reason}\n\nIncident ${d.body.incident.code}, site ${d.body.site.code} ${d.body.site.name}.`
          : `${d.title}\n\n${d.body.lots.map((l) => `${l.tag ?? l.epc}: ${l.explanation}`).join('\n')}${d.body.lotCount > d.body.lots.length ? `\n… and ${d.body.lotCount - d.body.lots.length} more lots.` : ''}`,
      headers: { 'X-Amana-Alert': d.alert_id },
    });
    transport.close();
    return { ok: true };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

/**
 * Delivers what is due from the outbox: each delivery is claimed for a short lease, sent, and its outcome
 * recorded; a failure is retried with exponential backoff, up to ten attempts.
 */
export async function deliverDue(
  ctx: ServiceContext,
  batch = 20,
): Promise<{ delivered: number; failed: number }> {
  const now = ctx.clock();
  const claimed = await ctx.db.transaction(async (tx) => {
    const due = await lockDueDeliveries<DueRow['body']>(tx, now, batch);
    await postponeDeliveries(
      tx,
      due.map((d) => d.id),
      new Date(now.getTime() + LEASE_MS),
    );
    return due;
  });
  let delivered = 0;
  let failed = 0;
  for (const d of claimed) {
    const started = Date.now();
    const result = await send(ctx, d);
    const at = ctx.clock();
    const attempts = d.attempts + 1;
    const status = result.ok ? 'delivered' : result.final || attempts >= MAX_ATTEMPTS ? 'failed' : 'pending';
    await ctx.db.transaction(async (tx) => {
      await updateDeliveryOutcome(tx, {
        id: d.id,
        status,
        attempts,
        deliveredAt: result.ok ? at : null,
        lastError: result.error ?? null,
        nextAttemptAt: new Date(
          at.getTime() + backoffSeconds(attempts, ctx.config.deliveryRetryBaseSeconds) * 1000,
        ),
      });
      await insertDeliveryAttempt(tx, {
        id: uuidv7(),
        deliveryId: d.id,
        at,
        ok: result.ok,
        statusCode: result.status ?? null,
        error: result.error ?? null,
        durationMs: Date.now() - started,
      });
      if (status !== 'pending') {
        await appendEvent(tx, {
          type: `delivery.${status}`,
          subjectType: 'delivery',
          subjectId: d.id,
          payload: { channel: d.channel, attempts, error: result.error ?? null },
          actor: null,
          at,
        });
      }
    });
    if (result.ok) delivered++;
    else failed++;
  }
  return { delivered, failed };
}
