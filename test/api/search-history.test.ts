import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type DemoCaller, ENGINE, startTestApp, type TestApp } from './harness.ts';

/** The global search shows each role only what its lists show; a record's history says how each event verifies. */
describe(`search and record history (${ENGINE})`, () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.close());

  const find = async (who: DemoCaller, q: string) => {
    const res = await app.request(who, 'GET', `/api/search?q=${encodeURIComponent(q)}&perType=20`);
    assert.equal(res.status, 200, res.text);
    return res.body as { types: string[]; items: { type: string; code: string; name: string; id: string }[] };
  };

  test('each role searches the kinds of its own work', async () => {
    assert.deepEqual((await find('analyst', 'ko')).types, ['site', 'organisation', 'lot', 'incident']);
    assert.deepEqual((await find('grievance_officer', 'ko')).types, ['site', 'incident', 'grievance']);
    assert.deepEqual((await find('monitor', 'ko')).types, ['site', 'lot', 'incident']);
    // An auditor reads only through its grant (decision 0027): no search.
    const auditor = await app.request('auditor', 'GET', '/api/search?q=ko');
    assert.equal(auditor.status, 403);
    assert.equal(auditor.body.code, 'audit.outside-access');
  });

  test('a monitor finds only the sites it is assigned; the analyst finds them all', async () => {
    const mine = await app.request('monitor', 'GET', '/api/site-assignments?current=true&limit=100');
    assert.equal(mine.status, 200, mine.text);
    const ended = mine.body.items[0];
    assert.equal(
      (await app.request('admin', 'POST', `/api/site-assignments/${ended.id}/end`, {})).status,
      200,
    );
    const listed = await app.request('monitor', 'GET', '/api/sites?limit=100');
    const own = new Set(listed.body.items.map((s: { id: string }) => s.id));
    const q = 'KZI';
    const monitor = (await find('monitor', q)).items.filter((h) => h.type === 'site');
    const analyst = (await find('analyst', q)).items.filter((h) => h.type === 'site');
    assert.ok(monitor.length > 0);
    assert.ok(monitor.every((h) => own.has(h.id)));
    assert.ok(analyst.length >= monitor.length);
    const code = (await app.request('analyst', 'GET', `/api/sites/${ended.site.id}`)).body.code;
    const byCode = (hits: { type: string; id: string }[]) =>
      hits.filter((h) => h.type === 'site').map((h) => h.id);
    assert.deepEqual(byCode((await find('monitor', code)).items), []);
    assert.deepEqual(byCode((await find('analyst', code)).items), [ended.site.id]);
  });

  test('grievances are found by case code by their officers only', async () => {
    const list = await app.request('grievance_officer', 'GET', '/api/grievances?limit=1');
    const code = list.body.items[0].caseCode as string;
    const hits = (await find('grievance_officer', code)).items.filter((h) => h.type === 'grievance');
    assert.deepEqual(
      hits.map((h) => h.code),
      [code],
    );
    assert.equal((await find('admin', code)).items.filter((h) => h.type === 'grievance').length, 0);
  });

  test('the query is at least 2 and at most 100 characters', async () => {
    for (const q of ['k', 'k'.repeat(101)]) {
      const res = await app.request('analyst', 'GET', `/api/search?q=${q}`);
      assert.equal(res.status, 400);
      assert.equal(res.body.errors[0].path, 'querystring.q');
    }
    assert.equal((await app.request(null, 'GET', '/api/search?q=ko')).status, 401);
  });

  test("a site's history lists its events; one altered in the database reads altered", async () => {
    const site = (await app.request('analyst', 'GET', '/api/sites?limit=1')).body.items[0];
    const path = `/api/event-log/records?subjectType=site&subjectId=${site.id}&limit=50`;
    const history = await app.request('analyst', 'GET', path);
    assert.equal(history.status, 200, history.text);
    assert.ok(history.body.items.length > 0);
    assert.ok(history.body.items.every((e: { verification: string }) => e.verification !== 'altered'));
    assert.ok(history.body.items.every((e: { subjectId: string }) => e.subjectId === site.id));
    const target = history.body.items.at(-1);
    await app.ctx.db.query(`UPDATE events SET payload = '{"forged": true}' WHERE seq = $1`, [target.seq]);
    const after = await app.request('analyst', 'GET', path);
    const states = new Map(
      after.body.items.map((e: { seq: number; verification: string }) => [e.seq, e.verification]),
    );
    assert.equal(states.get(target.seq), 'altered');
    assert.equal([...states.values()].filter((s) => s === 'altered').length, 1);
  });

  test("an incident's and a lot's histories; a cooperative may not read them, and an unknown record is 404", async () => {
    const incident = (await app.request('analyst', 'GET', '/api/incidents?limit=1')).body.items[0];
    const ih = await app.request(
      'analyst',
      'GET',
      `/api/event-log/records?subjectType=incident&subjectId=${incident.id}`,
    );
    assert.equal(ih.status, 200);
    assert.ok(
      ih.body.items.some((e: { type: string }) => e.type === 'incident.reported'),
      ih.text,
    );
    const lot = (await app.request('analyst', 'GET', '/api/lots?limit=1')).body.items[0];
    const lh = await app.request(
      'analyst',
      'GET',
      `/api/event-log/records?subjectType=lot&subjectId=${lot.id}`,
    );
    assert.equal(lh.status, 200);
    assert.ok(lh.body.items.length > 0, lh.text);
    assert.ok(lh.body.items.every((e: { subjectType: string }) => e.subjectType === 'custody_operation'));
    const coop = await app.request(
      'cooperative_manager',
      'GET',
      `/api/event-log/records?subjectType=incident&subjectId=${incident.id}`,
    );
    assert.equal(coop.status, 403);
    const unknown = await app.request(
      'analyst',
      'GET',
      '/api/event-log/records?subjectType=site&subjectId=0190a000-0000-7000-8000-000000000000',
    );
    assert.equal(unknown.status, 404);
  });
});
