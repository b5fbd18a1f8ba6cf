import { isEmpty } from '../../demo/seed-demo.ts';
import { loadDemo } from '../../demo/seed-screening-list.ts';
import { buildApp } from '../../http/app.ts';
import { logDestination, resolveLogFormat } from '../../http/log-format.ts';
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
  const logFormat = resolveLogFormat(config.logFormat, process.stdout.isTTY === true);
  const logStream = logDestination(logFormat, logFormat === 'pretty' && process.stdout.isTTY === true);
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
    logStream.flushSync?.();
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
