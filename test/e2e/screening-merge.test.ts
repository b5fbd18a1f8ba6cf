import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { type E2e, startE2e } from './harness.ts';

/** Duplicates offered in the person and site forms, and an analyst merging two records side by side. */
describe('duplicates and merges in Chromium', () => {
  let e2e: E2e;
  before(async () => {
    e2e = await startE2e();
  });
  after(() => e2e?.close());

  /** A write through the API, as the page would send it (with the session, naming its origin). */
  const post = async (page: Page, path: string, data: unknown) => {
    const res = await page.request.post(`${e2e.base}${path}`, {
      headers: { origin: new URL(e2e.base).origin },
      data,
    });
    assert.equal(res.status(), 201, await res.text());
    return res.json();
  };

  test('the analyst finds the hit on the demo trader’s director in the review queue at once', async () => {
    const page = await e2e.pageAs('analyst@demo.amana.test', { width: 1280, height: 900 });
    await page.goto(`${e2e.base}/screening/hits`);
    const row = page.locator('tbody tr', { hasText: 'KIUNGU MUTANGA Gedeon' });
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /Tanganyika Minerals Négoce SARL.*CDi\.035/);
    await e2e.shot(page, 'screening-demo-queue-fr');
    await page.close();
  });

  test('adding a person to an organisation offers the one registered already under another spelling', async () => {
    const page = await e2e.pageAs('analyst@demo.amana.test', { width: 1280, height: 1100 });
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Organisations' }).click();
    await page.getByRole('link', { name: 'Coopérative minière Tujenge Kolwezi' }).click();
    const form = page.getByRole('region', { name: 'Ajouter une personne' });
    await form.getByLabel('Nom').fill('KALENGA Mutombo');
    const offered = form.getByTestId('person-duplicates');
    await offered.waitFor();
    assert.equal(
      await offered.textContent(),
      'Cette personne est peut-être déjà enregistrée :Mutombo Kalenga (nom semblable)',
    );
    await offered.scrollIntoViewIfNeeded();
    await e2e.shot(page, 'person-duplicates-fr', false);
    await page.getByLabel('Langue').selectOption('en');
    await page.getByTestId('person-duplicates').getByText('This person may be registered already:').waitFor();
    await page.getByLabel('Language').selectOption('fr');
    await page.close();
  });

  test('registering a site offers one with an alike name a few metres away', async () => {
    const page = await e2e.pageAs('analyst@demo.amana.test', { width: 1280, height: 1100 });
    await page.goto(`${e2e.base}/sites/new`);
    await page.getByLabel('Nom', { exact: true }).fill('Kasulo Nord');
    await page.getByLabel('Longitude').fill('25.4749');
    await page.getByLabel('Latitude').fill('-10.705');
    const offered = page.getByTestId('site-duplicates');
    await offered.getByText(/à 62 m/).waitFor();
    assert.equal(
      await offered.textContent(),
      'Ce site est peut-être déjà enregistré :Kasulo (nom semblable, à 62 m)',
    );
    await e2e.shot(page, 'site-duplicates-fr');
    await page.close();
  });

  test('an analyst merges a duplicate organisation, the two side by side; the survivor shows both histories', async () => {
    const page = await e2e.pageAs('analyst@demo.amana.test', { width: 1280, height: 1400 });
    const dup = await post(page, '/api/organisations', {
      legalName: 'TANGANYIKA MINERALS NEGOCE',
      chainRoles: ['trader'],
      country: 'CD',
      registrationNumbers: [{ scheme: 'id_nat', number: '05-H4901-N77777X' }],
    });
    await page.goto(`${e2e.base}/organisations`);
    await page.getByRole('link', { name: 'Tanganyika Minerals Négoce SARL' }).click();
    const card = page.getByRole('region', { name: 'Fusionner un doublon dans cette fiche' });
    await card.getByLabel('Doublon probable').selectOption({ label: 'TANGANYIKA MINERALS NEGOCE' });
    const compare = card.getByTestId('merge-compare');
    await compare.getByText('ID_NAT 05-H4901-N77777X').waitFor();
    assert.deepEqual(
      await compare
        .locator('tbody tr')
        .evaluateAll((rows) => rows.slice(0, 4).map((r) => [...r.children].map((c) => c.textContent))),
      [
        ['Nom', 'Tanganyika Minerals Négoce SARL', 'TANGANYIKA MINERALS NEGOCE'],
        ['Autres noms', '—', '—'],
        ['Rôles', 'négociant', 'négociant'],
        ['Numéros d’enregistrement', 'RCCM CD/KZI/RCCM/22-B-00777', 'ID_NAT 05-H4901-N77777X'],
      ],
    );
    await card.getByLabel('Raison de la fusion').fill('Même négociant enregistré deux fois ; RCCM vérifié');
    await card.scrollIntoViewIfNeeded();
    await e2e.shot(page, 'organisation-merge-fr');
    await card
      .getByRole('button', { name: 'Fusionner « TANGANYIKA MINERALS NEGOCE » dans cette fiche' })
      .click();
    await card
      .getByTestId('merge-done')
      .getByText('« TANGANYIKA MINERALS NEGOCE » a été fusionnée dans cette fiche')
      .waitFor();
    const history = page.getByTestId('record-history');
    await history.locator('tr', { hasText: 'Fusionnée dans cette fiche' }).waitFor();
    assert.deepEqual(
      await history.locator('tbody tr').evaluateAll((rows) =>
        // What, whose record and by whom; the verification column follows (sealed or not yet, by the clock).
        rows.slice(0, 2).map((r) => [...r.children].slice(1, 4).map((c) => c.textContent)),
      ),
      [
        ['Fusionnée dans cette fiche', 'fiche fusionnée', 'Grace Mbuyi'],
        ['Organisation enregistrée', 'fiche fusionnée', 'Grace Mbuyi'],
      ],
    );
    assert.match((await page.locator('dl.facts').textContent()) ?? '', /05-H4901-N77777X/);
    await history.scrollIntoViewIfNeeded();
    await e2e.shot(page, 'organisation-merged-history-fr');
    await page.getByLabel('Langue').selectOption('en');
    await history.locator('tr', { hasText: 'Merged into this record' }).first().waitFor();
    await e2e.shot(page, 'organisation-merged-history-en');
    await page.getByLabel('Language').selectOption('fr');

    await page.goto(`${e2e.base}/organisations/${dup.id}`);
    await page
      .getByTestId('merged-into')
      .getByRole('link', { name: 'Tanganyika Minerals Négoce SARL →' })
      .waitFor();
    await e2e.shot(page, 'organisation-merged-fr');
    await page.close();
  });

  test('an analyst merges a duplicate site into the one registered first', async () => {
    const page = await e2e.pageAs('analyst@demo.amana.test', { width: 1280, height: 1400 });
    const sites = await (await page.request.get(`${e2e.base}/api/sites?q=KZI-001`)).json();
    const kasulo = sites.items[0];
    await post(page, '/api/sites', {
      code: 'KZI-098',
      name: 'Kasulo Nord',
      province: 'Lualaba',
      geometry: { type: 'Point', coordinates: [25.4749, -10.705] },
      minerals: ['cobalt'],
    });
    await page.goto(`${e2e.base}/sites/${kasulo.id}`);
    const card = page.getByRole('region', { name: 'Fusionner un doublon dans cette fiche' });
    await card.getByLabel('Doublon probable').selectOption({ label: 'Kasulo Nord' });
    await card.getByTestId('merge-compare').getByText('KZI-098').waitFor();
    await card.getByLabel('Raison de la fusion').fill('Le même puits, relevé deux fois');
    await card.getByRole('button', { name: 'Fusionner « Kasulo Nord (KZI-098) » dans cette fiche' }).click();
    await card.getByTestId('merge-done').waitFor();
    await page
      .getByTestId('record-history')
      .locator('tr', { hasText: 'Fusionné dans cette fiche' })
      .waitFor();
    await card.scrollIntoViewIfNeeded();
    await e2e.shot(page, 'site-merged-fr');
    await page.close();
  });

  test('an analyst merges two people of an organisation, the two side by side', async () => {
    const page = await e2e.pageAs('analyst@demo.amana.test', { width: 1280, height: 1400 });
    const orgs = await (await page.request.get(`${e2e.base}/api/organisations?q=Tujenge`)).json();
    const coop = orgs.items[0];
    await post(page, '/api/persons', {
      organisationId: coop.id,
      fullName: 'KALENGA Mutombo',
      kind: 'contact',
    });
    await page.goto(`${e2e.base}/organisations/${coop.id}`);
    await page.getByLabel('Personne à conserver').selectOption({ label: 'Mutombo Kalenga' });
    const card = page.getByRole('region', { name: 'Fusionner un doublon dans la fiche de Mutombo Kalenga' });
    await card.getByLabel('Doublon probable').selectOption({ label: 'KALENGA Mutombo' });
    const compare = card.getByTestId('merge-compare');
    await compare.getByText('KALENGA Mutombo').waitFor();
    assert.deepEqual(
      await compare
        .locator('tbody tr')
        .evaluateAll((rows) => rows.slice(0, 2).map((r) => [...r.children].map((c) => c.textContent))),
      [
        ['Nom', 'Mutombo Kalenga', 'KALENGA Mutombo'],
        ['Type', 'creuseur', 'contact'],
      ],
    );
    await card.getByLabel('Raison de la fusion').fill('La même personne, nom et prénom inversés');
    await card.scrollIntoViewIfNeeded();
    await e2e.shot(page, 'person-merge-fr');
    await card.getByRole('button', { name: 'Fusionner « KALENGA Mutombo » dans cette fiche' }).click();
    await card.getByTestId('merge-done').waitFor();
    await page.locator('tr', { hasText: 'Mutombo Kalenga' }).first().waitFor();
    // The organisation's people are read again after the merge: the duplicate's row goes once they arrive.
    await page.waitForFunction(
      () => ![...document.querySelectorAll('tr')].some((r) => r.textContent?.includes('KALENGA Mutombo')),
    );
    assert.equal(await page.locator('tr', { hasText: 'KALENGA Mutombo' }).count(), 0);
    await page.close();
  });
});
