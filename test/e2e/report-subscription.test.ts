import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type E2e, startE2e } from './harness.ts';

describe('quarterly report by e-mail in Chromium', () => {
  let e2e: E2e;
  before(async () => {
    e2e = await startE2e();
  });
  after(() => e2e?.close());

  test('the refiner asks for its report each quarter as data in English, sees it listed, then stops it', async () => {
    const page = await e2e.pageAs('downstream@demo.amana.test', { width: 1280, height: 900 });
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Organisations' }).click();
    await page.getByRole('link', { name: 'Nordkobolt Refining AB' }).first().click();
    await page.getByRole('link', { name: 'Rapport de devoir de diligence' }).click();
    const box = page.getByTestId('report-subscription');
    await box.getByRole('heading', { name: 'Recevoir ce rapport chaque trimestre' }).waitFor();
    await box.getByText('Vous ne recevez pas ce rapport par e-mail.').waitFor();
    assert.match((await box.textContent()) ?? '', /downstream@demo\.amana\.test/);
    await box.getByLabel('Langue de l’envoi').selectOption('en');
    await box.getByLabel('Format de l’envoi').selectOption('json');
    await box.getByRole('button', { name: 'M’abonner' }).click();
    await box.getByRole('status').getByText('Abonnement enregistré.').waitFor();
    const now = new Date();
    const quarter = `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
    const item = box.getByRole('listitem');
    assert.equal(
      (await item.textContent())?.replace(/\s+/g, ' ').trim(),
      `Données (JSON) en anglais, depuis le ${quarter} — aucun envoi encore Arrêter`,
    );
    // The same again is refused, in words.
    await box.getByRole('button', { name: 'M’abonner' }).click();
    await box.getByText('Vous recevez déjà ce rapport dans cette langue et ce format.').waitFor();
    await e2e.shot(page, 'report-subscription-fr');
    await item.getByRole('button', { name: 'Arrêter' }).click();
    await box.getByText('Abonnement arrêté.').waitFor();
    await box.getByText('Vous ne recevez pas ce rapport par e-mail.').waitFor();
  });
});
