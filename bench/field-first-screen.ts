// How soon the field app's first screen is usable on a low-end phone: Chromium with its CPU slowed 4× and a 3G
// network (CDP Emulation.setCPUThrottlingRate, Network.emulateNetworkConditions), against the same page unthrottled
// in the same run. Three moments: the first load (nothing cached: the sign-in form), a repeat load from the service
// worker (a signed-in phone: the PIN form), and the PIN's unlock to the list of sites (PBKDF2, decision 0045).
// Run: npm run build && npm run bench:field-first-screen (BENCH_ROUNDS=N, default 3; the median is reported).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { demoCopy } from '../test/worlds.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const CLI = path.join(ROOT, 'src/cli/amana.ts');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PORT = Number(process.env.BENCH_PORT ?? 3113);
const base = `http://127.0.0.1:${PORT}`;
if (!fs.existsSync(path.join(ROOT, 'web/dist/field/index.html')))
  throw new Error('build the web app first: npm run build');

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amana-bench-first-screen-'));
const env = { ...process.env, AMANA_DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_URL: '' };
const { DATABASE_URL: _none, ...embedded } = process.env;
// A copy of the tests' demo world (seeded once, cached).
await demoCopy(embedded, dataDir);
const server = spawn(process.execPath, [CLI, 'serve'], {
  env: { ...env, PORT: String(PORT), HOST: '127.0.0.1' },
  stdio: 'ignore',
});
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${base}/api/health`)).ok) break;
  } catch {}
  if (i > 600) throw new Error('the server did not start');
  await new Promise((r) => setTimeout(r, 100));
}

interface Profile {
  name: string;
  cpu: number;
  /** Latency in ms, throughputs in bytes per second (DevTools' own presets). */
  network?: { latency: number; downloadThroughput: number; uploadThroughput: number };
}
const PROFILES: Profile[] = [
  { name: 'unthrottled (baseline)', cpu: 1 },
  // DevTools' "Fast 3G", which is Lighthouse's mobile 3G: 1.6 Mbit/s down, 750 kbit/s up, 150 ms RTT × 3.75.
  {
    name: '4× CPU, 3G (1.6 Mbit/s, 562.5 ms)',
    cpu: 4,
    network: {
      latency: 562.5,
      downloadThroughput: (1.6 * 1024 * 1024 * 0.9) / 8,
      uploadThroughput: (750 * 1024 * 0.9) / 8,
    },
  },
  // DevTools' "Slow 3G": 500 kbit/s each way, 2 s latency: the worst a monitor sees before the network is gone.
  {
    name: '4× CPU, slow 3G (500 kbit/s, 2 s)',
    cpu: 4,
    network: {
      latency: 2000,
      downloadThroughput: (500 * 1024 * 0.8) / 8,
      uploadThroughput: (500 * 1024 * 0.8) / 8,
    },
  },
];

// Marks in the page, by its own clock from the navigation's start: when a form's button is there (the screen is
// usable: Preact attaches handlers as it renders), and when the first site card is.
const MARKS = () => {
  const w = window as unknown as Record<string, number>;
  const check = () => {
    if (w.__usable === undefined && document.querySelector('form button[type=submit]'))
      w.__usable = performance.now();
    if (w.__sites === undefined && document.querySelector('.site-card')) w.__sites = performance.now();
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
};
const mark = async (page: Page, name: '__usable' | '__sites') => {
  await page.waitForFunction((n) => (window as unknown as Record<string, number>)[n] !== undefined, name, {
    timeout: 120_000,
  });
  return page.evaluate((n) => (window as unknown as Record<string, number>)[n], name);
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});
const results = new Map<string, { first: number[]; repeat: number[]; unlock: number[]; bytes: number[] }>();
for (let round = 0; round < ROUNDS; round++)
  for (const profile of PROFILES) {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    await context.addInitScript(MARKS);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    let bytes = 0;
    cdp.on('Network.loadingFinished', (e) => {
      bytes += e.encodedDataLength;
    });
    const throttle = async (on: boolean) => {
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: on ? profile.cpu : 1 });
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        ...(on && profile.network
          ? profile.network
          : { latency: 0, downloadThroughput: -1, uploadThroughput: -1 }),
      });
    };
    // First load: nothing cached, the sign-in form.
    await throttle(true);
    await page.goto(`${base}/field/`, { waitUntil: 'commit', timeout: 120_000 });
    const first = await mark(page, '__usable');
    const firstBytes = bytes;
    // Signed in and the PIN set at full speed (not what is measured), and the service worker in control.
    await throttle(false);
    await page
      .waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 })
      .catch(() => undefined);
    await page.getByLabel('Adresse e-mail').fill('monitor@demo.amana.test');
    await page.getByLabel('Mot de passe').fill('amana-demo-2026');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByLabel('Code PIN (6 à 12 chiffres)').fill('482913');
    await page.getByLabel('Le même code PIN, encore une fois').fill('482913');
    await page.getByRole('button', { name: 'Garder ce code PIN' }).click();
    await page.locator('.site-card').first().waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });
    // Repeat load: the app from the service worker, the PIN form; then the PIN to the list of sites.
    await throttle(true);
    await page.reload({ waitUntil: 'commit', timeout: 120_000 });
    const repeat = await mark(page, '__usable');
    await page.getByLabel('Code PIN', { exact: true }).fill('482913');
    const clicked = await page.evaluate(() => {
      const at = performance.now();
      (document.querySelector('form button[type=submit]') as HTMLButtonElement).click();
      return at;
    });
    const unlocked = (await mark(page, '__sites')) - clicked;
    const r = results.get(profile.name) ?? { first: [], repeat: [], unlock: [], bytes: [] };
    r.first.push(first);
    r.repeat.push(repeat);
    r.unlock.push(unlocked);
    r.bytes.push(firstBytes);
    results.set(profile.name, r);
    await context.close();
  }
await browser.close();
server.kill('SIGTERM');
await new Promise((r) => server.once('exit', r));
fs.rmSync(dataDir, { recursive: true, force: true });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const baseline = results.get(PROFILES[0].name);
if (!baseline) throw new Error('no baseline');
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
console.log(`field app first screen, median of ${ROUNDS} rounds (target ≤ 5 s throttled)`);
console.log(
  '| profile | first load (sign-in) | repeat load, service worker (PIN) | PIN → my sites | bytes, first load |',
);
console.log('|---|---|---|---|---|');
for (const [name, r] of results) {
  const ratio = (xs: number[], b: number[]) => `${(median(xs) / median(b)).toFixed(1)}×`;
  console.log(
    `| ${name} | ${s(median(r.first))} (${ratio(r.first, baseline.first)}) | ${s(median(r.repeat))} (${ratio(r.repeat, baseline.repeat)}) | ${s(median(r.unlock))} (${ratio(r.unlock, baseline.unlock)}) | ${Math.round(median(r.bytes) / 1024)} KiB |`,
  );
}
