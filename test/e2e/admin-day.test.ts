import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { passwordLinkIn, smtpReceiver, webhookReceiver } from '../api/receivers.ts';
import { type E2e, startE2e } from './harness.ts';

const INVITED = 'neema.kabange@example.org';
const CHOSEN = 'Lualaba-ruisseau-cuivre-7';

/** The administrator's day, through the pages only, in French: people, tokens, webhooks, criteria sets. */
describe('the administrator’s day in Chromium', () => {
  let e2e: E2e;
  let smtp: Awaited<ReturnType<typeof smtpReceiver>>;
  let hooks: Awaited<ReturnType<typeof webhookReceiver>>;
  let admin: Page;
  before(async () => {
    smtp = await smtpReceiver();
    hooks = await webhookReceiver();
    e2e = await startE2e({ AMANA_SMTP_URL: smtp.url, AMANA_WEBHOOK_ALLOW_RANGES: '127.0.0.0/8' });
    admin = await e2e.browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await e2e.signIn(admin, 'admin@demo.amana.test');
    await admin.getByRole('heading', { name: 'Accueil' }).waitFor();
  });
  after(async () => {
    await e2e?.close();
    await smtp?.close();
    await hooks?.close();
  });

  const adminPage = async (link: string, heading: string) => {
    if (!(await admin.getByRole('navigation', { name: 'Administration' }).isVisible())) {
      await admin
        .getByRole('navigation', { name: 'main' })
        .getByRole('link', { name: 'Administration' })
        .click();
    }
    await admin.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: link }).click();
    await admin.getByRole('heading', { name: heading, level: 1 }).waitFor();
  };

  test('an invited person sets a password from the e-mail’s link and signs in', async () => {
    await adminPage('Utilisateurs', 'Utilisateurs');
    const invite = admin.getByRole('form', { name: 'Inviter une personne' });
    await invite.getByLabel('Adresse e-mail').fill(INVITED);
    await invite.getByLabel('Nom', { exact: true }).fill('Neema Kabange');
    await invite.getByRole('combobox', { name: /^Rôle/ }).selectOption('monitor');
    // The invitation is for the administrator's own organisation unless another is chosen.
    assert.equal(
      await invite
        .getByRole('combobox', { name: /^Organisation/ })
        .evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.text),
      'Programme Amana de démonstration',
    );
    await invite.getByRole('button', { name: 'Inviter' }).click();
    await admin.getByRole('status').getByText(`Invitation envoyée à ${INVITED}.`).waitFor();
    const row = admin.locator('tbody tr', { hasText: INVITED });
    await row.getByText('Invité, mot de passe pas encore choisi').waitFor();
    await row.getByRole('combobox', { name: 'Rôle chez Programme Amana de démonstration' }).waitFor();
    await e2e.shot(admin, 'admin-users-fr');

    const mail = smtp.received.find((m) => m.to.includes(INVITED));
    assert.ok(mail, 'the invitation e-mail reached the SMTP server');
    const link = passwordLinkIn(mail.raw);
    assert.ok(link, 'the e-mail carries a set-password link');
    assert.equal(new URL(link.url).origin, e2e.base);

    const invited = await (await e2e.browser.newContext()).newPage();
    await invited.setViewportSize({ width: 1000, height: 800 });
    await invited.goto(link.url);
    await invited.getByRole('heading', { name: 'Choisir votre mot de passe' }).waitFor();
    await invited.getByLabel('Nouveau mot de passe').fill('court');
    await invited.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await invited.getByRole('alert').getByText('Un mot de passe compte au moins', { exact: false }).waitFor();
    await e2e.shot(invited, 'set-password-refused-fr');
    await invited.getByLabel('Nouveau mot de passe').fill(CHOSEN);
    await invited.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await invited.getByText(`Mot de passe enregistré pour ${INVITED}.`, { exact: false }).waitFor();
    await e2e.shot(invited, 'set-password-fr');
    await invited.getByRole('link', { name: 'Se connecter' }).click();
    assert.equal(await invited.getByLabel('Adresse e-mail').inputValue(), INVITED);
    await invited.getByLabel('Mot de passe').fill(CHOSEN);
    await invited.getByRole('button', { name: 'Se connecter' }).click();
    await invited.getByRole('heading', { name: 'Accueil' }).waitFor();
    await invited.getByRole('button', { name: 'Mon compte' }).click();
    await invited.getByText('Neema Kabange', { exact: false }).first().waitFor();

    // The same link does not serve twice.
    await invited.goto(link.url);
    await invited.getByLabel('Nouveau mot de passe').fill(`${CHOSEN}-bis`);
    await invited.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await invited.getByRole('alert').getByText('Ce lien a déjà servi', { exact: false }).waitFor();
    await invited.context().close();

    await admin.reload();
    const neema = admin.locator('tbody tr', { hasText: INVITED });
    await neema.getByText('Actif', { exact: true }).waitFor();
    // Her role changes, she gets a second organisation, then her account is deactivated.
    await neema
      .getByRole('combobox', { name: 'Rôle chez Programme Amana de démonstration' })
      .selectOption('assessor');
    await neema.getByRole('button', { name: 'Enregistrer les rôles' }).click();
    await neema.getByRole('status').getByText('Rôles enregistrés.').waitFor();
    await neema.getByText('Rôle dans une autre organisation…').click();
    await neema.getByRole('combobox', { name: 'Organisation', exact: true }).selectOption({
      label: 'Observatoire citoyen des mines du Katanga',
    });
    await neema.getByRole('combobox', { name: 'Rôle', exact: true }).selectOption('grievance_officer');
    await neema.getByRole('button', { name: 'Ajouter' }).click();
    await neema
      .getByRole('combobox', { name: 'Rôle chez Observatoire citoyen des mines du Katanga' })
      .waitFor();
    assert.equal(
      await neema.getByRole('combobox', { name: 'Rôle chez Programme Amana de démonstration' }).inputValue(),
      'assessor',
    );
    await neema.getByRole('button', { name: 'Désactiver' }).click();
    await neema.getByText('Désactivé', { exact: true }).waitFor();
    await e2e.shot(admin, 'admin-users-roles-fr');
  });

  test('an API token is created, its secret shown once, then revoked', async () => {
    await adminPage('Jetons d’API', 'Jetons d’API');
    const create = admin.getByRole('form', { name: 'Créer un jeton d’API' });
    await create.getByLabel('Nom', { exact: true }).fill('Intégration ERP du comptoir');
    await create.getByRole('button', { name: 'Créer le jeton' }).click();
    const secret = admin.getByTestId('secret');
    await secret.waitFor();
    assert.match((await secret.textContent()) ?? '', /^amt_[A-Za-z0-9_-]{43}$/);
    const row = admin.locator('tbody tr', { hasText: 'Intégration ERP du comptoir' });
    await row.getByText('Actif').waitFor();
    await e2e.shot(admin, 'admin-tokens-fr');
    await row.getByRole('button', { name: 'Révoquer « Intégration ERP du comptoir »' }).click();
    await row.getByText('Révoqué le', { exact: false }).waitFor();
    // Once left, the page never shows the secret again.
    await admin.reload();
    await admin.locator('tbody tr', { hasText: 'Intégration ERP du comptoir' }).waitFor();
    assert.equal(await admin.getByTestId('secret').count(), 0);
  });

  test('a webhook is registered, sent a test, and the test is in the delivery log', async () => {
    await adminPage('Webhooks', 'Webhooks');
    const form = admin.getByRole('form', { name: 'Enregistrer un webhook' });
    await form.getByLabel('URL').fill(hooks.url);
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await admin.getByTestId('secret').waitFor();
    const row = admin.locator('tbody tr', { hasText: hooks.url }).first();
    await row.getByRole('button', { name: 'Envoyer un test' }).click();
    await admin.getByRole('status').getByText(`Test reçu par ${hooks.url}.`).waitFor();
    const log = admin.getByRole('region', { name: 'Journal des envois' });
    await log.locator('tbody tr', { hasText: 'Test du webhook' }).getByText('✓ remis').waitFor();
    assert.equal(hooks.received.length, 1);
    assert.equal(JSON.parse(hooks.received[0].body).type, 'webhook.test');
    await e2e.shot(admin, 'admin-webhooks-fr');
  });

  test('a criteria set gets a new version, edited and published; a bad import lists its errors by requirement', async () => {
    await adminPage('Référentiels', 'Référentiels');
    const importForm = admin.getByRole('form', { name: 'Importer un référentiel' });
    await importForm.getByLabel('Fichier (JSON ou xlsx)').setInputFiles({
      name: 'bad-set.json',
      mimeType: 'application/json',
      buffer: Buffer.from(
        JSON.stringify({
          key: 'test-import',
          name: 'Import à corriger',
          requirements: [
            {
              code: 'T-01',
              textFr: 'Pas d’enfants',
              textEn: 'No children',
              topic: 'enfants',
              riskCategory: 'child_labour',
              appliesTo: ['site'],
              tier: 'critical',
            },
            {
              code: 'T-02',
              textFr: '',
              textEn: 'x',
              topic: 'x',
              riskCategory: 'legality',
              appliesTo: ['site'],
              tier: 'urgent',
            },
          ],
        }),
      ),
    });
    await importForm.getByRole('button', { name: 'Importer' }).click();
    const errors = importForm.getByRole('alert');
    await errors.getByText('Exigence 2, Niveau : ', { exact: false }).waitFor();
    await errors.getByText('Exigence 2, Texte (français) : obligatoire').waitFor();
    await e2e.shot(admin, 'admin-criteria-import-errors-fr');

    await admin.getByRole('link', { name: 'Amana ASM baseline' }).first().click();
    await admin.getByRole('heading', { name: /Amana ASM baseline — Version 1/ }).waitFor();
    await admin.getByText('Cette version est publiée', { exact: false }).waitFor();
    await admin.getByRole('button', { name: 'Commencer la version 2' }).click();
    await admin.getByRole('heading', { name: /Amana ASM baseline — Version 2/ }).waitFor();
    const first = admin.locator('tbody tr').first();
    const code = ((await first.locator('code').textContent()) ?? '').trim();
    await first.getByRole('button', { name: 'Modifier' }).click();
    const edit = admin.getByRole('form', { name: `Modifier l’exigence ${code}` });
    await edit
      .getByLabel('Texte (français)')
      .fill('Aucun enfant de moins de 18 ans ne travaille sur le site, ni à proximité des puits.');
    await edit.getByRole('button', { name: 'Enregistrer' }).click();
    await admin.getByRole('status').getByText(`Exigence ${code} enregistrée.`).waitFor();
    await admin.getByRole('button', { name: 'Publier la version 2' }).click();
    await admin.getByRole('status').getByText('Version 2 publiée.').waitFor();
    await admin.getByRole('button', { name: 'Commencer la version 3' }).waitFor();
    await admin
      .getByText('Aucun enfant de moins de 18 ans ne travaille sur le site', { exact: false })
      .waitFor();
    await e2e.shot(admin, 'admin-criteria-set-fr');
    await adminPage('Référentiels', 'Référentiels');
    await admin
      .locator('tbody tr', { hasText: 'amana-asm-baseline' })
      .first()
      .getByText('publié le', { exact: false })
      .waitFor();
    await e2e.shot(admin, 'admin-criteria-sets-fr');
  });

  test('the indicator rules, what the organisation follows, the search box and a record’s verified history', async () => {
    await adminPage('Règles d’indicateurs', 'Règles d’indicateurs');
    await admin.getByRole('form').first().getByRole('button', { name: 'Enregistrer' }).waitFor();
    await e2e.shot(admin, 'admin-indicator-rules-fr');

    const search = admin.getByRole('searchbox', { name: 'Rechercher par code ou nom' });
    await search.fill('KZI-00');
    const results = admin.getByRole('region', { name: 'Rechercher par code ou nom' });
    await results.getByRole('link').first().waitFor();
    await e2e.shot(admin, 'search-box-fr', false);
    await results.getByRole('link').first().click();
    await admin.getByTestId('status-explanation').waitFor();
    const history = admin.getByTestId('record-history');
    await history.locator('tbody tr').first().waitFor();
    const states = await history.locator('td.verification').allTextContents();
    assert.ok(states.length > 0);
    assert.ok(
      states.every((s) => s === '✓ scellé' || s === '◌ pas encore scellé'),
      states.join(', '),
    );
    await history.scrollIntoViewIfNeeded();
    await e2e.shot(admin, 'site-history-verified-fr', false);

    const siteTitle = ((await admin.getByRole('heading', { level: 1 }).textContent()) ?? '')
      .split(' · ')[0]
      .trim();
    // The incident's, the lot's and the organisation's histories, each reached from the search box.
    const openFromSearch = async (q: string, name: RegExp) => {
      await search.fill(q);
      await results.getByRole('link', { name }).first().click();
      const card = admin.getByTestId('record-history');
      await card.locator('tbody tr').first().waitFor();
      await card.scrollIntoViewIfNeeded();
      return card;
    };
    await openFromSearch('INC-1', /^Incident INC-1 /);
    await e2e.shot(admin, 'incident-history-verified-fr', false);
    const lotHistory = await openFromSearch('CKC-2026-0115', /CKC-2026-0115/);
    await lotHistory.getByText('opération de traçabilité').first().waitFor();
    await e2e.shot(admin, 'lot-history-verified-fr', false);
    await openFromSearch('Comptoir Kolwezi', /^Organisation .*Comptoir Kolwezi Cobalt/);
    await e2e.shot(admin, 'organisation-history-verified-fr', false);
    await openFromSearch('KZI-00', /KZI-00/);

    await admin.getByRole('button', { name: 'Suivre ce site' }).click();
    await admin.getByText('Site suivi ✓').waitFor();
    await admin.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Alertes' }).click();
    await admin.getByRole('link', { name: 'Ce que je suis' }).click();
    await admin.getByRole('heading', { name: 'Ce que je suis' }).waitFor();
    const followed = admin.locator('tbody tr', { hasText: siteTitle });
    await followed.waitFor();
    await e2e.shot(admin, 'follows-fr');
    await followed.getByRole('button', { name: 'Ne plus suivre' }).click();
    await admin.getByRole('status').getByText('Vous ne suivez plus', { exact: false }).waitFor();
    await admin.locator('tbody tr', { hasText: siteTitle }).waitFor({ state: 'detached' });
  });
});
