import pino from 'pino';
import { isEmpty } from '../../demo/seed-demo.ts';
import { loadDemo } from '../../demo/seed-screening-list.ts';
import { buildApp } from '../../http/app.ts';
import { sealChainHead } from '../../services/event-log/seals.ts';
import { healthProblems } from '../../services/health.ts';
import { startWorker } from '../../services/worker.ts';
import { openContext } from '../open.ts';

/** Starts the server; an empty embedded database first receives the demo world (AMANA_DEMO=auto). */
export async function serve(): Promise<void> {
  const started = Date.now();
  const ctx = await openContext();
  const { config } = ctx;
  if (!config.databaseUrl && config.demo === 'auto' && (await isEmpty(ctx))) {
    process.stderr.write('amana: empty embedded database, loading the demo world…\n');
    await loadDemo(ctx);
  }
  // Log lines are written to stdout without blocking: those that complete while a write is under way go out
  // together in the next one, so a busy server makes one write for many requests.
  const logStream = pino.destination({ dest: 1, sync: false });
  const app = await buildApp(ctx, {
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel, stream: logStream },
  });
  const stopWorker = config.worker
    ? startWorker(ctx, (error) => app.log.error({ err: error }, 'worker pass failed'))
    : async () => {};
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await app.close();
    await stopWorker();
    // The process that runs the worker is the one that seals (and holds the key): seal the tail left since its last pass.
    if (config.worker)
      await sealChainHead(ctx).catch((error) => app.log.error({ err: error }, 'not sealed at shutdown'));
    await ctx.db.close();
    logStream.flushSync();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  for (const p of healthProblems(config))
    process.stderr.write(`amana: ${p.component} will not work: ${p.message}\n`);
  const address = await app.listen({ host: config.host, port: config.port });
  const where = config.databaseUrl ? 'PostgreSQL' : `embedded database in ${config.dataDir}`;
  process.stderr.write(
    `amana: listening on ${address.replace('0.0.0.0', 'localhost')} (${where}), ready in ${Date.now() - started} ms\n`,
  );
}
