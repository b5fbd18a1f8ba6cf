import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { type E2e, startE2e } from './harness.ts';

const FULL_NAV = ['Accueil', 'Carte', 'Sites', 'Organisations', 'Lots', 'Incidents', 'Alertes'];
// The pooled fund for those who run, oversee or pay into it; production for those who sell, buy or oversee
// (decisions 0038, 0039).
const STAFF_NAV = [...FULL_NAV, 'Fonds', 'Production'];
// Those who decide on screening hits, and the regulator, also screen (decision 0020).
const KEEPER_NAV = [...STAFF_NAV, 'Filtrage'];
// Those who approve also have the queue of what awaits a second person (decision 0025).
// ODK Collect's forms and submissions are for the programme's staff who fill or review them (decision 0033).
const APPROVER_NAV = [...STAFF_NAV, 'ODK Collect', 'Filtrage', 'Approbations'];
const FIELD_NAV = ['Accueil', 'Carte', 'Sites', 'Lots', 'Incidents', 'Alertes'];
const GRIEVANCE_NAV = ['Accueil', 'Carte', 'Sites', 'Incidents', 'Plaintes', 'Alertes'];
// Those whose organisations hold material have their stock after the lots (decision 0049).
const HOLDER_NAV = ['Accueil', 'Carte', 'Sites', 'Organisations', 'Lots', 'Stock', 'Incidents', 'Alertes'];

