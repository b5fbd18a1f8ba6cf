import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { type E2e, startE2e } from './harness.ts';

/** The pooled fund as its committee, its operator and a cooperative use it, in Chromium. */
describe('the pooled fund and production in Chromium', () => {
  let e2e: E2e;
  before(async () => {
    e2e = await startE2e();
  });
  after(() => e2e?.close());

  const spaced = (s: string | null) => (s ?? '').replace(/\s/g, ' ');
  const nav = (page: Page, name: string) =>
    page.getByRole('navigation', { name: 'main' }).getByRole('link', { name, exact: true }).click();

  test('a refiner on the committee reads its own line, approves an allocation and opens its funder page', async () => {
    const page = await e2e.pageAs('downstream@demo.amana.test', { width: 1280, height: 900 });
    await nav(page, 'Fonds');
    await page.getByRole('heading', { name: 'Fonds d’amélioration des sites artisanaux' }).waitFor();
    const schedule = page.getByRole('region', { name: 'Échéancier des contributions' });
    await schedule.locator('tbody tr').first().waitFor();
    // A member sees its own line of the schedule only: the floor, paid.
    assert.equal(await schedule.locator('tbody tr').count(), 1);
    assert.match(
      spaced(await schedule.locator('tbody tr').textContent()),
      /^Nordkobolt Refining AB[\d, ]+ tchaîne de traçabilité10 000,00 \$US \(minimum\)10 000,00 \$US10 000,00 \$US0,00 \$US$/,
    );
    const open = page.getByRole('listitem', {
      name: 'Équipements de protection pour Tujenge · 7 000,00 $US',
    });
    assert.match(spaced(await open.textContent()), /en attente du comité.*1 approbation\(s\) sur 2 requises/);
    await e2e.shot(page, 'fund-committee-member');
    await open.getByRole('button', { name: 'Approuver' }).click();
    await open.getByText('approuvée', { exact: true }).waitFor();
    assert.equal(await open.getByRole('button', { name: 'Approuver' }).count(), 0);

    await page.getByRole('link', { name: 'Nordkobolt Refining AB' }).click();
    await page.getByRole('heading', { name: 'Nordkobolt Refining AB' }).waitFor();
    assert.match(
      spaced(await page.locator('.facts').textContent()),
      /Payé au fonds10 000,00 \$USPart des paiements20 % de 50 000,00 \$US/,
    );
    const kamilombe = page.getByRole('region', { name: 'Sécurité des puits et remédiation à Kamilombe' });
    assert.match(
      spaced(await kamilombe.locator('p').first().textContent()),
      /^2 800,00 \$US de votre part sont allés à ce projet \(14 000,00 \$US décaissés au total, KZI-004 · Kamilombe\)\.$/,
    );
    const rows = await kamilombe.locator('tbody tr').allTextContents();
    assert.match(spaced(rows[0]), /^part équipée d’EPI \(%\)52 \(1 visite\)59 \(2 visites\)\+7amélioré$/);
    assert.match(spaced(rows[1]), /^enfants vus0 \(1 visite\)1,5 \(2 visites\)\+1,5dégradé$/);
    // One chart per indicator, each on its own scale.
    await kamilombe.locator('[role="img"][data-ready="true"]').nth(2).waitFor();
    assert.deepEqual(
      await kamilombe.getByRole('img').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label'))),
      [
        'part équipée d’EPI (%) : moyenne avant et après',
        'enfants vus : moyenne avant et après',
        'personnes sur le site : moyenne avant et après',
      ],
    );
    await e2e.shot(page, 'funder-page');
    await page.close();
  });

  test('the operator is refused a disbursement before its milestone is met, then records it met and disburses', async () => {
    const page = await e2e.pageAs('analyst@demo.amana.test', { width: 1280, height: 900 });
    await nav(page, 'Fonds');
    await page.getByRole('link', { name: 'Équipements de protection pour Tujenge' }).click();
    await page.getByRole('heading', { name: 'Équipements de protection pour Tujenge' }).waitFor();
    const disburse = page.getByRole('region', { name: 'Décaisser' });
    await disburse.getByLabel('Jalon').selectOption({ label: 'Formation à la sécurité des chefs de puits' });
    await disburse.getByLabel('Montant (USD)').fill('7000');
    await disburse.getByLabel('Référence du virement').fill('DEC-2026-004');
    await disburse.getByRole('button', { name: 'Enregistrer le décaissement' }).click();
    await disburse.getByText('Ce jalon n’est pas encore atteint : rien n’est décaissé avant.').waitFor();
    await e2e.shot(page, 'fund-disbursement-refused');
    const met = page.getByRole('region', { name: 'Constater un jalon atteint' });
    await met.getByLabel('Jalon').selectOption({ label: 'Formation à la sécurité des chefs de puits' });
    await met.getByLabel('Preuve constatée').fill('Vingt chefs de puits formés, feuille de présence signée');
    await met.getByRole('button', { name: 'Constater un jalon atteint' }).click();
    await page
      .getByText('Vingt chefs de puits formés, feuille de présence signée', { exact: false })
      .first()
      .waitFor();
    await disburse.getByLabel('Jalon').selectOption({ label: 'Formation à la sécurité des chefs de puits' });
    await disburse.getByLabel('Montant (USD)').fill('7000');
    await disburse.getByLabel('Référence du virement').fill('DEC-2026-004');
    await disburse.getByRole('button', { name: 'Enregistrer le décaissement' }).click();
    await page.getByText('DEC-2026-004', { exact: false }).waitFor();
    assert.match(spaced(await page.locator('.facts').textContent()), /Décaissé12 000,00 \$US$/);
    await e2e.shot(page, 'fund-project-disbursed');
    await page.close();
  });

  test('a cooperative reads what it was owed and paid, its volumes and the prices, in French and in English', async () => {
    const page = await e2e.pageAs('cooperative@demo.amana.test', { width: 1280, height: 900 });
    await nav(page, 'Production');
    const account = page.getByRole('region', { name: 'Dû et payé à la coopérative' });
    await account.locator('.facts').waitFor();
    assert.equal(
      spaced(await account.locator('.facts').textContent()),
      'Dû865,60 $USPayé865,60 $USSolde0,00 $US',
    );
    const volumes = page.getByRole('region', { name: 'Volumes des douze derniers mois' });
    assert.deepEqual((await volumes.locator('tbody td:nth-child(2)').allTextContents()).sort(), [
      'KZI-001',
      'KZI-002',
    ]);
    await page.locator('[role="img"][data-ready="true"]').waitFor();
    await e2e.shot(page, 'production-cooperative-fr');
    await page.getByLabel('Langue').selectOption('en');
    await page.getByRole('heading', { name: 'Owed and paid to the cooperative' }).waitFor();
    const owed = page.getByRole('region', { name: 'Owed and paid to the cooperative' });
    assert.equal(spaced(await owed.locator('.facts').textContent()), 'Owed$865.60Paid$865.60Balance$0.00');
    await page.locator('[role="img"][data-ready="true"]').waitFor();
    await e2e.shot(page, 'production-cooperative-en');
    await page.close();
  });
});
