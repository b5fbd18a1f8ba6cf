import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type E2e, startE2e } from './harness.ts';

/** Screening in the browser: an analyst finds the demo's hit, imports a list, reviews the hit side by side and confirms it. */
describe('screening in Chromium', () => {
  let e2e: E2e;
  before(async () => {
    e2e = await startE2e();
  });
  after(() => e2e?.close());

  test('an analyst finds the demo director in the queue at once, imports a national list, confirms the hit and sees the red flags, in French and English', async () => {
    const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await e2e.signIn(page, 'analyst@demo.amana.test');
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Filtrage' }).click();
    // The demo holds the UN list of 2020-03-20, every actor already screened against it.
    await page.getByRole('link', { name: 'UN Security Council Consolidated List — version 1' }).waitFor();
    await page.getByLabel('Fichier de la liste').setInputFiles({
      name: 'liste-nationale.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('reference,kind,name\nCD-NAT-001,entity,Société fictive de négoce du Kivu\n'),
    });
    await page.getByLabel('Identifiant de la liste (CSV)').fill('cd-nationale');
    await page.getByLabel('Nom d’une nouvelle liste').fill('Liste nationale de la RDC');
    await page.getByRole('button', { name: 'Importer' }).click();
    await page.getByText('Version 1 de Liste nationale de la RDC importée').waitFor();
    await page.getByRole('link', { name: 'UN Security Council Consolidated List — version 1' }).click();
    assert.equal(
      await page.getByTestId('version-changes').textContent(),
      `Ajoutées ${new Intl.NumberFormat('fr').format(1014)} · Retirées 0 · Modifiées 0`,
    );
    await page
      .getByTestId('version-screening')
      .getByText(/^Terminé/)
      .waitFor({ timeout: 60_000 });
    await e2e.shot(page, 'screening-version-fr');

    await page.getByRole('link', { name: '← Filtrage' }).click();
    await page.getByRole('link', { name: 'File de revue →' }).click();
    const row = page.locator('tbody tr', { hasText: 'KIUNGU MUTANGA Gedeon' });
    await row.waitFor();
    assert.match(
      (await row.textContent()) ?? '',
      /Tanganyika Minerals Négoce SARL.*CDi\.035 · GÉDÉON KYUNGU MUTANGA WA BAFUNKWA KANONGA/,
    );
    await e2e.shot(page, 'screening-queue-fr');
    await row.getByRole('link').click();
    await page.getByTestId('hit-listed').getByText('Katangan rebel leader').waitFor();
    assert.match((await page.getByTestId('hit-registered').textContent()) ?? '', /Directeur général.*1974/);
    assert.match(
      (await page.getByTestId('hit-words').textContent()) ?? '',
      /kiungu ↔ kyungu : même son, autre orthographe/,
    );
    await e2e.shot(page, 'screening-hit-fr');
    await page
      .getByLabel('Raison de la décision')
      .fill('Même nom et même année de naissance ; dossier vérifié');
    await page.getByRole('button', { name: 'Confirmer la correspondance' }).click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="hit-status"]')?.textContent === 'confirmée',
    );
    await page.getByRole('link', { name: 'Ouvrir l’incident →' }).waitFor();

    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Organisations' }).click();
    await page.getByRole('link', { name: 'Tanganyika Minerals Négoce SARL' }).click();
    await page.getByTestId('screening-blocked').waitFor();
    assert.match(
      (await page.getByTestId('screening-status').textContent()) ?? '',
      /0 à examiner · 1 confirmée\(s\).*une personne de l’organisation figure sur la liste/,
    );
    await page
      .getByText(
        /une personne de l’organisation figure sur la liste UN Security Council Consolidated List \(CDi\.035\)/,
      )
      .first()
      .waitFor();
    await e2e.shot(page, 'screening-organisation-fr');

    await page.getByLabel('Langue').selectOption('en');
    await page.getByText('Blocked: KYC verification and receiving material refused').waitFor();
    await page
      .getByText(/a person of the organisation is on UN Security Council Consolidated List \(CDi\.035\)/)
      .first()
      .waitFor();
    await e2e.shot(page, 'screening-organisation-en');
    await page.goto(`${e2e.base}/screening/hits?status=confirmed`);
    await page.locator('tbody tr', { hasText: 'KIUNGU MUTANGA Gedeon' }).waitFor();
    await e2e.shot(page, 'screening-queue-en');
    await page.close();
  });

  test('an analyst registering an organisation is offered the one already registered under another spelling', async () => {
    const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await e2e.signIn(page, 'analyst@demo.amana.test');
    await page
      .getByRole('navigation', { name: 'main' })
      .getByRole('link', { name: 'Organisations' })
      .waitFor();
    await page.goto(`${e2e.base}/organisations/new`);
    await page.getByLabel(/^Raison sociale/).fill('COOPERATIVE MINIERE TUJENGE DE KOLWEZI');
    const offered = page.getByTestId('duplicates');
    await offered.getByRole('link', { name: 'Coopérative minière Tujenge Kolwezi' }).waitFor();
    assert.equal(
      await offered.textContent(),
      'Peut-être déjà enregistrée :Coopérative minière Tujenge Kolwezi (nom semblable)',
    );
    await e2e.shot(page, 'organisation-duplicates-fr');
    await page.close();
  });

  test('an actor sees no screening page, and its organisation page shows no hit under review', async () => {
    const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await e2e.signIn(page, 'buyer@demo.amana.test');
    await page
      .getByRole('navigation', { name: 'main' })
      .getByRole('link', { name: 'Organisations' })
      .waitFor();
    assert.equal(
      await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Filtrage' }).count(),
      0,
    );
    await page.close();
  });
});
