import { deliverDue } from './alerts/deliveries.ts';
import { runTimeRules } from './assessments/site-status.ts';
import type { ServiceContext } from './context.ts';
import { deliverSubscriptions } from './custody/epcis-subscription-delivery.ts';
import { sealChainHead } from './event-log/seals.ts';
import { flagOverdueReviews } from './incidents/plans.ts';
import { sendScheduledReports } from './reports/scheduled.ts';
import { screenAllPending } from './screening/screen.ts';

export interface WorkerRun {
  statusChanges: number;
  reviewsFlagged: number;
  delivered: number;
  failedAttempts: number;
  /** Batches of actors screened against new list versions. */
  screeningBatches: number;
  /** Quarterly reports e-mailed to their subscribers, and those that could not be (tried again next pass). */
  reportsSent: number;
  reportsFailed: number;
}

/** The slow work: time rules on site status, overdue mitigation reviews, and the quarterly reports owed. */
async function slowPass(ctx: ServiceContext) {
  const { changed } = await runTimeRules(ctx);
  const reviewsFlagged = await flagOverdueReviews(ctx);
  const reports = await sendScheduledReports(ctx);
  return { statusChanges: changed, reviewsFlagged, reportsSent: reports.sent, reportsFailed: reports.failed };
}

/** One pass of all the background work. */
export async function runWorkerOnce(ctx: ServiceContext): Promise<WorkerRun> {
  const slow = await slowPass(ctx);
  const screeningBatches = await screenAllPending(ctx);
  const { delivered, failed } = await deliverDue(ctx);
  return { ...slow, delivered, failedAttempts: failed, screeningBatches };
}

const SCREENING_SLICE_MS = 3000;

/**
 * Runs the outbox every `deliveryIntervalSeconds` and the slow work every `workerIntervalSeconds`, one
 * pass at a time; returns a function that stops it after the pass under way.
 */
export function startWorker(ctx: ServiceContext, onError: (error: unknown) => void): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  let lastSlow = 0;
  let lastSeal = 0;
  const tick = () => {
    running = running
      .then(async () => {
        if (Date.now() - lastSlow >= ctx.config.workerIntervalSeconds * 1000) {
          lastSlow = Date.now();
          await slowPass(ctx);
        }
        // Screening against a new list version goes on a few seconds a tick, so alerts are never held up long;
        // its progress is kept batch by batch, and another tick (or a restarted worker) resumes it.
        await screenAllPending(ctx, () => {}, SCREENING_SLICE_MS);
        // Drain what is due, in batches, before sleeping again.
        for (let i = 0; i < 50; i++) {
          const { delivered, failed } = await deliverDue(ctx);
          if (delivered + failed === 0) break;
        }
        // EPCIS query subscriptions by webhook, through the same guarded client and backoff.
        await deliverSubscriptions(ctx).catch(onError);
        // A failed seal (a log broken since the last one) is reported and tried again next interval.
        if (Date.now() - lastSeal >= ctx.config.sealIntervalSeconds * 1000) {
          lastSeal = Date.now();
          await sealChainHead(ctx).catch(onError);
        }
      })
      .catch(onError);
  };
  tick();
  ctx.wakeOutbox = tick;
  const timer = setInterval(tick, ctx.config.deliveryIntervalSeconds * 1000);
  timer.unref();
  return async () => {
    ctx.wakeOutbox = undefined;
    clearInterval(timer);
    await running;
  };
}
