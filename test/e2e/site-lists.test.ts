import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type E2e, startE2e } from './harness.ts';

/** The lists of a site's page read the server page by page, and say when there is more to read. */
describe('site page lists in Chromium', () => {
  let e2e: E2e;
  before(async () => {
    e2e = await startE2e();
  });
  after(() => e2e?.close());

  test('a site with more assessments than a page shows the first page and "show more" reads the rest', async () => {
    const assessor = await e2e.pageAs('assessor@demo.amana.test');
    const get = async (path: string) => (await assessor.request.get(`${e2e.base}${path}`)).json();
    const site = (await get('/api/sites?q=KZI-003')).items[0];
    const setId = (await get('/api/criteria-sets?status=published&kind=site')).items[0].id;
    const before = (await get(`/api/assessments?siteId=${site.id}&limit=200`)).items.length;
    // Set up through the API, as the page would send it (a write with the session names its origin).
    for (let i = 0; i < 51; i++) {
      const opened = await assessor.request.post(`${e2e.base}/api/assessments`, {
        headers: { origin: new URL(e2e.base).origin },
        data: { setId, siteId: site.id, kind: 'periodic', notes: `draft ${i}` },
      });
      assert.equal(opened.status(), 201);
    }
    await assessor.close();

    const page = await e2e.pageAs('analyst@demo.amana.test', { width: 1280, height: 1000 });
    await page.goto(`${e2e.base}/sites/${site.id}`);
    const section = page.getByRole('region', { name: 'Évaluations' });
    const rows = section.locator('tbody tr');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 50);
    // Newest first: the last draft opened heads the list.
    assert.match((await rows.first().textContent()) ?? '', /Réévaluation.*Brouillon/);
    const more = section.getByRole('button', { name: 'Afficher plus' });
    await more.scrollIntoViewIfNeeded();
    await e2e.shot(page, 'site-assessments-first-page', false);
    await more.click();
    await rows.nth(50 + before).waitFor();
    assert.equal(await rows.count(), 51 + before);
    assert.equal(await more.count(), 0);
    const codes = await section.locator('tbody tr td:first-child').allTextContents();
    assert.equal(new Set(codes).size, codes.length);
    await e2e.shot(page, 'site-assessments-more');
    // The corrective actions, fewer than a page, have no button.
    const actions = page.getByRole('region', { name: 'Actions correctives ouvertes' });
    await actions.locator('tbody tr').first().waitFor();
    assert.equal(await actions.getByRole('button', { name: 'Afficher plus' }).count(), 0);
    await page.close();
  });
});
