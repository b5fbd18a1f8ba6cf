import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { createTokenForEmail } from '../../src/services/access/tokens.ts';
import { ENGINE, once, startTestApp, type TestApp } from './harness.ts';

/** Assignments of monitors and assessors to sites, what they then see, and the risk-based visit plan. */
describe(`site assignments and the visit plan over HTTP (${ENGINE})`, () => {
  let t: TestApp;
  const now = new Date('2026-11-20T10:00:00Z');
  before(async () => {
    t = await startTestApp({ clock: () => now });
  });
  after(() => t.close());

  const as = (token: string) => (method: string, path: string, body?: unknown) =>
    t.request(null, method, path, body, { authorization: `Bearer ${token}` });

  /** A new member of an organisation with a role, and a way to call the API as that person. */
  async function member(email: string, role: string, organisationId = t.orgOf.analyst) {
    const created = await t.request('admin', 'POST', '/api/users', {
      email,
      name: email.split('@')[0],
      memberships: [{ organisationId, role }],
    });
    assert.equal(created.status, 201);
    const { token } = await createTokenForEmail(t.ctx, email, { name: 'test' });
    return { id: created.body.id as string, call: as(token) };
  }

  const siteIds = once(async () => {
    const items = (await t.request('analyst', 'GET', '/api/sites?limit=200')).body.items as {
      id: string;
      code: string;
    }[];
    return Object.fromEntries(items.map((s) => [s.code, s.id])) as Record<string, string>;
  });

  const assign = (body: Record<string, unknown>) =>
    t.request('analyst', 'POST', '/api/site-assignments', body);

  /**
   * A second monitor of the programme, assigned from 1 October to a red site never visited (KZI-003), a suspended
   * red site with an open level-1 incident (KZI-007), a yellow (KZI-005) and a green site (LKS-001) it visited on
   * 19 November, and a new blue site never visited (PLN-001).
   */
  const monitor2 = once(async () => {
    const ids = await siteIds();
    const pln = await t.request('analyst', 'POST', '/api/sites', {
      code: 'PLN-001',
      name: 'Plan',
      province: 'Lualaba',
      geometry: { type: 'Point', coordinates: [25.5, -10.7] },
      minerals: ['cobalt'],
      cooperativeIds: [],
    });
    assert.equal(pln.status, 201);
    ids['PLN-001'] = pln.body.id;
    const m = await member('moniteur2@demo.amana.test', 'monitor');
    for (const code of ['KZI-003', 'KZI-007', 'KZI-005', 'LKS-001', 'PLN-001']) {
      const res = await assign({ siteId: ids[code], userId: m.id, startsAt: '2026-10-01T00:00:00Z' });
      assert.equal(res.status, 201, code);
    }
    for (const [code, at] of [
      ['KZI-005', '2026-11-19T08:00:00Z'],
      ['LKS-001', '2026-11-19T09:00:00Z'],
    ]) {
      const res = await m.call('POST', '/api/visits', {
        siteId: ids[code],
        visitedAt: at,
        indicators: { headCount: 12 },
      });
      assert.equal(res.status, 201, code);
    }
    return m;
  });

  test('an analyst assigns a monitor to sites; the assignment and its author are in the event log', async () => {
    const m = await monitor2();
    const me = (await t.request('analyst', 'GET', '/api/me')).body;
    const list = await t.request('analyst', 'GET', `/api/site-assignments?userId=${m.id}&limit=200`);
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.items.map((a: { site: { code: string } }) => a.site.code).sort(), [
      'KZI-003',
      'KZI-005',
      'KZI-007',
      'LKS-001',
      'PLN-001',
    ]);
    const first = list.body.items[0];
    assert.deepEqual(
      {
        role: first.role,
        startsAt: first.startsAt,
        endsAt: first.endsAt,
        assignedBy: first.assignedBy,
        user: first.user.email,
        createdAt: first.createdAt,
      },
      {
        role: 'monitor',
        startsAt: '2026-10-01T00:00:00.000Z',
        endsAt: null,
        assignedBy: me.id,
        user: 'moniteur2@demo.amana.test',
        createdAt: now.toISOString(),
      },
    );
    const events = await t.ctx.db.query<{ type: string; user_id: string; payload: { siteId: string } }>(
      'SELECT type, user_id, payload FROM events WHERE subject_id = $1 ORDER BY seq',
      [first.id],
    );
    assert.deepEqual(
      events.rows.map((e) => [e.type, e.user_id, e.payload.siteId]),
      [['site_assignment.made', me.id, first.site.id]],
    );
    // The monitor reads its own assignments, whatever it asks for.
    const own = await m.call(
      'GET',
      '/api/site-assignments?limit=200&userId=01960000-0000-7000-8000-000000000001',
    );
    assert.equal(own.body.items.length, 5);
  });

  test('a monitor sees only its sites: list, map, outlines, site page, status history, indicators and visits', async () => {
    const m = await monitor2();
    const ids = await siteIds();
    const codes = ['KZI-003', 'KZI-005', 'KZI-007', 'LKS-001', 'PLN-001'];
    const list = await m.call('GET', '/api/sites?limit=200');
    assert.deepEqual(
      list.body.items.map((s: { code: string }) => s.code),
      codes,
    );
    const red = await m.call('GET', '/api/sites?status=red');
    assert.deepEqual(
      red.body.items.map((s: { code: string }) => s.code),
      ['KZI-003', 'KZI-007'],
    );
    const map = await m.call('GET', '/api/sites/map');
    assert.deepEqual(
      map.body.sites.map((s: { code: string }) => s.code),
      codes,
    );
    const outlines = await m.call('GET', `/api/sites/outlines?ids=${Object.values(ids).join(',')}`);
    assert.deepEqual(
      outlines.body.items.map((o: { id: string }) => o.id),
      ['KZI-003', 'KZI-005', 'KZI-007', 'LKS-001'].map((c) => ids[c]),
    );
    assert.equal((await m.call('GET', `/api/sites/${ids['KZI-005']}`)).status, 200);
    for (const path of [
      `/api/sites/${ids['KZI-001']}`,
      `/api/sites/${ids['KZI-001']}/status-history`,
      `/api/sites/${ids['KZI-001']}/indicators`,
    ]) {
      const res = await m.call('GET', path);
      assert.equal(res.status, 404, path);
      assert.deepEqual([res.body.code, res.body.params], ['common.not-found', { record: 'site' }]);
    }
    const visits = (await m.call('GET', '/api/visits?limit=200')).body.items as { siteId: string }[];
    assert.ok(visits.length > 0);
    assert.deepEqual(
      [...new Set(visits.map((v) => v.siteId))].filter((id) => !codes.map((c) => ids[c]).includes(id)),
      [],
    );
    const exported = await m.call('GET', '/api/sites/export');
    assert.deepEqual(
      exported.body.features.map((f: { properties: { code: string } }) => f.properties.code),
      codes,
    );
    // The demo monitor, assigned to every demo site, still sees all of them; others see every site.
    assert.equal((await t.request('monitor', 'GET', '/api/sites?limit=200')).body.items.length, 12);
    assert.equal((await t.request('buyer', 'GET', '/api/sites?limit=200')).body.items.length, 13);
  });

  test('an assessor sees only the sites assigned to it', async () => {
    const ids = await siteIds();
    const a = await member('evaluateur2@demo.amana.test', 'assessor');
    assert.deepEqual((await a.call('GET', '/api/sites')).body.items, []);
    const res = await assign({ siteId: ids['LKS-003'], userId: a.id });
    assert.equal(res.status, 201);
    assert.deepEqual([res.body.role, res.body.startsAt], ['assessor', now.toISOString()]);
    assert.deepEqual(
      (await a.call('GET', '/api/sites')).body.items.map((s: { code: string }) => s.code),
      ['LKS-003'],
    );
    assert.deepEqual(
      (await a.call('GET', '/api/sites/map')).body.sites.map((s: { code: string }) => s.code),
      ['LKS-003'],
    );
  });

  test('a visit is judged against the assignments in force at its observation time', async () => {
    const m = await monitor2();
    const ids = await siteIds();
    const visit = (siteId: string, visitedAt: string) =>
      m.call('POST', '/api/visits', { siteId, visitedAt, indicators: { headCount: 5 } });
    const elsewhere = await visit(ids['KZI-001'], '2026-11-19T10:00:00Z');
    assert.equal(elsewhere.status, 403);
    assert.deepEqual(
      [elsewhere.body.code, elsewhere.body.params],
      ['monitoring.site-not-assigned', { visitedAt: '2026-11-19T10:00:00.000Z' }],
    );
    const beforeStart = await visit(ids['KZI-005'], '2026-09-30T23:59:59Z');
    assert.equal(beforeStart.status, 403);
    assert.equal(beforeStart.body.code, 'monitoring.site-not-assigned');

    // A third monitor, assigned to LKS-002 and then taken off it on 19 November at noon.
    const m3 = await member('moniteur3@demo.amana.test', 'monitor');
    const made = await assign({ siteId: ids['LKS-002'], userId: m3.id, startsAt: '2026-11-01T00:00:00Z' });
    const ended = await t.request('analyst', 'POST', `/api/site-assignments/${made.body.id}/end`, {
      endsAt: '2026-11-19T12:00:00Z',
    });
    assert.equal(ended.status, 200);
    const me = (await t.request('analyst', 'GET', '/api/me')).body;
    assert.deepEqual(
      [ended.body.endsAt, ended.body.endedBy, ended.body.endedRecordedAt],
      ['2026-11-19T12:00:00.000Z', me.id, now.toISOString()],
    );
    const late = await m3.call('POST', '/api/visits', {
      siteId: ids['LKS-002'],
      visitedAt: '2026-11-19T12:00:00Z',
      indicators: {},
    });
    assert.equal(late.status, 403);
    assert.equal(late.body.code, 'monitoring.site-not-assigned');
    // Sent days late, a visit made while the assignment held is taken.
    const inTime = await m3.call('POST', '/api/visits', {
      siteId: ids['LKS-002'],
      visitedAt: '2026-11-19T11:59:59Z',
      indicators: {},
    });
    assert.equal(inTime.status, 201);
    // Now off the site, the monitor no longer sees it.
    assert.deepEqual((await m3.call('GET', '/api/sites')).body.items, []);
    assert.equal((await m3.call('GET', `/api/sites/${ids['LKS-002']}`)).status, 404);
    const events = await t.ctx.db.query<{ type: string; user_id: string }>(
      'SELECT type, user_id FROM events WHERE subject_id = $1 ORDER BY seq',
      [made.body.id],
    );
    assert.deepEqual(
      events.rows.map((e) => [e.type, e.user_id]),
      [
        ['site_assignment.made', me.id],
        ['site_assignment.ended', me.id],
      ],
    );
    const again = await t.request('analyst', 'POST', `/api/site-assignments/${made.body.id}/end`, {});
    assert.equal(again.status, 409);
    assert.deepEqual(
      [again.body.code, again.body.params],
      ['monitoring.assignment-ended', { endsAt: '2026-11-19T12:00:00.000Z' }],
    );
  });

  test("the monitor's plan: level-1 first, then by due date, with exact due dates, paged", async () => {
    await monitor2();
    const m = await monitor2();
    const page1 = await m.call('GET', '/api/visit-plan?limit=2');
    assert.equal(page1.status, 200);
    const page2 = await m.call('GET', `/api/visit-plan?limit=2&cursor=${page1.body.nextCursor}`);
    const page3 = await m.call('GET', `/api/visit-plan?limit=2&cursor=${page2.body.nextCursor}`);
    assert.equal(page3.body.nextCursor, null);
    const rows = [...page1.body.items, ...page2.body.items, ...page3.body.items].map(
      (p: {
        site: { code: string; status: string; suspended: boolean };
        reason: string;
        everyDays: number;
        dueAt: string;
        lastVisitAt: string | null;
        overdue: boolean;
        daysOverdue: number;
        urgent: boolean;
      }) => [p.site.code, p.reason, p.everyDays, p.lastVisitAt, p.dueAt, p.urgent, p.overdue, p.daysOverdue],
    );
    assert.deepEqual(rows, [
      ['KZI-007', 'level1', 3, '2026-11-11T10:00:00.000Z', '2026-11-14T10:00:00.000Z', true, true, 6],
      ['KZI-003', 'red', 7, null, '2026-10-08T00:00:00.000Z', false, true, 43],
      ['PLN-001', 'blue', 14, null, '2026-10-15T00:00:00.000Z', false, true, 36],
      ['KZI-005', 'yellow', 14, '2026-11-19T08:00:00.000Z', '2026-12-03T08:00:00.000Z', false, false, 0],
      ['LKS-001', 'green', 30, '2026-11-19T09:00:00.000Z', '2026-12-19T09:00:00.000Z', false, false, 0],
    ]);
    assert.deepEqual(page1.body.items[0].site, {
      id: (await siteIds())['KZI-007'],
      code: 'KZI-007',
      name: 'Kanina',
      status: 'red',
      suspended: true,
    });
    assert.equal(page1.body.items[0].since, '2026-10-01T00:00:00.000Z');
  });

  test('the analyst sees overdue visits by monitor, most overdue first, paged', async () => {
    await monitor2();
    const first = await t.request('analyst', 'GET', '/api/visit-plan/overdue?limit=1');
    assert.equal(first.status, 200);
    assert.equal(first.body.items[0].monitor.email, 'monitor@demo.amana.test');
    const demoPlan = (await t.request('monitor', 'GET', '/api/visit-plan?limit=200')).body.items as {
      site: { code: string };
      overdue: boolean;
    }[];
    const demoOverdue = demoPlan.filter((p) => p.overdue).map((p) => p.site.code);
    assert.equal(first.body.items[0].overdue, demoOverdue.length);
    assert.deepEqual(
      first.body.items[0].sites.map((s: { site: { code: string } }) => s.site.code),
      demoOverdue,
    );
    const second = await t.request(
      'analyst',
      'GET',
      `/api/visit-plan/overdue?limit=1&cursor=${first.body.nextCursor}`,
    );
    assert.equal(second.body.items[0].monitor.email, 'moniteur2@demo.amana.test');
    assert.deepEqual(
      [
        second.body.items[0].overdue,
        second.body.items[0].sites.map((s: { site: { code: string }; dueAt: string }) => [
          s.site.code,
          s.dueAt,
        ]),
      ],
      [
        3,
        [
          ['KZI-007', '2026-11-14T10:00:00.000Z'],
          ['KZI-003', '2026-10-08T00:00:00.000Z'],
          ['PLN-001', '2026-10-15T00:00:00.000Z'],
        ],
      ],
    );
  });

  test('only the programme’s administrators and analysts manage assignments and read overdue visits; only monitors have a plan', async () => {
    const ids = await siteIds();
    const monitorId = (await t.request('monitor', 'GET', '/api/me')).body.id;
    for (const role of ['monitor', 'assessor', 'buyer', 'regulator', 'cooperative_manager'] as const) {
      const made = await t.request(role, 'POST', '/api/site-assignments', {
        siteId: ids['KZI-001'],
        userId: monitorId,
      });
      assert.deepEqual([made.status, made.body.code], [403, 'monitoring.assignment-role'], role);
      const overdue = await t.request(role, 'GET', '/api/visit-plan/overdue');
      assert.deepEqual([overdue.status, overdue.body.code], [403, 'monitoring.overdue-role'], role);
    }
    for (const role of ['buyer', 'regulator', 'downstream'] as const) {
      const listed = await t.request(role, 'GET', '/api/site-assignments');
      assert.deepEqual([listed.status, listed.body.code], [403, 'monitoring.assignment-role'], role);
    }
    for (const role of ['analyst', 'assessor', 'buyer'] as const) {
      const plan = await t.request(role, 'GET', '/api/visit-plan');
      assert.deepEqual([plan.status, plan.body.code], [403, 'monitoring.plan-monitors-only'], role);
    }
    // Whom an assignment may name: the organisation's monitors and assessors, by name, for its managers.
    await monitor2();
    const people = await t.request('analyst', 'GET', '/api/site-assignments/people?limit=1');
    assert.equal(people.status, 200);
    const all = [people.body.items[0]];
    let cursor = people.body.nextCursor;
    while (cursor) {
      const next = await t.request('analyst', 'GET', `/api/site-assignments/people?limit=1&cursor=${cursor}`);
      all.push(...next.body.items);
      cursor = next.body.nextCursor;
    }
    const named = all.map((p: { email: string; role: string }) => [p.email, p.role]);
    for (const expected of [
      ['assessor@demo.amana.test', 'assessor'],
      ['monitor@demo.amana.test', 'monitor'],
      ['moniteur2@demo.amana.test', 'monitor'],
    ])
      assert.ok(
        named.some((n: string[]) => n[0] === expected[0] && n[1] === expected[1]),
        expected[0],
      );
    assert.deepEqual(
      all.map((p: { name: string }) => p.name),
      all.map((p: { name: string }) => p.name).sort((a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)),
    );
    assert.ok(!named.some((n: string[]) => n[1] !== 'monitor' && n[1] !== 'assessor'));
    for (const role of ['monitor', 'buyer'] as const) {
      const res = await t.request(role, 'GET', '/api/site-assignments/people');
      assert.deepEqual([res.status, res.body.code], [403, 'monitoring.assignment-role'], role);
    }
    for (const path of [
      '/api/site-assignments',
      '/api/site-assignments/people',
      '/api/visit-plan',
      '/api/visit-plan/overdue',
    ])
      assert.equal((await t.request(null, 'GET', path)).status, 401, path);
  });

  test("another organisation's analyst neither sees, assigns nor ends the programme's assignments", async () => {
    const ids = await siteIds();
    const other = await member('analyste@saemape.test', 'analyst', t.orgOf.regulator);
    const monitorId = (await t.request('monitor', 'GET', '/api/me')).body.id;
    const made = await other.call('POST', '/api/site-assignments', {
      siteId: ids['KZI-001'],
      userId: monitorId,
    });
    assert.equal(made.status, 400);
    assert.deepEqual(made.body.errors, [
      {
        path: 'userId',
        message: 'not a member of your organisation',
        code: 'monitoring.assignee-not-member',
      },
    ]);
    assert.deepEqual((await other.call('GET', '/api/site-assignments')).body, {
      items: [],
      nextCursor: null,
    });
    assert.deepEqual((await other.call('GET', '/api/visit-plan/overdue')).body, {
      items: [],
      nextCursor: null,
    });
    const demo = (await t.request('analyst', 'GET', `/api/site-assignments?userId=${monitorId}&limit=1`)).body
      .items[0];
    const end = await other.call('POST', `/api/site-assignments/${demo.id}/end`, {});
    assert.deepEqual(
      [end.status, end.body.code, end.body.params],
      [404, 'common.not-found', { record: 'assignment' }],
    );
  });

  test('bad assignments are refused with the field and its code; a re-sent one is acknowledged once', async () => {
    const ids = await siteIds();
    const monitorId = (await t.request('monitor', 'GET', '/api/me')).body.id;
    const analystId = (await t.request('analyst', 'GET', '/api/me')).body.id;
    const buyerId = (await t.request('buyer', 'GET', '/api/me')).body.id;
    const malformed = await assign({ siteId: 'KZI-001', userId: monitorId, startsAt: 'yesterday' });
    assert.equal(malformed.status, 400);
    assert.deepEqual(
      malformed.body.errors.map((e: { path: string }) => e.path),
      ['siteId', 'startsAt'],
    );
    const unknown = await assign({ siteId: '01960000-0000-7000-8000-00000000dead', userId: analystId });
    assert.equal(unknown.status, 400);
    assert.deepEqual(unknown.body.errors, [
      { path: 'siteId', message: 'no such site', code: 'monitoring.no-such-site' },
      {
        path: 'userId',
        message: 'only monitors and assessors are assigned to sites',
        code: 'monitoring.assignee-not-field',
        params: { role: 'analyst' },
      },
    ]);
    const buyer = await assign({ siteId: ids['KZI-001'], userId: buyerId });
    assert.deepEqual(
      buyer.body.errors.map((e: { code: string }) => e.code),
      ['monitoring.assignee-not-member'],
    );
    const backwards = await assign({
      siteId: ids['KZI-001'],
      userId: monitorId,
      startsAt: '2027-02-01T00:00:00Z',
      endsAt: '2027-01-01T00:00:00Z',
    });
    assert.deepEqual(backwards.body.errors, [
      { path: 'endsAt', message: 'must be after the start', code: 'monitoring.assignment-end-before-start' },
    ]);
    // The demo monitor holds KZI-001 with no end: another assignment to it overlaps.
    const overlap = await assign({
      siteId: ids['KZI-001'],
      userId: monitorId,
      startsAt: '2027-01-01T00:00:00Z',
    });
    assert.equal(overlap.status, 409);
    assert.equal(overlap.body.code, 'monitoring.assignment-overlaps');
    const id = '019a0000-0000-7000-8000-0000000a5501';
    const a = await member('moniteur4@demo.amana.test', 'monitor');
    const body = { id, siteId: ids['KZI-002'], userId: a.id, startsAt: '2026-11-01T00:00:00Z' };
    assert.equal((await assign(body)).status, 201);
    const resent = await assign(body);
    assert.deepEqual([resent.status, resent.body.id], [200, id]);
    const reused = await assign({ ...body, siteId: ids['KZI-006'] });
    assert.equal(reused.status, 422);
    assert.equal(reused.body.code, 'common.id-reused');
    const endBefore = await t.request('analyst', 'POST', `/api/site-assignments/${id}/end`, {
      endsAt: '2026-10-01T00:00:00Z',
    });
    assert.deepEqual(
      [endBefore.status, endBefore.body.errors[0].code],
      [400, 'monitoring.assignment-end-before-start'],
    );
    const badEnd = await t.request('analyst', 'POST', `/api/site-assignments/${id}/end`, { endsAt: 'soon' });
    assert.deepEqual([badEnd.status, badEnd.body.errors[0].path], [400, 'endsAt']);
    const noSuch = await t.request('analyst', 'POST', '/api/site-assignments/not-an-id/end', {});
    assert.equal(noSuch.status, 400);
  });

  test('lists refuse a forged cursor, a foreign one and a limit out of range by the field', async () => {
    const forged = Buffer.from(JSON.stringify([1, 'not a time', 'x'])).toString('base64url');
    for (const path of ['/api/visit-plan', '/api/visit-plan/overdue', '/api/site-assignments']) {
      const who = path === '/api/visit-plan' ? 'monitor' : 'analyst';
      for (const query of [`cursor=${forged}`, 'cursor=%%%', 'limit=0', 'limit=201']) {
        const res = await t.request(who, 'GET', `${path}?${query}`);
        assert.equal(res.status, 400, `${path}?${query}`);
        assert.equal(
          res.body.errors[0].path.replace('querystring.', ''),
          query.split('=')[0],
          `${path}?${query}`,
        );
      }
    }
    const badFilter = await t.request('analyst', 'GET', '/api/site-assignments?current=maybe&siteId=x');
    assert.deepEqual(badFilter.body.errors.map((e: { path: string }) => e.path).sort(), [
      'querystring.current',
      'querystring.siteId',
    ]);
  });

  test('the visit frequencies come from the environment, within bounds', () => {
    assert.deepEqual(loadConfig({}).visitFrequencies, {
      level1: 3,
      suspended: 7,
      red: 7,
      yellow: 14,
      blue: 14,
      green: 30,
    });
    assert.equal(loadConfig({ AMANA_VISIT_DAYS_GREEN: '60' }).visitFrequencies.green, 60);
    assert.throws(() => loadConfig({ AMANA_VISIT_DAYS_RED: '0' }), ConfigError);
  });
});
