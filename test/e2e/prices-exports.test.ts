import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { type E2e, startE2e } from './harness.ts';

/** The state buyer sets the floor, the programme imports market prices, the regulator reads the exports, in Chromium. */
describe('prices and export flows in Chromium', () => {
  let e2e: E2e;
  before(async () => {
    e2e = await startE2e();
  });
  after(() => e2e?.close());
  const spaced = (s: string | null) => (s ?? '').replace(/\s/g, ' ');
  const production = (page: Page) =>
    page
      .getByRole('navigation', { name: 'main' })
      .getByRole('link', { name: 'Production', exact: true })
      .click();
  const today = new Date().toISOString().slice(0, 10);

  test('the state buyer sets the floor price from today; it is the first of the latest prices', async () => {
    const page = await e2e.pageAs('egc@demo.amana.test', { width: 1280, height: 1100 });
    await production(page);
    const form = page.getByRole('region', { name: 'Fixer un prix' });
    await form.getByLabel('Type').waitFor();
    // The state buyer sets the floor only: market prices are the registry keepers'.
    assert.deepEqual(await form.getByLabel('Type').locator('option').allTextContents(), [
      'Prix plancher (EGC)',
    ]);
    await form.getByLabel('Prix par tonne').fill('17250.50');
    await form.getByLabel('En vigueur à partir du').fill(today);
    await form.getByLabel('Source').fill('Décision EGC n° 2026/41');
    await form.getByRole('button', { name: 'Fixer le prix' }).click();
    const latest = page.getByRole('table', { name: 'Derniers prix fixés (USD)' });
    await latest.getByRole('cell', { name: 'Décision EGC n° 2026/41' }).waitFor();
    assert.match(
      spaced(await latest.locator('tbody tr').first().textContent()),
      /Prix plancher \(EGC\)17 250,50 \$USDécision EGC n° 2026\/41$/,
    );
    // The same day twice is refused, said in French.
    await form.getByLabel('Prix par tonne').fill('17300');
    await form.getByLabel('En vigueur à partir du').fill(today);
    await form.getByRole('button', { name: 'Fixer le prix' }).click();
    await form.getByText('Un prix de ce type est déjà fixé pour ce jour.').waitFor();
    await e2e.shot(page, 'prices-state-buyer-fr', true);
    await page.close();
  });

  test('an analyst imports market prices from CSV: each bad row is named, then every row is taken', async () => {
    const page = await e2e.pageAs('analyst@demo.amana.test', { width: 1280, height: 1100 });
    await production(page);
    const upload = page.getByRole('region', { name: 'Importer des prix du marché (CSV)' });
    await upload
      .getByLabel('Contenu du fichier')
      .fill(
        'effective_on,currency,per_tonne\n2026-11-23,USD,24100.00\n2026-11-24,XAF,24200\n2026-11-31,USD,abc\n',
      );
    await upload.getByRole('button', { name: 'Importer' }).click();
    const alert = upload.getByRole('alert');
    await alert.waitFor();
    assert.deepEqual(await alert.locator('p').allTextContents(), [
      'la ligne 3 doit donner effective_on (AAAA-MM-JJ), currency (USD, CDF, EUR) et per_tonne (ex. 24500.00)',
      'la ligne 4 doit donner effective_on (AAAA-MM-JJ), currency (USD, CDF, EUR) et per_tonne (ex. 24500.00)',
    ]);
    await e2e.shot(page, 'prices-import-errors-fr');
    await upload
      .getByLabel('Contenu du fichier')
      .fill('effective_on,currency,per_tonne\n2026-11-23,USD,24100.00\n2026-11-24,USD,24200\n');
    await upload.getByRole('button', { name: 'Importer' }).click();
    await upload.getByRole('status').getByText('2 prix importé(s), 0 déjà fixé(s).').waitFor();
    await page
      .getByRole('table', { name: 'Derniers prix fixés (USD)' })
      .getByRole('cell', { name: '24 200,00 $US' })
      .waitFor();
    await page.close();
  });

  test('the regulator reads the exports by destination country and refiner, in French and in English', async () => {
    const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await e2e.signIn(page, 'regulator@demo.amana.test');
    await production(page);
    const exports = page.getByRole('region', { name: 'Exportations des douze derniers mois' });
    await exports.locator('tbody tr').first().waitFor();
    const rows = (await exports.locator('tbody tr').allTextContents()).map(spaced);
    assert.equal(rows.length, 2);
    assert.match(
      rows[0],
      /^\d{4}-\d{2}Lualaba Hydroxide Processing SAChineHuayang Cobalt Materials Co\., Ltd\. \(affineur\)1104,95431,486$/,
    );
    assert.match(
      rows[1],
      /^\d{4}-\d{2}Lualaba Hydroxide Processing SAFinlandeNordkobolt Refining AB \(affineur\)1192,31957,696$/,
    );
    // The regulator reads the prices and sets none.
    assert.equal(await page.getByRole('region', { name: 'Fixer un prix' }).count(), 0);
    await exports.scrollIntoViewIfNeeded();
    await e2e.shot(page, 'exports-regulator-fr');
    await page.getByLabel('Langue').selectOption('en');
    const en = page.getByRole('region', { name: 'Exports over the last twelve months' });
    await en.locator('tbody tr').first().waitFor();
    assert.match(
      spaced(await en.locator('tbody tr').nth(1).textContent()),
      /FinlandNordkobolt Refining AB \(refiner\)1192\.31957\.696$/,
    );
    await e2e.shot(page, 'exports-regulator-en');
    await page.close();
  });

  test('the regulator lists each shipper’s royalties due and declared; an analyst records a declaration and the gap narrows', async () => {
    const page = await e2e.pageAs('analyst@demo.amana.test', { width: 1280, height: 1100 });
    await production(page);
    const royalties = page.getByRole('region', { name: 'Redevances déclarées et dues' });
    // The demo's hydroxide left for the refiners a fortnight ago: the month it shipped in.
    const month = new Date(Date.now() - 15 * 86400_000).toISOString().slice(0, 7);
    await royalties.getByLabel('Mois').fill(month);
    const processor = royalties.locator('tbody tr', { hasText: 'Lualaba Hydroxide Processing SA' });
    await processor.waitFor();
    assert.match(
      spaced(await processor.textContent()),
      /^Lualaba Hydroxide Processing SA89,1821?42,69 \$USrien de déclaré142,69 \$US$/,
    );
    await royalties.getByLabel('Acteur').selectOption({ label: 'Lualaba Hydroxide Processing SA' });
    await royalties.getByLabel('Montant déclaré').fill('100.00');
    await royalties.getByLabel('Référence du paiement').fill('DGRAD-0042');
    await royalties.getByRole('button', { name: 'Déclarer des redevances' }).click();
    await processor.getByText('100,00 $US').waitFor();
    assert.match(spaced(await processor.textContent()), /100,00 \$US42,69 \$US$/);
    await e2e.shot(page, 'royalties-fr');
    await page.close();
  });
});
