import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, type ConsoleMessage, chromium, type Page } from 'playwright-core';
import { demoCopy, serverProcess } from '../worlds.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const SHOTS = path.join(ROOT, 'test/e2e/screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const _CLI = path.join(ROOT, 'src/cli/amana.ts');
const PASSWORD = 'amana-demo-2026';

export interface Viewport {
  width: number;
  height: number;
}

export interface E2e {
  base: string;
  browser: Browser;
  /** Signs in through the form on this page. */
  signIn: (page: Page, email: string, password?: string) => Promise<void>;
  /**
   * A new page of `email`'s browser context, on the home page. The context is signed in through the form once
   * per file, on the first page asked for, and kept for the next tests: a test that signs out, changes the
   * language, the password or the organisation of its session opens its own page and signs in with signIn.
   */
  pageAs: (email: string, viewport?: Viewport) => Promise<Page>;
  shot: (page: Page, name: string, fullPage?: boolean) => Promise<void>;
  close: () => Promise<void>;
}

/** The real server on a copy of the demo world (PGlite, or PostgreSQL with DATABASE_URL), and Chromium driving it. */
export async function startE2e(settings: NodeJS.ProcessEnv = {}): Promise<E2e> {
  assert.ok(fs.existsSync(path.join(ROOT, 'web/dist/index.html')), 'build the web app first: npm run build');
  assert.ok(fs.existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: apt-get install -y chromium`);
  fs.mkdirSync(SHOTS, { recursive: true });
  // Settings a file needs (an SMTP server, webhook ranges) go to the server, not to the world it copies.
  const env: NodeJS.ProcessEnv = { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amana-e2e-'));
  const world = await demoCopy(env, dataDir);
  if (world.databaseUrl) env.DATABASE_URL = world.databaseUrl;
  const server = await serverProcess(() => ({ ...env, AMANA_DATA_DIR: dataDir }));
  const stopServer = async () => {
    await server.stop('SIGTERM');
    await world.drop();
  };
  // Chromium starts while the server does.
  const launched = chromium.launch({
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
  launched.catch(() => {}); // awaited below, after the server
  let base: string;
  let browser: Browser;
  try {
    await server.start(settings);
    base = server.base;
    browser = await launched;
  } catch (error) {
    await launched.then((b) => b.close()).catch(() => {});
    await stopServer();
    throw error;
  }
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

  const signIn = async (page: Page, email: string, password = PASSWORD) => {
    await page.goto(base);
    await page.getByLabel('Adresse e-mail').fill(email);
    await page.getByLabel('Mot de passe').fill(password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
  };
  const home = (page: Page) => page.getByRole('heading', { name: 'Accueil' }).waitFor();
  // Each person's context, signed in on its first page; a sign-in that failed is tried again by the next test.
  const contexts = new Map<string, Promise<{ context: BrowserContext; first?: Page }>>();
  const pageAs = async (email: string, viewport?: Viewport) => {
    let known = contexts.get(email);
    if (!known) {
      known = (async () => {
        const context = await browser.newContext();
        const first = await context.newPage();
        if (viewport) await first.setViewportSize(viewport);
        await signIn(first, email);
        await home(first);
        return { context, first };
      })();
      contexts.set(email, known);
      known.catch(() => contexts.delete(email));
    }
    const signedIn = await known;
    const { first } = signedIn;
    if (first) {
      signedIn.first = undefined;
      return first;
    }
    const page = await signedIn.context.newPage();
    if (viewport) await page.setViewportSize(viewport);
    await page.goto(base);
    await home(page);
    return page;
  };

  return {
    base,
    browser,
    signIn,
    pageAs,
    async shot(page, name, fullPage = true) {
      await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });
    },
    async close() {
      await browser.close();
      await stopServer();
      assert.deepEqual(cspViolations, [], 'the Content-Security-Policy blocked something the web app does');
    },
  };
}
