// What the public transparency view costs under load: requests a second on a cached public answer
// (/api/public/transparency, every site as of the delay) and on the open-data GeoJSON, against GET /api/health
// (one small query) measured in the same run on the same server. The server runs in its own process on the demo
// world, with a delay of one month so the demo's sites are published and a rate limit above the load.
// Run: npm run bench:public                     (BENCH_SECONDS=N per route, BENCH_CONNECTIONS=N)
import { fork } from 'node:child_process';
import autocannon from 'autocannon';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);

async function serve() {
  const { loadConfig } = await import('../src/config.ts');
  const { buildApp } = await import('../src/http/app.ts');
  const { seedDemo } = await import('../src/demo/seed-demo.ts');
  const { openDb } = await import('../src/storage/db.ts');
  const { migrate } = await import('../src/storage/migrate.ts');
  const config = {
    ...loadConfig({ ...process.env, AMANA_PUBLIC_DELAY_MONTHS: '1', AMANA_PUBLIC_RATE_MAX: '1000000' }),
    logLevel: 'silent',
  };
  const db = await openDb({ dataDir: 'memory' });
  await migrate(db);
  const ctx = { db, config, clock: () => new Date() };
  await seedDemo(ctx);
  const app = await buildApp(ctx, { logger: false });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  process.send?.({ url });
  process.on('message', async () => {
    await app.close();
    await db.close();
    process.exit(0);
  });
}

async function main() {
  const server = fork(import.meta.filename, ['serve'], { stdio: 'inherit' });
  const { url } = await new Promise<{ url: string }>((r) => server.once('message', r as never));
  const run = async (path: string) => {
    const result = await autocannon({ url: `${url}${path}`, connections: CONNECTIONS, duration: SECONDS });
    if (result.non2xx) throw new Error(`${path}: ${result.non2xx} answers were not 2xx`);
    return { path, rps: result.requests.average, p99: result.latency.p99, bytes: result.throughput.average };
  };
  // A first request fills the cache; the measurement is of what every reader after it gets.
  for (const p of ['/api/public/transparency', '/api/public/transparency/sites.geojson'])
    await fetch(`${url}${p}`);
  const rows = [];
  for (const p of [
    '/api/health',
    '/api/public/transparency',
    '/api/public/transparency/sites.geojson',
    '/api/health',
  ])
    rows.push(await run(p));
  const health = (rows[0].rps + rows[3].rps) / 2;
  console.log(`${CONNECTIONS} connections, ${SECONDS} s per route; health measured before and after`);
  console.log('| route | req/s | p99 ms | bytes/s | req/s ÷ health |');
  console.log('|---|---:|---:|---:|---:|');
  for (const r of rows)
    console.log(
      `| ${r.path} | ${Math.round(r.rps)} | ${r.p99} | ${Math.round(r.bytes)} | ${(r.rps / health).toFixed(2)} |`,
    );
  server.send('stop');
}

if (process.argv[2] === 'serve') await serve();
else await main();
