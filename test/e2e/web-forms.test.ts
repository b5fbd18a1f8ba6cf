import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { type E2e, ROOT, startE2e } from './harness.ts';

const HOST = path.join(ROOT, 'test/e2e/web-forms');
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

/** A real XForms client: ODK Web Forms loads Amana's forms from its form list in Chromium, is filled and submits. */
describe('ODK Web Forms fills and submits Amana’s forms in Chromium', () => {
  let e2e: E2e;
  let token: string;
  let assessorToken: string;
  let cookie: string;
  before(async () => {
    const [started] = await Promise.all([
      startE2e(),
      build({ configFile: path.join(HOST, 'vite.config.ts') }),
    ]);
    e2e = started;
    const session = await fetch(`${e2e.base}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: e2e.base },
      body: JSON.stringify({ email: 'admin@demo.amana.test', password: 'amana-demo-2026' }),
    });
    assert.equal(session.status, 200);
    cookie = (session.headers.get('set-cookie') ?? '').split(';')[0];
    const call = (method: string, url: string, body?: unknown) =>
      fetch(`${e2e.base}${url}`, {
        method,
        headers: { cookie, origin: e2e.base, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      }).then((r) => r.json());
    const users = await call('GET', '/api/users?limit=200');
    const monitor = users.items.find((u: { email: string }) => u.email === 'monitor@demo.amana.test');
    const sites = await call('GET', '/api/sites?limit=3');
    const made = await call('POST', '/api/openrosa/app-users', {
      name: 'Web Forms',
      userId: monitor.id,
      organisationId: monitor.memberships[0].organisationId,
      siteIds: [sites.items[0].id],
    });
    token = made.token;
    const assessor = users.items.find((u: { email: string }) => u.email === 'assessor@demo.amana.test');
    const assessorApp = await call('POST', '/api/openrosa/app-users', {
      name: 'Web Forms assessor',
      userId: assessor.id,
      organisationId: assessor.memberships[0].organisationId,
      siteIds: [sites.items[0].id],
    });
    assessorToken = assessorApp.token;
  });
  after(() => e2e?.close());

  /** The host page, served at Amana's own origin so that it reads the OpenRosa addresses as a client would. */
  async function host(form: string, as = token): Promise<Page> {
    const page = await e2e.browser.newPage({ viewport: { width: 1100, height: 1400 } });
    await page.route(`${e2e.base}/web-forms-host/**`, (route) => {
      const file = new URL(route.request().url()).pathname.replace('/web-forms-host/', '');
      const full = path.join(HOST, 'dist', file);
      return fs.existsSync(full)
        ? route.fulfill({
            body: fs.readFileSync(full),
            contentType: TYPES[path.extname(full)] ?? 'application/octet-stream',
          })
        : route.fulfill({ status: 404 });
    });
    await page.goto(`${e2e.base}/web-forms-host/index.html?server=/openrosa/key/${as}&form=${form}`);
    return page;
  }

  /** A question as the engine lays it out: its label, then its control. */
  const question = (page: Page, label: string) =>
    page.locator('.question-container').filter({ has: page.getByText(label, { exact: true }) });
  const control = (page: Page, label: string) => question(page, label).locator('input, textarea').first();
  /** Types an answer as a person does (PrimeVue's number inputs listen to keys), then leaves the field. */
  const answer = async (page: Page, label: string, text: string) => {
    const field = control(page, label);
    await field.click();
    await field.press('ControlOrMeta+a');
    await field.press('Backspace');
    await field.pressSequentially(text);
    await field.press('Tab');
  };
  /** A choice of a question (Oui, Non). */
  const choice = (page: Page, label: string, option: string) =>
    question(page, label).getByText(option, { exact: true });
  const api = (url: string) => fetch(`${e2e.base}${url}`, { headers: { cookie } }).then((r) => r.json());

  test('the monitoring visit: loaded from the form list, its constraints are the server’s, filled with GPS, submitted and recorded with the incident its rule opens', async () => {
    const page = await host('amana-visit');
    await page.getByText('Amana — visite de suivi').first().waitFor({ timeout: 60_000 });
    await page.context().grantPermissions(['geolocation'], { origin: e2e.base });
    await page.context().setGeolocation({ latitude: -10.71, longitude: 25.47, accuracy: 4 });
    await page.getByText('KZI-001 — Kasulo').click();
    await page.getByRole('button', { name: 'Get location' }).click();
    await page.getByText('4 m - Good accuracy').waitFor();
    await e2e.shot(page, 'web-forms-gps', false);
    await page.getByRole('button', { name: 'Save location' }).click();
    await answer(page, 'personnes sur le site', '100001');
    await answer(page, 'enfants vus', '2');
    await page.getByRole('button', { name: 'Send' }).click();
    await page
      .getByText(/^Entre 0 et 100.000$/)
      .first()
      .waitFor();
    await e2e.shot(page, 'web-forms-visit-constraint');
    assert.equal(await page.locator('#status').getAttribute('data-status'), null, 'nothing was sent');
    await answer(page, 'personnes sur le site', '40');
    await answer(page, 'femmes enceintes vues', '0');
    await answer(page, 'part équipée d’EPI (%)', '75');
    await choice(page, 'forces de sécurité présentes', 'Non').click();
    await choice(page, 'personnes armées présentes', 'Non').click();
    await answer(page, 'accidents', '0');
    await answer(page, 'production (kg)', '1200');
    await answer(page, 'Notes', 'Visite depuis ODK Web Forms');
    await e2e.shot(page, 'web-forms-visit-filled');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('#status[data-status]').waitFor();
    assert.equal(
      await page.locator('#status').getAttribute('data-status'),
      '201',
      (await page.locator('#status').textContent()) ?? '',
    );
    const received = await api('/api/openrosa/submissions?state=applied&limit=1');
    const submission = received.items[0];
    assert.equal(submission.formId, 'amana-visit');
    assert.equal(submission.submitterEmail, 'monitor@demo.amana.test');
    const visit = await api(`/api/visits/${submission.recordId}`);
    assert.equal(visit.indicators.headCount, 40);
    assert.equal(visit.indicators.childrenSeen, 2);
    assert.equal(visit.indicators.securityForcesPresent, false);
    assert.equal(visit.notes, 'Visite depuis ODK Web Forms');
    assert.equal(visit.latitude, -10.71);
    assert.equal(visit.longitude, 25.47);
    assert.deepEqual(
      visit.incidents.map((i: { level: number }) => i.level),
      [1],
      'children seen open a level-1 incident',
    );
    assert.ok(
      Math.abs(Date.parse(visit.visitedAt) - Date.now()) < 10 * 60_000,
      'observed when the form was started',
    );
  });

  test('the incident report: level and category chosen, said in French, submitted and recorded as an incident of the site', async () => {
    const page = await host('amana-incident');
    await page.getByText('Amana — signalement d’incident').first().waitFor({ timeout: 60_000 });
    await page.getByText('KZI-001 — Kasulo').click();
    await choice(page, 'Niveau', 'Niveau 2 — risque important à atténuer').click();
    await choice(page, 'Catégorie', 'forces de sécurité').click();
    await answer(page, 'Intitulé', 'Barrière de police à l’entrée');
    await answer(page, 'Ce qui s’est passé', 'Des policiers prélèvent une taxe sur chaque sac.');
    await e2e.shot(page, 'web-forms-incident-filled');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('#status[data-status]').waitFor();
    assert.equal(await page.locator('#status').getAttribute('data-status'), '201');
    const received = await api('/api/openrosa/submissions?state=applied&limit=1');
    assert.equal(received.items[0].formId, 'amana-incident');
    const incident = await api(`/api/incidents/${received.items[0].recordId}`);
    assert.equal(incident.level, 2);
    assert.equal(incident.category, 'security_forces');
    assert.equal(incident.title, 'Barrière de police à l’entrée');
    assert.equal(incident.site.code, 'KZI-001');
  });

  test('sack tagging: the cooperative is chosen among those operating the site picked, and the sack becomes a lot', async () => {
    const page = await host('amana-tag');
    await page.getByText('Amana — étiquetage de sacs').first().waitFor({ timeout: 60_000 });
    const cooperatives = question(page, 'Coopérative').getByRole('radio');
    assert.equal(await cooperatives.count(), 0, 'no cooperative before a site is chosen');
    await page.getByText('KZI-001 — Kasulo').click();
    await cooperatives.first().waitFor();
    await cooperatives.first().click();
    const tag = `WF-${Date.now()}`;
    await answer(page, 'Numéro d’étiquette', tag);
    await choice(page, 'Minerai', 'Cobalt').click();
    await answer(page, 'Masse (kg)', '50');
    await answer(page, 'Teneur (%)', '7.5');
    await e2e.shot(page, 'web-forms-tag-filled');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('#status[data-status]').waitFor();
    assert.equal(await page.locator('#status').getAttribute('data-status'), '201');
    const received = await api('/api/openrosa/submissions?state=applied&limit=1');
    assert.equal(received.items[0].recordType, 'lot');
    const lot = await api(`/api/lots/${received.items[0].recordId}`);
    assert.equal(lot.tag, tag);
    assert.equal(lot.massKg, 50);
  });

  test('the assessment checklist of the published criteria set: each requirement rated, submitted, and a draft assessment rated as filled', async () => {
    const page = await host('amana-assessment-amana-asm-baseline', assessorToken);
    await page.getByText('Amana — Amana ASM baseline (version 1)').first().waitFor({ timeout: 60_000 });
    await page.getByText('KZI-001 — Kasulo').click();
    await choice(page, 'Type d’évaluation', 'Validation initiale').click();
    const met = page.getByText('respectée', { exact: true });
    const count = await met.count();
    assert.equal(count, 40, 'one rating question per requirement of the set');
    for (let i = 0; i < count; i++) await met.nth(i).click();
    const childLabour = page.locator('.question-container').filter({ hasText: /^CL-01 — / });
    await childLabour.getByText('non respectée', { exact: true }).click();
    await answer(page, 'Notes', 'Contrôle depuis ODK Web Forms');
    await e2e.shot(page, 'web-forms-checklist-filled');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('#status[data-status]').waitFor();
    assert.equal(
      await page.locator('#status').getAttribute('data-status'),
      '201',
      (await page.locator('#status').textContent()) ?? '',
    );
    const received = await api('/api/openrosa/submissions?state=applied&limit=1');
    assert.equal(received.items[0].recordType, 'assessment');
    assert.equal(received.items[0].submitterEmail, 'assessor@demo.amana.test');
    const assessment = await api(`/api/assessments/${received.items[0].recordId}`);
    assert.equal(assessment.status, 'draft');
    assert.equal(assessment.kind, 'baseline');
    assert.equal(assessment.set.key, 'amana-asm-baseline');
    assert.deepEqual(assessment.unrated, []);
    const rated = Object.fromEntries(
      assessment.ratings.map((r: { code: string; rating: string }) => [r.code, r.rating]),
    );
    assert.equal(rated['CL-01'], 'not_met');
    assert.equal(rated['OHS-01'], 'met');
    assert.equal(assessment.notes, 'Contrôle depuis ODK Web Forms');
    assert.ok(
      assessment.observedFrom && assessment.observedUntil,
      'observed from the form’s start to its end',
    );
  });
});
