import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { cameraPhoto } from './camera-photo.ts';
import { openedRows, rawStoreText, storeExists } from './field-store.ts';
import { type E2e, startE2e } from './harness.ts';

const PHONE = { width: 360, height: 740 };
const PASSWORD = 'amana-demo-2026';
const PIN = '482913';
const NOTE = 'Trois enfants portent des sacs au puits 7, près de la rivière Kasulo';
// A phone's browser, so the device is named as a monitor's would be.
const ANDROID =
  'Mozilla/5.0 (Linux; Android 13; TECNO KI5q) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36';

describe('the field app’s PIN, its sealed store and its revocation in Chromium', () => {
  let e2e: E2e;
  let context: BrowserContext;
  let page: Page;
  before(async () => {
    e2e = await startE2e();
    context = await e2e.browser.newContext({ viewport: PHONE, userAgent: ANDROID });
    page = await context.newPage();
  });
  after(() => e2e?.close());

  const sitesShown = () => page.locator('.site-card').first().waitFor();
  const syncBar = () => page.getByTestId('sync-bar');
  const signIn = async () => {
    await page.getByLabel('Adresse e-mail').fill('monitor@demo.amana.test');
    await page.getByLabel('Mot de passe').fill(PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
  };
  const setPin = async (pin: string) => {
    await page.getByRole('heading', { name: 'Choisissez un code PIN' }).waitFor();
    await page.getByLabel('Code PIN (6 à 12 chiffres)').fill(pin);
    await page.getByLabel('Le même code PIN, encore une fois').fill(pin);
    await page.getByRole('button', { name: 'Garder ce code PIN' }).click();
  };
  const enterPin = async (pin: string) => {
    await page.getByLabel('Code PIN', { exact: true }).fill(pin);
    await page.getByRole('button', { name: 'Ouvrir', exact: true }).click();
  };

  test('the first sign-in sets a PIN; offline the PIN opens the app, and the store holds nothing readable without it', async () => {
    await page.goto(`${e2e.base}/field/`);
    await signIn();
    await page.getByRole('heading', { name: 'Choisissez un code PIN' }).waitFor();
    // Too short, then two different PINs: each says what to fix.
    await page.getByLabel('Code PIN (6 à 12 chiffres)').fill('1234');
    await page.getByLabel('Le même code PIN, encore une fois').fill('1234');
    await page.getByRole('button', { name: 'Garder ce code PIN' }).click();
    await page.getByText('Le code PIN a de 6 à 12 chiffres.').waitFor();
    await page.getByLabel('Code PIN (6 à 12 chiffres)').fill(PIN);
    await page.getByLabel('Le même code PIN, encore une fois').fill('482914');
    await page.getByRole('button', { name: 'Garder ce code PIN' }).click();
    await page.getByText('Les deux codes ne sont pas les mêmes.').waitFor();
    await e2e.shot(page, 'field-pin-create-fr-360');
    await setPin(PIN);
    await sitesShown();
    await syncBar()
      .getByText(/Tout est envoyé · dernier envoi/)
      .waitFor();
    await page
      .waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 })
      .catch(async () => {
        await page.reload();
        await enterPin(PIN);
        await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
      });
    // The PIN is kept nowhere: not in localStorage, not in the store.
    const local = await page.evaluate(() => JSON.stringify({ ...localStorage }));
    assert.doesNotMatch(local, new RegExp(PIN));
    assert.equal(JSON.parse(JSON.parse(local)['amana.field.lock']).iterations, 600_000);

    await context.setOffline(true);
    const code = (await page.locator('.site-card .site-head strong').allTextContents())[0];
    await page
      .locator(`.site-card[data-site="${code}"]`)
      .getByRole('button', { name: 'Enregistrer une visite' })
      .click();
    await page.getByLabel('personnes sur le site').fill('41');
    await page.getByLabel('Notes').fill(NOTE);
    await page.locator('input[type=file]').setInputFiles({
      name: 'pit.png',
      mimeType: 'image/png',
      buffer: await cameraPhoto(page, { width: 1600, height: 1200, rects: 2000 }),
    });
    await page.locator('.photos li').first().waitFor();
    await page.getByRole('button', { name: 'Garder la visite' }).click();
    await page.getByText('Visite gardée sur le téléphone.').waitFor();
    await page.getByRole('button', { name: 'Mes sites' }).last().click();
    await syncBar().getByText('1 enregistrement en attente, 1 photo en attente').waitFor();

    // IndexedDB read raw, as from the phone's files: no note, no name, no JPEG, no site names.
    const raw = await rawStoreText(page);
    assert.ok(raw.length > 10_000, 'the store holds the sealed photo');
    for (const plain of [NOTE, 'puits 7', 'Espérance', 'monitor@demo', 'JFIF', 'Kasulo'])
      assert.equal(raw.includes(plain), false, `“${plain}” is readable in the store`);
    // With the PIN, the same rows open to the visit as typed.
    const outbox = await openedRows<{ kind: string; body: { notes: string } }>(page, 'outbox', PIN);
    assert.deepEqual(
      outbox.map((r) => [r.kind, r.body.notes]),
      [['visit', NOTE]],
    );
    await assert.rejects(openedRows(page, 'outbox', '482914'));

    // Reopened with no network: the PIN first; a wrong one is counted.
    await page.reload();
    await page.getByText('Entrez votre code PIN pour ouvrir l’application.').waitFor();
    assert.equal(await page.locator('.site-card').count(), 0);
    await enterPin('000000');
    await page
      .getByRole('alert')
      .getByText('Code PIN incorrect. Encore 4 essais, puis les données du téléphone seront effacées.')
      .waitFor();
    await e2e.shot(page, 'field-pin-wrong-fr-360');
    await enterPin(PIN);
    await sitesShown();
    await syncBar()
      .getByText(/1 enregistrement en attente, 1 photo en attente · .* · hors ligne/)
      .waitFor();
    // A right PIN starts the count again.
    assert.equal(
      JSON.parse((await page.evaluate(() => localStorage.getItem('amana.field.lock'))) ?? '{}').failures,
      0,
    );

    await context.setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await syncBar()
      .getByText(/^Tout est envoyé · dernier envoi/)
      .waitFor({ timeout: 60_000 });
    const [visit] = await openedRows<{ id: string }>(page, 'outbox', PIN);
    const stored = await (await context.request.get(`${e2e.base}/api/visits/${visit.id}`)).json();
    assert.equal(stored.notes, NOTE);
    assert.equal(stored.photos.length, 1);
    assert.equal(stored.indicators.headCount, 41);
  });

  test('an administrator revokes the phone from the web; its next sync is refused and the phone wipes itself, and says so', async () => {
    // Made offline before the revocation: what the phone held unsent goes with it (decision 0030, rule 7).
    await context.setOffline(true);
    await page.locator('.site-card').first().getByRole('button', { name: 'Signaler un incident' }).click();
    await page.getByLabel('Ce qui s’est passé, en une ligne').fill('Barrière illégale');
    await page
      .getByLabel('Description : qui, quoi, où, depuis quand')
      .fill('Des hommes armés demandent un péage.');
    await page.getByRole('button', { name: 'Garder le signalement' }).click();
    await page.getByText('Signalement gardé sur le téléphone.').waitFor();
    await page.getByRole('button', { name: 'Mes sites' }).last().click();

    const admin = await e2e.pageAs('admin@demo.amana.test', { width: 1280, height: 900 });
    await admin.getByRole('button', { name: 'Mon compte' }).click();
    await admin.getByRole('link', { name: 'Mes appareils' }).click();
    await admin.getByRole('link', { name: 'Tous les appareils de l’organisation' }).click();
    await admin.getByRole('heading', { name: 'Appareils de l’organisation' }).waitFor();
    await admin
      .getByLabel('Utilisateur')
      .selectOption({ label: 'Espérance Ilunga (monitor@demo.amana.test)' });
    const table = admin.getByRole('table', { name: 'Appareils' });
    const row = table.getByRole('row').filter({ hasText: 'Chrome on Android' });
    await row.waitFor();
    assert.equal(await table.locator('tbody tr').count(), 1);
    await row.getByRole('button', { name: 'Révoquer Chrome on Android' }).click();
    await row.getByLabel('Motif de la révocation').fill('Téléphone perdu à Kolwezi');
    await row.getByRole('button', { name: 'Révoquer l’appareil' }).click();
    await admin
      .getByRole('status')
      .filter({ hasText: 'L’appareil « Chrome on Android » est révoqué' })
      .waitFor();
    await e2e.shot(admin, 'field-device-revoked-admin');
    await admin.close();

    // The phone finds a network and syncs: the server refuses the device, the phone forgets what it held.
    // The server's answer, read on its way to the page (which reloads as soon as it has it).
    const answers: { status: number; code?: string }[] = [];
    await page.route('**/api/field/sync', async (route) => {
      const response = await route.fetch();
      answers.push({ status: response.status(), code: (await response.json()).code });
      await route.fulfill({ response });
    });
    await context.setOffline(false);
    // The app may have synced at the network's return already, and be reloading: then there is nothing to nudge.
    await page.evaluate(() => window.dispatchEvent(new Event('online'))).catch(() => undefined);
    await page
      .getByText(
        'Cet appareil a été révoqué : ses données locales ont été effacées. Reconnectez-vous depuis un appareil autorisé.',
      )
      .waitFor();
    await page.getByLabel('Adresse e-mail').waitFor();
    await e2e.shot(page, 'field-revoked-wiped-fr-360');
    await page.unroute('**/api/field/sync');
    assert.deepEqual(answers, [{ status: 403, code: 'field.device-revoked' }]);
    assert.equal(await storeExists(page), false);
    const left = await page.evaluate(() => ({
      lock: localStorage.getItem('amana.field.lock'),
      device: localStorage.getItem('amana.field.device'),
      caches: 0,
    }));
    assert.deepEqual(left, { lock: null, device: null, caches: 0 });
    assert.deepEqual(await page.evaluate(() => caches.keys()), []);
    // The incident made offline never reached the server.
    const incidents = await (
      await context.request.get(`${e2e.base}/api/incidents?q=${encodeURIComponent('Barrière illégale')}`)
    ).json();
    assert.equal(incidents.items.length, 0);
    // In Swahili, the same sentence.
    await page.evaluate(() => localStorage.setItem('amana.locale', 'sw'));
    await page.reload();
    await page
      .getByText(
        'Kifaa hiki kimefutiwa idhini: data yake ya ndani imefutwa. Ingia tena kutoka kifaa kilichoidhinishwa.',
      )
      .waitFor();
    await e2e.shot(page, 'field-revoked-wiped-sw-360');
    await page.evaluate(() => localStorage.setItem('amana.locale', 'fr'));
    await page.reload();
  });

  test('five wrong PINs in a row wipe the phone; the monitor signs in again online with a new PIN', async () => {
    await signIn();
    await setPin('135790');
    await sitesShown();
    const device = await page.evaluate(() => localStorage.getItem('amana.field.device'));
    assert.ok(device, 'the phone registered as a new device');
    await page.reload();
    for (const [n, left] of [4, 3, 2, 1].entries()) {
      await enterPin(`00000${n}`);
      await page
        .getByRole('alert')
        .getByText(new RegExp(`^Code PIN incorrect\\. Encore ${left} essais?,`))
        .waitFor();
    }
    await e2e.shot(page, 'field-pin-last-try-fr-360');
    await enterPin('000009');
    await page
      .getByText(
        'Trop de codes PIN faux : les données du téléphone ont été effacées. Reconnectez-vous avec du réseau.',
      )
      .waitFor();
    await e2e.shot(page, 'field-pin-wiped-fr-360');
    assert.equal(await storeExists(page), false);
    assert.equal(await page.evaluate(() => localStorage.getItem('amana.field.lock')), null);
    await signIn();
    await setPin('246810');
    await sitesShown();
    // In Swahili, the PIN screen.
    await page.getByRole('combobox', { name: 'Langue' }).selectOption('sw');
    await page.reload();
    await page.getByText('Weka PIN yako kufungua programu.').waitFor();
    await e2e.shot(page, 'field-pin-unlock-sw-360');
    await page.getByLabel('PIN', { exact: true }).fill('246810');
    await page.getByRole('button', { name: 'Fungua', exact: true }).click();
    await sitesShown();
    await page.getByRole('combobox').selectOption('fr');
  });

  test('a phone nearly full is warned on every screen, asked to keep its store, and exports what waits to a file', async () => {
    // The browser's storage as a phone with 500 MB for the app, 452 MB of it used: the estimate is the browser's to
    // give, and no test fills a disk to make it say so. Whether the store is kept (persist) is remembered per tab.
    await context.addInitScript(() => {
      const real = navigator.storage;
      const fake = {
        estimate: async () => ({ usage: 452_000_000, quota: 500_000_000 }),
        persisted: async () => sessionStorage.getItem('test.persisted') === 'yes',
        persist: async () => {
          sessionStorage.setItem(
            'test.persistAsked',
            String(Number(sessionStorage.getItem('test.persistAsked') ?? 0) + 1),
          );
          sessionStorage.setItem('test.persisted', 'yes');
          return true;
        },
        getDirectory: real.getDirectory.bind(real),
      };
      Object.defineProperty(navigator, 'storage', { configurable: true, get: () => fake });
    });
    await page.reload();
    // A forgotten PIN: the phone says what erasing costs, erases, and the monitor signs in again.
    await page.getByRole('button', { name: 'Code PIN oublié' }).click();
    await page
      .getByText('Sans le code PIN, personne ne peut lire les données du téléphone.', { exact: false })
      .waitFor();
    await page.getByRole('button', { name: 'Effacer les données et me reconnecter' }).click();
    await page
      .getByText(
        'Les données du téléphone ont été effacées. Reconnectez-vous avec du réseau et choisissez un nouveau code PIN.',
      )
      .waitFor();
    await signIn();
    await setPin(PIN);
    await sitesShown();
    // Asked once, as soon as the phone keeps something: when the PIN was set.
    assert.equal(await page.evaluate(() => sessionStorage.getItem('test.persistAsked')), '1');
    await syncBar()
      .getByText(/^Stockage presque plein \(90\s%\) : envoyez ou exportez ce qui attend$/)
      .waitFor();
    await e2e.shot(page, 'field-storage-low-fr-360');

    await context.setOffline(true);
    await page.locator('.site-card').first().getByRole('button', { name: 'Enregistrer une visite' }).click();
    await page.getByText(/^Le stockage du téléphone est presque plein \(90\s%\)\./).waitFor();
    await page.getByLabel('personnes sur le site').fill('18');
    await page.getByLabel('Notes').fill(NOTE);
    await page.locator('input[type=file]').setInputFiles({
      name: 'pit.png',
      mimeType: 'image/png',
      buffer: await cameraPhoto(page, { width: 1600, height: 1200, rects: 2000 }),
    });
    await page.locator('.photos li').first().waitFor();
    await page.getByRole('button', { name: 'Garder la visite' }).click();
    await page.getByText('Visite gardée sur le téléphone.').waitFor();
    await page.getByRole('button', { name: 'Envoi', exact: true }).click();
    await page.getByText(/^Stockage utilisé : 431,1\sMo sur 476,8\sMo$/).waitFor();
    await page.getByText('Stockage protégé : le navigateur ne l’effacera pas de lui-même.').waitFor();
    await e2e.shot(page, 'field-storage-sync-fr-360');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Exporter ce qui attend dans un fichier' }).click();
    const file = await download;
    assert.match(file.suggestedFilename(), /^amana-outbox-\d{4}-\d{2}-\d{2}T\d{6}\.json$/);
    const exported = JSON.parse(fs.readFileSync((await file.path()) as string, 'utf8'));
    const device = await page.evaluate(() => localStorage.getItem('amana.field.device'));
    assert.equal(exported.device, device);
    assert.equal(exported.me.email, 'monitor@demo.amana.test');
    assert.deepEqual(
      exported.records.map(
        (r: { kind: string; state: string; body: { notes: string; indicators: object } }) => [
          r.kind,
          r.state,
          r.body.notes,
          r.body.indicators,
        ],
      ),
      [
        [
          'visit',
          'waiting',
          NOTE,
          { securityForcesPresent: false, armedPeoplePresent: false, headCount: 18 },
        ],
      ],
    );
    assert.equal(exported.photos.length, 1);
    const [photo] = exported.photos;
    const bytes = Buffer.from(photo.base64, 'base64');
    assert.equal(photo.visitId, exported.records[0].id);
    assert.equal(photo.contentType, 'image/jpeg');
    assert.equal(bytes.length, photo.sizeBytes);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xff, 0xd8, 0xff]);
    assert.equal(createHash('sha256').update(bytes).digest('hex'), photo.sha256);
    await context.setOffline(false);
  });
});
