import { loadDemo } from '../../demo/seed-screening-list.ts';
import { keyIdOf } from '../../domain/events/seal.ts';
import { loadSealKey, readPublicKeyFile } from '../../services/event-log/seal-key.ts';
import { sealChainHead, verifySealedLog } from '../../services/event-log/seals.ts';
import { verifySegmentFile } from '../../services/event-log/segments.ts';
import { runWorkerOnce, startWorker } from '../../services/worker.ts';
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
    const counts = await loadDemo(ctx, (_step, done, total) => bar(done, total));
    process.stdout.write(
      `demo loaded: ${counts.organisations} organisations, ${counts.users} users, ${counts.sites} sites\n`,
    );
  } finally {
    await ctx.db.close();
  }
}

/**
 * `amana verify`: recomputes the event chain and checks every seal; exits 1 naming the first altered or missing
 * event, or the seal a truncated or rebuilt log no longer matches. With `--segment FILE --public-key FILE` it
 * checks an exported segment offline instead, without a database.
 */
export async function verifyCommand(args: { segment?: string; publicKey?: string } = {}): Promise<number> {
  if (args.segment) return verifySegmentCommand(args.segment, args.publicKey);
  const trusted = args.publicKey ? readPublicKeyFile(args.publicKey) : null;
  const ctx = await openContext();
  try {
    const key = trusted ?? loadSealKey(ctx.config, { create: false })?.publicKey ?? null;
    const result = await verifySealedLog(ctx, key, progress('verifying events'));
    if (!result.ok) {
      process.stderr.write(`amana: event log broken: ${result.message}\n`);
      return 1;
    }
    process.stdout.write(`event log intact: ${result.count} events, head ${result.headHash}\n`);
    if (!result.latest || !key) {
      process.stdout.write(
        `no seal yet: run amana seal (the worker seals every ${ctx.config.sealIntervalSeconds} s)\n`,
      );
      return 0;
    }
    const unsealed =
      result.latest.seq < result.count
        ? `; events #${result.latest.seq + 1}–#${result.count} are not sealed yet`
        : '';
    process.stdout.write(
      `seals intact: ${result.seals} seal(s) verified with key ${keyIdOf(key)}, the latest at event #${result.latest.seq} on ${result.latest.sealedAt}${unsealed}\n`,
    );
    return 0;
  } finally {
    await ctx.db.close();
  }
}

/** The offline check of an exported segment, trusting only the key given (never the one inside the file). */
async function verifySegmentCommand(file: string, publicKey: string | undefined): Promise<number> {
  if (!publicKey)
    throw new Error(
      '--segment needs --public-key FILE: the instance key you trust (amana seal public-key), not the one the file carries',
    );
  const trusted = readPublicKeyFile(publicKey);
  const verdict = await verifySegmentFile(file, trusted);
  if (!verdict.ok) {
    process.stderr.write(`amana: segment broken: ${verdict.problem}\n`);
    return 1;
  }
  const { from, to, seals, sealedUpTo } = verdict.summary;
  const unsealed = sealedUpTo < to ? `; events #${sealedUpTo + 1}–#${to} are covered by no seal` : '';
  process.stdout.write(
    `segment intact: events #${from}–#${to}, ${seals} seal(s) verified with key ${keyIdOf(trusted)}, sealed up to #${sealedUpTo}${unsealed}\n`,
  );
  return 0;
}

/** `amana worker [--once]`: the background work (time rules on site status) in its own process. */
export async function workerCommand(args: { once: boolean }): Promise<number> {
  const ctx = await openContext();
  if (args.once) {
    try {
      const run = await runWorkerOnce(ctx);
      process.stdout.write(
        `worker: ${run.statusChanges} site status change(s), ${run.reviewsFlagged} overdue review(s) flagged, ${run.screeningBatches ? `${run.screeningBatches} screening batch(es), ` : ''}${run.delivered} alert(s) delivered${run.reportsSent + run.reportsFailed ? `, ${run.reportsSent} quarterly report(s) sent, ${run.reportsFailed} failed` : ''}\n`,
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
    // Seal what was appended since the last pass, so a clean stop leaves no unsealed tail.
    await sealChainHead(ctx).catch((error) =>
      process.stderr.write(`amana worker: not sealed at shutdown: ${(error as Error).message}\n`),
    );
    await ctx.db.close();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  process.stderr.write(`amana worker: running every ${ctx.config.workerIntervalSeconds} s\n`);
  return -1;
}
