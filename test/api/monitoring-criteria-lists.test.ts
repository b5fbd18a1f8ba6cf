import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ENGINE, startTestApp, type TestApp, type TestResponse } from './harness.ts';

const FORGED = {
  path: 'cursor',
  message: 'this cursor was not issued by this list; start again without it',
  code: 'common.field.cursor-foreign',
};
/** A cursor of the right shape whose parts are not what the list sorts by. */
const shaped = (key: unknown[]) => Buffer.from(JSON.stringify(key)).toString('base64url');

/** Visits, indicator rules and criteria sets are read one page at a time, each page after the previous. */
describe(`visit, indicator rule and criteria set lists over HTTP (${ENGINE})`, () => {
  let t: TestApp;
  const now = new Date('2026-06-01T10:00:00Z');
  let siteId: string;
  let otherSiteId: string;
  before(async () => {
    t = await startTestApp({ clock: () => now });
    siteId = (await t.request('monitor', 'GET', '/api/sites?q=KZI-001')).body.items[0].id;
    otherSiteId = (await t.request('monitor', 'GET', '/api/sites?q=KZI-002')).body.items[0].id;
    // Three visits observed at the same instant (their order is by id), and two more on another site.
    const visits = [
      ['01960000-0000-7000-8000-0000000000c1', siteId, '2026-05-20T09:00:00Z'],
      ['01960000-0000-7000-8000-0000000000c3', siteId, '2026-05-20T09:00:00Z'],
      ['01960000-0000-7000-8000-0000000000c2', siteId, '2026-05-20T09:00:00Z'],
      ['01960000-0000-7000-8000-0000000000c4', siteId, '2026-05-10T09:00:00Z'],
      ['01960000-0000-7000-8000-0000000000c5', otherSiteId, '2026-05-15T09:00:00Z'],
      ['01960000-0000-7000-8000-0000000000c6', otherSiteId, '2026-05-25T09:00:00Z'],
    ];
    for (const [id, site, visitedAt] of visits) {
      const res = await t.request('monitor', 'POST', '/api/visits', {
        id,
        siteId: site,
        visitedAt,
        indicators: { headCount: 40 },
      });
      assert.equal(res.status, 201);
    }
  });
  after(() => t.close());

  /** Every item of a list, following its cursor with `limit` per page; checks that each page is full but the last. */
  async function follow<T>(path: string, limit: number, role: 'analyst' | 'monitor' = 'analyst') {
    const items: T[] = [];
    const pages: TestResponse[] = [];
    let cursor: string | null = null;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const q: string = `${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await t.request(role, 'GET', q);
      assert.equal(page.status, 200, q);
      pages.push(page);
      items.push(...page.body.items);
      cursor = page.body.nextCursor;
      if (cursor) assert.equal(page.body.items.length, limit, 'a page before the last is full');
    } while (cursor);
    return { items, pages };
  }

  type Visit = { id: string; siteId: string; visitedAt: string };
  const newestFirst = (a: Visit, b: Visit) =>
    a.visitedAt === b.visitedAt ? (a.id < b.id ? 1 : -1) : a.visitedAt < b.visitedAt ? 1 : -1;

  test('visits come newest observation first, ties on id, two at a time without a row twice', async () => {
    const whole = await t.request('analyst', 'GET', '/api/visits?limit=200');
    assert.equal(whole.body.nextCursor, null);
    const all: Visit[] = whole.body.items;
    assert.ok(all.length >= 6);
    assert.deepEqual(all, [...all].sort(newestFirst));

    const first = await t.request('analyst', 'GET', '/api/visits?limit=2');
    assert.equal(first.body.items.length, 2);
    assert.equal(typeof first.body.nextCursor, 'string');
    const second = await t.request('analyst', 'GET', `/api/visits?limit=2&cursor=${first.body.nextCursor}`);
    assert.equal(second.status, 200);
    assert.deepEqual(
      [...first.body.items, ...second.body.items].map((v: Visit) => v.id),
      all.slice(0, 4).map((v) => v.id),
    );

    const { items } = await follow<Visit>('/api/visits', 2);
    assert.deepEqual(
      items.map((v) => v.id),
      all.map((v) => v.id),
    );
    assert.equal(new Set(items.map((v) => v.id)).size, items.length);
  });

  test("a site's visits over a period page in the same order, the filters kept on every page", async () => {
    const period = (site: string, from: string, to?: string) =>
      `/api/visits?siteId=${site}&from=${from}${to ? `&to=${to}` : ''}`;
    const ofSite = async (site: string, from: string, to?: string) =>
      (
        (await t.request('analyst', 'GET', `/api/visits?siteId=${site}&limit=200`)).body.items as Visit[]
      ).filter((v) => v.visitedAt >= from && (!to || v.visitedAt < to));
    const from = '2026-05-01T00:00:00.000Z';
    const to = '2026-06-01T00:00:00.000Z';
    const { items } = await follow<Visit>(period(siteId, from, to), 1, 'monitor');
    assert.deepEqual(items, await ofSite(siteId, from, to));
    assert.ok(items.every((v) => v.siteId === siteId && v.visitedAt >= from && v.visitedAt < to));
    const ours = items.map((v) => v.id).filter((id) => id.startsWith('01960000-0000-7000-8000-0000000000c'));
    assert.deepEqual(ours, [
      '01960000-0000-7000-8000-0000000000c3',
      '01960000-0000-7000-8000-0000000000c2',
      '01960000-0000-7000-8000-0000000000c1',
      '01960000-0000-7000-8000-0000000000c4',
    ]);
    const later = '2026-05-12T00:00:00.000Z';
    const other = await follow<Visit>(period(otherSiteId, later), 1);
    assert.deepEqual(other.items, await ofSite(otherSiteId, later));
    assert.deepEqual(
      other.items.map((v) => v.id).filter((id) => id.startsWith('01960000-0000-7000-8000-0000000000c')),
      ['01960000-0000-7000-8000-0000000000c6', '01960000-0000-7000-8000-0000000000c5'],
    );
  });

  test('a visit list cursor not made by the list, and a page size out of range, are refused by name', async () => {
    for (const cursor of [
      'bm9wZQ',
      shaped(['yesterday', 'x']),
      shaped([1, 2]),
      shaped(['2026-05-20T09:00:00Z']),
      shaped(['2026-02-30T09:00:00Z', '01960000-0000-7000-8000-0000000000c1']),
      shaped(['1 May 2026', '01960000-0000-7000-8000-0000000000c1']),
      shaped(['0000-01-01T00:00:00Z', '01960000-0000-7000-8000-0000000000c1']),
    ]) {
      const res = await t.request('analyst', 'GET', `/api/visits?cursor=${cursor}`);
      assert.equal(res.status, 400, cursor);
      assert.deepEqual(res.body.errors, [FORGED]);
    }
    for (const limit of [0, 201]) {
      const res = await t.request('analyst', 'GET', `/api/visits?limit=${limit}`);
      assert.equal(res.status, 400);
      assert.deepEqual(
        res.body.errors.map((e: { path: string }) => e.path),
        ['querystring.limit'],
      );
    }
    // The registry's staff read visits, page or no page.
    assert.equal((await t.request('buyer', 'GET', '/api/visits?limit=1')).status, 403);
  });

  type Rule = { code: string; level: number };
  test('indicator rules come by level then code, page after page', async () => {
    const whole = (await t.request('buyer', 'GET', '/api/indicator-rules')).body;
    assert.equal(whole.nextCursor, null);
    const all: Rule[] = whole.items;
    assert.ok(all.length >= 5);
    assert.deepEqual(
      all,
      [...all].sort((a, b) => a.level - b.level || (a.code < b.code ? -1 : 1)),
    );
    const first = (await t.request('analyst', 'GET', '/api/indicator-rules?limit=2')).body;
    const second = (
      await t.request('analyst', 'GET', `/api/indicator-rules?limit=2&cursor=${first.nextCursor}`)
    ).body;
    assert.deepEqual(
      [...first.items, ...second.items].map((r: Rule) => r.code),
      all.slice(0, 4).map((r) => r.code),
    );
    const { items } = await follow<Rule>('/api/indicator-rules', 2);
    assert.deepEqual(items, all);
    assert.equal(new Set(items.map((r) => r.code)).size, items.length);
    for (const cursor of [
      'bm9wZQ',
      shaped(['one', 'R-CHILD']),
      shaped([1.5, 'R-CHILD']),
      shaped([1e20, 'R-CHILD']),
    ]) {
      const res = await t.request('analyst', 'GET', `/api/indicator-rules?cursor=${cursor}`);
      assert.equal(res.status, 400, cursor);
      assert.deepEqual(res.body.errors, [FORGED]);
    }
  });

  type SetSummary = { id: string; key: string; version: number; kind: string; status: string };
  test('criteria sets come by key, newest version first, one at a time, with their filters', async () => {
    const baseline = (await t.request('analyst', 'GET', '/api/criteria-sets?key=amana-asm-baseline')).body
      .items[0];
    const next = await t.request('analyst', 'POST', `/api/criteria-sets/${baseline.id}/versions`);
    assert.equal(next.status, 201);
    const whole = (await t.request('assessor', 'GET', '/api/criteria-sets?limit=200')).body;
    assert.equal(whole.nextCursor, null);
    const all: SetSummary[] = whole.items;
    assert.deepEqual(
      all.map((s) => [s.key, s.version]),
      [...all]
        .sort((a, b) => (a.key === b.key ? b.version - a.version : a.key < b.key ? -1 : 1))
        .map((s) => [s.key, s.version]),
    );
    const versions = all.filter((s) => s.key === 'amana-asm-baseline').map((s) => s.version);
    assert.deepEqual(versions, [baseline.version + 1, baseline.version]);

    const first = (await t.request('assessor', 'GET', '/api/criteria-sets?limit=1')).body;
    const second = (
      await t.request('assessor', 'GET', `/api/criteria-sets?limit=1&cursor=${first.nextCursor}`)
    ).body;
    assert.deepEqual(
      [...first.items, ...second.items].map((s: SetSummary) => s.id),
      all.slice(0, 2).map((s) => s.id),
    );
    const { items } = await follow<SetSummary>('/api/criteria-sets', 1);
    assert.deepEqual(
      items.map((s) => s.id),
      all.map((s) => s.id),
    );
    assert.equal(new Set(items.map((s) => s.id)).size, items.length);

    const published = await follow<SetSummary>('/api/criteria-sets?kind=site&status=published', 1);
    assert.deepEqual(
      published.items.map((s) => s.id),
      all.filter((s) => s.kind === 'site' && s.status === 'published').map((s) => s.id),
    );
    assert.ok(published.items.length > 0);
    const ofKey = await follow<SetSummary>('/api/criteria-sets?key=amana-asm-baseline', 1);
    assert.deepEqual(
      ofKey.items.map((s) => s.version),
      versions,
    );

    for (const cursor of [
      'bm9wZQ',
      shaped(['amana-asm-baseline', 'two']),
      shaped([3, 1]),
      shaped(['amana-asm-baseline', 2 ** 40]),
    ]) {
      const res = await t.request('assessor', 'GET', `/api/criteria-sets?cursor=${cursor}`);
      assert.equal(res.status, 400, cursor);
      assert.deepEqual(res.body.errors, [FORGED]);
    }
  });
});
