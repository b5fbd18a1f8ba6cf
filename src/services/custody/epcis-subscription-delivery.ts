import type { Principal } from '../../domain/access/roles.ts';
import { nextRun, type Schedule } from '../../domain/custody/epcis/query-schedule.ts';
import { findUserById, membershipsOf } from '../../storage/queries/access.ts';
import {
  lockDueSubscriptions,
  settledHorizon,
  updateSubscriptionRun,
} from '../../storage/queries/epcis-subscriptions.ts';
import { backoffSeconds, signWebhook } from '../alerts/deliveries.ts';
import { postWebhook } from '../alerts/webhook-post.ts';
import type { AuthedContext, ServiceContext } from '../context.ts';
import { EPCIS_CONTEXT, queryEvents } from './epcis-query.ts';

/** How many events one message of a subscription carries at most. */
const BATCH = 500;

/** Parameters a subscription leaves out: it delivers in record order, everything new. */
const NOT_FOR_SUBSCRIPTIONS = new Set([
  'orderBy',
  'orderDirection',
  'eventCountLimit',
  'maxEventCount',
  'perPage',
  'nextPageToken',
]);

/** The query document a subscriber receives for a run of its query. */
export function subscriptionDocument(
  events: Record<string, unknown>[],
  queryName: string,
  subscriptionID: string,
  now: Date,
) {
  return {
    '@context': [EPCIS_CONTEXT],
    type: 'EPCISQueryDocument',
    schemaVersion: '2.0',
    creationDate: now.toISOString(),
    epcisBody: { queryResults: { queryName, subscriptionID, resultsBody: { eventList: events } } },
  };
}

/** The events of a query recorded after `after` up to the horizon, as the caller sees them, one batch. */
export async function newEvents(
  ctx: AuthedContext,
  query: Record<string, string>,
  after: number,
  horizon: number,
): Promise<{ events: Record<string, unknown>[]; upTo: number }> {
  const own = Object.fromEntries(Object.entries(query).filter(([k]) => !NOT_FOR_SUBSCRIPTIONS.has(k)));
  const page = await queryEvents(ctx, { ...own, perPage: String(BATCH) }, { after, upTo: horizon });
  // A full batch stops at its last event; otherwise everything up to the horizon was looked at.
  return { events: page.events, upTo: page.nextPageToken && page.lastSeq ? page.lastSeq : horizon };
}

/** The horizon below which no event can still appear, read in a transaction of its own; null while events are stored. */
export async function horizonNow(ctx: ServiceContext): Promise<number | null> {
  return ctx.db.transaction((tx) => settledHorizon(tx));
}

/** The principal a subscription runs as: its creator in the organisation it subscribed for, if still a member. */
export async function principalOf(
  ctx: ServiceContext,
  userId: string,
  organisationId: string,
): Promise<Principal | null> {
  const user = await findUserById(ctx.db, userId);
  if (!user || user.disabled_at) return null;
  const m = (await membershipsOf(ctx.db, [userId])).find((x) => x.organisation_id === organisationId);
  return m ? { userId, email: user.email, organisationId, role: m.role, via: 'token' } : null;
}

/** Whether a subscription should run now: a stream always looks; a schedule when its next time has come. */
export function dueBySchedule(
  schedule: Schedule | null,
  lastRun: Date | null,
  since: Date,
  now: Date,
): boolean {
  if (!schedule) return true;
  const next = nextRun(schedule, lastRun ?? since);
  return next !== null && next <= now;
}

/**
 * Delivers what webhook subscriptions are owed: for each due one, the events its query matches that were
 * recorded since its position, as its creator sees them, POSTed signed (GS1-Signature, HMAC-SHA256 as alert
 * webhooks are) with an Idempotency-Key per batch; the position moves only once the subscriber took them,
 * so a crash repeats a batch and never loses one. A failure is retried with the alerts' backoff.
 */
export async function deliverSubscriptions(ctx: ServiceContext, limit = 20): Promise<number> {
  const horizon = await horizonNow(ctx);
  if (horizon === null) return 0;
  const now = ctx.clock();
  const due = await ctx.db.transaction(async (tx) => {
    const rows = await lockDueSubscriptions(tx, now, limit);
    // Leased for a minute while this pass sends them.
    for (const r of rows)
      await updateSubscriptionRun(tx, {
        id: r.id,
        afterSeq: Number(r.after_seq),
        nextAttemptAt: new Date(now.getTime() + 60_000),
        attempts: r.attempts,
        lastError: r.last_error,
        lastRunAt: null,
      });
    return rows;
  });
  let sent = 0;
  for (const s of due) {
    const after = Number(s.after_seq);
    const principal = await principalOf(ctx, s.created_by, s.organisation_id);
    const retryAt = (attempts: number) =>
      new Date(now.getTime() + backoffSeconds(attempts, ctx.config.deliveryRetryBaseSeconds) * 1000);
    if (!principal) {
      await updateSubscriptionRun(ctx.db, {
        id: s.id,
        afterSeq: after,
        nextAttemptAt: retryAt(s.attempts + 1),
        attempts: s.attempts + 1,
        lastError: 'the subscriber is no longer a member of the organisation it subscribed for',
        lastRunAt: null,
      });
      continue;
    }
    if (!dueBySchedule(s.schedule, s.last_run_at, s.created_at, now)) {
      const next = s.schedule ? nextRun(s.schedule, s.last_run_at ?? s.created_at) : null;
      await updateSubscriptionRun(ctx.db, {
        id: s.id,
        afterSeq: after,
        nextAttemptAt: next ?? new Date(now.getTime() + 86_400_000),
        attempts: s.attempts,
        lastError: s.last_error,
        lastRunAt: null,
      });
      continue;
    }
    const { events, upTo } = await newEvents({ ...ctx, principal }, s.query, after, horizon);
    const scheduled = s.schedule !== null;
    const next = scheduled ? nextRun(s.schedule as Schedule, now) : null;
    if (events.length === 0 && !(scheduled && s.report_if_empty)) {
      await updateSubscriptionRun(ctx.db, {
        id: s.id,
        afterSeq: upTo,
        // A stream looks again at the next pass; a schedule at its next time.
        nextAttemptAt: next ?? now,
        attempts: 0,
        lastError: null,
        lastRunAt: scheduled ? now : null,
      });
      continue;
    }
    const body = JSON.stringify(subscriptionDocument(events, s.query_name, s.id, now));
    const timestamp = Math.floor(now.getTime() / 1000);
    let error: string | null = null;
    try {
      const res = await postWebhook(
        ctx,
        s.dest,
        {
          'content-type': 'application/ld+json',
          'user-agent': 'Amana-EPCIS/1',
          'gs1-signature': signWebhook(s.secret, timestamp, body),
          'gs1-epcis-version': '2.0.0',
          // The same batch always carries the same key, so a receiver drops a repeat after a crash.
          'idempotency-key': `${s.id}:${after}:${upTo}`,
        },
        body,
      );
      if (res.status < 200 || res.status >= 300) error = `HTTP ${res.status}`;
    } catch (e) {
      error = (e as Error).message;
    }
    if (error === null) sent++;
    await updateSubscriptionRun(ctx.db, {
      id: s.id,
      afterSeq: error === null ? upTo : after,
      nextAttemptAt: error === null ? (next ?? now) : retryAt(s.attempts + 1),
      attempts: error === null ? 0 : s.attempts + 1,
      lastError: error,
      lastRunAt: error === null && scheduled ? now : null,
    });
  }
  return sent;
}
