import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { openedRows } from './field-store.ts';
import { type E2e, startE2e } from './harness.ts';

const PHONE = { width: 360, height: 740 };
const PASSWORD = 'amana-demo-2026';

interface Held {
  id: string;
  kind: string;
  siteId: string;
  observedAt: string;
  state: string;
  body: Record<string, unknown>;
  receipt?: { caseCode: string; secret: string };
}

const PIN = '604172';

/** The outbox as the phone holds it, read from IndexedDB and opened with the PIN. */
const outbox = (page: Page) => openedRows<Held>(page, 'outbox', PIN);

/** The PIN typed on the lock screen the app shows whenever it opens. */
async function unlock(page: Page) {
  await page.getByLabel('Code PIN', { exact: true }).fill(PIN);
  await page.getByRole('button', { name: 'Ouvrir', exact: true }).click();
}

/** The app opened again, as after the phone was put away: its lock screen, then the PIN. */
async function reopen(page: Page) {
  await page.reload();
  await unlock(page);
}

/** Waits until every record of the outbox is acknowledged by the server. */
async function allSent(page: Page) {
  for (let tries = 0; (await outbox(page)).some((r) => r.state !== 'sent'); tries++) {
    assert.ok(tries < 120, 'the outbox is sent within 30 s');
    await page.waitForTimeout(250);
  }
}

