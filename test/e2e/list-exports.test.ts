import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { type E2e, startE2e } from './harness.ts';

/** Every list's export button: the filtered rows as a file, what has arrived shown while it streams, cancellable. */
describe('list exports in Chromium', () => {
  let e2e: E2e;
  before(async () => {
    e2e = await startE2e();
  });
  after(() => e2e?.close());

  test('an analyst exports the red sites as CSV: the file holds the filtered rows, under French headers', async () => {
    const page = await e2e.pageAs('analyst@demo.amana.test', { width: 1280, height: 900 });
    const red = (await (await page.request.get(`${e2e.base}/api/sites?status=red&limit=200`)).json())
      .items as {
      code: string;
    }[];
    assert.ok(red.length >= 2);
    await page.goto(`${e2e.base}/sites`);
    await page.getByRole('combobox', { name: /^Statut/ }).selectOption('red');
    const list = page.getByRole('region', { name: 'Sites' });
    await page.waitForFunction(
      (n) => document.querySelectorAll('section[aria-label="Sites"] tbody tr').length === n,
      red.length,
    );
    const exporter = list.getByRole('group', { name: 'Sites' });
    assert.equal(await exporter.getByLabel('Format de l’export').inputValue(), 'csv');
    const saved = page.waitForEvent('download');
    await exporter.getByRole('button', { name: 'Exporter', exact: true }).click();
    const download = await saved;
    const day = new Date().toISOString().slice(0, 10);
    assert.equal(download.suggestedFilename(), `sites-${day}.csv`);
    const rows = parse(fs.readFileSync((await download.path()) as string, 'utf8'), {
      bom: true,
    }) as string[][];
    assert.deepEqual(rows[0].slice(0, 4), ['Identifiant', 'Code', 'Nom', 'Province']);
    assert.deepEqual(
      rows.slice(1).map((r) => r[1]),
      red.map((s) => s.code),
    );
    await exporter.getByText(`sites-${day}.csv enregistré : ${red.length} lignes.`).waitFor();
    await e2e.shot(page, 'list-export-done', false);
    await page.close();
  });

  test('while an export streams it shows the rows and bytes received, and it can be cancelled', async () => {
    const page = await e2e.pageAs('analyst@demo.amana.test', { width: 1280, height: 900 });
    // A national registry's worth of sites, registered in one import as the page would send it.
    const lines = Array.from(
      { length: 3000 },
      (_, i) =>
        `TNG-${String(i).padStart(4, '0')},Puits ${i},Tanganyika,cobalt,${(27 + (i % 60) * 0.05).toFixed(3)},${(-6 - Math.floor(i / 60) * 0.05).toFixed(3)},`,
    );
    const imported = await page.request.post(`${e2e.base}/api/sites/import`, {
      headers: { origin: new URL(e2e.base).origin, 'content-type': 'text/csv' },
      data: `code,name,province,minerals,longitude,latitude,cooperatives\n${lines.join('\n')}\n`,
    });
    assert.equal(imported.status(), 200, await imported.text());
    await page.goto(`${e2e.base}/sites`);
    const list = page.getByRole('region', { name: 'Sites' });
    await list.locator('tbody tr').first().waitFor();
    // A slow line, as from a field office: the file arrives over several seconds.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    const throughput = (bytesPerSecond: number) =>
      cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 0,
        downloadThroughput: bytesPerSecond,
        uploadThroughput: -1,
      });
    await throughput(40_000);
    const exporter = list.getByRole('group', { name: 'Sites' });
    await exporter.getByRole('button', { name: 'Exporter', exact: true }).click();
    const progress = exporter
      .getByRole('status')
      .filter({ hasText: /^[1-9][\d\s\u202f]* lignes reçues \(\d/ });
    await progress.waitFor({ timeout: 30_000 });
    await e2e.shot(page, 'list-export-progress', false);
    await exporter.getByRole('button', { name: 'Annuler l’export' }).click();
    await exporter.getByText('Export annulé.').waitFor();
    assert.equal(await exporter.getByRole('button', { name: 'Exporter', exact: true }).count(), 1);
    await throughput(-1);
    // Then the whole list, as xlsx (counted in bytes), saved whole.
    await exporter.getByLabel('Format de l’export').selectOption('xlsx');
    const saved = page.waitForEvent('download');
    await exporter.getByRole('button', { name: 'Exporter', exact: true }).click();
    const download = await saved;
    assert.match(download.suggestedFilename(), /^sites-\d{4}-\d\d-\d\d\.xlsx$/);
    const bytes = fs.readFileSync((await download.path()) as string);
    assert.equal(bytes.subarray(0, 2).toString(), 'PK');
    await exporter.getByText(/^sites-.*\.xlsx enregistré \(\d/).waitFor();
    await e2e.shot(page, 'list-export-xlsx-done', false);
    await page.close();
  });
});
