import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type E2e, startE2e } from './harness.ts';

/** Zones, the site outside every zone, the zones layer of the map, and a cooperative's members and cards, in Chromium. */
describe('zones, members and miners’ cards in Chromium', () => {
  let e2e: E2e;
  before(async () => {
    e2e = await startE2e();
  });
  after(() => e2e?.close());
  const spaced = (s: string | null) => (s ?? '').replace(/\s/g, ' ');

  test('an analyst reads the zones, finds the site outside every zone, records a zone around it, and sees them on the map', async () => {
    const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await e2e.signIn(page, 'analyst@demo.amana.test');
    await page
      .getByRole('navigation', { name: 'main' })
      .getByRole('link', { name: 'Carte', exact: true })
      .click();
    await page.getByRole('link', { name: '(la liste)' }).click();
    await page.getByRole('heading', { name: 'Zones d’exploitation artisanale' }).waitFor();
    const outside = page.getByRole('region', { name: 'Sites hors de toute zone' });
    assert.equal(
      spaced(await outside.locator('li').textContent()),
      'KZI-007 — Kanina n’est dans aucune zone en vigueur aujourd’hui.',
    );
    const zones = page.getByRole('region', { name: 'Zones', exact: true });
    await zones.getByRole('heading', { name: 'Zones (6)' }).waitFor();
    const rows = await zones.locator('tbody tr').allTextContents();
    assert.equal(rows.length, 6);
    assert.match(
      spaced(rows[3]),
      /^ZEA-LUA-01Zone d’exploitation artisanale de Kasulo–KapataZone d’exploitation artisanale \(ZEA\)Arrêté ministériel n° 0704\/CAB\.MIN\/MINES\/01\/201916 sept\. 2019sans finKZI-001, KZI-002$/,
    );
    await e2e.shot(page, 'zones-fr', true);

    // An open ring is refused by the field that holds it.
    const form = page.getByRole('region', { name: 'Enregistrer une zone' });
    await form.getByLabel('Code').fill('ZEA-LUA-04');
    await form.getByLabel('Nom').fill('Zone d’exploitation artisanale de Kanina');
    await form.getByLabel('Base légale').fill('Arrêté ministériel n° 0088/CAB.MIN/MINES/01/2026');
    await form.getByLabel('En vigueur du').fill('2026-01-05');
    const ring = (close: boolean) =>
      JSON.stringify({
        type: 'Polygon',
        coordinates: [
          [
            [25.48, -10.64],
            [25.5, -10.64],
            [25.5, -10.62],
            [25.48, -10.62],
            ...(close ? [[25.48, -10.64]] : [[25.481, -10.64]]),
          ],
        ],
      });
    await form.getByLabel('Contour').fill(ring(false));
    await form.getByRole('button', { name: 'Enregistrer une zone' }).click();
    await form.getByText('Un anneau doit se terminer à la position où il commence.').waitFor();
    await e2e.shot(page, 'zones-open-ring-fr');
    await form.getByLabel('Contour').fill(ring(true));
    await form.getByRole('button', { name: 'Enregistrer une zone' }).click();
    await zones.getByRole('heading', { name: 'Zones (7)' }).waitFor();
    await outside.getByText('Tous les sites sont dans une zone en vigueur.').waitFor();

    await page.getByLabel('Langue').selectOption('en');
    await page.getByRole('heading', { name: 'Artisanal zones' }).waitFor();
    await page
      .getByRole('region', { name: 'Sites outside every zone' })
      .getByText('Every site lies in a zone in force.')
      .waitFor();
    await e2e.shot(page, 'zones-en', true);

    await page.getByRole('link', { name: 'See the zones on the map' }).click();
    await page.waitForFunction(() => (window as { amanaMap?: unknown }).amanaMap !== undefined);
    const layer = page.getByRole('checkbox', { name: /Artisanal zones/ });
    await layer.check();
    // The zones are drawn under the sites, from /api/zones: the seven outlines, the new one included.
    await page.waitForFunction(() => {
      const m = (window as { amanaMap?: { getLayer: (id: string) => unknown } }).amanaMap;
      return m?.getLayer('layer-zones-line') !== undefined;
    });
    assert.equal(await layer.isChecked(), true);
    await page.waitForTimeout(1000);
    await e2e.shot(page, 'zones-map-en');
    await page.getByLabel('Language').selectOption('fr');
    await page.close();
  });

  test("a cooperative counts its members and registers an adult's card; a possible minor is refused", async () => {
    const page = await e2e.pageAs('cooperative@demo.amana.test', { width: 1280, height: 1000 });
    await page
      .getByRole('navigation', { name: 'main' })
      .getByRole('link', { name: 'Organisations', exact: true })
      .click();
    await page.getByRole('link', { name: 'Coopérative minière Tujenge Kolwezi' }).first().click();
    await page.getByRole('link', { name: 'Membres et cartes de creuseur' }).click();
    await page.locator('.facts').waitFor();
    assert.match(
      spaced(await page.locator('.facts').textContent()),
      /^Dernier comptage1 342 le .+Cartes de creuseur enregistrées5$/,
    );
    const register = page.getByRole('region', { name: 'Registre des cartes de creuseur' });
    await register.locator('tbody tr').first().waitFor();
    assert.deepEqual((await register.locator('tbody tr td:first-child').allTextContents()).slice(0, 2), [
      'CAM-LUA-2026-004711',
      'CAM-LUA-2026-004712',
    ]);
    const year = new Date().getUTCFullYear();
    const today = new Date().toISOString().slice(0, 10);
    await register.getByLabel('Numéro de carte').fill('CAM-LUA-2026-009001');
    await register.getByLabel('Année de naissance').fill(String(year - 17));
    await register.getByLabel('Délivrée le').fill(today);
    await register.getByRole('button', { name: 'Enregistrer une carte' }).click();
    await register
      .getByText(`Né(e) en ${year - 17}, le titulaire peut avoir moins de 18 ans`, { exact: false })
      .waitFor();
    await e2e.shot(page, 'miner-card-minor-fr');
    await register.getByLabel('Année de naissance').fill(String(year - 30));
    await register.getByRole('button', { name: 'Enregistrer une carte' }).click();
    await register.getByRole('cell', { name: 'CAM-LUA-2026-009001' }).waitFor();
    await page.getByText('Cartes de creuseur enregistrées').waitFor();
    assert.match(spaced(await page.locator('.facts').textContent()), /Cartes de creuseur enregistrées6$/);
    await page.locator('[role="img"][data-ready="true"]').waitFor();
    await e2e.shot(page, 'members-fr', true);
    await page.getByLabel('Langue').selectOption('en');
    await page.getByRole('heading', { name: 'Members over time' }).waitFor();
    assert.match(
      spaced(await page.locator('.facts').textContent()),
      /^Latest count1,342 on .+Miners' cards registered6$/,
    );
    await page
      .getByRole('region', { name: "Register of miners' cards" })
      .getByRole('cell', { name: 'CAM-LUA-2026-009001' })
      .waitFor();
    await e2e.shot(page, 'members-en', true);
    await page.getByLabel('Language').selectOption('fr');
    await page.close();
  });

  test('a buyer sees the count page of no cooperative and no card register', async () => {
    const page = await e2e.pageAs('buyer@demo.amana.test', { width: 1280, height: 900 });
    await page
      .getByRole('navigation', { name: 'main' })
      .getByRole('link', { name: 'Organisations', exact: true })
      .click();
    await page.getByRole('link', { name: 'Coopérative minière Tujenge Kolwezi' }).first().click();
    await page.getByRole('heading', { name: 'Coopérative minière Tujenge Kolwezi' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Membres et cartes de creuseur' }).count(), 0);
    await page.close();
  });
});
