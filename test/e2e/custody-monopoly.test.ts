import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { type E2e, startE2e } from './harness.ts';

/** Under the state buyer's monopoly, in French: the cooperative's sale to a depot is refused by the receiver. */
describe('custody under the state buyer’s monopoly in Chromium', () => {
  let e2e: E2e;
  before(async () => {
    e2e = await startE2e({ AMANA_STATE_BUYER_MONOPOLY: 'on' });
  });
  after(() => e2e?.close());

  const spaced = async (l: Locator) => ((await l.textContent()) ?? '').replace(/[\u00a0\u202f]/g, ' ');
  const nav = (page: Page, name: string) =>
    page.getByRole('navigation', { name: 'main' }).getByRole('link', { name, exact: true }).click();
  const operation = (page: Page, name: string) =>
    page.getByRole('navigation', { name: 'Opérations de traçabilité' }).getByRole('link', { name }).click();
  const receiver = (page: Page) => page.getByRole('combobox', { name: /^Destinataire/ });

  test('a sack sold to a depot is refused by the monopoly rule at the receiver; the state buyer receives it', async () => {
    const page = await e2e.pageAs('cooperative@demo.amana.test', { width: 1280, height: 1000 });
    await nav(page, 'Stock');
    await operation(page, 'Étiqueter des sacs');
    await page.getByRole('combobox', { name: /^Site/ }).selectOption({ label: 'KZI-002 · Kapata' });
    await page.getByLabel('Étiquette (numéro du scellé)').fill('TUJ-2026-0911');
    await page.getByLabel('Masse (kg)').fill('52,5');
    await page.getByLabel('Teneur en cobalt (%)').fill('10');
    await page.getByRole('button', { name: 'Étiqueter le sac' }).click();
    await page.getByRole('status', { name: 'Sac étiqueté et pesé.' }).waitFor();
    await page.getByRole('link', { name: '← Retour au stock' }).click();
    await operation(page, 'Expédier');
    await page.getByLabel(/^TUJ-2026-0911 · sac · 52,5\skg à 10\s%/).check();
    assert.equal(
      await spaced(page.locator('p.notice')),
      'Monopole de l’acheteur d’État en vigueur : une coopérative ne vend qu’à l’acheteur d’État ou à ses agréés.',
    );
    await page.getByLabel('Chercher le destinataire').fill('Comptoir Kolwezi');
    await receiver(page).selectOption({ label: 'Comptoir Kolwezi Cobalt SARL' });
    await page.getByLabel('Numéro du document').fill('FAC-TUJ-2026-211');
    await page.getByRole('button', { name: 'Expédier', exact: true }).click();
    const refused = page.locator('#toOrganisationId-error');
    await refused.waitFor();
    assert.equal(
      await spaced(refused),
      'Comptoir Kolwezi Cobalt SARL n’est ni l’acheteur d’État ni agréé par lui : une coopérative ne vend qu’à eux',
    );
    await e2e.shot(page, 'custody-monopoly-refused');
    await page.getByLabel('Chercher le destinataire').fill('Entreprise Générale');
    await receiver(page).selectOption({ label: 'Entreprise Générale du Cobalt' });
    await page.getByRole('button', { name: 'Expédier', exact: true }).click();
    await page
      .getByRole('status', { name: 'Lots expédiés : ils sont passés au stock du destinataire.' })
      .waitFor();
    await page.close();

    const egc = await e2e.pageAs('egc@demo.amana.test', { width: 1280, height: 900 });
    await nav(egc, 'Stock');
    await egc.getByRole('link', { name: 'TUJ-2026-0911', exact: true }).waitFor();
    assert.equal(
      await spaced(egc.getByRole('region', { name: 'Stock détenu' }).locator('dl')),
      'Lots détenus1Masse52,5 kgCobalt contenu5,25 kgDont cobalt non conforme0 kg',
    );
    await e2e.shot(egc, 'custody-state-buyer-stock');
    await egc.close();
  });
});
