import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { once } from '../api/harness.ts';
import { type E2e, startE2e } from './harness.ts';

const today = new Date().toISOString().slice(0, 10);

/** Auditors in the browser: the administrator grants access, the auditor reads its scope, the reads are listed. */
describe('auditors in Chromium', () => {
  let e2e: E2e;
  before(async () => {
    e2e = await startE2e();
  });
  after(() => e2e?.close());

  /** The administrator grants the demo auditor two sites for 2026 with packs, through the form: once. */
  const granted = once(async () => {
    const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 1300 } });
    await e2e.signIn(page, 'admin@demo.amana.test');
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Audit' }).click();
    await page.getByRole('heading', { name: 'Accorder un accès d’auditeur' }).waitFor();
    await page.getByText('Aucune lecture d’auditeur pour l’instant.').waitFor();
    const sites = page.getByLabel('Sites du périmètre');
    const options = await sites.locator('option').allTextContents();
    await sites.selectOption([{ label: options[0] }, { label: options[1] }]);
    await page.getByLabel('Du', { exact: true }).fill('2026-01-01');
    await page.getByLabel('Au (inclus)').fill(today);
    await page.getByLabel('Peut télécharger les paquets de vérification du journal pour la période').check();
    await page.getByLabel('Objet (par ex. évaluation RMI 2026)').fill('Évaluation RMI du raffineur, 2026');
    await page.getByRole('button', { name: 'Accorder l’accès' }).click();
    await page.getByRole('status').getByText('Accès accordé à Aline Mwamba.').waitFor();
    const row = page.locator('tbody tr', { hasText: 'Aline Mwamba' });
    await row.waitFor();
    assert.match(
      (await row.textContent()) ?? '',
      new RegExp(
        `Aline Mwamba.*Évaluation RMI du raffineur, 2026.*2 site\\(s\\), 0 organisation\\(s\\).*2026-01-01 – ${today}.*Amani Kabeya.*en cours`,
      ),
    );
    return { page, options };
  });

  test('an administrator grants an auditor access to two sites for a period, in French and English', async () => {
    const { page } = await granted();
    await e2e.shot(page, 'audit-admin-fr', true);
    await page.getByLabel('Langue').selectOption('en');
    await page.getByRole('heading', { name: 'Grant auditor access' }).waitFor();
    await page.getByRole('columnheader', { name: 'Scope' }).waitFor();
    await e2e.shot(page, 'audit-admin-en', true);
    await page.getByLabel('Language').selectOption('fr');
    await page.getByRole('heading', { name: 'Accorder un accès d’auditeur' }).waitFor();
  });

  /** The auditor signs in and lands on its own page, with its access and the sites of its scope. */
  const visited = once(async () => {
    const { options } = await granted();
    const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await e2e.signIn(page, 'auditor@demo.amana.test');
    await page.getByRole('heading', { name: 'Votre accès d’auditeur' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/audit');
    assert.deepEqual(
      await page.getByRole('navigation', { name: 'main' }).getByRole('link').allTextContents(),
      ['Audit'],
    );
    await page.getByText(`Période du registre : du 2026-01-01 au ${today}`).waitFor();
    await page
      .getByText('Chaque lecture que vous faites est enregistrée et visible par les administrateurs.')
      .waitFor();
    const rows = page.locator('tbody tr');
    await rows.nth(1).waitFor();
    assert.equal(await rows.count(), 2);
    const codes = await rows.locator('td:first-child').allTextContents();
    assert.deepEqual(
      codes,
      options.slice(0, 2).map((o) => o.split(' — ')[0]),
    );
    const pack = page.getByRole('link', { name: 'Télécharger le paquet de vérification de la période' });
    assert.equal(await pack.getAttribute('href'), `/api/event-log/pack?since=2026-01-01&until=${today}`);
    return page;
  });

  test('the auditor lands on its own page: its access, its sites and the pack of its period, in French and English', async () => {
    const page = await visited();
    await e2e.shot(page, 'auditor-home-fr', true);
    await page.getByLabel('Langue').selectOption('en');
    await page.getByRole('heading', { name: 'Your auditor access' }).waitFor();
    await page.getByText('Every read you make is on record, and administrators see it.').waitFor();
    await e2e.shot(page, 'auditor-home-en', true);
    // Any other page of the app is closed to the auditor, and the server refuses what it serves.
    await page.goto(`${e2e.base}/sites`);
    await page.getByText(/./).first().waitFor();
    const refused = await page.evaluate(async () => (await fetch('/api/sites')).status);
    assert.equal(refused, 403);
    await page.close();
  });

  test('the administrator sees every read the auditor made, then ends the access with a reason', async () => {
    const { page } = await granted();
    await visited();
    await page.reload();
    const reads = page.locator('section', {
      has: page.getByRole('heading', { name: 'Lectures des auditeurs' }),
    });
    await reads.getByText('/api/audit/sites').first().waitFor();
    assert.match((await reads.textContent()) ?? '', /Aline Mwamba.*\/api\/audit\/access.*permise/);
    assert.match((await reads.textContent()) ?? '', /\/api\/sites.*refusée \(audit\.outside-access\)/);
    const row = page.locator('tbody tr', { hasText: 'Évaluation RMI du raffineur, 2026' });
    await row.getByLabel('Motif de la fin').fill('Évaluation remise');
    await row.getByRole('button', { name: 'Mettre fin' }).click();
    await row.getByText(/terminé le .* par Amani Kabeya : Évaluation remise/).waitFor();
    await e2e.shot(page, 'audit-admin-ended-fr', true);
    await page.close();
  });
});
