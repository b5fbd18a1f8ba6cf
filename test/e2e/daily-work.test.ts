import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { type E2e, startE2e } from './harness.ts';

/** Each role's daily work done in the browser, from its own pages, against the real server. */
describe('daily work in Chromium', () => {
  let e2e: E2e;
  before(async () => {
    e2e = await startE2e();
  });
  after(() => e2e?.close());

  const openSite = async (page: Page, name: string) => {
    await page
      .getByRole('navigation', { name: 'main' })
      .getByRole('link', { name: 'Sites', exact: true })
      .click();
    await page.getByRole('link', { name, exact: true }).click();
    await page.getByTestId('status-explanation').waitFor();
  };

  test('a grievance officer validates a grievance into an incident and answers the reporter', async () => {
    const page = await e2e.pageAs('grievance@demo.amana.test', { width: 1280, height: 1000 });
    await page.getByRole('link', { name: 'Plaintes' }).click();
    await page.getByRole('cell', { name: 'Route de Kanina' }).waitFor();
    await e2e.shot(page, 'grievances-fr');
    await page.locator('tbody tr', { hasText: 'Route de Kanina' }).getByRole('link').click();
    await page.getByText('Watoto wanafanya kazi').waitFor();
    assert.equal(await page.getByTestId('grievance-status').textContent(), 'Reçu, en cours d’examen');
    await page.getByLabel('Niveau').selectOption('1');
    await page.getByLabel('Catégorie').selectOption('child_labour');
    // Picked with the keyboard: down from the box into the matches, Enter on the site.
    await page.getByRole('searchbox', { name: /^Site/ }).fill('kanin');
    const match = page.getByRole('button', { name: 'KZI-007 · Kanina (Lualaba)' });
    // Once the server has answered the search, not while the first sites by code still show.
    await page.locator('.site-options[aria-busy="false"]').waitFor();
    await match.waitFor();
    await page.keyboard.press('ArrowDown');
    assert.ok(await match.evaluate((b) => b === document.activeElement));
    await page.keyboard.press('Enter');
    assert.equal(await page.getByTestId('chosen-site').textContent(), 'KZI-007 · Kanina (Lualaba)');
    await page.getByLabel('Titre de l’incident').fill('Enfants au travail près du pont de Kanina');
    await page.getByLabel('Motif (interne)').fill('Deux signalements concordants');
    await page
      .getByLabel('Réponse lue par l’auteur sur la page du dossier')
      .fill('Asante. Tumefungua uchunguzi.');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="grievance-status"]')?.textContent === 'Vérifié et transmis',
    );
    await page.getByRole('link', { name: 'Ouvrir l’incident →' }).click();
    await page.getByRole('heading', { name: /Enfants au travail près du pont de Kanina/ }).waitFor();
    await page.close();
  });

  test('a monitor records a visit whose indicators open an incident', async () => {
    const page = await e2e.pageAs('monitor@demo.amana.test', { width: 390, height: 900 });
    await openSite(page, 'Kapata');
    await page.getByRole('button', { name: 'Enregistrer une visite' }).click();
    await page.getByLabel('personnes sur le site').fill('140');
    await page.getByLabel('enfants vus').fill('3');
    await page.getByLabel('part équipée d’EPI (%)').fill('80');
    await page.getByLabel('Notes').fill('Trois enfants au lavage du minerai');
    await e2e.shot(page, 'visit-form-phone');
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await page.getByText('Visite enregistrée.').waitFor();
    const opened = page.getByRole('link', { name: /Niveau 1/ });
    await opened.first().waitFor();
    assert.match((await opened.first().textContent()) ?? '', /^INC-\d+ · Niveau 1 · /);
    await page.close();
  });

  test('a monitor works in Swahili: the navigation, the site page and the visit form', async () => {
    // A session of its own: the test changes its language.
    const page = await e2e.browser.newPage({ viewport: { width: 390, height: 900 } });
    await e2e.signIn(page, 'monitor@demo.amana.test');
    await page.getByRole('heading', { name: 'Accueil' }).waitFor();
    await page.getByLabel('Langue').selectOption('sw');
    await page.getByRole('heading', { name: 'Mwanzo' }).waitFor();
    assert.deepEqual(
      await page.getByRole('navigation', { name: 'main' }).getByRole('link').allTextContents(),
      ['Mwanzo', 'Ramani', 'Maeneo ya migodi', 'Mizigo', 'Matukio', 'Tahadhari', 'ODK Collect'],
    );
    await page.getByRole('link', { name: 'Maeneo ya migodi' }).click();
    await page.getByRole('link', { name: 'Kapata', exact: true }).click();
    await page.getByRole('heading', { name: 'Kwa nini hali hii' }).waitFor();
    await page.getByRole('button', { name: 'Rekodi ziara' }).click();
    await page.getByLabel('watu kwenye eneo').fill('60');
    await page.getByLabel('Maelezo').fill('Hakuna watoto walioonekana');
    await e2e.shot(page, 'visit-form-sw');
    await page.getByRole('button', { name: 'Hifadhi', exact: true }).click();
    await page.getByText('Ziara imerekodiwa.').waitFor();
    await page.close();
  });

  test('an impossible visit is refused with the reason by the field', async () => {
    const page = await e2e.pageAs('monitor@demo.amana.test', { width: 1280, height: 900 });
    await openSite(page, 'Kapata');
    await page.getByRole('button', { name: 'Enregistrer une visite' }).click();
    await page.getByLabel('personnes sur le site').fill('5');
    await page.getByLabel('enfants vus').fill('9');
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await page.locator('.field-error').first().waitFor();
    assert.equal(
      await page.locator('.field-error').first().textContent(),
      "ne peut pas dépasser l'effectif (5)",
    );
    await page.close();
  });

  test('an assessor rates every requirement and submits; an analyst approves and the site turns green', async () => {
    let page = await e2e.pageAs('assessor@demo.amana.test', { width: 1280, height: 1000 });
    await openSite(page, 'Luisha');
    await page.getByRole('combobox', { name: /^Type/ }).selectOption('baseline');
    await page.getByRole('button', { name: 'Commencer une évaluation' }).click();
    await page.getByTestId('assessment-status').waitFor();
    assert.equal(await page.getByTestId('assessment-status').textContent(), 'Brouillon');
    const selects = page.getByRole('combobox', { name: /^Note / });
    // The requirements arrive after the assessment itself: wait for the fortieth.
    await selects.nth(39).waitFor();
    const count = await selects.count();
    assert.equal(count, 40);
    for (let i = 0; i < count; i++) await selects.nth(i).selectOption('met');
    await page.getByRole('textbox', { name: 'Notes CL-01' }).fill('Aucun mineur vu ; registre contrôlé');
    await page.getByRole('button', { name: 'Enregistrer les notes (40)' }).click();
    await page.getByText('Notes enregistrées.').waitFor();
    await page.getByRole('button', { name: 'Soumettre pour approbation' }).click();
    await page.getByText('Évaluation soumise.').waitFor();
    assert.equal(await page.getByTestId('assessment-status').textContent(), 'Soumise');
    // Four eyes: the assessor has no approve button on their own assessment.
    assert.equal(await page.getByRole('button', { name: 'Approuver' }).count(), 0);
    const url = page.url();
    await page.close();

    page = await e2e.pageAs('analyst@demo.amana.test', { width: 1280, height: 1000 });
    await page.goto(url);
    await page.getByRole('button', { name: 'Approuver' }).click();
    await page.getByText('Évaluation approuvée : le statut du site est mis à jour.').waitFor();
    assert.match((await page.locator('.explanation').textContent()) ?? '', /Vert – conforme.*vert depuis le/);
    await e2e.shot(page, 'assessment-approved');
    await page.getByRole('link', { name: '← Retour au site' }).click();
    await page.getByTestId('status-explanation').waitFor();
    assert.match((await page.getByTestId('status-explanation').textContent()) ?? '', /^vert depuis le/);
    await page.close();
  });

  test('an analyst uploads KYC evidence and verifies an organisation', async () => {
    const page = await e2e.pageAs('analyst@demo.amana.test', { width: 1280, height: 1100 });
    await page.getByRole('link', { name: 'Organisations' }).click();
    await page.getByRole('link', { name: 'Kalenga Trading SARL' }).click();
    await page.getByRole('heading', { name: 'Pièces KYC' }).waitFor();
    assert.ok(await page.locator('.kyc-pending').first().isVisible());
    await page.getByLabel('Déposer une pièce').setInputFiles({
      name: 'rccm-kalenga.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'),
    });
    await page.getByRole('link', { name: 'rccm-kalenga.pdf' }).waitFor();
    await page.getByLabel('Joindre à la décision rccm-kalenga.pdf').check();
    await page.getByRole('combobox', { name: /^Décision/ }).selectOption('verified');
    await page.getByRole('button', { name: 'Enregistrer la décision' }).click();
    await page.locator('.kyc-verified').first().waitFor();
    await e2e.shot(page, 'kyc-verified');
    await page.close();
  });

  test('a cooperative manager adds a miner and sees the red flag of a possible minor', async () => {
    const page = await e2e.pageAs('cooperative@demo.amana.test', { width: 1280, height: 1100 });
    await page.getByRole('link', { name: 'Organisations' }).click();
    await page.getByRole('link', { name: 'Coopérative minière Tujenge Kolwezi' }).click();
    const form = page.getByRole('region', { name: 'Ajouter une personne' });
    await form.getByLabel('Nom').fill('Kalenga Mbayo');
    await form.getByLabel('Carte').fill('CC-LUA-990011');
    await form.getByLabel('Année de naissance').fill('2011');
    await form.getByRole('button', { name: 'Ajouter une personne' }).click();
    const row = page.locator('tr', { hasText: 'Kalenga Mbayo' });
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /né\(e\) en 2011 : peut-être mineur\(e\)/);
    await form.getByLabel('Nom').fill('Sans carte');
    await form.getByLabel('Année de naissance').fill('1890');
    await form.getByRole('button', { name: 'Ajouter une personne' }).click();
    await form.locator('.field-error').waitFor();
    assert.match((await form.locator('.field-error').textContent()) ?? '', /1900/);
    await e2e.shot(page, 'organisation-person-added');
    await page.close();
  });

  test('a buyer follows a site to be alerted about it', async () => {
    const page = await e2e.pageAs('buyer@demo.amana.test', { width: 1280, height: 900 });
    await openSite(page, 'Kapata');
    await page.getByRole('button', { name: 'Suivre ce site' }).click();
    await page.getByRole('button', { name: 'Site suivi ✓' }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: 'Site suivi ✓' }).waitFor();
    await page.close();
  });

  test('an analyst renames a verified trader: its page shows the KYC review re-opened and why', async () => {
    const page = await e2e.pageAs('analyst@demo.amana.test', { width: 1280, height: 1000 });
    await page.getByRole('link', { name: 'Organisations' }).click();
    await page.getByRole('link', { name: 'Ets Kyungu et Fils' }).click();
    await page.locator('dd .kyc-verified').waitFor();
    await page.getByRole('button', { name: 'Modifier' }).click();
    await page.getByLabel('Raison sociale').fill('Kyungu et Fils SARL');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByRole('heading', { name: 'Kyungu et Fils SARL' }).waitFor();
    assert.equal(await page.locator('dd .kyc-pending').textContent(), 'En attente');
    assert.match(
      (await page.getByTestId('kyc-reopened').textContent()) ?? '',
      /^Revue rouverte le \d{1,2} [a-zéû]+\.? \d{4} : changement de raison sociale$/,
    );
    await e2e.shot(page, 'kyc-reopened');
    await page.close();
  });

  test('a regulator changes their password from the header; the old one no longer signs in', async () => {
    // A session of its own: the change closes the person's other sessions, and the test signs out.
    const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await e2e.signIn(page, 'regulator@demo.amana.test');
    await page.getByRole('heading', { name: 'Accueil' }).waitFor();
    await page.getByRole('button', { name: 'Mon compte' }).click();
    await page.getByRole('button', { name: 'Changer de mot de passe' }).click();
    const form = page.getByRole('region', { name: 'Changer de mot de passe' });
    await form.getByLabel('Mot de passe actuel').fill('amana-demo-2026');
    await form.getByLabel('Nouveau mot de passe').fill('password123');
    await form.getByRole('button', { name: 'Changer de mot de passe' }).click();
    await form.locator('#newPassword-error').waitFor();
    assert.equal(
      await form.locator('#newPassword-error').textContent(),
      'Ce mot de passe est parmi les plus courants ou trop facile à deviner ; quelques mots sans rapport entre eux en font un solide.',
    );
    await e2e.shot(page, 'password-change-refused');
    await form.getByLabel('Nouveau mot de passe').fill('lanterne-du-puits-Kambove');
    await form.getByRole('button', { name: 'Changer de mot de passe' }).click();
    await form
      .getByRole('status')
      .filter({
        hasText: 'Mot de passe changé. Vos autres sessions sont fermées et vos jetons d’API révoqués.',
      })
      .waitFor();
    await e2e.shot(page, 'password-changed');
    await page.getByRole('button', { name: 'Mon compte' }).click();
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await e2e.signIn(page, 'regulator@demo.amana.test');
    await page.getByRole('alert').waitFor();
    await e2e.signIn(page, 'regulator@demo.amana.test', 'lanterne-du-puits-Kambove');
    await page.getByRole('heading', { name: 'Accueil' }).waitFor();
    await page.close();
  });
  test('a level-1 incident found to predate a site’s sacks reaches the refiner: an alert linking its lot, and the lot’s conformity history', async () => {
    const analyst = await e2e.pageAs('analyst@demo.amana.test');
    const sites = await (await analyst.request.get(`${e2e.base}/api/sites?limit=100`)).json();
    const site = sites.items.find((x: { code: string }) => x.code === 'KZI-001');
    const observedAt = new Date(Date.now() - 60 * 86400_000).toISOString();
    // Set up through the API, as the page would send it (a write with the session names its origin).
    const reported = await analyst.request.post(`${e2e.base}/api/incidents`, {
      headers: { origin: new URL(e2e.base).origin },
      data: {
        siteId: site.id,
        level: 1,
        category: 'child_labour',
        title: 'Enfants au lavage',
        description: 'Enfants vus au lavage du minerai depuis deux mois.',
        observedAt,
      },
    });
    assert.equal(reported.status(), 201);
    const { code } = await reported.json();
    await analyst.close();

    const page = await e2e.pageAs('downstream@demo.amana.test', { width: 1280, height: 1000 });
    await page.getByRole('link', { name: /^Alertes/ }).click();
    const alert = page.locator('.inbox > li').filter({ hasText: 'Conformité modifiée' }).first();
    await alert.waitFor();
    assert.match(
      (await alert.locator('strong').textContent()) ?? '',
      new RegExp(
        `^Conformité modifiée · \\d+ lots? avec du minerai de KZI-001 .+ — ${code}, observé le ${observedAt.slice(0, 10)}, a été signalé le \\d{4}-\\d{2}-\\d{2}$`,
      ),
    );
    await e2e.shot(page, 'alert-conformity-fr');
    await alert.getByRole('link', { name: 'LHP-HYD-2026-042' }).click();
    await page.getByRole('heading', { name: /LHP-HYD-2026-042/ }).waitFor();
    const history = page.getByTestId('conformity-history');
    assert.match(
      (await history.locator('li').first().textContent()) ?? '',
      new RegExp(
        `^part non conforme passée de 63,6\\s% à [\\d,]+\\s% le \\d{4}-\\d{2}-\\d{2} car ${code}, observé le ${observedAt.slice(0, 10)}, a été signalé le \\d{4}-\\d{2}-\\d{2}$`,
      ),
    );
    await e2e.shot(page, 'lot-conformity-history-fr');
    await page.close();
  });
});
