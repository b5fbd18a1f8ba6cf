import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { type E2e, startE2e } from './harness.ts';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
/** What an upload says before sending, with the demo's limit of 10 MiB. */
const LIMITS = 'PDF, JPEG, PNG ou WebP, 10 Mo au plus';
const plain = (s: string | null) => (s ?? '').replace(/[\u00a0\u202f]/g, ' ');

/** The one upload control on every page whose record takes files: limits told first, progress, answer, the list. */
describe('uploads through the pages in Chromium', () => {
  let e2e: E2e;
  let receipt: { caseCode: string; secret: string };
  before(async () => {
    e2e = await startE2e();
    const res = await fetch(`${e2e.base}/api/public/grievances`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: e2e.base },
      body: JSON.stringify({
        location: 'Marché de Musompo',
        description: 'Des sacs sont pesés sur une balance truquée au marché de Musompo.',
        language: 'fr',
      }),
    });
    assert.equal(res.status, 201);
    receipt = await res.json();
  });
  after(() => e2e?.close());

  const uploadHint = (page: Page) => page.locator('.upload small');

  test('an analyst adds a photo to an incident and sees it listed; a text file is refused with the server’s reason', async () => {
    const page = await e2e.pageAs('analyst@demo.amana.test', { width: 1280, height: 1000 });
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Incidents' }).click();
    await page.getByLabel('Rechercher', { exact: true }).fill('Shabara');
    await page.getByRole('link', { name: 'Sacs d’un autre site étiquetés à Shabara' }).click();
    const evidence = page.getByRole('region', { name: 'Photos et documents' });
    await evidence.getByText('Aucun fichier pour l’instant.').waitFor();
    await uploadHint(page).filter({ hasText: 'au plus' }).waitFor();
    assert.equal(plain(await uploadHint(page).textContent()), LIMITS);
    await evidence.getByLabel('Ajouter un fichier').setInputFiles({
      name: 'bordereau-shabara.png',
      mimeType: 'image/png',
      buffer: PNG,
    });
    const link = evidence.getByRole('link', { name: 'Télécharger bordereau-shabara.png' });
    await link.waitFor();
    assert.match(
      (await link.getAttribute('href')) ?? '',
      /^\/api\/incidents\/[0-9a-f-]{36}\/evidence\/[0-9a-f-]{36}$/,
    );
    assert.match(
      plain(await evidence.getByRole('listitem').first().textContent()),
      /^bordereau-shabara\.png · 12 o · /,
    );
    assert.equal(await evidence.getByRole('status').textContent(), '« bordereau-shabara.png » est envoyé.');
    // What the link downloads is the file sent.
    const download = await page.request.get(`${e2e.base}${await link.getAttribute('href')}`);
    assert.equal(download.status(), 200);
    assert.deepEqual(Buffer.from(await download.body()), PNG);

    await evidence.getByLabel('Ajouter un fichier').setInputFiles({
      name: 'notes.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('Ceci est un simple texte, pas un PDF.'),
    });
    const refusal = evidence.getByRole('alert');
    await refusal.waitFor();
    assert.equal(
      await refusal.textContent(),
      '« notes.pdf » est refusé : Le fichier doit être de l’un de ces types : PDF, JPEG, PNG, WebP.',
    );
    assert.equal(await evidence.getByRole('listitem').count(), 1);
    await e2e.shot(page, 'upload-incident-evidence-refused');
    await page.close();
  });

  test('a reporter attaches a document to their case, and the grievance officer downloads it from the grievance', async () => {
    const page = await e2e.browser.newPage({ viewport: { width: 390, height: 900 } });
    await page.goto(`${e2e.base}/grievance/case`);
    await page.getByLabel('Code du dossier').fill(receipt.caseCode);
    await page.getByLabel('Code secret').fill(receipt.secret);
    await page.getByRole('button', { name: 'Consulter' }).click();
    const sent = page.getByRole('region', { name: 'Photos et documents envoyés' });
    await sent.waitFor();
    await uploadHint(page).filter({ hasText: 'au plus' }).waitFor();
    await sent.getByLabel('Ajouter un fichier').setInputFiles({
      name: 'ticket-de-pesee.pdf',
      mimeType: 'application/pdf',
      buffer: PDF,
    });
    await sent.getByRole('listitem').filter({ hasText: 'ticket-de-pesee.pdf' }).waitFor();
    assert.equal(
      plain(await sent.getByRole('listitem').textContent()),
      `ticket-de-pesee.pdf · ${PDF.length} o`,
    );
    await e2e.shot(page, 'upload-grievance-case-phone');
    await page.close();

    const officer = await e2e.pageAs('grievance@demo.amana.test', { width: 1280, height: 900 });
    await officer.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Plaintes' }).click();
    await officer.getByRole('link', { name: receipt.caseCode }).click();
    const attachments = officer.getByRole('region', { name: 'Pièces jointes du déclarant' });
    const link = attachments.getByRole('link', { name: 'Télécharger ticket-de-pesee.pdf' });
    await link.waitFor();
    const download = await officer.request.get(`${e2e.base}${await link.getAttribute('href')}`);
    assert.equal(download.status(), 200);
    assert.deepEqual(Buffer.from(await download.body()), PDF);
    await e2e.shot(officer, 'upload-grievance-officer');
    await officer.close();
  });

  test('a monitor adds a photo to the visit just recorded; a PDF is refused for a photo', async () => {
    const page = await e2e.pageAs('monitor@demo.amana.test', { width: 390, height: 900 });
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Sites' }).click();
    await page.getByRole('link', { name: 'Kapata', exact: true }).click();
    await page.getByRole('button', { name: 'Enregistrer une visite' }).click();
    await page.getByLabel('personnes sur le site').fill('60');
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await page.getByText('Visite enregistrée.').waitFor();
    const photos = page.getByRole('region', { name: 'Photos de la visite' });
    await uploadHint(page).filter({ hasText: 'au plus' }).waitFor();
    assert.equal(plain(await uploadHint(page).textContent()), 'JPEG, PNG ou WebP, 10 Mo au plus');
    await photos.getByLabel('Ajouter une photo').setInputFiles({
      name: 'front-de-taille.png',
      mimeType: 'image/png',
      buffer: PNG,
    });
    await photos.getByRole('link', { name: 'Télécharger front-de-taille.png' }).waitFor();
    await photos.getByLabel('Ajouter une photo').setInputFiles({
      name: 'rapport.pdf',
      mimeType: 'application/pdf',
      buffer: PDF,
    });
    await photos.getByRole('alert').waitFor();
    assert.equal(
      await photos.getByRole('alert').textContent(),
      '« rapport.pdf » est refusé : Le fichier doit être de l’un de ces types : JPEG, PNG, WebP.',
    );
    await e2e.shot(page, 'upload-visit-photo-phone');
    // The site's indicators are drawn on a time axis of days named in French.
    await page.getByRole('button', { name: '← Retour au site' }).click();
    const chart = page.getByRole('img', { name: /personnes sur le site/ });
    await page.locator('.chart [data-ready="true"]').first().waitFor();
    await chart.scrollIntoViewIfNeeded();
    await e2e.shot(page, 'site-indicators-chart-phone');
    await page.close();
  });
});
