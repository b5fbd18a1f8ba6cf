import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { type E2e, SHOTS, startE2e } from './harness.ts';

/** The web app in a real Chromium against the real server on a fresh embedded database with the demo. */
describe('web app in Chromium', () => {
  let e2e: E2e;
  let browser: Browser;
  let base: string;

  before(async () => {
    e2e = await startE2e();
    browser = e2e.browser;
    base = e2e.base;
  });

  after(() => e2e?.close());

  const openSites = (page: Page) =>
    page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Sites', exact: true }).click();

  const signIn = (page: Page, email: string, password?: string) => e2e.signIn(page, email, password);

  test('a wrong password shows the reason on the sign-in form', async () => {
    const page = await browser.newPage();
    await signIn(page, 'admin@demo.amana.test', 'wrong-password');
    await page.getByRole('alert').waitFor();
    assert.equal(
      await page.getByRole('alert').textContent(),
      "L'adresse e-mail ou le mot de passe est incorrect.",
    );
    await page.screenshot({ path: path.join(SHOTS, 'sign-in-error.png') });
    await page.close();
  });

  test('the admin signs in and sees the demo sites with their status, in French', async () => {
    const page = await e2e.pageAs('admin@demo.amana.test', { width: 1280, height: 800 });
    await page.getByTestId('sites-red').waitFor();
    assert.deepEqual(
      await Promise.all(
        ['red', 'yellow', 'green', 'blue'].map((s) => page.getByTestId(`sites-${s}`).textContent()),
      ),
      ['2', '2', '2', '6'],
    );
    await page.screenshot({ path: path.join(SHOTS, 'home-admin-fr.png'), fullPage: true });
    await openSites(page);
    await page.getByRole('heading', { name: 'Sites' }).waitFor();
    await page.getByRole('cell', { name: 'KZI-001' }).waitFor();
    const codes = await page.locator('tbody tr td:first-child').allTextContents();
    assert.deepEqual(codes, [
      'KZI-001',
      'KZI-002',
      'KZI-003',
      'KZI-004',
      'KZI-005',
      'KZI-006',
      'KZI-007',
      'LKS-001',
      'LKS-002',
      'LKS-003',
      'LKS-004',
      'LKS-005',
    ]);
    assert.equal(await page.locator('[data-status="blue"]').first().textContent(), '○ Bleu – non évalué');
    assert.match(
      (await page.locator('.who').textContent()) ?? '',
      /Amani Kabeya · Programme Amana de démonstration \(administrateur\)/,
    );
    await page.screenshot({ path: path.join(SHOTS, 'sites-fr.png'), fullPage: true });

    await page.getByLabel('Rechercher', { exact: true }).fill('Kasulo');
    await page.waitForFunction(() => document.querySelectorAll('tbody tr').length === 1);
    assert.deepEqual(await page.locator('tbody tr td:nth-child(2)').allTextContents(), ['Kasulo']);
    await page.close();
  });

  test('organisations show KYC and red flags, and the labels follow the language switch', async () => {
    // A session of its own: the test changes its language and signs it out.
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, 'analyst@demo.amana.test');
    await page.getByRole('link', { name: 'Organisations' }).click();
    await page.getByRole('cell', { name: 'Coopérative Tumaini Musompo' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/organisations');
    assert.ok(await page.getByRole('columnheader', { name: 'Signaux d’alerte' }).isVisible());
    const musompo = page.locator('tr', { hasText: 'Coopérative Tumaini Musompo' });
    assert.match(
      (await musompo.textContent()) ?? '',
      /agrément de coopérative AGR-COOP3-1 expiré\(e\) le 2026-03-31.*vérification KYC expirée le/,
    );
    await page.screenshot({ path: path.join(SHOTS, 'organisations-fr.png'), fullPage: true });

    await page.getByLabel('Langue').selectOption('en');
    await page.getByRole('columnheader', { name: 'Red flags' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'My account' }).isVisible(), true);
    assert.match(
      (await musompo.textContent()) ?? '',
      /cooperative approval AGR-COOP3-1 expired on 2026-03-31/,
    );
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    await page.screenshot({ path: path.join(SHOTS, 'organisations-en.png'), fullPage: true });

    await page.reload();
    await page.getByRole('columnheader', { name: 'Red flags' }).waitFor();
    await page.getByRole('button', { name: 'My account' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.close();
  });

  test('a red site explains itself, with its history, assessments and corrective actions, in French and English', async () => {
    // A session of its own: the test changes its language.
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await signIn(page, 'analyst@demo.amana.test');
    await openSites(page);
    await page.getByRole('link', { name: 'Shabara (Mutoshi)' }).click();
    await page.getByRole('heading', { name: 'Pourquoi ce statut' }).waitFor();
    assert.match(new URL(page.url()).pathname, /^\/sites\/[0-9a-f-]{36}$/);
    const explanation = page.getByTestId('status-explanation');
    assert.match(
      (await explanation.textContent()) ?? '',
      /^rouge depuis le \d{4}-\d\d-\d\d : exigence CL-01 « Aucune personne de moins de 18 ans ne travaille sur le site » non respectée dans l’évaluation A-\d+ ; suspendu au moins jusqu’au \d{4}-\d\d-\d\d$/,
    );
    assert.ok(await page.getByRole('cell', { name: /OHS-01/ }).isVisible());
    assert.equal(await page.locator('.history li').count(), 2);
    assert.ok(await page.getByRole('cell', { name: 'Validation initiale' }).isVisible());
    await page.screenshot({ path: path.join(SHOTS, 'site-red-fr.png'), fullPage: true });

    await page.getByLabel('Langue').selectOption('en');
    await page.getByRole('heading', { name: 'Why this status' }).waitFor();
    assert.match(
      (await explanation.textContent()) ?? '',
      /^red since .*: requirement CL-01 'No person under 18 working on site' not met in assessment A-\d+/,
    );
    await page.screenshot({ path: path.join(SHOTS, 'site-red-en.png'), fullPage: true });

    await page.reload();
    await page.getByRole('heading', { name: 'Why this status' }).waitFor();
    await page.getByRole('link', { name: '← All sites' }).click();
    await page.getByRole('cell', { name: 'KZI-001' }).waitFor();
    await page.close();
  });

  test('a buyer sees the status of a site but not its assessments', async () => {
    const page = await e2e.pageAs('buyer@demo.amana.test');
    await openSites(page);
    await page.getByRole('link', { name: 'Musompo' }).click();
    await page.getByTestId('status-explanation').waitFor();
    assert.match(
      (await page.getByTestId('status-explanation').textContent()) ?? '',
      /^jaune depuis le .*à corriger avant le/,
    );
    // Assessments, corrective actions and monitoring indicators are not the buyer's to see.
    // The three sections load on their own: wait for all of them rather than count the first.
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('p')].filter(
          (p) => p.textContent === 'Votre rôle ne donne pas accès à cette information.',
        ).length === 3,
    );
    await page.close();
  });

  test('an analyst finds the overdue incident first, reads a plan and moves an incident on', async () => {
    const page = await e2e.pageAs('analyst@demo.amana.test', { width: 1280, height: 1000 });
    await page.getByRole('link', { name: 'Incidents' }).click();
    await page.getByRole('heading', { name: 'Incidents' }).waitFor();
    await page.locator('tbody tr').first().waitFor();
    const first = page.locator('tbody tr').first();
    assert.match(
      (await first.textContent()) ?? '',
      /Accident mortel sur le site.*LKS-004.*Signalé\d{1,2} [a-zéû]+\.? \d{4} ⚠ En retard/,
    );
    await page.screenshot({ path: path.join(SHOTS, 'incidents-fr.png'), fullPage: true });

    await page.getByRole('link', { name: 'Enfants vus sur le site' }).click();
    await page.getByRole('heading', { name: 'Plan d’atténuation' }).waitFor();
    await page.getByText('⚠ Revue en retard').waitFor();
    // The current decision heads the plan (the same words recur in its history and in the decision form).
    assert.match(
      (await page.getByTestId('plan-decision').textContent()) ?? '',
      /^Décision : Suspendre temporairement · Prochaine revue avant le \d{1,2} [a-zéû]+\.? \d{4} ⚠ Revue en retard$/,
    );
    await page.screenshot({ path: path.join(SHOTS, 'incident-plan-fr.png'), fullPage: true });

    await page.getByRole('link', { name: '← Incidents' }).click();
    await page.getByRole('link', { name: 'Femmes enceintes vues dans la zone minière' }).click();
    await page.getByLabel('Passer à').waitFor();
    await page.getByLabel('Motif').fill('Visite de vérification demain');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.waitForFunction(() => document.querySelectorAll('.history li').length === 2);
    assert.match(
      (await page.locator('.history li').last().textContent()) ?? '',
      /^En vérification · .* · Visite de vérification demain$/,
    );
    await page.close();
  });

  test('a refiner reads its alerts and marks one read', async () => {
    const page = await e2e.pageAs('downstream@demo.amana.test', { width: 1280, height: 800 });
    const alertsLink = page.getByRole('link', { name: /^Alertes/ });
    await page.locator('.count').waitFor();
    const before = Number((await page.locator('.count').textContent())?.match(/\d+/)?.[0]);
    assert.ok(before >= 3);
    await alertsLink.click();
    await page.locator('.inbox li.unread').first().waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'alerts-fr.png'), fullPage: true });
    await page.getByRole('button', { name: 'Marquer comme lue' }).first().click();
    await page.waitForFunction((n) => document.querySelectorAll('.inbox li.unread').length === n, before - 1);
    // The badge refreshes after the inbox does: wait for it rather than read it at once.
    await page.waitForFunction(
      (n) => document.querySelector('.count')?.textContent?.startsWith(String(n)),
      before - 1,
    );
    assert.equal(Number((await page.locator('.count').textContent())?.match(/\d+/)?.[0]), before - 1);
    await page.close();
  });

  test('anyone reports a grievance in Swahili without an account and follows the case', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 900 } });
    await page.goto(base);
    await page.getByRole('link', { name: 'Signaler un problème' }).click();
    await page.getByLabel('Langue').selectOption('sw');
    await page.getByRole('heading', { name: 'Ripoti tatizo' }).waitFor();
    // The site is found by typing part of its name, then picked from the server's matches.
    await page.getByLabel('Eneo la mgodi').fill('tulizem');
    const match = page.getByRole('button', { name: 'KZI-006 · Tulizembe (Lualaba)' });
    // Once the server has answered the search, not while the first sites by code still show.
    await page.locator('.site-options[aria-busy="false"]').waitFor();
    await match.waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'grievance-site-picker.png'), fullPage: true });
    await match.click();
    assert.equal(await page.getByTestId('chosen-site').textContent(), 'KZI-006 · Tulizembe (Lualaba)');
    await page.getByLabel('Nini kilitokea?').fill('Askari wanachukua pesa kwa kila gunia kwenye kizuizi.');
    await page.screenshot({ path: path.join(SHOTS, 'grievance-sw.png'), fullPage: true });
    await page.getByRole('button', { name: 'Tuma' }).click();
    await page.getByTestId('case-code').waitFor();
    const code = (await page.getByTestId('case-code').textContent()) ?? '';
    const secret = (await page.getByTestId('case-secret').textContent()) ?? '';
    assert.match(code, /^GRV-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    await page.screenshot({ path: path.join(SHOTS, 'grievance-receipt-sw.png'), fullPage: true });

    await page.getByRole('link', { name: 'Fuatilia kesi' }).click();
    await page.getByLabel('Namba ya kesi').fill(code.toLowerCase());
    await page.getByLabel('Namba ya siri').fill(secret);
    await page.getByRole('button', { name: 'Angalia' }).click();
    await page.getByTestId('case-status').waitFor();
    assert.equal(await page.getByTestId('case-status').textContent(), 'Imepokelewa, inachunguzwa');
    assert.equal(await page.getByTestId('case-outcome').textContent(), 'Bado hakuna jibu.');
    await page.close();
  });

  test('the sites list is usable on a 360-pixel phone screen', async () => {
    const page = await e2e.pageAs('monitor@demo.amana.test', { width: 360, height: 740 });
    await page.screenshot({ path: path.join(SHOTS, 'home-phone.png'), fullPage: true });
    await openSites(page);
    await page.getByRole('cell', { name: 'KZI-001' }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.equal(overflow, 0);
    await page.screenshot({ path: path.join(SHOTS, 'sites-phone.png') });
    await page.close();
  });
});