/** The daily work of each role in the browser: navigation, forms, map, charts, lists, transfers. */
describe('workflows in Chromium', () => {
  let e2e: E2e;
  before(async () => {
    e2e = await startE2e();
  });
  after(() => e2e?.close());

  const navOf = async (page: Page) => {
    await page.getByRole('heading', { name: 'Accueil' }).waitFor();
    return page.getByRole('navigation', { name: 'main' }).getByRole('link').allTextContents();
  };
  const clean = (links: string[]) => links.map((l) => l.replace(/\d+ non lues$/, ''));

  test('each demo role signs in and gets the navigation of its work', async () => {
    const expected: Record<string, string[]> = {
      // The administrator also grants auditors' access (decision 0027); the auditor's own page: test/e2e/auditors.test.ts.
      admin: [...APPROVER_NAV, 'Audit', 'Administration'],
      analyst: APPROVER_NAV,
      assessor: [...FULL_NAV, 'ODK Collect'],
      monitor: [...FIELD_NAV, 'ODK Collect'],
      grievance: GRIEVANCE_NAV,
      cooperative: [...HOLDER_NAV, 'Production'],
      buyer: [...HOLDER_NAV, 'Production'],
      downstream: [...HOLDER_NAV, 'Fonds'],
      regulator: KEEPER_NAV,
    };
    for (const [who, nav] of Object.entries(expected)) {
      // Each one signed in here is the session the next tests of the file work in.
      const page = await e2e.pageAs(`${who}@demo.amana.test`, { width: 1280, height: 800 });
      assert.deepEqual(clean(await navOf(page)), nav, who);
      if (who === 'monitor') {
        // A page outside the role's navigation says so rather than showing an empty list.
        await page.goto(`${e2e.base}/organisations`);
        await page.getByText('Votre rôle ne donne pas accès à cette information.').waitFor();
      }
      if (who === 'grievance' || who === 'downstream') await e2e.shot(page, `nav-${who}`, false);
      await page.close();
    }
  });

  test('an invalid RCCM number is shown by its field, then fixed and saved', async () => {
    const page = await e2e.pageAs('analyst@demo.amana.test', { width: 1280, height: 1000 });
    await page.getByRole('link', { name: 'Organisations' }).click();
    await page.getByRole('button', { name: 'Nouvelle organisation' }).click();
    await page.getByRole('heading', { name: 'Nouvelle organisation' }).waitFor();
    await page.getByLabel('Raison sociale').fill('Coopérative minière Furaha Kasulo');
    await page.getByLabel('coopérative', { exact: true }).check();
    await page.getByLabel('RCCM').fill('KZI-2024-778');
    await page.getByLabel('Ville').fill('Kolwezi');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    const error = page.locator('#number\\.rccm-error');
    await error.waitFor();
    assert.equal(await error.textContent(), 'Numéro RCCM invalide ; forme attendue : CD/KZI/RCCM/19-B-00123');
    assert.equal(await page.getByLabel('RCCM').getAttribute('aria-invalid'), 'true');
    await e2e.shot(page, 'organisation-form-error');

    await page.getByLabel('RCCM').fill('CD/KZI/RCCM/24-B-00778');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByRole('heading', { name: 'Coopérative minière Furaha Kasulo' }).waitFor();
    assert.match(new URL(page.url()).pathname, /^\/organisations\/[0-9a-f-]{36}$/);
    assert.ok(await page.getByText('CD/KZI/RCCM/24-B-00778').isVisible());
    assert.equal(await page.locator('dd .kyc-pending').textContent(), 'En attente');
    await e2e.shot(page, 'organisation-created');

    await page.getByRole('button', { name: 'Modifier' }).click();
    await page.getByLabel('Pays (code ISO)').fill('C');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.locator('#country-error').waitFor();
    assert.equal(
      await page.locator('#country-error').textContent(),
      'un code de pays ISO 3166-1 à deux lettres, par exemple CD',
    );
    await page.close();
  });

  test('the map shows the sites by status; a click on a red site explains it', async () => {
    // A session of its own: the test changes its language.
    const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await e2e.signIn(page, 'analyst@demo.amana.test');
    await page.getByRole('link', { name: 'Carte' }).click();
    await page.locator('.map[data-ready="true"]').waitFor();
    await page.getByText('12 / 12 sites affichés').waitFor();
    // The towns around the sites are named, from the gazetteer Amana ships, and the map credits it.
    await page.locator('.place-name', { hasText: /^Kolwezi$/ }).waitFor();
    await page.locator('.place-name', { hasText: /^Likasi$/ }).waitFor();
    assert.match(
      (await page.locator('.maplibregl-ctrl-attrib-inner').textContent()) ?? '',
      /GeoNames \(CC BY 4\.0\)/,
    );
    await page.getByLabel('Statut').selectOption('red');
    await page.getByText('2 / 12 sites affichés').waitFor();
    // Find the red site that is not suspended by an incident on screen, as a person would by looking, and click it.
    const target = await page.waitForFunction(() => {
      const map = (window as unknown as { amanaMap: import('maplibre-gl').Map }).amanaMap;
      const f = map
        .querySourceFeatures('site-points')
        .find((x) => x.properties.status === 'red' && !x.properties.suspended);
      return f && map.project((f.geometry as GeoJSON.Point).coordinates as [number, number]);
    });
    const point = (await target.jsonValue()) as { x: number; y: number };
    const box = await page.locator('.map canvas').boundingBox();
    assert.ok(box);
    await page.mouse.click(box.x + point.x, box.y + point.y);
    await page.getByTestId('map-panel').waitFor();
    assert.equal(
      await page.getByTestId('map-panel').getByRole('heading', { level: 2 }).textContent(),
      'KZI-003 · Shabara (Mutoshi)',
    );
    assert.match(
      (await page.getByTestId('map-explanation').textContent()) ?? '',
      /^rouge depuis le \d{4}-\d\d-\d\d : exigence CL-01 « Aucune personne de moins de 18 ans ne travaille sur le site » non respectée/,
    );
    await e2e.shot(page, 'map-red-site-fr', false);

    // Closer in, the outlines of the sites mapped as polygons are asked for as they come into view, and drawn.
    await page.getByLabel('Statut').selectOption('');
    await page.getByText('12 / 12 sites affichés').waitFor();
    await page.evaluate(async () => {
      const answer = await (await fetch('/api/sites/map')).json();
      const site = answer.sites.find((s: { outline: boolean }) => s.outline);
      (window as unknown as { amanaMap: import('maplibre-gl').Map }).amanaMap.jumpTo({
        center: site.point,
        zoom: 13,
      });
    });
    await page.waitForFunction(() => {
      const map = (window as unknown as { amanaMap: import('maplibre-gl').Map }).amanaMap;
      return map.loaded() && map.queryRenderedFeatures({ layers: ['site-fill'] }).length > 0;
    });
    await e2e.shot(page, 'map-outline-fr', false);

    await page.getByLabel('Langue').selectOption('en');
    await page.getByText('Why this status').waitFor();
    assert.match((await page.getByTestId('map-explanation').textContent()) ?? '', /^red since .*CL-01/);
    await page.getByRole('link', { name: 'Open the site page →' }).click();
    await page.getByTestId('status-explanation').waitFor();
    await page.close();
  });

  test('an analyst adds a layer of artisanal zones to the map and shows it', async () => {
    const page = await e2e.pageAs('analyst@demo.amana.test', { width: 1280, height: 900 });
    await page.getByRole('link', { name: 'Carte' }).click();
    await page.locator('.map[data-ready="true"]').waitFor();
    await page.getByText('Aucune couche ajoutée.').waitFor();
    const zone = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { name: 'ZEA Kolwezi Ouest' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [25.3, -10.65],
                [25.55, -10.65],
                [25.55, -10.8],
                [25.3, -10.8],
                [25.3, -10.65],
              ],
            ],
          },
        },
      ],
    };
    await page.getByLabel('Nom', { exact: true }).fill('ZEA du Lualaba');
    await page.getByLabel('Fichier GeoJSON').setInputFiles({
      name: 'zea.geojson',
      mimeType: 'application/geo+json',
      buffer: Buffer.from(JSON.stringify(zone)),
    });
    await page.getByRole('button', { name: 'Ajouter une couche' }).click();
    const layer = page.getByLabel(/ZEA du Lualaba/);
    await layer.waitFor();
    await layer.check();
    // The layer is drawn once the map has it among its layers and has finished loading it.
    await page.waitForFunction(() => {
      const map = (window as unknown as { amanaMap: import('maplibre-gl').Map }).amanaMap;
      return map.getStyle().layers.some((l) => /^layer-.*-fill$/.test(l.id)) && map.loaded();
    });
    assert.match(
      (await page.locator('.layers', { hasText: 'ZEA du Lualaba' }).textContent()) ?? '',
      /ZEA du Lualaba \(zones d’exploitation artisanale, 1, Programme Amana/,
    );
    await e2e.shot(page, 'map-layer', false);
    await page.close();
  });

  test('site lists sort by a column both ways and filter by status', async () => {
    const page = await e2e.pageAs('regulator@demo.amana.test', { width: 1280, height: 900 });
    await page
      .getByRole('navigation', { name: 'main' })
      .getByRole('link', { name: 'Sites', exact: true })
      .click();
    await page.getByRole('cell', { name: 'KZI-001' }).waitFor();
    const names = () => page.locator('tbody tr td:nth-child(2)').allTextContents();
    await page.getByRole('button', { name: /^Nom/ }).click();
    await page.waitForFunction(() =>
      document.querySelector('th[aria-sort="ascending"]')?.textContent?.startsWith('Nom'),
    );
    await page.locator('tbody tr').first().waitFor();
    await page.waitForFunction(
      () => document.querySelector('tbody tr td:nth-child(2)')?.textContent === 'Kakanda',
    );
    const up = await names();
    assert.deepEqual(
      up,
      [...up].sort((a, b) => a.localeCompare(b, 'fr')),
    );
    await page.getByRole('button', { name: /^Nom/ }).click();
    await page.waitForFunction(() => document.querySelector('th[aria-sort="descending"]'));
    await page.waitForFunction(
      (first) => document.querySelector('tbody tr td:nth-child(2)')?.textContent === first,
      up[up.length - 1],
    );
    assert.deepEqual(await names(), [...up].reverse());
    await page.getByLabel('Statut').selectOption('red');
    await page.waitForFunction(() => document.querySelectorAll('tbody tr').length === 2);
    assert.deepEqual(
      await names(),
      ['Shabara (Mutoshi)', 'Kanina'].sort((a, b) => b.localeCompare(a, 'fr')),
    );
    await e2e.shot(page, 'sites-sorted-filtered');
    await page.close();
  });

  test('the home page figures open their list already filtered', async () => {
    const page = await e2e.pageAs('analyst@demo.amana.test', { width: 1280, height: 900 });
    await page.getByTestId('sites-red').click();
    await page.waitForFunction(() => document.querySelectorAll('tbody tr').length === 2);
    assert.equal(new URL(page.url()).search, '?status=red');
    assert.equal(await page.getByLabel('Statut').inputValue(), 'red');
    await page.goto(`${e2e.base}/home`);
    await page.getByRole('link', { name: /revue de plan en retard/ }).click();
    await page.waitForFunction(() => document.querySelectorAll('tbody tr').length === 1);
    assert.equal(await page.getByLabel('Revue de plan en retard seulement').isChecked(), true);
    await page.goto(`${e2e.base}/home`);
    await page.getByRole('link', { name: /ouvertes/ }).click();
    await page.getByRole('heading', { name: 'Actions correctives' }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('tbody tr').length === 8);
    assert.equal(await page.getByLabel('Statut').inputValue(), 'open');
    await page.getByRole('link', { name: 'KZI-003 · Shabara (Mutoshi)' }).first().waitFor();
    await e2e.shot(page, 'corrective-actions-fr');
    await page.getByLabel('Échéance').selectOption('overdue');
    await page.getByText('Aucune action corrective ne répond à ces filtres.').waitFor();
    await page.close();
  });

  test("a cooperative's home counts its own sites, and a suspended site says so whatever its colour", async () => {
    const page = await e2e.pageAs('cooperative@demo.amana.test', { width: 1280, height: 900 });
    await page.getByRole('heading', { name: 'Sites de ma coopérative par statut' }).waitFor();
    assert.equal(await page.getByTestId('sites-green').textContent(), '1');
    assert.equal(await page.getByTestId('sites-blue').textContent(), '1');
    assert.equal(await page.getByTestId('sites-red').textContent(), '0');
    await e2e.shot(page, 'home-cooperative-fr');
    await page.getByTestId('sites-blue').click();
    await page.getByRole('cell', { name: 'KZI-002' }).waitFor();
    assert.equal(await page.locator('tbody tr').count(), 1);
    assert.equal(await page.getByLabel('Sites de ma coopérative seulement').isChecked(), true);
    await page.getByLabel('Sites de ma coopérative seulement').uncheck();
    await page.getByLabel('Suspendus seulement').check();
    await page.getByRole('cell', { name: 'KZI-004' }).waitFor();
    // Kamilombe is not yet assessed (blue) and suspended by a verified level-1 incident: both are read.
    const row = page.locator('tbody tr', { hasText: 'KZI-004' });
    assert.equal(await row.locator('[data-status]').textContent(), '○ Bleu – non évalué');
    assert.equal(await row.locator('[data-suspended]').textContent(), '⊘ Suspendu');
    await e2e.shot(page, 'sites-suspended-fr');
    // Without a network the page says so once, in the reader's language, instead of a browser's "Failed to fetch".
    await page.context().setOffline(true);
    await page.getByRole('status').filter({ hasText: 'Hors ligne' }).waitFor();
    await e2e.shot(page, 'offline-banner-fr', false);
    await page.context().setOffline(false);
    await page.getByRole('status').filter({ hasText: 'Hors ligne' }).waitFor({ state: 'detached' });
    await page.close();
  });

  test("a grievance officer's home shows its queue and opens it on the cases to validate", async () => {
    const page = await e2e.pageAs('grievance@demo.amana.test', { width: 1280, height: 900 });
    await page.getByRole('heading', { name: 'Plaintes' }).waitFor();
    await e2e.shot(page, 'home-grievance-fr');
    await page.getByRole('link', { name: /validée, en traitement/ }).click();
    await page.waitForFunction(() => document.querySelectorAll('tbody tr').length === 1);
    assert.equal(new URL(page.url()).search, '?status=validated');
    // The case names the site the reporter chose, which opens its page.
    await page.locator('tbody tr').first().getByRole('link').click();
    await page
      .getByTestId('grievance-site')
      .getByRole('link', { name: 'KZI-006 · Tulizembe (Lualaba)' })
      .waitFor();
    await e2e.shot(page, 'grievance-site-fr');
    await page.close();
  });

  test('an analyst imports sites from a file and exports them, with progress', async () => {
    const page = await e2e.pageAs('analyst@demo.amana.test', { width: 1280, height: 900 });
    await page
      .getByRole('navigation', { name: 'main' })
      .getByRole('link', { name: 'Sites', exact: true })
      .click();
    await page.getByRole('cell', { name: 'KZI-001' }).waitFor();
    const file = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: {
            code: 'KZI-101',
            name: 'Kapata Nord',
            province: 'Lualaba',
            minerals: 'cobalt;copper',
          },
          geometry: { type: 'Point', coordinates: [25.41, -10.73] },
        },
      ],
    };
    await page.getByLabel('Importer (GeoJSON ou CSV)').setInputFiles({
      name: 'sites.geojson',
      mimeType: 'application/geo+json',
      buffer: Buffer.from(JSON.stringify(file)),
    });
    await page.getByText('Import terminé : 1 créés, 0 mis à jour').waitFor();
    await page.getByRole('cell', { name: 'KZI-101' }).waitFor();

    await page.getByLabel('Importer (GeoJSON ou CSV)').setInputFiles({
      name: 'broken.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'code,name,province,minerals,longitude,latitude\nKZI-102,Sans lieu,Lualaba,cobalt,,\n',
      ),
    });
    await page.getByRole('alert').waitFor();
    assert.match(
      (await page.getByRole('alert').textContent()) ?? '',
      /rows\.1\.geometry : Une géométrie GeoJSON est requise\./,
    );
    await e2e.shot(page, 'sites-import-error');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Exporter en CSV' }).click();
    const saved = await download;
    assert.equal(saved.suggestedFilename(), 'sites.csv');
    await page.close();
  });

  test('a manager of two cooperatives switches the organisation it acts for', async () => {
    // A session of its own: the test changes the organisation it acts for.
    const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await e2e.signIn(page, 'cooperative@demo.amana.test');
    await page.getByRole('heading', { name: 'Accueil' }).waitFor();
    await page.getByRole('button', { name: 'Mon compte' }).click();
    const picker = page.getByLabel('Pour le compte de');
    assert.deepEqual(await picker.locator('option').allTextContents(), [
      'Coopérative minière Tujenge Kolwezi',
      'Coopérative minière Umoja Mutoshi',
    ]);
    await picker.selectOption({ label: 'Coopérative minière Umoja Mutoshi' });
    await page.waitForFunction(() =>
      fetch('/api/me')
        .then((r) => r.json())
        .then(
          (me) =>
            me.memberships.find(
              (m: { organisationId: string }) => m.organisationId === me.current.organisationId,
            )?.organisationName === 'Coopérative minière Umoja Mutoshi',
        ),
    );
    await page.getByRole('heading', { name: 'Accueil' }).waitFor();
    // The picker follows the session once the page has the answer to its own request, which can come after.
    await page.waitForFunction(
      () =>
        document.querySelector('.org-switch select option:checked')?.textContent ===
        'Coopérative minière Umoja Mutoshi',
    );
    assert.equal(await picker.locator('option:checked').textContent(), 'Coopérative minière Umoja Mutoshi');
    await e2e.shot(page, 'organisation-switch', false);
    await page.close();
  });

  test('charts: indicators over time on a site page and incidents by category and month', async () => {
    const page = await e2e.pageAs('analyst@demo.amana.test', { width: 1280, height: 1000 });
    await page.getByRole('link', { name: 'Incidents' }).click();
    await page.locator('.chart [data-ready="true"]').waitFor();
    assert.equal(
      await page.locator('.chart figcaption').textContent(),
      'Incidents signalés par catégorie et par mois',
    );
    await page
      .getByRole('navigation', { name: 'main' })
      .getByRole('link', { name: 'Sites', exact: true })
      .click();
    await page.getByRole('link', { name: 'Kamilombe' }).click();
    await page.getByRole('heading', { name: 'Indicateurs de suivi dans le temps' }).waitFor();
    await page.locator('.chart [data-ready="true"]').waitFor();
    await page.getByRole('combobox', { name: 'Indicateur' }).selectOption('childrenSeen');
    await page.locator('.chart [data-ready="true"]').waitFor();
    assert.match((await page.locator('.chart figcaption').textContent()) ?? '', /^enfants vus/);
    await e2e.shot(page, 'site-indicators-fr');
    await page.close();
  });

  test('the map and a form are usable on a 360-pixel phone screen', async () => {
    const page = await e2e.pageAs('analyst@demo.amana.test', { width: 360, height: 740 });
    await page.getByRole('link', { name: 'Carte' }).click();
    await page.locator('.map[data-ready="true"]').waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), 0);
    await e2e.shot(page, 'map-phone', false);
    await page
      .getByRole('navigation', { name: 'main' })
      .getByRole('link', { name: 'Sites', exact: true })
      .click();
    await page.getByRole('button', { name: 'Nouveau site' }).click();
    await page.getByLabel('Code', { exact: true }).fill('kzi 9');
    await page.getByLabel('Nom', { exact: true }).fill('Essai');
    await page.getByLabel('Latitude').fill('-95');
    await page.getByLabel('Longitude').fill('25.4');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.locator('#code-error').waitFor();
    assert.equal(
      await page.locator('#code-error').textContent(),
      'de 2 à 32 lettres majuscules, chiffres et tirets, par exemple KZI-017',
    );
    assert.equal(
      await page.locator('#lat-error').textContent(),
      'La latitude doit être comprise entre -90 et 90.',
    );
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), 0);
    await e2e.shot(page, 'site-form-phone');
    await page.close();
  });

  test('a refiner opens its hydroxide and sees the non-conforming share, where it came from and its lineage', async () => {
    const page = await e2e.pageAs('downstream@demo.amana.test', { width: 1280, height: 1100 });
    await page.getByRole('link', { name: 'Lots', exact: true }).click();
    await page.getByRole('link', { name: 'LHP-HYD-2026-042' }).click();
    await page.getByRole('heading', { name: /LHP-HYD-2026-042/ }).waitFor();
    await page.locator('.chart [data-ready="true"]').nth(1).waitFor();
    assert.match(
      (await page.getByTestId('taint').first().textContent()) ?? '',
      /^✕ \d+(,\d)?\s% non conforme$/,
    );
    const rows = page.locator(
      'section[aria-label="Composition d’origine (cobalt contenu par site)"] tbody tr',
    );
    assert.equal(await rows.count(), 4);
    const red = rows.filter({ hasText: 'KZI-003' });
    assert.match((await red.textContent()) ?? '', /Rouge – suspendu/);
    const suspended = rows.filter({ hasText: 'KZI-004' });
    assert.match((await suspended.textContent()) ?? '', /Suspendu.*INC-1/);
    assert.deepEqual(
      (await page.locator('.lineage-list li').allTextContents()).filter((x) => /^(TUJ|UMO)-/.test(x)).length,
      16,
    );
    await e2e.shot(page, 'lot-tainted-fr');
    await page.close();
  });

  test('a site page shows where its production went', async () => {
    const page = await e2e.pageAs('analyst@demo.amana.test', { width: 1280, height: 1000 });
    await page
      .getByRole('navigation', { name: 'main' })
      .getByRole('link', { name: 'Sites', exact: true })
      .click();
    await page.getByRole('link', { name: 'Shabara (Mutoshi)' }).click();
    await page.getByRole('heading', { name: 'Flux sortants' }).waitFor();
    await page.getByTestId('reached').waitFor();
    assert.match(
      (await page.getByTestId('reached').textContent()) ?? '',
      /Nordkobolt Refining AB — [\d,.\s]+ kg Co détenus aujourd’hui/,
    );
    await e2e.shot(page, 'site-flows-fr');
    await page.close();
  });

  test('the incident list is searched and sorted by the server, and grows by pages', async () => {
    const page = await e2e.pageAs('analyst@demo.amana.test', { width: 1280, height: 1000 });
    await page.getByRole('link', { name: 'Incidents' }).click();
    await page.locator('tbody tr').first().waitFor();
    const levels = () => page.locator('tbody tr td:nth-child(2)').allTextContents();
    // The list says when it is asking the server for another order or search.
    const loaded = () =>
      page.waitForFunction(() => document.querySelector('table[aria-busy="false"] tbody tr'));
    await page.getByRole('button', { name: /^Niveau/ }).click();
    await page.waitForFunction(() =>
      document.querySelector('th[aria-sort="ascending"]')?.textContent?.startsWith('Niveau'),
    );
    await loaded();
    const up = await levels();
    assert.deepEqual(up, [...up].sort());
    await page.getByRole('button', { name: /^Niveau/ }).click();
    await page.waitForFunction(() => document.querySelector('th[aria-sort="descending"]'));
    await loaded();
    assert.deepEqual(await levels(), [...up].sort().reverse());
    await page.getByLabel('Rechercher', { exact: true }).fill('kanina');
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('table[aria-busy="false"] tbody tr')];
      return rows.length > 0 && rows.every((r) => r.textContent?.includes('Kanina'));
    });
    assert.ok((await page.locator('tbody tr').count()) >= 1);
    await e2e.shot(page, 'incidents-sorted-searched');
    await page.close();
  });
});
