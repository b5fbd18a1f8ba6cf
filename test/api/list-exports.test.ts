import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { csvCellOf } from '../../src/domain/exports/table.ts';
import { buildApp } from '../../src/http/app.ts';
import { listExportsOf } from '../../src/http/list-export.ts';
import { type DemoCaller, ENGINE, startTestApp, type TestApp } from './harness.ts';

type Caller = DemoCaller;
const UN_2017 = path.resolve(import.meta.dirname, '../fixtures/sanctions/un-consolidated-2017-07-03.xml');

/** Every row of a list as JSON, page after page. */
async function allPages(t: TestApp, role: Caller, path: string) {
  const items: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  do {
    const join = path.includes('?') ? '&' : '?';
    const res = await t.request(role, 'GET', `${path}${join}limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(res.status, 200, `${path}: ${res.text}`);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return items;
}

/** The CSV export of a list, as records of header → text. */
async function csvOf(t: TestApp, role: Caller, path: string, lang = 'en') {
  const join = path.includes('?') ? '&' : '?';
  const res = await t.request(role, 'GET', `${path}${join}format=csv`, undefined, {
    'accept-language': lang,
  });
  assert.equal(res.status, 200, `${path}: ${res.text}`);
  assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8', path);
  return { res, rows: parse(res.text, { bom: true }) as string[][] };
}

describe(`list exports over HTTP (${ENGINE})`, () => {
  let t: TestApp;
  /** Every list route, as a caller, with a filter where the list takes one; ids filled in before. */
  let lists: [Caller, string, string][];
  let exported: ReturnType<typeof listExportsOf>;
  before(async () => {
    t = await startTestApp({});
    const app = await buildApp(t.ctx);
    await app.ready();
    exported = listExportsOf(app);
    await app.close();
    const q = async (sql: string) => (await t.ctx.db.query<{ id: string }>(sql)).rows[0].id;
    const auditor = await q("SELECT id FROM users WHERE email = 'auditor@demo.amana.test'");
    const site = (await t.request('analyst', 'GET', '/api/sites?q=KZI-001')).body.items[0];
    const today = new Date().toISOString().slice(0, 10);
    const grant = await t.request('admin', 'POST', '/api/audit/grants', {
      auditorUserId: auditor,
      siteIds: [site.id],
      periodFrom: '2026-01-01',
      periodTo: today,
      logPacks: true,
      purpose: 'export test',
    });
    assert.equal(grant.status, 201, grant.text);
    const file = new FormData();
    file.append(
      'file',
      new Blob([new Uint8Array(fs.readFileSync(UN_2017))]),
      'un-consolidated-2017-07-03.xml',
    );
    const imported = await t.request('analyst', 'POST', '/api/screening/lists/import', file);
    assert.equal(imported.status, 201, imported.text);
    const version = await q('SELECT id FROM screening_list_versions ORDER BY imported_at LIMIT 1');
    const org = t.orgOf.cooperative_manager;
    const person = (await t.request('analyst', 'GET', '/api/persons')).body.items[0].id;
    lists = [
      ['admin', '/api/users', '/api/users'],
      ['admin', '/api/tokens', '/api/tokens'],
      ['monitor', '/api/me/devices', '/api/me/devices'],
      ['admin', '/api/devices', '/api/devices'],
      ['analyst', '/api/organisations', '/api/organisations?chainRole=trader'],
      ['cooperative_manager', '/api/organisations', '/api/organisations'],
      ['analyst', '/api/persons', '/api/persons'],
      ['analyst', '/api/licences', '/api/licences'],
      ['analyst', '/api/sites', '/api/sites?status=red'],
      ['monitor', '/api/sites', '/api/sites'],
      ['downstream', '/api/sites', '/api/sites?mine=true'],
      ['admin', '/api/lots', '/api/lots?sort=-mass'],
      ['buyer', '/api/lots', '/api/lots'],
      ['cooperative_manager', '/api/cooperatives/:id/miner-cards', `/api/cooperatives/${org}/miner-cards`],
      ['analyst', '/api/criteria-sets', '/api/criteria-sets'],
      ['analyst', '/api/assessments', '/api/assessments'],
      ['analyst', '/api/corrective-actions', '/api/corrective-actions'],
      ['analyst', '/api/visits', '/api/visits'],
      ['analyst', '/api/indicator-rules', '/api/indicator-rules'],
      ['admin', '/api/site-assignments', '/api/site-assignments'],
      ['admin', '/api/site-assignments/people', '/api/site-assignments/people'],
      ['monitor', '/api/visit-plan', '/api/visit-plan'],
      ['analyst', '/api/visit-plan/overdue', '/api/visit-plan/overdue'],
      ['analyst', '/api/incidents', '/api/incidents?level=1'],
      ['cooperative_manager', '/api/incidents', '/api/incidents'],
      ['downstream', '/api/subscriptions', '/api/subscriptions'],
      ['downstream', '/api/webhooks', '/api/webhooks'],
      ['downstream', '/api/deliveries', '/api/deliveries'],
      ['downstream', '/api/alerts', '/api/alerts'],
      [null as never, '/api/public/sites', '/api/public/sites'],
      ['grievance_officer', '/api/grievances', '/api/grievances'],
      ['analyst', '/api/screening/list-versions', '/api/screening/list-versions'],
      [
        'analyst',
        '/api/screening/list-versions/:id/changes',
        `/api/screening/list-versions/${version}/changes`,
      ],
      [
        'analyst',
        '/api/screening/list-versions/:id/entries',
        `/api/screening/list-versions/${version}/entries`,
      ],
      ['analyst', '/api/screening/hits', '/api/screening/hits'],
      ['analyst', '/api/screening/merges', `/api/screening/merges?recordType=site&survivorId=${site.id}`],
      ['analyst', '/api/organisations/:id/history', `/api/organisations/${org}/history`],
      ['analyst', '/api/persons/:id/history', `/api/persons/${person}/history`],
      ['analyst', '/api/sites/:id/history', `/api/sites/${site.id}/history`],
      ['admin', '/api/audit/grants', '/api/audit/grants'],
      ['admin', '/api/audit/reads', '/api/audit/reads'],
      ['auditor', '/api/audit/sites', '/api/audit/sites'],
      ['auditor', '/api/audit/records', `/api/audit/records?subjectType=site&subjectId=${site.id}`],
      ['funder', '/api/funds', '/api/funds'],
      ['analyst', '/api/prices', '/api/prices'],
      ['analyst', '/api/event-log/records', `/api/event-log/records?subjectType=site&subjectId=${site.id}`],
      ['admin', '/api/openrosa/app-users', '/api/openrosa/app-users'],
      ['admin', '/api/openrosa/submissions', '/api/openrosa/submissions'],
    ];
  });
  after(() => t.close());

  test('the table below names every list route the API has', async () => {
    const routes = exported.map((r) => r.url);
    assert.deepEqual([...new Set(lists.map(([, route]) => route))].sort(), [...new Set(routes)].sort());
  });

  test('every list exports exactly the rows the list gives the same caller, in its order', async () => {
    const checked: string[] = [];
    for (const [role, route, path] of lists) {
      const items = await allPages(t, role, path);
      const { rows } = await csvOf(t, role, path);
      const [header, ...data] = rows;
      assert.equal(data.length, items.length, `${route} as ${role}: rows`);
      // The first column is the list's key (id, code, seq, reference…): the same values in the same order.
      const columns = exported.find((r) => r.url === route)?.columns ?? [];
      assert.equal(header.length, columns.length, route);
      assert.deepEqual(
        data.map((r) => r[0]),
        items.map((i) => String(csvCellOf(i, columns[0]) ?? '')),
        `${route} as ${role}`,
      );
      checked.push(`${route} ${items.length}`);
    }
    // Most lists hold rows for their caller in the demo world, so the comparison is not of empty files.
    assert.ok(checked.filter((c) => !c.endsWith(' 0')).length >= 35, checked.join('\n'));
  });

  test('a filtered list exports as CSV under English or French headers, with a file name of the list and the day', async () => {
    const red = await allPages(t, 'analyst', '/api/sites?status=red');
    assert.ok(red.length >= 2);
    const { res, rows } = await csvOf(t, 'analyst', '/api/sites?status=red&sort=-code');
    const day = new Date().toISOString().slice(0, 10);
    assert.equal(res.headers.get('content-disposition'), `attachment; filename="sites-${day}.csv"`);
    assert.equal(res.headers.get('amana-export-max-rows'), '1048575');
    const raw = await fetch(`${t.url}/api/sites?status=red&format=csv`, {
      headers: { authorization: `Bearer ${t.tokens.analyst}` },
    });
    assert.deepEqual(
      [...new Uint8Array(await raw.arrayBuffer()).slice(0, 3)],
      [0xef, 0xbb, 0xbf],
      'a byte-order mark',
    );
    assert.deepEqual(rows[0].slice(0, 6), ['Id', 'Code', 'Name', 'Province', 'Territory', 'Zone']);
    assert.deepEqual(
      rows.slice(1).map((r) => r[1]),
      red
        .map((s) => s.code as string)
        .sort()
        .reverse(),
    );
    assert.ok(rows.slice(1).every((r) => r[rows[0].indexOf('Status')] === 'red'));
    const fr = await csvOf(t, 'analyst', '/api/sites?status=red', 'fr-CD,fr;q=0.9');
    assert.deepEqual(fr.rows[0].slice(0, 6), [
      'Identifiant',
      'Code',
      'Nom',
      'Province',
      'Territoire',
      'Zone',
    ]);
    assert.ok(fr.rows[0].includes('Coopératives'));
    // Nested records spread over columns of their own, named by both parts.
    const incidents = await csvOf(t, 'analyst', '/api/incidents', 'en');
    assert.deepEqual(incidents.rows[0].slice(2, 5), ['Site · Id', 'Site · Code', 'Site · Name']);
  });

  test('Accept: text/csv asks for the export as format=csv does', async () => {
    const res = await t.request('analyst', 'GET', '/api/prices', undefined, { accept: 'text/csv' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8');
    const json = await t.request('analyst', 'GET', '/api/prices', undefined, {
      accept: 'application/json, text/csv',
    });
    assert.equal(json.headers.get('content-type'), 'application/json; charset=utf-8');
  });

  test('text a spreadsheet would run as a formula is written as text in CSV; negative numbers stay numbers', async () => {
    const siteId = (await t.request('analyst', 'GET', '/api/sites?q=KZI-002')).body.items[0].id;
    for (const title of ['=HYPERLINK("http://x.invalid","pay")', '+1+2', '-2+3', '@SUM(A1)'])
      assert.equal(
        (
          await t.request('analyst', 'POST', '/api/incidents', {
            siteId,
            level: 3,
            category: 'governance',
            title,
            description: 'formula-like title',
          })
        ).status,
        201,
      );
    const { rows } = await csvOf(
      t,
      'analyst',
      `/api/incidents?siteId=${siteId}&sort=title&q=${encodeURIComponent('(')}`,
    );
    const titles = rows.slice(1).map((r) => r[rows[0].indexOf('Title')]);
    assert.deepEqual(titles, [`'=HYPERLINK("http://x.invalid","pay")`, `'@SUM(A1)`]);
    const all = (await csvOf(t, 'analyst', `/api/incidents?siteId=${siteId}&sort=title`)).rows;
    const allTitles = all.slice(1).map((r) => r[all[0].indexOf('Title')]);
    assert.ok(allTitles.includes("'+1+2") && allTitles.includes("'-2+3"), allTitles.join('|'));
  });

  test('xlsx holds typed cells: numbers as numbers, times as dates, text as text, headers in the language', async () => {
    const res = await fetch(`${t.url}/api/lots?format=xlsx&sort=-mass`, {
      headers: { authorization: `Bearer ${t.tokens.admin}`, 'accept-language': 'fr' },
    });
    assert.equal(res.status, 200);
    assert.equal(
      res.headers.get('content-type'),
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const day = new Date().toISOString().slice(0, 10);
    assert.equal(res.headers.get('content-disposition'), `attachment; filename="lots-${day}.xlsx"`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    const sheet = book.worksheets[0];
    const lots = await allPages(t, 'admin', '/api/lots?sort=-mass');
    assert.equal(sheet.rowCount, lots.length + 1);
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    assert.equal(header[header.indexOf('Masse (kg)')], 'Masse (kg)');
    const col = (name: string) => header.indexOf(name) + 1;
    const first = sheet.getRow(2);
    assert.equal(first.getCell(col('Masse (kg)')).value, lots[0].massKg);
    assert.equal(typeof first.getCell(col('Masse (kg)')).value, 'number');
    assert.ok(first.getCell(col('Produit le')).value instanceof Date);
    assert.equal(
      (first.getCell(col('Produit le')).value as Date).toISOString(),
      new Date(lots[0].producedAt as string).toISOString(),
    );
    assert.equal(first.getCell(col('Produit le')).numFmt, 'yyyy-mm-dd hh:mm:ss');
    assert.equal(first.getCell(col('Étiquette')).value, lots[0].tag);
    assert.equal(first.getCell(col('Consommé')).value, lots[0].consumed);
  });

  test('an export has the rights of its list: a role that may not read the list gets the same problem', async () => {
    const list = await t.request('monitor', 'GET', '/api/grievances');
    const file = await t.request('monitor', 'GET', '/api/grievances?format=csv');
    assert.equal(list.status, 403);
    assert.equal(file.status, 403);
    assert.equal(file.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    assert.equal(file.body.code, list.body.code);
    const anonymous = await t.request(null, 'GET', '/api/sites?format=xlsx');
    assert.equal(anonymous.status, 401);
  });

  test("a format other than csv or xlsx is a 400 naming format; a bad filter is the list's own 400", async () => {
    const res = await t.request('analyst', 'GET', '/api/sites?format=pdf');
    assert.equal(res.status, 400);
    assert.equal(res.body.errors[0].path, 'querystring.format');
    const bad = await t.request('analyst', 'GET', '/api/sites?format=csv&status=purple');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.errors[0].path, 'querystring.status');
  });

  test("the grievance reporter's contact is no column of any export", () => {
    const grievances = exported.find((r) => r.url === '/api/grievances');
    assert.ok(grievances?.columns.some((c) => c.key === 'caseCode'));
    assert.ok(!grievances?.columns.some((c) => c.path[0] === 'contact'));
  });
});

describe(`list exports past their row limit (${ENGINE})`, () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: { AMANA_EXPORT_MAX_ROWS: '5' } });
  });
  after(() => t.close());

  test('an export of at most the limit is whole; one beyond it is a 413 saying the limit before anything is sent', async () => {
    const sites = await allPages(t, 'analyst', '/api/sites');
    assert.ok(sites.length > 5);
    const red = await allPages(t, 'analyst', '/api/sites?status=red');
    assert.ok(red.length <= 5);
    assert.equal((await csvOf(t, 'analyst', '/api/sites?status=red')).rows.length, red.length + 1);
    for (const format of ['csv', 'xlsx']) {
      const res = await t.request('analyst', 'GET', `/api/sites?format=${format}`);
      assert.equal(res.status, 413, format);
      assert.equal(res.body.code, 'exports.too-many-rows');
      assert.deepEqual(res.body.params, { limit: 5 });
    }
  });
});
