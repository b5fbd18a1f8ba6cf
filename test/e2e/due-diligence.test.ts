import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type E2e, startE2e } from './harness.ts';

/** The demo refiner's hydroxide arrives 14 days before the demo was seeded: the quarter to pick. */
const received = new Date(Date.now() - 14 * 86400_000);
const year = String(received.getUTCFullYear());
const quarter = String(Math.floor(received.getUTCMonth() / 3) + 1);

describe('due-diligence report in Chromium', () => {
  let e2e: E2e;
  before(async () => {
    e2e = await startE2e();
  });
  after(() => e2e?.close());

  test('the refiner opens its report from its organisation, picks the quarter and downloads the PDF, in French and English', async () => {
    const page = await e2e.pageAs('downstream@demo.amana.test', { width: 1280, height: 900 });
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Organisations' }).click();
    await page.getByRole('link', { name: 'Nordkobolt Refining AB' }).first().click();
    await page.getByRole('link', { name: 'Rapport de devoir de diligence' }).click();
    await page.getByRole('heading', { name: 'Rapport de devoir de diligence' }).waitFor();
    await page.getByLabel('Année').selectOption(year);
    await page.getByLabel('Trimestre').selectOption(quarter);
    await page.getByRole('button', { name: 'Afficher' }).click();
    const figures = page.getByTestId('report-figures');
    await figures.getByText('57,696').waitFor();
    assert.match(
      (await figures.textContent()) ?? '',
      /Lots reçus1.*Part non conforme63,6\s%.*Sites miniers4/,
    );
    await e2e.shot(page, 'due-diligence-fr');
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Rapport PDF' }).click();
    const file = await download;
    assert.match(file.suggestedFilename(), /^amana-due-diligence-\d{4}-\d{2}-01-\d{4}-\d{2}-\d{2}-fr\.pdf$/);
    const xlsx = page.waitForEvent('download');
    await page.getByRole('link', { name: 'EMRT de la RMI (xlsx)' }).click();
    assert.match((await xlsx).suggestedFilename(), /^amana-emrt-.*\.xlsx$/);
    await page.getByLabel('Langue').first().selectOption('en');
    await page.getByRole('heading', { name: 'Due-diligence report' }).waitFor();
    await page.getByRole('link', { name: 'PDF report' }).waitFor();
    await e2e.shot(page, 'due-diligence-en');
    await page.getByLabel('Language').first().selectOption('fr');
  });

  test('the refiner downloads the signed origin statement of the hydroxide it received', async () => {
    const page = await e2e.pageAs('downstream@demo.amana.test', { width: 1280, height: 900 });
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Lots' }).click();
    await page.getByRole('link', { name: 'LHP-HYD-2026-042' }).first().click();
    const link = page.getByRole('link', { name: 'Déclaration d’origine signée' });
    await link.waitFor();
    await e2e.shot(page, 'origin-statement-fr');
    const download = page.waitForEvent('download');
    await link.click();
    const file = await download;
    assert.equal(file.suggestedFilename(), 'amana-origin-LHP-HYD-2026-042.jwt');
    const text = await (await file.createReadStream()).toArray();
    assert.equal(Buffer.concat(text).toString('utf8').split('.').length, 3);
  });
});
