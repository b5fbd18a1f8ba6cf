// How long a webhook takes to leave after an incident's verification is acknowledged, against the server's
// own answer time for the verification in the same run. Run: npm run bench:alerts (BENCH_COUNT=N to resize).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

const CLI = path.resolve(import.meta.dirname, '../src/cli/amana.ts');
const COUNT = Number(process.env.BENCH_COUNT ?? 20);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amana-bench-alerts-'));
const env = { ...process.env, AMANA_DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_URL: '' };
const amana = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8' });

const arrivals: number[] = [];
const receiver = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    arrivals.push(performance.now());
    res.writeHead(200).end();
  });
});
await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`;

amana('seed', '--demo');
const analyst = amana('token', 'create', '--user', 'analyst@demo.amana.test').stdout.trim();
const downstream = amana('token', 'create', '--user', 'downstream@demo.amana.test').stdout.trim();
const port = 20000 + Math.floor(Math.random() * 20000);
const base = `http://127.0.0.1:${port}`;
const server = spawn(process.execPath, [CLI, 'serve'], {
  env: { ...env, PORT: String(port), HOST: '127.0.0.1' },
  stdio: 'ignore',
});
for (let i = 0; i < 200; i++) {
  try {
    if ((await fetch(`${base}/api/health`)).ok) break;
  } catch {}
  await new Promise((r) => setTimeout(r, 100));
}
const call = async (token: string, method: string, url: string, body?: unknown) =>
  (
    await fetch(`${base}${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  ).json();

const site = (
  await (
    await fetch(`${base}/api/sites?q=KZI-006`, { headers: { authorization: `Bearer ${analyst}` } })
  ).json()
).items[0].id;
await call(downstream, 'POST', '/api/subscriptions', { siteId: site });
await call(downstream, 'POST', '/api/webhooks', { url: hookUrl });

const answer: number[] = [];
const leave: number[] = [];
for (let i = 0; i < COUNT; i++) {
  let inc = await call(analyst, 'POST', '/api/incidents', {
    siteId: site,
    level: 2,
    category: 'bribery_fraud',
    title: `bench ${i}`,
    description: 'x',
  });
  inc = await call(analyst, 'POST', `/api/incidents/${inc.id}/transitions`, {
    to: 'under_verification',
    reason: 'x',
    revision: inc.revision,
  });
  const sent = performance.now();
  await call(analyst, 'POST', `/api/incidents/${inc.id}/transitions`, {
    to: 'verified',
    reason: 'x',
    revision: inc.revision,
  });
  const acknowledged = performance.now();
  while (arrivals.length < i + 1) await new Promise((r) => setTimeout(r, 2));
  answer.push(acknowledged - sent);
  leave.push(arrivals[i] - acknowledged);
}
server.kill('SIGTERM');
receiver.close();
fs.rmSync(dataDir, { recursive: true, force: true });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const max = (xs: number[]) => Math.max(...xs);
console.log(`${COUNT} verifications on the embedded database, one subscriber with a webhook`);
console.log(
  `verification answered in:              median ${median(answer).toFixed(1)} ms, max ${max(answer).toFixed(1)} ms`,
);
console.log(
  `webhook received after the answer:      median ${median(leave).toFixed(1)} ms, max ${max(leave).toFixed(1)} ms`,
);
