import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { type E2e, startE2e } from './harness.ts';

/** The risk-based visit plan and the assignments behind it, as monitors and analysts use them. */
describe('visit plan and assignments in Chromium', () => {
  let e2e: E2e;
  before(async () => {
    e2e = await startE2e();
  });
  after(() => e2e?.close());

  const toSites = (page: Page, name: string) =>
    page.getByRole('navigation', { name: 'main' }).getByRole('link', { name, exact: true }).click();

  test('a monitor on a 360-px phone opens its plan from the sites: level-1 incidents first, then the most overdue', async () => {
    const page = await e2e.pageAs('monitor@demo.amana.test', { width: 360, height: 800 });
    await toSites(page, 'Sites');
    await page.getByRole('link', { name: 'Mon plan de visites' }).click();
    await page.getByRole('heading', { name: 'Mon plan de visites' }).waitFor();
    const cards = page.locator('.visit-plan > li');
    await cards.first().waitFor();
    assert.equal(await cards.count(), 12);
    assert.equal(await page.getByRole('status').textContent(), '12 sites · 8 en retard');
    // The open level-1 incidents first: the children seen at Kamilombe 230 days ago, the collapse at Luisha and
    // the armed men at Kanina; then the sites never visited, the red one first.
    const heads = await page.locator('.visit-plan .plan-head a').allTextContents();
    assert.deepEqual(heads.slice(0, 4), [
      'KZI-004 · Kamilombe',
      'LKS-004 · Luisha',
      'KZI-007 · Kanina',
      'KZI-003 · Shabara (Mutoshi)',
    ]);
    const first = cards.first();
    assert.equal(await first.locator('.level1').textContent(), '1 incident de niveau 1 ouvert');
    assert.equal(await first.locator('.late').textContent(), 'En retard de 227 jours');
    const last = cards.last();
    assert.match(
      (await last.textContent()) ?? '',
      /^KZI-001 · Kasulo.*Prochaine visite le .*Tous les 30 jours \(statut vert\)/,
    );
    await e2e.shot(page, 'visit-plan-monitor-360');
    // Narrow as the phone is, nothing spills sideways.
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true);
    await first.getByRole('link', { name: 'Enregistrer une visite' }).click();
    await page.getByLabel('personnes sur le site').waitFor();
    assert.match(page.url(), /\/visits\/new\?site=[0-9a-f-]{36}$/);
    await page.close();
  });

  test('the analyst sees the overdue visits by monitor, with the sites and how late each is', async () => {
    const page = await e2e.pageAs('analyst@demo.amana.test', { width: 1280, height: 900 });
    await toSites(page, 'Sites');
    await page.getByRole('link', { name: 'Visites en retard par moniteur' }).click();
    const monitor = page.getByRole('listitem', { name: 'Espérance Ilunga' });
    await monitor.waitFor();
    assert.equal(await monitor.locator('.plan-head .late').textContent(), 'Visites en retard : 8');
    const sites = await monitor.locator('ol > li > a').allTextContents();
    assert.deepEqual(sites, [
      'KZI-004 · Kamilombe',
      'LKS-004 · Luisha',
      'KZI-007 · Kanina',
      'KZI-003 · Shabara (Mutoshi)',
      'KZI-002 · Kapata',
      'KZI-006 · Tulizembe',
      'LKS-002 · Kakanda',
      'LKS-005 · Shituru',
    ]);
    assert.match((await monitor.locator('ol > li').nth(3).textContent()) ?? '', /En retard de 72\d jours/);
    await e2e.shot(page, 'visit-plan-overdue-by-monitor');
    await page.close();
  });

  test('an analyst assigns and ends an assignment; the refusal of an overlap is said by its field', async () => {
    const page = await e2e.pageAs('analyst@demo.amana.test', { width: 1280, height: 1000 });
    await toSites(page, 'Sites');
    await page.getByRole('link', { name: 'Affectations aux sites' }).click();
    const table = page.getByRole('table', { name: 'Affectations' });
    await table.locator('tbody tr').first().waitFor();
    assert.equal(await table.locator('tbody tr').count(), 24);

    const pick = async (q: string, label: string) => {
      await page.getByRole('searchbox', { name: /^Site/ }).fill(q);
      await page.locator('.site-options[aria-busy="false"]').waitFor();
      await page.getByRole('button', { name: label }).click();
    };
    const person = page.getByLabel('Moniteur ou évaluateur');
    await person.selectOption({ label: 'Patrick Tshibangu (évaluateur)' });
    await pick('KZI-001', 'KZI-001 · Kasulo (Lualaba)');
    await page.getByRole('button', { name: 'Affecter', exact: true }).click();
    await page.locator('.field-error').first().waitFor();
    assert.equal(
      await page.locator('.field-error').first().textContent(),
      'Cette personne est déjà affectée à ce site pendant une partie de cette période.',
    );
    await e2e.shot(page, 'assignments-overlap-refused', false);

    // Take the monitor off Shituru, then give it back to her from today.
    await table
      .locator('tbody tr', { hasText: 'Espérance Ilunga' })
      .filter({ hasText: 'LKS-005' })
      .getByRole('button', { name: 'Terminer' })
      .click();
    await page.getByText('Affectation de Espérance Ilunga à LKS-005 terminée.').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('table tbody tr').length === 23);

    await person.selectOption({ label: 'Espérance Ilunga (moniteur de terrain)' });
    await page.getByRole('button', { name: 'Changer de site' }).click();
    await pick('LKS-005', 'LKS-005 · Shituru (Haut-Katanga)');
    await page.getByRole('button', { name: 'Affecter', exact: true }).click();
    await page.getByText('Espérance Ilunga est affecté·e à LKS-005.').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('table tbody tr').length === 24);
    const today = new Intl.DateTimeFormat('fr', { dateStyle: 'medium' }).format(new Date());
    assert.equal(
      await table
        .locator('tbody tr', { hasText: 'Espérance Ilunga' })
        .filter({ hasText: 'LKS-005' })
        .locator('td')
        .nth(3)
        .textContent(),
      `depuis le ${today}`,
    );
    // The ended assignment is still on the record, with its end.
    await page.getByLabel('En cours seulement').uncheck();
    await page.waitForFunction(() => document.querySelectorAll('table tbody tr').length === 25);
    await e2e.shot(page, 'assignments');
    await page.close();
  });

  test('a monitor reads its plan in Swahili on a 360-px phone', async () => {
    // A session of its own: the test changes its language.
    const page = await e2e.browser.newPage({ viewport: { width: 360, height: 800 } });
    await e2e.signIn(page, 'monitor@demo.amana.test');
    await page.getByRole('heading', { name: 'Accueil' }).waitFor();
    await page.getByLabel('Langue').selectOption('sw');
    await page.getByRole('heading', { name: 'Mwanzo' }).waitFor();
    await toSites(page, 'Maeneo ya migodi');
    await page.getByRole('link', { name: 'Mpango wangu wa ziara' }).click();
    await page.getByRole('heading', { name: 'Mpango wangu wa ziara' }).waitFor();
    const first = page.locator('.visit-plan > li').first();
    await first.waitFor();
    assert.equal(await first.locator('.plan-head a').textContent(), 'KZI-004 · Kamilombe');
    assert.equal(await first.locator('.level1').textContent(), 'Tukio 1 la kiwango cha 1 liko wazi');
    assert.equal(await first.locator('.late').textContent(), 'Imechelewa siku 227');
    const lastVisit = new Intl.DateTimeFormat('sw', { dateStyle: 'medium' }).format(
      new Date(Date.now() - 230 * 86400_000),
    );
    assert.match(
      (await first.locator('.plan-facts').textContent()) ?? '',
      new RegExp(`^Ziara ya mwisho: ${lastVisit}`),
    );
    await e2e.shot(page, 'visit-plan-monitor-sw-360');
    await page.close();
  });
});