describe('assessment checklists and grievances taken down, offline, in Chromium', () => {
  let e2e: E2e;
  before(async () => {
    e2e = await startE2e();
  });
  after(() => e2e?.close());

  async function fieldAs(email: string, located = false): Promise<{ context: BrowserContext; page: Page }> {
    const context = await e2e.browser.newContext({
      viewport: PHONE,
      ...(located
        ? {
            geolocation: { latitude: -10.7123, longitude: 25.4731, accuracy: 240 },
            permissions: ['geolocation'],
          }
        : {}),
    });
    const page = await context.newPage();
    await page.goto(`${e2e.base}/field/`);
    await page.getByLabel('Adresse e-mail').fill(email);
    await page.getByLabel('Mot de passe').fill(PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByLabel('Code PIN (6 à 12 chiffres)').fill(PIN);
    await page.getByLabel('Le même code PIN, encore une fois').fill(PIN);
    await page.getByRole('button', { name: 'Garder ce code PIN' }).click();
    await page.locator('.site-card').first().waitFor();
    await page
      .getByTestId('sync-bar')
      .getByText(/Tout est envoyé · dernier envoi/)
      .waitFor();
    await page
      .waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 })
      .catch(async () => {
        await reopen(page);
        await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
      });
    return { context, page };
  }

  test('an assessor rates a site offline; it arrives once as a draft with its ratings, which the assessor submits', async () => {
    const { context, page } = await fieldAs('assessor@demo.amana.test');
    await e2e.shot(page, 'field-sites-assessor-fr-360');
    const code = (await page.locator('.site-card .site-head strong').allTextContents())[0];
    await context.setOffline(true);
    await reopen(page);
    await page
      .locator(`.site-card[data-site="${code}"]`)
      .getByRole('button', { name: 'Évaluer le site' })
      .click();
    await page.getByRole('heading', { name: `Évaluation de ${code}` }).waitFor();
    const requirements = page.locator('.requirement');
    const count = await requirements.count();
    assert.ok(count >= 3, `${count} requirements`);
    // Kept with one left unrated: the phone says what is missing and keeps nothing yet.
    for (let i = 0; i < count - 1; i++)
      await requirements
        .nth(i)
        .getByLabel(i % 3 === 1 ? 'partiellement respectée' : 'respectée', { exact: true })
        .check();
    await page.getByRole('button', { name: 'Garder l’évaluation' }).click();
    await page.getByRole('alert').getByText('1 exigence n’est pas notée.').waitFor();
    assert.equal((await outbox(page)).length, 0);
    await requirements
      .nth(count - 1)
      .getByLabel('non respectée')
      .check();
    const last = await requirements.nth(count - 1).getAttribute('data-code');
    await requirements
      .nth(count - 1)
      .getByLabel(`Note sur ${last} (ce qui a été vu)`)
      .fill('Pas de registre des creuseurs.');
    await page.getByTestId('rated').getByText(`${count} exigences notées sur ${count}`).waitFor();
    // The checklist of some forty requirements is many screens long: the screenshot is the phone's screen.
    await e2e.shot(page, 'field-checklist-fr-360', false);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true);
    await page.getByRole('button', { name: 'Garder l’évaluation' }).click();
    await page.getByText(/Évaluation gardée sur le téléphone/).waitFor();
    await page.getByRole('button', { name: 'Mes sites' }).last().click();
    await page
      .getByTestId('sync-bar')
      .getByText(/1 enregistrement en attente/)
      .waitFor();
    const [held] = await outbox(page);
    assert.deepEqual([held.kind, held.state], ['assessment', 'waiting']);

    await context.setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await allSent(page);
    // Synced again: nothing new.
    await page.getByRole('button', { name: 'Envoi', exact: true }).click();
    await page.getByRole('button', { name: 'Envoyer maintenant' }).click();
    await page
      .getByTestId('sync-bar')
      .getByText(/^Tout est envoyé/)
      .waitFor();
    const drafts = await (
      await context.request.get(`${e2e.base}/api/assessments?siteId=${held.siteId}&status=draft&limit=100`)
    ).json();
    const mine = drafts.items.filter((a: { id: string }) => a.id === held.id);
    assert.equal(mine.length, 1);
    assert.deepEqual(
      [mine[0].observedFrom, mine[0].ratings.length, mine[0].unrated],
      [held.observedAt, count, []],
    );
    assert.equal(
      mine[0].ratings.find((g: { code: string }) => g.code === last).notes,
      'Pas de registre des creuseurs.',
    );

    // The assessor submits the draft on the web, in the same session.
    const web = await context.newPage();
    await web.goto(`${e2e.base}/assessments/${held.id}`);
    await web.getByRole('button', { name: 'Soumettre pour approbation' }).click();
    await web.getByText('Évaluation soumise.').waitFor();
    const after = await (await context.request.get(`${e2e.base}/api/assessments/${held.id}`)).json();
    assert.equal(after.status, 'submitted');
    await context.close();
  });

  test('a monitor takes a grievance down offline; it reaches the officer once, marked as taken down by the monitor', async () => {
    const { context, page } = await fieldAs('monitor@demo.amana.test');
    const code = (await page.locator('.site-card .site-head strong').allTextContents())[1];
    await context.setOffline(true);
    await page
      .locator(`.site-card[data-site="${code}"]`)
      .getByRole('button', { name: 'Recueillir une plainte' })
      .click();
    await page.getByRole('heading', { name: `Plainte à ${code}` }).waitFor();
    await page
      .getByLabel('Que s’est-il passé ?')
      .fill('Des hommes en uniforme prennent un sac sur dix à la sortie du site.');
    await page.getByLabel('Catégorie (facultatif)').selectOption('security_forces');
    await page.getByLabel('Langue de la personne').selectOption('sw');
    await page.getByLabel('Laisse ses coordonnées').check();
    await page.getByRole('button', { name: 'Garder la plainte' }).click();
    await page.getByText('Un nom ou un téléphone, ou choisissez « Anonyme ».').waitFor();
    await page.getByLabel('Nom', { exact: true }).fill('Mama Kahambu');
    await page.getByLabel('Téléphone').fill('+243 970 000 111');
    await e2e.shot(page, 'field-grievance-fr-360');
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true);
    await page.getByRole('button', { name: 'Garder la plainte' }).click();
    await page.getByText(/Plainte gardée sur le téléphone/).waitFor();
    const [waiting] = await outbox(page);
    assert.deepEqual(waiting.body.contact, { name: 'Mama Kahambu', phone: '+243 970 000 111' });

    await context.setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await allSent(page);
    const [sent] = await outbox(page);
    // The phone forgets the contact once the server has it sealed, and keeps the receipt to hand over.
    assert.equal('contact' in sent.body, false);
    assert.match(sent.receipt?.caseCode ?? '', /^GRV-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    await page.getByRole('button', { name: 'Envoi', exact: true }).click();
    await page.getByText(`Code du dossier : ${sent.receipt?.caseCode}`).waitFor();
    await e2e.shot(page, 'field-grievance-receipt-fr-360');
    await page.getByRole('button', { name: 'Envoyer maintenant' }).click();
    await page
      .getByTestId('sync-bar')
      .getByText(/^Tout est envoyé/)
      .waitFor();
    await context.close();

    const officer = await e2e.pageAs('grievance@demo.amana.test');
    await officer.goto(`${e2e.base}/grievances`);
    const row = officer.locator('tr', { hasText: sent.receipt?.caseCode ?? '' });
    await row.first().waitFor();
    assert.equal(await row.count(), 1);
    await row
      .getByTestId('taken-down')
      .getByText(/^Recueillie par Espérance Ilunga le /)
      .waitFor();
    await e2e.shot(officer, 'grievances-taken-down-fr');
    await row.getByRole('link', { name: sent.receipt?.caseCode }).click();
    await officer.getByText('Mama Kahambu · +243 970 000 111').waitFor();
  });

  test('the map of my sites opens offline with the base layer, place names, status colours and where I am', async () => {
    const { context, page } = await fieldAs('monitor@demo.amana.test', true);
    const sites = await (await context.request.get(`${e2e.base}/api/field/changes`)).json();
    // Opened once with a network, the map keeps the names of the towns around my sites.
    await page.getByRole('button', { name: 'Carte', exact: true }).click();
    await page.locator('.sites-map .place').first().waitFor();
    await context.setOffline(true);
    await reopen(page);
    await page.locator('.site-card').first().waitFor();
    await page.getByRole('button', { name: 'Carte', exact: true }).click();
    await page.getByRole('heading', { name: 'Carte de mes sites' }).waitFor();
    await page.locator('.sites-map .land').first().waitFor();
    const shown = await page
      .locator('.sites-map .site')
      .evaluateAll((gs) => gs.map((g) => [g.getAttribute('data-site'), g.getAttribute('data-status')]));
    assert.deepEqual(
      shown.sort(),
      sites.sites.map((s: { code: string; status: string }) => [s.code, s.status]).sort(),
    );
    assert.ok((await page.locator('.sites-map .place text').count()) > 0);
    await page.getByText(/GeoNames/).waitFor();
    await page.getByRole('button', { name: 'Prendre ma position' }).click();
    await page
      .getByTestId('position')
      .getByText(/± 240 m/)
      .waitFor();
    await page.getByTestId('here').waitFor();
    const radius = Number(await page.locator('[data-testid=here] .accuracy').getAttribute('r'));
    assert.ok(radius > 0, `accuracy circle of ${radius} px`);
    // A tap on a site says which it is and its status (dispatched: at this zoom markers of neighbours overlap).
    const first = sites.sites[0] as { code: string; name: string };
    await page.locator(`.sites-map .site[data-site="${first.code}"] circle`).dispatchEvent('click');
    await page.locator(`.site-card[data-site="${first.code}"]`).getByText(first.name).waitFor();
    const before = await page.locator('.sites-map > g').getAttribute('transform');
    await page.getByRole('button', { name: 'Rapprocher' }).click();
    await page.waitForFunction(
      (t) => document.querySelector('.sites-map > g')?.getAttribute('transform') !== t,
      before,
    );
    assert.match((await page.locator('.sites-map > g').getAttribute('transform')) ?? '', /scale\(2\)/);
    await e2e.shot(page, 'field-map-fr-360');
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true);
    await page.getByRole('combobox').first().selectOption('sw');
    await page.getByRole('heading', { name: 'Ramani ya maeneo yangu' }).waitFor();
    await e2e.shot(page, 'field-map-sw-360');
    await context.close();
  });

  test('the checklist and the grievance read in Swahili and English on a 360-px phone', async () => {
    const { context, page } = await fieldAs('assessor@demo.amana.test');
    for (const [lng, assess, grievance, cancel] of [
      ['sw', 'Tathmini eneo', 'Chukua lalamiko', 'Ghairi'],
      ['en', 'Assess the site', 'Take down a grievance', 'Cancel'],
    ] as const) {
      await page.getByRole('combobox').first().selectOption(lng);
      await page.locator('.site-card').first().getByRole('button', { name: assess }).click();
      await page.locator('.requirement').first().waitFor();
      await e2e.shot(page, `field-checklist-${lng}-360`, false);
      assert.equal(
        await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
        true,
      );
      await page.getByRole('button', { name: cancel }).click();
      await page.locator('.site-card').first().getByRole('button', { name: grievance }).click();
      await page.getByLabel(lng === 'sw' ? 'Anaacha mawasiliano yake' : 'Leaves contact details').check();
      await e2e.shot(page, `field-grievance-${lng}-360`);
      await page.getByRole('button', { name: cancel }).click();
    }
    await context.close();
  });
});
