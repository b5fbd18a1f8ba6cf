import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ENGINE, startTestApp, type TestApp } from './harness.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIME = /^\d{4}-\d\d-\d\d[T ]\d\d:\d\d/;
const DAY = /^\d{4}-\d\d-\d\d$/;
const encode = (key: unknown[]) => Buffer.from(JSON.stringify(key)).toString('base64url');

/** Every paged list, as a role that sees at least two of its rows. */
const LISTS: [role: Parameters<TestApp['request']>[0], path: string][] = [
  ['analyst', '/api/sites?sort=name'],
  ['analyst', '/api/organisations?sort=name'],
  ['analyst', '/api/persons'],
  ['analyst', '/api/licences'],
  ['admin', '/api/users'],
  ['analyst', '/api/incidents'],
  ['analyst', '/api/incidents?sort=-due'],
  ['analyst', '/api/incidents?sort=code'],
  ['admin', '/api/lots'],
  ['analyst', '/api/prices'],
  ['admin', '/api/lots?sort=-mass'],
  ['analyst', '/api/visits'],
  ['analyst', '/api/indicator-rules'],
  ['analyst', '/api/criteria-sets'],
  ['analyst', '/api/assessments'],
  ['analyst', '/api/corrective-actions'],
  ['grievance_officer', '/api/grievances'],
  ['downstream', '/api/alerts'],
  ['downstream', '/api/subscriptions'],
];

describe(`list cursors over HTTP (${ENGINE})`, () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({});
  });
  after(() => t.close());

  test('a forged cursor whose parts the database could not read is a 400 naming the cursor, on every list', async () => {
    const checked: string[] = [];
    for (const [role, path] of LISTS) {
      const join = path.includes('?') ? '&' : '?';
      const first = await t.request(role, 'GET', `${path}${join}limit=1`);
      assert.equal(first.status, 200, path);
      assert.ok(first.body.nextCursor, `${path} has a second page`);
      const key = JSON.parse(Buffer.from(first.body.nextCursor, 'base64url').toString()) as unknown[];
      const next = await t.request(role, 'GET', `${path}${join}limit=1&cursor=${first.body.nextCursor}`);
      assert.equal(next.status, 200, `${path} second page`);
      for (let i = 0; i < key.length; i++) {
        const part = key[i];
        const forged =
          typeof part === 'number'
            ? 2 ** 40
            : typeof part === 'string' && UUID.test(part)
              ? 'not-an-id'
              : typeof part === 'string' && (TIME.test(part) || DAY.test(part))
                ? part.replace(/^(\d{4})-\d\d-\d\d/, '$1-02-31')
                : undefined;
        if (forged === undefined) continue;
        const res = await t.request(
          role,
          'GET',
          `${path}${join}limit=1&cursor=${encode(key.map((k, j) => (j === i ? forged : k)))}`,
        );
        assert.equal(res.status, 400, `${path} with part ${i} forged as ${forged}`);
        assert.equal(res.body.errors[0].path, 'cursor', path);
        assert.equal(res.body.errors[0].code, 'common.field.cursor-foreign', path);
        checked.push(`${path}#${i}`);
      }
    }
    // Every list's cursor holds at least one part the database casts (an id, a time, a number), but the
    // sites', which holds the sorted text and the site's code.
    assert.deepEqual(
      [...new Set(checked.map((c) => c.split('#')[0]))],
      LISTS.map(([, path]) => path).filter((p) => !p.startsWith('/api/sites')),
    );
  });
  test('a cursor holding a long accented sort value is accepted back, to the end of the list', async () => {
    const siteId = (await t.request('analyst', 'GET', '/api/sites?q=KZI-001')).body.items[0].id;
    for (const letter of ['é', 'è'])
      assert.equal(
        (
          await t.request('analyst', 'POST', '/api/incidents', {
            siteId,
            level: 3,
            category: 'governance',
            title: letter.repeat(300),
            description: 'a title as long as the form allows',
          })
        ).status,
        201,
      );
    let cursor: string | null = '';
    let pages = 0;
    while (cursor !== null) {
      const res = await t.request(
        'analyst',
        'GET',
        `/api/incidents?sort=-title&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      );
      assert.equal(res.status, 200, `page ${pages + 1}`);
      cursor = res.body.nextCursor;
      pages++;
    }
    const all = (await t.request('analyst', 'GET', '/api/incidents?limit=200')).body.items.length;
    assert.equal(pages, all);
  });

  test('a cursor made under another order is a 400 naming the order it came from', async () => {
    const first = await t.request('analyst', 'GET', '/api/organisations?sort=-country&limit=1');
    assert.ok(first.body.nextCursor);
    const res = await t.request(
      'analyst',
      'GET',
      `/api/organisations?sort=name&cursor=${first.body.nextCursor}`,
    );
    assert.equal(res.status, 400);
    assert.deepEqual(res.body.errors, [
      {
        path: 'cursor',
        message: 'this cursor belongs to the list sorted by -country; start again without it',
        code: 'common.field.cursor-other-order',
        params: { order: '-country' },
      },
    ]);
  });
});
