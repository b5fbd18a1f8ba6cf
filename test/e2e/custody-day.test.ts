import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { type E2e, startE2e } from './harness.ts';

/**
 * Custody recorded from the browser, in French, through the pages only: the cooperative tags and weighs sacks at
 * its site on a phone and ships them (a refused receiver shown by the field); the depot finds them in its stock,
 * batches them, splits the batch (a mass balance refused by the server, then kept) and ships a part onwards.
 */
describe('custody operations in Chromium', () => {
  let e2e: E2e;
  before(async () => {
    e2e = await startE2e();
  });
  after(() => e2e?.close());

  const spaced = async (l: Locator) => ((await l.textContent()) ?? '').replace(/[\u00a0\u202f]/g, ' ');
  const nav = (page: Page, name: string) =>
    page.getByRole('navigation', { name: 'main' }).getByRole('link', { name, exact: true }).click();
  const operation = (page: Page, name: string) =>
    page.getByRole('navigation', { name: 'Opérations de traçabilité' }).getByRole('link', { name }).click();
  const balance = (page: Page) => page.getByRole('region', { name: 'Bilan matière avant envoi' });
  const stockSummary = (page: Page) => page.getByRole('region', { name: 'Stock détenu' });

  test('the cooperative manager tags and weighs two sacks at its site and ships them to the depot, on a phone', async () => {
    const page = await e2e.pageAs('cooperative@demo.amana.test', { width: 360, height: 780 });
    await nav(page, 'Stock');
    await page.getByRole('heading', { name: 'Stock de Coopérative minière Tujenge Kolwezi' }).waitFor();
    // The demo's sacks of Tujenge were all sold.
    assert.equal(
      await spaced(stockSummary(page).locator('dl')),
      'Lots détenus0Masse0 kgCobalt contenu0 kgDont cobalt non conforme0 kg',
    );
    for (const [tag, mass, grade, after] of [
      ['TUJ-2026-0901', '50', '12,5', '50 kg · 6,25 kg de cobalt contenu'],
      ['TUJ-2026-0902', '48', '11', '98 kg · 11,53 kg de cobalt contenu'],
    ] as const) {
      if (tag === 'TUJ-2026-0901') await operation(page, 'Étiqueter des sacs');
      else await page.getByRole('button', { name: 'Enregistrer une autre opération' }).click();
      await page.getByRole('heading', { name: 'Étiqueter et peser des sacs' }).waitFor();
      await page.getByRole('combobox', { name: /^Site/ }).selectOption({ label: 'KZI-001 · Kasulo' });
      await page.getByLabel('Étiquette (numéro du scellé)').fill(tag);
      await page.getByLabel('Masse (kg)').fill(mass);
      await page.getByLabel('Teneur en cobalt (%)').fill(grade);
      assert.match(await spaced(balance(page)), new RegExp(`Stock après l’opération${after}$`));
      if (tag === 'TUJ-2026-0902') await e2e.shot(page, 'custody-tag-phone');
      await page.getByRole('button', { name: 'Étiqueter le sac' }).click();
      await page.getByRole('status', { name: 'Sac étiqueté et pesé.' }).waitFor();
    }
    assert.match(
      await spaced(page.getByRole('status', { name: 'Sac étiqueté et pesé.' }).locator('li')),
      /^TUJ-2026-0902 · 48 kg à 11 % · 5,28 kg de cobalt · détenu par Coopérative minière Tujenge Kolwezi$/,
    );

    await page.getByRole('link', { name: '← Retour au stock' }).click();
    await operation(page, 'Expédier');
    await page.getByRole('heading', { name: 'Expédier des lots' }).waitFor();
    await page.getByLabel(/^TUJ-2026-0901 · sac · 50\skg à 12,5\s%/).check();
    await page.getByLabel(/^TUJ-2026-0902 · sac · 48\skg à 11\s%/).check();
    assert.match(
      await spaced(balance(page)),
      /Stock actuel de Coopérative minière Tujenge Kolwezi98 kg · 11,53 kg de cobalt contenuExpédié98 kg · 11,53 kg de cobalt contenuStock après l’opération0 kg · 0 kg de cobalt contenu$/,
    );
    // A trader whose KYC is still pending receives nothing: the server's rule shows by the receiver.
    await page.getByLabel('Chercher le destinataire').fill('Kalenga');
    await page
      .getByRole('combobox', { name: /^Destinataire/ })
      .selectOption({ label: 'Kalenga Trading SARL' });
    await page.getByLabel('Numéro du document').fill('FAC-TUJ-2026-201');
    await page.getByRole('button', { name: 'Expédier', exact: true }).click();
    const refused = page.locator('#toOrganisationId-error');
    await refused.waitFor();
    assert.match(
      await spaced(refused),
      /^Kalenga Trading SARL n’est pas un acteur vérifié au \d{4}-\d{2}-\d{2} : sa vérification KYC est en attente$/,
    );
    assert.equal(
      await page.getByRole('combobox', { name: /^Destinataire/ }).getAttribute('aria-invalid'),
      'true',
    );
    // The receiver refused is still the one shown, whatever the search answered meanwhile.
    assert.equal(
      await page
        .getByRole('combobox', { name: /^Destinataire/ })
        .locator('option:checked')
        .textContent(),
      'Kalenga Trading SARL',
    );
    await e2e.shot(page, 'custody-ship-refused-phone');
    await page.getByLabel('Chercher le destinataire').fill('Comptoir Kolwezi');
    await page
      .getByRole('combobox', { name: /^Destinataire/ })
      .selectOption({ label: 'Comptoir Kolwezi Cobalt SARL' });
    await page.getByRole('button', { name: 'Expédier', exact: true }).click();
    const shipped = page.getByRole('status', {
      name: 'Lots expédiés : ils sont passés au stock du destinataire.',
    });
    await shipped.waitFor();
    assert.deepEqual(
      (await shipped.locator('li').allTextContents()).map((s) => s.replace(/[\u00a0\u202f]/g, ' ')),
      [
        // In the order of the picker: newest first.
        'TUJ-2026-0902 · 48 kg à 11 % · 5,28 kg de cobalt · détenu par Comptoir Kolwezi Cobalt SARL',
        'TUJ-2026-0901 · 50 kg à 12,5 % · 6,25 kg de cobalt · détenu par Comptoir Kolwezi Cobalt SARL',
      ],
    );
    await e2e.shot(page, 'custody-shipped-phone');
    await page.close();
  });

  test('the depot receives the sacks into its stock, batches them, splits the batch and ships a part', async () => {
    const page = await e2e.pageAs('buyer@demo.amana.test', { width: 1280, height: 1000 });
    await nav(page, 'Stock');
    await page.getByRole('heading', { name: 'Stock de Comptoir Kolwezi Cobalt SARL' }).waitFor();
    // Received: the cooperative's shipment is in the depot's stock.
    await page.getByRole('link', { name: 'TUJ-2026-0902', exact: true }).waitFor();
    assert.equal(
      await spaced(stockSummary(page).locator('dl')),
      'Lots détenus2Masse98 kgCobalt contenu11,53 kgDont cobalt non conforme0 kg',
    );
    await e2e.shot(page, 'custody-depot-stock');

    await operation(page, 'Regrouper');
    await page.getByRole('heading', { name: 'Regrouper des lots' }).waitFor();
    await page.getByLabel(/^TUJ-2026-0901 /).check();
    await page.getByLabel(/^TUJ-2026-0902 /).check();
    await page.getByLabel('Étiquette du lot groupé').fill('CKC-2026-0301');
    assert.match(
      await spaced(balance(page)),
      /Lots regroupés98 kg · 11,53 kg de cobalt contenuLot groupé98 kg · 11,53 kg de cobalt contenuStock après l’opération98 kg · 11,53 kg de cobalt contenu$/,
    );
    await page.getByRole('button', { name: 'Regrouper', exact: true }).click();
    await page.getByRole('status', { name: 'Lots regroupés.' }).waitFor();

    await page.getByRole('link', { name: '← Retour au stock' }).click();
    await operation(page, 'Transformer ou fractionner');
    await page.getByRole('heading', { name: 'Transformer ou fractionner' }).waitFor();
    await page.getByLabel(/^CKC-2026-0301 · lot groupé · 98\skg/).check();
    await page.getByLabel('Produit', { exact: true }).fill('fractionnement');
    const output = (n: number) => page.getByRole('group', { name: `Produit ${n}` });
    await output(1).getByLabel('Étiquette').fill('CKC-2026-0302');
    await output(1).getByLabel('Masse (kg)').fill('60');
    await output(1).getByLabel('Teneur en cobalt (%)').fill('12');
    await output(2).getByLabel('Étiquette').fill('CKC-2026-0303');
    await output(2).getByLabel('Masse (kg)').fill('40');
    await output(2).getByLabel('Teneur en cobalt (%)').fill('12');
    // Before sending, the form says the outputs would hold more cobalt than the batch…
    const wouldBreak = balance(page).getByRole('list', { name: 'Règles que cette opération enfreindrait' });
    assert.equal(
      await spaced(wouldBreak),
      'les produits contiennent 12 kg de cobalt, plus que les 11,53 kg des lots d’entrée',
    );
    // …and sent anyway, the server refuses it by the same rule, shown by the balance.
    await page.getByRole('button', { name: 'Transformer', exact: true }).click();
    const refusal = balance(page).getByRole('alert');
    await refusal.waitFor();
    assert.equal(
      await spaced(refusal),
      'les produits contiennent 12 kg de cobalt, plus que les 11,53 kg des lots d’entrée',
    );
    await e2e.shot(page, 'custody-split-refused');
    await output(1).getByLabel('Teneur en cobalt (%)').fill('11,5');
    // Changed, the outputs are no longer those the server refused.
    assert.equal(await balance(page).getByRole('alert').count(), 0);
    await output(2).getByLabel('Masse (kg)').fill('38');
    await output(2).getByLabel('Teneur en cobalt (%)').fill('11,5');
    assert.match(
      await spaced(balance(page)),
      /Produits98 kg · 11,27 kg de cobalt contenuPerte de cobalt contenu0,26 kg \(2,25 %\) ; tolérance 5 %Stock après l’opération98 kg · 11,27 kg de cobalt contenuLe bilan matière est respecté : la perte reste dans la tolérance\.$/,
    );
    await e2e.shot(page, 'custody-split-balanced');
    await page.getByRole('button', { name: 'Transformer', exact: true }).click();
    const made = page.getByRole('status', { name: 'Transformation enregistrée.' });
    await made.waitFor();
    assert.equal(await made.locator('li').count(), 2);

    await page.getByRole('link', { name: '← Retour au stock' }).click();
    await operation(page, 'Expédier');
    await page.getByLabel(/^CKC-2026-0302 · produit · 60\skg à 11,5\s%/).check();
    await page.getByLabel('Chercher le destinataire').fill('Lualaba Hydroxide');
    await page
      .getByRole('combobox', { name: /^Destinataire/ })
      .selectOption({ label: 'Lualaba Hydroxide Processing SA' });
    await page.getByLabel('Numéro du document').fill('FAC-CKC-2026-390');
    assert.match(
      await spaced(balance(page)),
      /Stock actuel de Comptoir Kolwezi Cobalt SARL98 kg · 11,27 kg de cobalt contenuExpédié60 kg · 6,9 kg de cobalt contenuStock après l’opération38 kg · 4,37 kg de cobalt contenu$/,
    );
    await page.getByRole('button', { name: 'Expédier', exact: true }).click();
    await page
      .getByRole('status', { name: 'Lots expédiés : ils sont passés au stock du destinataire.' })
      .waitFor();
    await page.getByRole('link', { name: '← Retour au stock' }).click();
    await page.getByRole('link', { name: 'CKC-2026-0303', exact: true }).waitFor();
    assert.equal(
      await spaced(stockSummary(page).locator('dl')),
      'Lots détenus1Masse38 kgCobalt contenu4,37 kgDont cobalt non conforme0 kg',
    );
    await e2e.shot(page, 'custody-depot-stock-after');
    await page.close();
  });
});
