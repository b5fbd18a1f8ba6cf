import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_USERS } from '../../src/demo/demo-world.ts';
import { type E2e, startE2e } from './harness.ts';

/**
 * The public transparency pages, read without an account. The demo world is a few weeks old, so the delay is one
 * month here: its sites (registered 60 days ago) and its January sacks are published, nothing newer.
 */
describe('public transparency pages', () => {
  let e2e: E2e;
  before(async () => {
    e2e = await startE2e({ AMANA_PUBLIC_DELAY_MONTHS: '1' });
  });
  after(() => e2e.close());

  test('anyone reads the sites in Swahili, opens one, and finds no person’s name on any public page', async () => {
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    await page.setViewportSize({ width: 1280, height: 1000 });
    await page.goto(`${e2e.base}/transparence`);
    await page.getByRole('heading', { name: 'Transparence' }).waitFor();
    await page.getByLabel('Langue').selectOption('sw');
    await page.getByRole('heading', { name: 'Uwazi' }).waitFor();
    await page.getByRole('heading', { name: 'Maeneo kwa hali' }).waitFor();
    const rows = page.locator('table.cards tbody tr');
    assert.equal(await rows.count(), 12);
    assert.match((await page.getByTestId('as-of').textContent()) ?? '', /^Hali ya /);
    await e2e.shot(page, 'transparency-sw');
    const texts = [await page.locator('main').innerText()];

    await page.getByRole('link', { name: 'KZI-001' }).click();
    await page.getByRole('heading', { name: 'KZI-001 · Kasulo' }).waitFor();
    await page.getByRole('heading', { name: 'Madini yaliyowekwa lebo kwa mwezi' }).waitFor();
    // The page shows what the open API gives, in the reader's language (the months depend on the day of the run).
    const api = await (await fetch(`${e2e.base}/api/public/transparency/sites/KZI-001`)).json();
    assert.ok(api.volumes.length > 0);
    const month = new Intl.DateTimeFormat('sw', { month: 'long', year: 'numeric', timeZone: 'UTC' });
    const kg = new Intl.NumberFormat('sw', { style: 'unit', unit: 'kilogram', maximumFractionDigits: 1 });
    const shown = await page
      .getByTestId('volumes')
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    assert.deepEqual(
      shown,
      api.volumes.map((v: { month: string; sacks: number; massKg: number; cobaltKg: number }) => [
        month.format(new Date(`${v.month}-01T00:00:00Z`)),
        new Intl.NumberFormat('sw').format(v.sacks),
        kg.format(v.massKg),
        kg.format(v.cobaltKg),
      ]),
    );
    assert.equal(await page.getByTestId('location').textContent(), 'mahali kamili');
    await e2e.shot(page, 'transparency-site-sw');
    texts.push(await page.locator('main').innerText());

    // No demo user's name appears on the public pages.
    for (const text of texts)
      for (const u of DEMO_USERS) assert.ok(!text.includes(u.name), `a public page shows ${u.name}`);
    await context.close();
  });

  test('in French, the open-data page lists the files to download with the dictionary of their columns', async () => {
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    await page.setViewportSize({ width: 1280, height: 1000 });
    await page.goto(`${e2e.base}/transparence`);
    await page.getByRole('link', { name: 'Données ouvertes' }).click();
    await page.getByRole('heading', { name: 'Dictionnaire des données' }).waitFor();
    const sites = page.getByTestId('dataset-sites');
    assert.match((await sites.innerText()) ?? '', /Sites miniers et leur statut à la date de publication/);
    const download = page.waitForEvent('download');
    await sites.getByRole('link', { name: 'Télécharger sites.csv' }).click();
    const file = await download;
    assert.match(file.suggestedFilename(), /^amana-sites-\d{4}-\d{2}-\d{2}\.csv$/);
    assert.equal(await page.getByTestId('dataset-volumes').locator('tbody tr').count(), 5);
    await e2e.shot(page, 'transparency-open-data-fr');
    await context.close();
  });
});
