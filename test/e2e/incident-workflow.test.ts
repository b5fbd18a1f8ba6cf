import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { type E2e, startE2e } from './harness.ts';

const TITLE = 'Femmes enceintes vues dans la zone minière';

/** The incident officer's day in French, through the pages only: from a monitor's visit to a decision on the record. */
describe('the incident workflow in Chromium', () => {
  let e2e: E2e;
  before(async () => {
    e2e = await startE2e();
  });
  after(() => e2e?.close());

  const approvals = async (page: Page) => {
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Approbations' }).click();
    await page.getByRole('heading', { name: 'Approbations' }).waitFor();
    return page.getByRole('region', { name: 'Incidents à vérifier' });
  };
  const stateOf = (page: Page) => page.getByTestId('incident-state').textContent();
  const move = async (page: Page, to: string, reason: string) => {
    await page.getByLabel('Passer à').selectOption({ label: to });
    await page.getByLabel('Motif', { exact: true }).fill(reason);
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await page.waitForFunction(
      (s) => document.querySelector('[data-testid="incident-state"]')?.textContent === s,
      to,
    );
  };

  test('from a monitor’s visit to a verified incident, a plan, a review and a decision, with a second analyst verifying', async () => {
    // The monitor's visit to LKS-003 two days ago saw a pregnant woman: its rule opened a level-2 incident.
    const analyst = await e2e.pageAs('analyst@demo.amana.test', { width: 1280, height: 1000 });
    let queue = await approvals(analyst);
    await queue.getByRole('link', { name: TITLE }).waitFor();
    await analyst.getByRole('region', { name: 'Évaluations à approuver' }).getByRole('row').nth(1).waitFor();
    await analyst.getByRole('region', { name: 'Dossiers KYC à examiner' }).locator('table, .empty').waitFor();
    await e2e.shot(analyst, 'approvals-fr');
    await queue.getByRole('link', { name: TITLE }).click();
    await analyst.getByRole('heading', { name: new RegExp(TITLE) }).waitFor();
    assert.equal(await stateOf(analyst), 'Signalé');
    assert.match(
      (await analyst.locator('h1').textContent()) ?? '',
      new RegExp(`^INC-\\d+ · ${TITLE} Niveau 2$`),
    );
    assert.match(
      (await analyst.locator('.incident-page > p').first().textContent()) ?? '',
      /^Signalé · LKS-003 /,
    );
    await move(analyst, 'En vérification', 'Visite de vérification programmée avec la coopérative');
    const incidentUrl = analyst.url();

    // A second analyst takes the verdict from the same queue.
    const second = await e2e.pageAs('analyst2@demo.amana.test', { width: 1280, height: 1000 });
    queue = await approvals(second);
    await queue.getByRole('link', { name: TITLE }).click();
    await second.getByRole('heading', { name: new RegExp(TITLE) }).waitFor();
    assert.equal(await stateOf(second), 'En vérification');
    await move(second, 'Vérifié', 'Confirmé par une seconde visite et le registre de la coopérative');
    await e2e.shot(second, 'incident-verified-by-second-analyst-fr');
    await second.close();

    // Back to the first analyst: mitigation is asked for before any plan, and the page leads to writing one.
    await analyst.goto(incidentUrl);
    await analyst.getByRole('heading', { name: new RegExp(TITLE) }).waitFor();
    assert.equal(await stateOf(analyst), 'Vérifié');
    await analyst.getByLabel('Passer à').selectOption({ label: 'En atténuation' });
    const guidance = analyst.locator('.plan-first');
    await guidance.waitFor();
    assert.equal(
      await guidance.locator('p').textContent(),
      'L’atténuation commence avec un plan : rédigez d’abord le plan d’atténuation (indicateurs, actions, décision), puis faites passer l’incident en atténuation.',
    );
    assert.equal(await analyst.getByRole('button', { name: 'Enregistrer', exact: true }).count(), 0);
    await e2e.shot(analyst, 'incident-plan-first-fr');
    await guidance.getByRole('button', { name: 'Rédiger le plan d’atténuation' }).click();

    const plan = analyst.getByRole('form', { name: 'Rédiger le plan d’atténuation' });
    await plan.waitFor();
    const owners = await plan
      .getByLabel('Organisation responsable du plan')
      .locator('option')
      .allTextContents();
    assert.equal(owners[0], '— aucune —');
    assert.ok(owners.length >= 2, owners.join(', '));
    await plan.getByLabel('Organisation responsable du plan').selectOption({ index: 1 });
    const first = plan.getByRole('group', { name: 'Indicateur 1' });
    await first.getByLabel('Indicateur mesurable').fill('femmes enceintes vues par visite');
    await first.getByLabel('Unité').fill('personnes');
    await first.getByLabel('Valeur de référence').fill('1');
    await first.getByLabel('Cible').fill('0');
    await plan.getByRole('button', { name: '+ Ajouter un indicateur' }).click();
    const secondIndicator = plan.getByRole('group', { name: 'Indicateur 2' });
    await secondIndicator.getByLabel('Indicateur mesurable').fill('creuseuses informées de l’interdiction');
    await secondIndicator.getByLabel('Unité').fill('%');
    // Written the French way, with a decimal comma.
    await secondIndicator.getByLabel('Valeur de référence').fill('12,5');
    await secondIndicator.getByLabel('Cible').fill('100');
    const action = plan.getByRole('group', { name: 'Action 1' });
    await action.getByLabel('Action', { exact: true }).fill('Séance d’information au point de tri');
    await action.getByLabel('Responsable').fill('Président de la coopérative');
    await action.getByLabel('Échéance').fill('2027-01-15');
    await plan.getByRole('button', { name: '+ Ajouter une action' }).click();
    const action2 = plan.getByRole('group', { name: 'Action 2' });
    await action2.getByLabel('Action', { exact: true }).fill('Contrôle à l’entrée du site');
    await action2.getByLabel('Responsable').fill('Moniteur de terrain');
    await action2.getByLabel('Échéance').fill('2027-02-01');
    await plan
      .getByRole('combobox', { name: /^Décision/ })
      .selectOption({ label: 'Poursuivre les achats pendant l’atténuation' });
    // Saved without a reason first: the field says what is missing, in French, and nothing is sent.
    await plan.getByRole('button', { name: 'Enregistrer le plan' }).click();
    const reasonError = plan.locator('label', { hasText: 'Motif de la décision' }).locator('.field-error');
    await reasonError.waitFor();
    assert.equal(await reasonError.textContent(), 'obligatoire');
    assert.equal(await plan.locator('.field-error').count(), 1);
    await plan
      .getByLabel('Motif de la décision')
      .fill('Mesures convenues avec la coopérative ; achats maintenus');
    await e2e.shot(analyst, 'incident-plan-form-fr');
    await plan.getByRole('button', { name: 'Enregistrer le plan' }).click();

    const decision = analyst.getByTestId('plan-decision');
    await decision.waitFor();
    assert.match(
      (await decision.textContent()) ?? '',
      /^Décision : Poursuivre les achats pendant l’atténuation · /,
    );
    assert.deepEqual(await analyst.locator('.plan-indicators li').allTextContents(), [
      'femmes enceintes vues par visite — Référence 1 personnes, Cible 0 personnes',
      'creuseuses informées de l’interdiction — Référence 12,5 %, Cible 100 %',
    ]);
    assert.deepEqual(await analyst.locator('ul.actions li').allTextContents(), [
      '☐ Séance d’information au point de tri — Président de la coopérative — échéance 15 janv. 2027',
      '☐ Contrôle à l’entrée du site — Moniteur de terrain — échéance 1 févr. 2027',
    ]);

    // With the plan written, mitigation starts.
    await move(analyst, 'En atténuation', 'Plan convenu avec la coopérative');

    // A review: progress per indicator and an action done.
    const review = analyst.getByRole('form', { name: 'Enregistrer une revue' });
    await review
      .getByLabel('Constats de la revue')
      .fill('Aucune femme enceinte lors de la visite de contrôle');
    await review.getByLabel('femmes enceintes vues par visite — valeur mesurée (personnes)').fill('0');
    await review.getByLabel('creuseuses informées de l’interdiction — valeur mesurée (%)').fill('62,5');
    await review.getByLabel('Séance d’information au point de tri').check();
    await review.getByRole('button', { name: 'Enregistrer la revue' }).click();
    const reviews = analyst.locator('.plan-reviews li');
    await reviews.first().waitFor();
    assert.match(
      (await reviews.first().textContent()) ?? '',
      /^\d{1,2} [a-zéû]+\.? \d{4} — Aucune femme enceinte lors de la visite de contrôle · femmes enceintes vues par visite : 0 personnes · creuseuses informées de l’interdiction : 62,5 %$/,
    );
    await analyst.waitForFunction(() =>
      document.querySelector('ul.actions li')?.textContent?.startsWith('☑'),
    );

    // The OECD decision, on the record beside the first.
    const decide = analyst.getByRole('form', { name: 'Enregistrer une décision' });
    await decide.getByLabel('Suspendre temporairement').check();
    await decide
      .getByLabel('Motif de la décision')
      .fill('Une femme enceinte revue au tri : achats suspendus');
    await decide.getByRole('button', { name: 'Enregistrer la décision' }).click();
    await analyst.waitForFunction(() =>
      document
        .querySelector('[data-testid="plan-decision"]')
        ?.textContent?.includes('Suspendre temporairement'),
    );
    assert.deepEqual(
      (await analyst.locator('.plan-decisions li').allTextContents()).map((x) =>
        x.replace(/^\d{1,2} [a-zéû]+\.? \d{4} — /, ''),
      ),
      [
        'Poursuivre les achats pendant l’atténuation — Mesures convenues avec la coopérative ; achats maintenus',
        'Suspendre temporairement — Une femme enceinte revue au tri : achats suspendus',
      ],
    );
    assert.equal(await stateOf(analyst), 'En atténuation');
    await e2e.shot(analyst, 'incident-plan-reviewed-decided-fr');
    await analyst.close();
  });

  test('an incident the analyst reported offers it no resolution: a second person resolves it', async () => {
    const page = await e2e.pageAs('analyst@demo.amana.test', { width: 1280, height: 900 });
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Incidents' }).click();
    await page.getByLabel('Rechercher', { exact: true }).fill('Shabara');
    await page.getByRole('link', { name: 'Sacs d’un autre site étiquetés à Shabara' }).click();
    await page.getByTestId('four-eyes').waitFor();
    assert.equal(
      await page.getByTestId('four-eyes').textContent(),
      'Principe des quatre yeux : vous avez signalé cet incident ; une autre personne doit le faire passer à « Résolu ».',
    );
    assert.deepEqual(await page.getByLabel('Passer à').locator('option').allTextContents(), [
      'En atténuation',
    ]);
    await e2e.shot(page, 'incident-four-eyes-fr');
    await page.close();

    const second = await e2e.pageAs('analyst2@demo.amana.test', { width: 1280, height: 900 });
    await second.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Incidents' }).click();
    await second.getByLabel('Rechercher', { exact: true }).fill('Shabara');
    await second.getByRole('link', { name: 'Sacs d’un autre site étiquetés à Shabara' }).click();
    await second.getByLabel('Passer à').waitFor();
    assert.equal(await second.getByTestId('four-eyes').count(), 0);
    assert.deepEqual(await second.getByLabel('Passer à').locator('option').allTextContents(), [
      'En atténuation',
      'Résolu',
    ]);
    await second.close();
  });
});
