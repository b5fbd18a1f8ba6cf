import { seedDemo } from '../../services/demo/seed-demo.ts';
import { runWorkerOnce, startWorker } from '../../services/worker.ts';
import { verifyEventLog } from '../../storage/events.ts';
import { migrate } from '../../storage/migrate.ts';
import { openContext } from '../open.ts';
import { progress } from '../progress.ts';

/** `amana migrate`: applies pending migrations and names them. */
export async function migrateCommand(): Promise<void> {
  const ctx = await openContext();
  try {
    const applied = await migrate(ctx.db);
    process.stdout.write(applied.length ? `applied ${applied.join(', ')}\n` : 'the schema is up to date\n');
  } finally {
    await ctx.db.close();
  }
}

/** `amana seed --demo`: loads the demo world into an empty database. */
export async function seedCommand(args: { demo: boolean }): Promise<void> {
  if (!args.demo) throw new Error('say what to seed: amana seed --demo');
  const ctx = await openContext();
  try {
    const bar = progress('seeding demo');
    const counts = await seedDemo(ctx, (_step, done, total) => bar(done, total));
    process.stdout.write(
      `demo loaded: ${counts.organisations} organisations, ${counts.users} users, ${counts.sites} sites\n`,
    );
  } finally {
    await ctx.db.close();
  }
}

/** `amana verify`: recomputes the event chain; exits 1 naming the first altered or missing event. */
export async function verifyCommand(): Promise<number> {
  const ctx = await openContext();
  try {
    const result = await verifyEventLog(ctx.db, progress('verifying events'));
    if (result.ok) {
      process.stdout.write(`event log intact: ${result.count} events, head ${result.headHash}\n`);
      return 0;
    }
    process.stderr.write(`amana: event log broken: ${result.fault.message}\n`);
    return 1;
  } finally {
    await ctx.db.close();
  }
}

/** `amana worker [--once]`: the background work (time rules on site status) in its own process. */
export async function workerCommand(args: { once: boolean }): Promise<number> {
  const ctx = await openContext();
  if (args.once) {
    try {
      const run = await runWorkerOnce(ctx);
      process.stdout.write(
        `worker: ${run.statusChanges} site status change(s), ${run.reviewsFlagged} overdue review(s) flagged, ${run.delivered} alert(s) delivered\n`,
      );
      return 0;
    } finally {
      await ctx.db.close();
    }
  }
  const stop = startWorker(ctx, (error) =>
    process.stderr.write(`amana worker: ${(error as Error).message}\n`),
  );
  const shutdown = async () => {
    await stop();
    await ctx.db.close();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  process.stderr.write(`amana worker: running every ${ctx.config.workerIntervalSeconds} s\n`);
  return -1;
}
