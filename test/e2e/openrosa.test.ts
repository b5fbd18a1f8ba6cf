import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { v4 as uuidv4 } from 'uuid';
import { once } from '../api/harness.ts';
import { type E2e, startE2e } from './harness.ts';

const MONITOR = `Basic ${Buffer.from('monitor@demo.amana.test:amana-demo-2026').toString('base64')}`;

/** ODK Collect's pages: forms and the settings QR code, app users, submissions as received and their correction. */
describe('ODK Collect pages in Chromium', () => {
  let e2e: E2e;
  before(async () => {
    e2e = await startE2e();
  });
  after(() => e2e?.close());

  /** A visit sent by the demo monitor from ODK Collect for a site it may not work on: refused, and kept. */
  const refused = once(async () => {
    const get = (path: string) =>
      fetch(`${e2e.base}${path}`, { headers: { authorization: MONITOR } }).then((r) => r.text());
    const list = await get('/openrosa/formList');
    const version = /<formID>amana-visit<\/formID>[\s\S]*?<version>([^<]+)</.exec(list)?.[1];
    assert.ok(version);
    const csv = await get('/openrosa/forms/amana-visit/media/sites.csv');
    const siteId = csv.trim().split('\n')[1].split(',')[0];
    const xml = `<?xml version='1.0' ?><data id="amana-visit" version="${version}"><start>2026-11-30T08:15:00.000+01:00</start><end>2026-11-30T08:40:00.000+01:00</end><site>${uuidv4()}</site><headCount>30</headCount><childrenSeen>0</childrenSeen><meta><instanceID>uuid:${uuidv4()}</instanceID></meta></data>`;
    const fd = new FormData();
    fd.append('xml_submission_file', new Blob([xml], { type: 'text/xml' }), 'submission.xml');
    const res = await fetch(`${e2e.base}/openrosa/submission`, {
      method: 'POST',
      headers: { authorization: MONITOR },
      body: fd,
    });
    assert.equal(res.status, 400);
    return { siteId, xml };
  });

  test('an administrator sees the forms with their versions and a QR code, makes an app user, sees its code once and revokes it', async () => {
    const page = await e2e.pageAs('admin@demo.amana.test', { width: 1280, height: 1200 });
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'ODK Collect' }).click();
    await page.getByRole('heading', { name: 'Formulaires' }).waitFor();
    await page.getByRole('cell', { name: 'Amana — visite de suivi' }).waitFor();
    await page.getByRole('cell', { name: 'Amana — signalement d’incident' }).waitFor();
    await page.getByRole('cell', { name: 'Amana — Amana ASM baseline (version 1)' }).waitFor();
    const visitRow = page.locator('tbody tr', { hasText: 'Amana — visite de suivi' });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      visitRow.getByRole('link', { name: 'Télécharger (xlsx)' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^amana-visit-[0-9a-f]{12}\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await download.path());
    assert.deepEqual(
      book.worksheets.map((w) => w.name),
      ['survey', 'choices', 'settings'],
    );
    assert.equal(book.getWorksheet('settings')?.getCell('B2').value, 'amana-visit');
    await page.getByRole('img', { name: 'Configurer Collect avec votre compte' }).waitFor();
    await page.getByText(`Adresse ${e2e.base}/openrosa, identifiant admin@demo.amana.test`).waitFor();
    await page.getByLabel('Nom', { exact: true }).fill('Téléphone de Kolwezi');
    await page.getByLabel('Membre').selectOption({ label: 'Espérance Ilunga (monitor@demo.amana.test)' });
    const sites = page.getByLabel('Sites (Ctrl ou Maj pour en choisir plusieurs)');
    const options = await sites.locator('option').allTextContents();
    await sites.selectOption([{ label: options[0] }, { label: options[1] }]);
    await page.getByRole('button', { name: 'Créer l’utilisateur d’application' }).click();
    const status = page.getByRole('status');
    await status.getByText('Scannez ce code dans ODK Collect maintenant').waitFor();
    await status.getByRole('img', { name: 'Téléphone de Kolwezi' }).waitFor();
    const url = (await status.locator('code').textContent()) ?? '';
    assert.match(url, new RegExp(`^${e2e.base}/openrosa/key/amk_[A-Za-z0-9_-]{43}$`));
    const row = page.locator('tbody tr', { hasText: 'Téléphone de Kolwezi' });
    await row.getByText('2 sites').waitFor();
    await e2e.shot(page, 'collect-admin-fr');
    const before = await fetch(`${url}/formList`);
    assert.equal(before.status, 200);
    await row.getByRole('button', { name: 'Révoquer' }).click();
    await row.getByText(/^Révoqué le /).waitFor();
    assert.equal((await fetch(`${url}/formList`)).status, 401);
    await page.getByLabel('Langue').selectOption('en');
    await page.getByRole('heading', { name: 'App users' }).waitFor();
    await page.getByRole('cell', { name: 'Amana — monitoring visit' }).waitFor();
    await e2e.shot(page, 'collect-admin-en');
    await page.getByLabel('Language').selectOption('fr');
    await page.getByRole('heading', { name: 'Formulaires' }).waitFor();
  });

  test('an analyst finds a refused submission with why, reads its XML, corrects the site and applies it', async () => {
    const { siteId, xml } = await refused();
    const page = await e2e.pageAs('analyst@demo.amana.test', { width: 1280, height: 1000 });
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'ODK Collect' }).click();
    await page.getByRole('link', { name: 'Soumissions reçues →' }).click();
    await page.getByLabel('État').selectOption({ label: 'refusée' });
    const row = page.locator('tbody tr', { hasText: 'monitor@demo.amana.test' }).first();
    await row.getByText('site : ce site n’est pas l’un de ceux où vous pouvez travailler').waitFor();
    await e2e.shot(page, 'collect-submissions-fr');
    await row.getByRole('link', { name: 'Ouvrir' }).click();
    await page.getByRole('heading', { name: 'XML reçu' }).waitFor();
    assert.equal(await page.locator('pre.raw-xml').textContent(), xml);
    const editor = page.getByLabel('XML corrigé');
    await editor.fill(xml.replace(/<site>[^<]+<\/site>/, `<site>${siteId}</site>`));
    await e2e.shot(page, 'collect-submission-refused-fr');
    await page.getByRole('button', { name: 'Appliquer la correction' }).click();
    await page.getByRole('status').getByText('Soumission appliquée.').waitFor();
    await page.locator('.submission-state', { hasText: 'appliquée' }).waitFor();
    await e2e.shot(page, 'collect-submission-applied-fr');
  });
});
