import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { cameraPhoto } from './camera-photo.ts';
import { openedRows } from './field-store.ts';
import { type E2e, startE2e } from './harness.ts';

const PHONE = { width: 360, height: 740 };
const PASSWORD = 'amana-demo-2026';
const PIN = '583920';

interface Held {
  id: string;
  kind: 'visit' | 'incident' | 'tag';
  siteId: string;
  observedAt: string;
  state: string;
}

/** The outbox as the phone holds it, read from IndexedDB and opened with the PIN. */
const outbox = (page: Page) => openedRows<Held>(page, 'outbox', PIN);

describe('the offline field app in Chromium', () => {
  let e2e: E2e;
  let context: BrowserContext;
  let page: Page;
  before(async () => {
    e2e = await startE2e();
    context = await e2e.browser.newContext({
      viewport: PHONE,
      geolocation: { latitude: -10.7123, longitude: 25.4731, accuracy: 14 },
      permissions: ['geolocation'],
    });
    page = await context.newPage();
  });
  after(() => e2e?.close());

  const sitesShown = () => page.locator('.site-card').first().waitFor();
  const syncBar = () => page.getByTestId('sync-bar');
  const unlock = async () => {
    await page.getByLabel('Code PIN', { exact: true }).fill(PIN);
    await page.getByRole('button', { name: 'Ouvrir', exact: true }).click();
  };

  test('a monitor signs in once online, then works offline for days and everything arrives once', async () => {
    await page.goto(`${e2e.base}/field/`);
    await e2e.shot(page, 'field-sign-in-fr-360');
    await page.getByLabel('Adresse e-mail').fill('monitor@demo.amana.test');
    await page.getByLabel('Mot de passe').fill(PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByLabel('Code PIN (6 à 12 chiffres)').fill(PIN);
    await page.getByLabel('Le même code PIN, encore une fois').fill(PIN);
    await page.getByRole('button', { name: 'Garder ce code PIN' }).click();
    await sitesShown();
    await syncBar()
      .getByText(/Tout est envoyé · dernier envoi/)
      .waitFor();
    // The service worker has the app shell: from now on no network is needed to open it.
    await page
      .waitForFunction(() => navigator.serviceWorker.controller !== null || false, null, { timeout: 30_000 })
      .catch(async () => {
        await page.reload();
        await unlock();
        await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
      });
    const cards = page.locator('.site-card');
    const siteCount = await cards.count();
    assert.ok(siteCount >= 3);
    const codes = await page.locator('.site-card .site-head strong').allTextContents();
    await e2e.shot(page, 'field-sites-fr-360');
    const before = new Map<string, number>();
    const visitsAt = async (code: string) => {
      const site = (
        await (await context.request.get(`${e2e.base}/api/sites?q=${code}&limit=5`)).json()
      ).items.find((s: { code: string }) => s.code === code);
      const visits = await (
        await context.request.get(`${e2e.base}/api/visits?siteId=${site.id}&limit=200`)
      ).json();
      return visits.items.length as number;
    };
    for (const code of codes.slice(0, 3)) before.set(code, await visitsAt(code));

    await context.setOffline(true);
    const photo = await cameraPhoto(page);
    // Three visits on three days' worth of observation times, each with a photo.
    for (const [n, code] of codes.slice(0, 3).entries()) {
      await page
        .locator(`.site-card[data-site="${code}"]`)
        .getByRole('button', { name: 'Enregistrer une visite' })
        .click();
      await page.getByRole('heading', { name: `Visite à ${code}` }).waitFor();
      const day = new Date(Date.now() - (3 - n) * 86_400_000);
      const local = new Date(day.getTime() - day.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
      await page.getByLabel('Date et heure de l’observation').fill(local);
      await page.getByLabel('personnes sur le site').fill(String(30 + n));
      await page.getByRole('button', { name: 'Prendre ma position' }).click();
      await page
        .getByTestId('position')
        .getByText(/± 14 m/)
        .waitFor();
      await page
        .locator('input[type=file]')
        .setInputFiles({ name: 'pit.png', mimeType: 'image/png', buffer: photo });
      await page.locator('.photos li').first().waitFor();
      const size = await page.locator('.photos li span').first().textContent();
      if (n === 0) {
        assert.match(size ?? '', /^\d+\s+ko après compression$/);
        assert.ok(Number(size?.match(/^\d+/)?.[0]) <= 200);
        await e2e.shot(page, 'field-visit-fr-360');
      }
      await page.getByRole('button', { name: 'Garder la visite' }).click();
      await page.getByText('Visite gardée sur le téléphone.').waitFor();
      await page.getByRole('button', { name: 'Mes sites' }).last().click();
    }
    await page
      .locator(`.site-card[data-site="${codes[0]}"]`)
      .getByRole('button', { name: 'Signaler un incident' })
      .click();
    await page.getByLabel('Ce qui s’est passé, en une ligne').fill('Enfants au puits 2');
    await page
      .getByLabel('Description : qui, quoi, où, depuis quand')
      .fill('Trois enfants transportent des sacs au puits 2.');
    await page.getByLabel('Niveau 1 : grave').check();
    await page.getByLabel('Catégorie de risque').selectOption('child_labour');
    await e2e.shot(page, 'field-incident-fr-360');
    await page.getByRole('button', { name: 'Garder le signalement' }).click();
    await page.getByText('Signalement gardé sur le téléphone.').waitFor();
    await page.getByRole('button', { name: 'Mes sites' }).last().click();
    // Two sacks tagged and weighed, the tags typed (this browser has no camera).
    for (const tag of ['FLD-E2E-01', 'FLD-E2E-02']) {
      await page
        .locator(`.site-card[data-site="${codes[0]}"]`)
        .getByRole('button', { name: 'Étiqueter un sac' })
        .click();
      await page.getByLabel('Étiquette du sac').fill(tag);
      await page.getByLabel('Masse (kg)').fill('49.5');
      await page.getByLabel('Teneur (%)').fill('8.2');
      if (tag.endsWith('01')) await e2e.shot(page, 'field-tag-fr-360');
      await page.getByRole('button', { name: 'Garder le sac' }).click();
      await page.getByText('Sac gardé sur le téléphone.').waitFor();
      await page.getByRole('button', { name: 'Mes sites' }).last().click();
    }
    await syncBar().getByText('6 enregistrements en attente, 3 photos en attente').waitFor();

    // Reloaded with no network, the app opens from the service worker with everything it held, once the PIN is in.
    await page.reload();
    await unlock();
    await sitesShown();
    await syncBar()
      .getByText(/6 enregistrements en attente, 3 photos en attente · .* · hors ligne/)
      .waitFor();
    await page.getByRole('button', { name: 'Envoi', exact: true }).click();
    await page.locator('.waiting-list li').nth(5).waitFor();
    await e2e.shot(page, 'field-sync-fr-360');
    const held = await outbox(page);
    assert.equal(held.length, 6);

    await context.setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await syncBar()
      .getByText(/^Tout est envoyé · dernier envoi/)
      .waitFor({ timeout: 60_000 });
    for (const r of await outbox(page)) assert.equal(r.state, 'sent');
    const lots = await (await context.request.get(`${e2e.base}/api/lots?q=FLD-E2E&limit=10`)).json();
    assert.deepEqual(lots.items.map((l: { tag: string; massKg: number }) => [l.tag, l.massKg]).sort(), [
      ['FLD-E2E-01', 49.5],
      ['FLD-E2E-02', 49.5],
    ]);
    for (const r of held.filter((x) => x.kind !== 'tag')) {
      const path = r.kind === 'visit' ? `/api/visits/${r.id}` : `/api/incidents/${r.id}`;
      const got = await (await context.request.get(`${e2e.base}${path}`)).json();
      assert.equal(r.kind === 'visit' ? got.visitedAt : got.observedAt, r.observedAt, `${r.kind} ${r.id}`);
      if (r.kind === 'visit') {
        assert.equal(got.photos.length, 1);
        assert.ok(got.photos[0].sizeBytes <= 200 * 1024);
        assert.deepEqual([got.latitude, got.longitude, got.accuracyM], [-10.7123, 25.4731, 14]);
        assert.equal(got.notes, '');
      }
    }
    for (const code of codes.slice(0, 3))
      assert.equal(await visitsAt(code), (before.get(code) ?? 0) + 1, code);
    // Syncing again sends nothing new: still one of each.
    await page.getByRole('button', { name: 'Envoyer maintenant' }).click();
    await syncBar()
      .getByText(/^Tout est envoyé/)
      .waitFor();
    for (const code of codes.slice(0, 3))
      assert.equal(await visitsAt(code), (before.get(code) ?? 0) + 1, code);
  });

  test('a photo cut off mid-upload by the network resumes where it stopped and is stored once', async () => {
    await context.setOffline(true);
    await page.getByRole('button', { name: 'Mes sites' }).last().click();
    await sitesShown();
    const code = (await page.locator('.site-card .site-head strong').allTextContents())[3];
    await page
      .locator(`.site-card[data-site="${code}"]`)
      .getByRole('button', { name: 'Enregistrer une visite' })
      .click();
    await page.getByLabel('personnes sur le site').fill('12');
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'pit.png', mimeType: 'image/png', buffer: await cameraPhoto(page) });
    await page.locator('.photos li').first().waitFor();
    await page.getByRole('button', { name: 'Garder la visite' }).click();
    await page.getByText('Visite gardée sur le téléphone.').waitFor();
    const [photo] = (
      await openedRows<{ id: string; visitId: string; sizeBytes: number; state: string }>(page, 'photos', PIN)
    ).filter((p) => p.state === 'waiting');
    assert.ok(photo.sizeBytes > 64 * 1024, 'the photo takes more than one chunk');
    // The network drops after the first chunk of the photo.
    let chunks = 0;
    await page.route('**/api/field/uploads/*', (route) =>
      route.request().method() === 'PATCH' && chunks++ >= 1
        ? route.abort('internetdisconnected')
        : route.continue(),
    );
    await context.setOffline(false);
    await page.getByRole('button', { name: 'Envoi', exact: true }).click();
    await page.getByRole('button', { name: 'Envoyer maintenant' }).click();
    await page
      .getByRole('alert')
      .getByText(/L’envoi s’est arrêté/)
      .waitFor();
    const midway = await (await context.request.get(`${e2e.base}/api/field/uploads/${photo.id}`)).json();
    assert.deepEqual([midway.offset, midway.complete], [64 * 1024, false]);
    await page.unroute('**/api/field/uploads/*');
    await page.getByRole('button', { name: 'Envoyer maintenant' }).click();
    await syncBar()
      .getByText(/^Tout est envoyé/)
      .waitFor();
    const visit = await (await context.request.get(`${e2e.base}/api/visits/${photo.visitId}`)).json();
    assert.deepEqual(
      visit.photos.map((p: { id: string; sizeBytes: number }) => [p.id, p.sizeBytes]),
      [[photo.id, photo.sizeBytes]],
    );
  });

  test('a record the server refuses is shown with what to fix; fixed, it goes under the same id', async () => {
    await page.getByRole('button', { name: 'Mes sites' }).last().click();
    await sitesShown();
    const code = (await page.locator('.site-card .site-head strong').allTextContents())[0];
    await page
      .locator(`.site-card[data-site="${code}"]`)
      .getByRole('button', { name: 'Étiqueter un sac' })
      .click();
    // A tag already used on a sack of the first test.
    await page.getByLabel('Étiquette du sac').fill('FLD-E2E-01');
    await page.getByLabel('Masse (kg)').fill('51');
    await page.getByLabel('Teneur (%)').fill('7');
    await page.getByRole('button', { name: 'Garder le sac' }).click();
    await syncBar().getByText('1 enregistrement refusé : à corriger').waitFor();
    await syncBar().click();
    const refused = page.locator('.refused-list > li');
    await refused.getByText('l’étiquette FLD-E2E-01 est déjà utilisée').waitFor();
    await e2e.shot(page, 'field-refused-fr-360');
    const [{ id }] = (await outbox(page)).filter((r) => r.state === 'refused');
    await refused.getByRole('button', { name: 'Corriger' }).click();
    // The monitor sees the refused sack as it was kept (read from the sealed store), then corrects its tag.
    await page.waitForFunction(
      () => (document.querySelector('input[name=tag]') as HTMLInputElement | null)?.value === 'FLD-E2E-01',
    );
    await page.getByLabel('Étiquette du sac').fill('FLD-E2E-03');
    await page.getByRole('button', { name: 'Garder le sac' }).click();
    await page.getByRole('button', { name: 'Mes sites' }).last().click();
    await syncBar()
      .getByText(/^Tout est envoyé/)
      .waitFor();
    // The bar may read "all sent" a moment before the outbox takes the corrected record: wait for the record itself.
    for (let tries = 0; (await outbox(page)).find((r) => r.id === id)?.state !== 'sent'; tries++) {
      assert.ok(tries < 60, 'the corrected record is sent within 15 s');
      await page.waitForTimeout(250);
    }
    const lots = await (await context.request.get(`${e2e.base}/api/lots?q=FLD-E2E-03&limit=10`)).json();
    assert.deepEqual(
      lots.items.map((l: { tag: string; massKg: number }) => [l.tag, l.massKg]),
      [['FLD-E2E-03', 51]],
    );
  });

  test('every field screen reads in Swahili on a 360-px phone', async () => {
    await page.getByRole('combobox', { name: 'Langue' }).selectOption('sw');
    await page.getByRole('button', { name: 'Maeneo yangu' }).click();
    await sitesShown();
    await e2e.shot(page, 'field-sites-sw-360');
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true);
    await page.locator('.site-card').first().getByRole('button', { name: 'Rekodi ziara' }).click();
    await e2e.shot(page, 'field-visit-sw-360');
    await page.getByRole('button', { name: 'Ghairi' }).click();
    await page.locator('.site-card').first().getByRole('button', { name: 'Ripoti tukio' }).click();
    await e2e.shot(page, 'field-incident-sw-360');
    await page.getByRole('button', { name: 'Ghairi' }).click();
    await page.locator('.site-card').first().getByRole('button', { name: 'Weka lebo gunia' }).click();
    await e2e.shot(page, 'field-tag-sw-360');
    await page.getByRole('button', { name: 'Ghairi' }).click();
    await page.getByRole('button', { name: 'Kutuma', exact: true }).click();
    await e2e.shot(page, 'field-sync-sw-360');
    await page.getByRole('combobox').selectOption('fr');
  });
});
