import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, type ConsoleMessage, chromium, type Page } from 'playwright-core';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const SHOTS = path.join(ROOT, 'test/e2e/screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface E2e {
  base: string;
  browser: Browser;
  signIn: (page: Page, email: string, password?: string) => Promise<void>;
  shot: (page: Page, name: string, fullPage?: boolean) => Promise<void>;
  close: () => Promise<void>;
}

/** The real server on a fresh embedded database with the demo, and Debian's Chromium driving it. */
export async function startE2e(): Promise<E2e> {
  assert.ok(fs.existsSync(path.join(ROOT, 'web/dist/index.html')), 'build the web app first: npm run build');
  assert.ok(fs.existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: apt-get install -y chromium`);
  fs.mkdirSync(SHOTS, { recursive: true });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amana-e2e-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const base = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AMANA_DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;
  const server: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'src/cli/amana.ts'), 'serve'], {
    env,
    stdio: 'ignore',
  });
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  // Every page and context the tests open reports what the Content-Security-Policy blocked; close() fails on any.
  const cspViolations: string[] = [];
  const watched = new WeakSet<BrowserContext>();
  const watch = (context: BrowserContext) => {
    if (watched.has(context)) return;
    watched.add(context);
    context.on('console', (m: ConsoleMessage) => {
      if (/Content Security Policy/i.test(m.text()))
        cspViolations.push(`${m.page()?.url() ?? ''}: ${m.text()}`);
    });
  };
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (...args) => {
    const context = await newContext(...args);
    watch(context);
    return context;
  };
  const newPage = browser.newPage.bind(browser);
  browser.newPage = async (...args) => {
    const page = await newPage(...args);
    watch(page.context());
    return page;
  };
  return {
    base,
    browser,
    async signIn(page, email, password = 'amana-demo-2026') {
      await page.goto(base);
      await page.getByLabel('Adresse e-mail').fill(email);
      await page.getByLabel('Mot de passe').fill(password);
      await page.getByRole('button', { name: 'Se connecter' }).click();
    },
    async shot(page, name, fullPage = true) {
      await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });
    },
    async close() {
      await browser.close();
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
      fs.rmSync(dataDir, { recursive: true, force: true });
      assert.deepEqual(cspViolations, [], 'the Content-Security-Policy blocked something the web app does');
    },
  };
}
