import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { screenAllPending } from '../../src/services/screening/screen.ts';
import { ENGINE, startTestApp, type TestApp } from './harness.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/sanctions');
const UN_2017 = fs.readFileSync(path.join(FIXTURES, 'un-consolidated-2017-07-03.xml'));
const UN_2020 = fs.readFileSync(path.join(FIXTURES, 'un-consolidated-2020-03-20.xml'));

const form = (file: Buffer | string, filename: string, fields: Record<string, string> = {}) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  f.append('file', new Blob([typeof file === 'string' ? file : new Uint8Array(file)]), filename);
  return f;
};

/** Every page of a list, to its end. */
async function all(t: TestApp, url: string) {
  const items: { reference: string; change: string; fields: string[]; kind: string; name: string }[] = [];
  let cursor: string | null = '';
  while (cursor !== null) {
    const res = await t.request(
      'analyst',
      'GET',
      `${url}${url.includes('?') ? '&' : '?'}limit=200${cursor ? `&cursor=${cursor}` : ''}`,
    );
    assert.equal(res.status, 200, url);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
  }
  return items;
}

describe(`screening lists: import, versions and their difference over HTTP (${ENGINE})`, () => {
  let t: TestApp;
  let v1: { id: string };
  let v2: { id: string };
  before(async () => {
    t = await startTestApp({});
    const first = await t.request(
      'analyst',
      'POST',
      '/api/screening/lists/import',
      form(UN_2017, 'un-consolidated-2017-07-03.xml'),
    );
    assert.equal(first.status, 201, first.text);
    const second = await t.request(
      'admin',
      'POST',
      '/api/screening/lists/import',
      form(UN_2020, 'un-consolidated-2020-03-20.xml'),
    );
    assert.equal(second.status, 201, second.text);
    v1 = first.body;
    v2 = second.body;
  });
  after(() => t.close());

  test('imports both UN versions with the exact counts of individuals and entities and the difference between them', async () => {
    const first = await t.request('analyst', 'GET', `/api/screening/list-versions/${v1.id}`);
    assert.equal(first.status, 200);
    assert.deepEqual(
      {
        list: first.body.list,
        number: first.body.number,
        format: first.body.format,
        publishedAt: first.body.publishedAt,
        counts: first.body.counts,
        changes: first.body.changes,
        previousVersionId: first.body.previousVersionId,
        sizeBytes: first.body.sizeBytes,
      },
      {
        list: { key: 'un-consolidated', name: 'UN Security Council Consolidated List', kind: 'sanctions' },
        number: 1,
        format: 'un-xml',
        publishedAt: '2017-07-03T20:27:45.483-04:00',
        counts: { individuals: 650, entities: 371 },
        changes: { added: 1021, removed: 0, changed: 0 },
        previousVersionId: null,
        sizeBytes: 1504237,
      },
    );
    const second = await t.request('analyst', 'GET', `/api/screening/list-versions/${v2.id}`);
    assert.deepEqual(
      {
        number: second.body.number,
        publishedAt: second.body.publishedAt,
        counts: second.body.counts,
        changes: second.body.changes,
        previousVersionId: second.body.previousVersionId,
      },
      {
        number: 2,
        publishedAt: '2020-03-20T19:09:21.822-04:00',
        counts: { individuals: 709, entities: 305 },
        changes: { added: 118, removed: 125, changed: 569 },
        previousVersionId: v1.id,
      },
    );
    const list = await t.request('monitor', 'GET', '/api/screening/list-versions?list=un-consolidated');
    assert.deepEqual(
      list.body.items.map((v: { number: number }) => v.number),
      [2, 1],
    );
  });

  test('keeps the difference entry by entry: the DRC regime gained five individuals and lost no one', async () => {
    const added = await all(t, `/api/screening/list-versions/${v2.id}/changes?change=added`);
    const removed = await all(t, `/api/screening/list-versions/${v2.id}/changes?change=removed`);
    const changed = await all(t, `/api/screening/list-versions/${v2.id}/changes?change=changed`);
    assert.deepEqual([added.length, removed.length, changed.length], [118, 125, 569]);
    assert.deepEqual(
      added.filter((c) => c.reference.startsWith('CD')).map((c) => `${c.reference} ${c.name}`),
      [
        'CDi.032 MUHINDO AKILI MUNDOS',
        'CDi.033 GUIDON SHIMIRAY MWISSA',
        'CDi.034 LUCIEN NZAMBAMWITA',
        'CDi.035 GÉDÉON KYUNGU MUTANGA WA BAFUNKWA KANONGA',
        'CDi.036 SEKA BALUKU',
      ],
    );
    assert.deepEqual(
      removed.filter((c) => c.reference.startsWith('CD')),
      [],
    );
    // By regime of the entries removed: Iraq's delistings, ISIL/Al-Qaida and one other.
    const prefixes = (xs: { reference: string }[]) =>
      Object.fromEntries(
        Object.entries(Object.groupBy(xs, (x) => x.reference.slice(0, 2))).map(([k, v]) => [k, v!.length]),
      );
    assert.deepEqual(prefixes(removed), { GB: 1, IQ: 109, QD: 15 });
    assert.deepEqual(prefixes(added), { CD: 5, KP: 56, LY: 8, ML: 8, QD: 37, SO: 2, SS: 2 });
    assert.deepEqual(changed.find((c) => c.reference === 'CDi.016')?.fields, ['lastUpdated', 'comments']);
    assert.deepEqual(
      changed.filter((c) => c.reference.startsWith('CD')).length,
      40 - 1,
      'every DRC entry of 2017 but one changed its comments (a new INTERPOL link)',
    );
  });

  test('shows every field of an entry: aliases with quality, dates and places of birth, nationality, regime, listing date', async () => {
    const res = await t.request('analyst', 'GET', `/api/screening/list-versions/${v2.id}/entries/CDi.030`);
    assert.equal(res.status, 200);
    assert.deepEqual(
      {
        reference: res.body.reference,
        kind: res.body.kind,
        name: res.body.name,
        aliases: res.body.aliases.slice(0, 4),
        birthDates: res.body.birthDates,
        birthPlaces: res.body.birthPlaces,
        nationalities: res.body.nationalities,
        addresses: res.body.addresses,
        program: res.body.program,
        listedOn: res.body.listedOn,
        gender: res.body.gender,
      },
      {
        reference: 'CDi.030',
        kind: 'individual',
        name: 'BOSCO TAGANDA',
        aliases: [
          { name: 'Bosco Ntaganda', quality: 'Good', note: null },
          { name: 'Bosco Ntagenda', quality: 'Good', note: null },
          { name: 'General Taganda', quality: 'Good', note: null },
          { name: 'Lydia', quality: 'Low', note: 'When he was part of APR.' },
        ],
        birthDates: [{ type: 'BETWEEN', date: null, year: null, fromYear: 1973, toYear: 1974, note: null }],
        birthPlaces: [
          {
            street: null,
            city: 'Bigogwe',
            stateProvince: null,
            zipCode: null,
            country: 'Rwanda',
            note: null,
          },
        ],
        nationalities: ['Democratic Republic of the Congo'],
        addresses: [
          {
            street: null,
            city: 'The Hague',
            stateProvince: null,
            zipCode: null,
            country: 'Netherlands',
            note: 'As of June 2016',
          },
        ],
        program: 'DRC',
        listedOn: '2005-11-01',
        gender: 'Male',
      },
    );
    const drc = await all(t, `/api/screening/list-versions/${v2.id}/entries?program=DRC`);
    assert.deepEqual(
      [drc.filter((e) => e.kind === 'individual').length, drc.filter((e) => e.kind === 'entity').length],
      [36, 9],
    );
    const docs = await t.request('analyst', 'GET', `/api/screening/list-versions/${v2.id}/entries/KPi.033`);
    assert.deepEqual(docs.body.documents, [
      {
        type: 'Passport',
        number: '381310014',
        issuingCountry: null,
        dateOfIssue: null,
        cityOfIssue: null,
        note: null,
      },
    ]);
    const missing = await t.request(
      'analyst',
      'GET',
      `/api/screening/list-versions/${v2.id}/entries/CDi.999`,
    );
    assert.deepEqual(
      [missing.status, missing.body.code, missing.body.params],
      [404, 'common.not-found', { record: 'list entry' }],
    );
  });

  test('screens every organisation and person against each new version, resumably, with its progress', async () => {
    await screenAllPending(t.ctx);
    const subjects = (
      await t.ctx.db.query<{ n: number }>(
        'SELECT (SELECT count(*) FROM organisations) + (SELECT count(*) FROM persons) AS n',
      )
    ).rows[0].n;
    for (const v of [v1, v2]) {
      const res = await t.request('analyst', 'GET', `/api/screening/list-versions/${v.id}`);
      assert.deepEqual(
        { status: res.body.screening.status, total: res.body.screening.total, done: res.body.screening.done },
        { status: 'done', total: subjects, done: subjects },
      );
    }
  });

  test('refuses the same file again: it is the latest version already', async () => {
    const res = await t.request('analyst', 'POST', '/api/screening/lists/import', form(UN_2020, 'again.xml'));
    assert.deepEqual(
      [res.status, res.body.code, res.body.params],
      [409, 'screening.same-as-latest', { version: 2 }],
    );
  });

  test('only administrators and analysts import; registry staff read the lists, others do not', async () => {
    for (const role of ['buyer', 'regulator', 'monitor', 'cooperative_manager'] as const) {
      const res = await t.request(role, 'POST', '/api/screening/lists/import', form('<x/>', 'x.xml'));
      assert.deepEqual([role, res.status, res.body.code], [role, 403, 'screening.import-forbidden']);
    }
    for (const role of ['admin', 'analyst', 'assessor', 'monitor', 'regulator'] as const)
      assert.equal((await t.request(role, 'GET', '/api/screening/list-versions')).status, 200, role);
    for (const role of ['buyer', 'downstream', 'cooperative_manager', 'grievance_officer'] as const) {
      const res = await t.request(role, 'GET', `/api/screening/list-versions/${v2.id}/changes`);
      assert.deepEqual([role, res.status, res.body.code], [role, 403, 'screening.lists-hidden']);
    }
    assert.equal((await t.request(null, 'GET', '/api/screening/list-versions')).status, 401);
  });

  test('names what is wrong with a file that is not a list: malformed XML, another XML, an empty list', async () => {
    const broken = await t.request(
      'analyst',
      'POST',
      '/api/screening/lists/import',
      form('<CONSOLIDATED_LIST>\n<INDIVIDUALS><INDIVIDUAL>', 'broken.xml'),
    );
    assert.deepEqual([broken.status, broken.body.code], [400, 'screening.xml-malformed']);
    assert.equal(broken.body.errors[0].path, 'file');
    assert.equal(broken.body.errors[0].params.line, 2);
    const other = await t.request(
      'analyst',
      'POST',
      '/api/screening/lists/import',
      form('<sdnList><sdnEntry/></sdnList>', 'sdn.xml'),
    );
    assert.deepEqual([other.status, other.body.code], [400, 'screening.not-un-list']);
    const empty = await t.request(
      'analyst',
      'POST',
      '/api/screening/lists/import',
      form('<CONSOLIDATED_LIST><INDIVIDUALS/><ENTITIES/></CONSOLIDATED_LIST>', 'empty.xml'),
    );
    assert.deepEqual([empty.status, empty.body.code], [400, 'screening.empty-list']);
    const noFile = new FormData();
    noFile.append('list', 'x');
    const none = await t.request('analyst', 'POST', '/api/screening/lists/import', noFile);
    assert.deepEqual(
      [none.status, none.body.errors],
      [400, [{ path: 'file', message: 'required', code: 'common.field.required' }]],
    );
  });

  test('refuses a file above the size limit with 413 naming the limit', async () => {
    const limit = t.ctx.config.screeningListMaxBytes;
    t.ctx.config.screeningListMaxBytes = 100_000;
    try {
      const res = await t.request('analyst', 'POST', '/api/screening/lists/import', form(UN_2017, 'big.xml'));
      assert.deepEqual(
        [res.status, res.body.code, res.body.params],
        [413, 'screening.file-too-large', { limit: 100_000 }],
      );
    } finally {
      t.ctx.config.screeningListMaxBytes = limit;
    }
  });

  test('imports a national list or PEP list as CSV, each import a version with its difference', async () => {
    const v1csv = [
      'reference,kind,name,aliases,birth_dates,nationalities,documents,countries,program,listed_on',
      'PEP-001,individual,Jean-Pierre Lukusa Mwamba,JP Lukusa;Lukusa Mwamba,1968,RDC,,CD,Provincial assembly,2024-01-15',
      'PEP-002,individual,Chantal Mbuyi Kalala,,1975-04-02,RDC,OP1234567,CD,Ministry of Mines,2023-06-01',
      'PEP-003,entity,Société Minière Kisanga SARL,SMK,,,CD/LSH/RCCM/20-B-77777,CD,,2023-06-01',
    ].join('\n');
    const first = await t.request(
      'analyst',
      'POST',
      '/api/screening/lists/import',
      form(v1csv, 'peps.csv', {
        list: 'rdc-pep',
        name: 'Personnes politiquement exposées (RDC)',
        kind: 'pep',
      }),
    );
    assert.equal(first.status, 201, first.text);
    assert.deepEqual(
      [first.body.list, first.body.format, first.body.counts, first.body.changes],
      [
        { key: 'rdc-pep', name: 'Personnes politiquement exposées (RDC)', kind: 'pep' },
        'csv',
        { individuals: 2, entities: 1 },
        { added: 3, removed: 0, changed: 0 },
      ],
    );
    const v2csv = [
      'reference,kind,name,aliases,birth_dates,nationalities,documents,countries,program,listed_on',
      'PEP-001,individual,Jean-Pierre Lukusa Mwamba,JP Lukusa;Lukusa Mwamba;Papa Lukusa,1968,RDC,,CD,Provincial assembly,2024-01-15',
      'PEP-003,entity,Société Minière Kisanga SARL,SMK,,,CD/LSH/RCCM/20-B-77777,CD,,2023-06-01',
      'PEP-004,individual,Albert Numbi Kasongo,,1960-1962,RDC,,CD,Governor,2025-02-01',
    ].join('\n');
    const second = await t.request(
      'analyst',
      'POST',
      '/api/screening/lists/import',
      form(v2csv, 'peps-2.csv', { list: 'rdc-pep' }),
    );
    assert.equal(second.status, 201, second.text);
    assert.deepEqual([second.body.number, second.body.changes], [2, { added: 1, removed: 1, changed: 1 }]);
    const changes = await all(t, `/api/screening/list-versions/${second.body.id}/changes`);
    assert.deepEqual(
      changes.map((c) => [c.reference, c.change, c.fields]),
      [
        ['PEP-001', 'changed', ['aliases']],
        ['PEP-002', 'removed', []],
        ['PEP-004', 'added', []],
      ],
    );
    const entry = await t.request(
      'analyst',
      'GET',
      `/api/screening/list-versions/${second.body.id}/entries/PEP-004`,
    );
    assert.deepEqual(entry.body.birthDates, [
      { type: 'BETWEEN', date: null, year: null, fromYear: 1960, toYear: 1962, note: null },
    ]);
  });

  test('names each faulty column and row of a CSV list, and asks which list it is', async () => {
    const noList = await t.request(
      'analyst',
      'POST',
      '/api/screening/lists/import',
      form('reference,kind,name\nX-1,individual,A B', 'x.csv'),
    );
    assert.deepEqual([noList.status, noList.body.errors[0].code], [400, 'screening.list-required']);
    const newWithoutName = await t.request(
      'analyst',
      'POST',
      '/api/screening/lists/import',
      form('reference,kind,name\nX-1,individual,A B', 'x.csv', { list: 'brand-new' }),
    );
    assert.deepEqual(
      [newWithoutName.status, newWithoutName.body.errors[0]],
      [400, { path: 'name', message: 'a new list needs a name', code: 'screening.list-name-required' }],
    );
    const columns = await t.request(
      'analyst',
      'POST',
      '/api/screening/lists/import',
      form('reference,type,name,surname\nX-1,individual,A,B', 'x.csv', {
        list: 'national',
        name: 'Liste nationale',
      }),
    );
    assert.equal(columns.status, 400);
    assert.deepEqual(
      columns.body.errors.map((e: { path: string; code: string }) => [e.path, e.code]),
      [
        ['columns.kind', 'screening.csv-column-missing'],
        ['columns.type', 'screening.csv-column-unknown'],
        ['columns.surname', 'screening.csv-column-unknown'],
      ],
    );
    const rows = await t.request(
      'analyst',
      'POST',
      '/api/screening/lists/import',
      form(
        'reference,kind,name,birth_dates,listed_on\nX-1,company,Acme,,\nX-1,individual,,1970-02-31,\nX-3,entity,Beta,,2024-13-01',
        'x.csv',
        {
          list: 'national',
          name: 'Liste nationale',
        },
      ),
    );
    assert.deepEqual([rows.status, rows.body.code], [400, 'screening.csv-rows']);
    assert.deepEqual(
      rows.body.errors.map((e: { path: string; code: string }) => [e.path, e.code]),
      [
        ['rows.2.kind', 'screening.csv-kind'],
        ['rows.3.name', 'screening.csv-required'],
        ['rows.3.reference', 'screening.csv-duplicate'],
        ['rows.3.birth_dates', 'screening.csv-date'],
        ['rows.4.listed_on', 'screening.csv-date'],
      ],
    );
  });
});
