import { runTimeRules } from './assessments/site-status.ts';
import type { ServiceContext } from './context.ts';

export interface WorkerRun {
  statusChanges: number;
}

/** One pass of the background work: today, the time rules on site status. */
export async function runWorkerOnce(ctx: ServiceContext): Promise<WorkerRun> {
  const { changed } = await runTimeRules(ctx);
  return { statusChanges: changed };
}

/** Runs the background work now and then every `intervalSeconds`; returns a function that stops it. */
export function startWorker(
  ctx: ServiceContext,
  intervalSeconds: number,
  onError: (error: unknown) => void,
): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = running.then(() => runWorkerOnce(ctx)).catch(onError);
  };
  tick();
  const timer = setInterval(tick, intervalSeconds * 1000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
