import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ENGINE, once, startTestApp, type TestApp } from './harness.ts';

/** The anonymous channel: anyone reports, officers decide, the reporter follows the case; identities stay sealed. */
describe(`grievances over HTTP (${ENGINE})`, () => {
  let t: TestApp;
  const logLines: string[] = [];
  const responses: string[] = [];
  const contact = {
    name: 'Mwamini Kasongo-Ilunga',
    phone: '+243 970 111 222',
    email: 'mwamini.k@example.cd',
  };
  let siteId: string;
  let withContact: { caseCode: string; secret: string };
  let anonymous: { caseCode: string; secret: string };

  before(async () => {
    t = await startTestApp({
      logLines,
      env: {
        AMANA_TRUST_PROXY: 'true',
        AMANA_GRIEVANCE_RATE_MAX: '4',
        AMANA_GRIEVANCE_KEY: Buffer.alloc(32, 7).toString('base64'),
      },
    });
    siteId = (await t.request('analyst', 'GET', '/api/sites?q=KZI-006')).body.items[0].id;
  });
  after(() => t.close());

  const pub = (method: string, path: string, body?: unknown, secret?: string, ip = '10.0.0.1') =>
    t.request(null, method, path, body, {
      'x-forwarded-for': ip,
      ...(secret ? { 'x-case-secret': secret } : {}),
    });
  const as = async (...args: Parameters<TestApp['request']>) => {
    const res = await t.request(...args);
    responses.push(res.text);
    return res;
  };

  /** The two cases the tests follow: one with contact details, one anonymous. */
  const reports = once(async () => {
    const res = await pub('POST', '/api/public/grievances', {
      siteId,
      description: 'Des policiers prennent 2 000 francs par sac à la barrière de Tulizembe.',
      language: 'fr',
      contact,
    });
    withContact = res.body;
    const anon = await pub('POST', '/api/public/grievances', {
      location: 'Route de Kanina, près du pont',
      description: 'Watoto wanafanya kazi kwenye shimo.',
      language: 'sw',
    });
    anonymous = anon.body;
    return { res, anon };
  });
  /** The case with contact validated into an incident. */
  const validation = once(async () => {
    await reports();
    const g = (await as('grievance_officer', 'GET', '/api/grievances?status=received')).body.items.find(
      (x: { caseCode: string }) => x.caseCode === withContact.caseCode,
    );
    const res = await as('grievance_officer', 'POST', `/api/grievances/${g.id}/validate`, {
      level: 2,
      category: 'security_forces',
      title: 'Police fee per sack at the Tulizembe gate',
      reason: 'Corroborated by the monitor’s visit',
      publicOutcome: 'Votre signalement a été vérifié et transmis. Un incident est ouvert.',
      revision: g.revision,
    });
    const incident = await as('analyst', 'GET', `/api/incidents/${res.body.incidentId}`);
    return { g, res, incident };
  });
  /** The incident travels like any other: verified, it alerts a subscriber. */
  const travelled = once(async () => {
    const { incident } = await validation();
    await as('downstream', 'POST', '/api/subscriptions', { siteId, emails: ['risk@nordkobolt.test'] });
    let inc = (
      await as('analyst', 'POST', `/api/incidents/${incident.body.id}/transitions`, {
        to: 'under_verification',
        reason: 'check',
        revision: incident.body.revision,
      })
    ).body;
    inc = (
      await as('analyst', 'POST', `/api/incidents/${incident.body.id}/transitions`, {
        to: 'verified',
        reason: 'confirmed',
        revision: inc.revision,
      })
    ).body;
    await as('downstream', 'GET', '/api/alerts');
    await as('downstream', 'GET', `/api/incidents/${incident.body.id}/timeline`);
  });
  /** The anonymous case rejected. */
  const rejection = once(async () => {
    await reports();
    const g = (await as('grievance_officer', 'GET', '/api/grievances?status=received')).body.items.find(
      (x: { caseCode: string }) => x.caseCode === anonymous.caseCode,
    );
    return as('grievance_officer', 'POST', `/api/grievances/${g.id}/reject`, {
      reason: 'Location outside any monitored site',
      publicOutcome: 'Hatukuweza kuthibitisha mahali hapa; tafadhali tuandikie tena.',
      revision: g.revision,
    });
  });
  /** Five reports from one address, then one from another. */
  const flood = once(async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push(
        (
          await pub(
            'POST',
            '/api/public/grievances',
            { location: 'x', description: 'spam spam spam spam', language: 'en' },
            undefined,
            '10.9.9.9',
          )
        ).status,
      );
    }
    const other = await pub(
      'POST',
      '/api/public/grievances',
      { location: 'x', description: 'a real report here', language: 'en' },
      undefined,
      '10.9.9.8',
    );
    return { statuses, other };
  });

  test('anyone reports, with or without contact details, and gets a case code and a secret', async () => {
    const { res, anon } = await reports();
    assert.equal(res.status, 201);
    assert.match(res.body.caseCode, /^GRV-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    assert.match(res.body.secret, /^[\w-]{24}$/);
    assert.equal(anon.status, 201);
  });

  test('bad reports are refused by field', async () => {
    const res = await pub('POST', '/api/public/grievances', { description: 'short', language: 'xx' });
    assert.equal(res.status, 400);
    assert.deepEqual(res.body.errors.map((e: { path: string }) => e.path).sort(), [
      'description',
      'language',
    ]);
    const nowhere = await pub('POST', '/api/public/grievances', {
      description: 'Quelque chose de grave est arrivé',
      language: 'fr',
    });
    assert.deepEqual(nowhere.body.errors, [
      {
        path: 'location',
        message: 'say where it happened: a site or a place',
        code: 'grievances.location-required',
      },
    ]);
  });

  test('the reporter follows the case with code and secret; a wrong secret looks like no case at all', async () => {
    await reports();
    const ok = await pub(
      'GET',
      `/api/public/grievances/${withContact.caseCode.toLowerCase().replaceAll('-', ' ')}`,
      undefined,
      withContact.secret,
    );
    assert.equal(ok.status, 200);
    assert.deepEqual(
      [ok.body.caseCode, ok.body.status, ok.body.outcome],
      [withContact.caseCode, 'received', null],
    );
    const wrong = await pub(
      'GET',
      `/api/public/grievances/${withContact.caseCode}`,
      undefined,
      anonymous.secret,
    );
    const unknown = await pub('GET', '/api/public/grievances/GRV-AAAA-AAAA', undefined, withContact.secret);
    assert.deepEqual([wrong.status, unknown.status], [404, 404]);
    assert.equal(wrong.body.detail, unknown.body.detail);
    assert.equal((await pub('GET', `/api/public/grievances/${withContact.caseCode}`)).status, 401);
  });

  test('attachments are type- and size-checked', async () => {
    await reports();
    const form = (bytes: Uint8Array<ArrayBuffer>, type: string) => {
      const f = new FormData();
      f.append('file', new Blob([bytes], { type }), 'barriere.jpg');
      return f;
    };
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    const ok = await pub(
      'POST',
      `/api/public/grievances/${withContact.caseCode}/attachments`,
      form(jpeg, 'image/jpeg'),
      withContact.secret,
      '10.0.0.9',
    );
    assert.equal(ok.status, 201);
    const html = await pub(
      'POST',
      `/api/public/grievances/${withContact.caseCode}/attachments`,
      form(new TextEncoder().encode('<html>') as Uint8Array<ArrayBuffer>, 'image/jpeg'),
      withContact.secret,
      '10.0.0.9',
    );
    assert.equal(html.status, 415);
  });

  test('only grievance officers see grievances, and only the single-case view carries the contact details', async () => {
    await reports();
    const list = await as('grievance_officer', 'GET', '/api/grievances');
    assert.equal(list.status, 200);
    assert.ok(list.body.items.some((g: { caseCode: string }) => g.caseCode === anonymous.caseCode));
    assert.ok(list.body.items.every((g: Record<string, unknown>) => !('contact' in g)));
    const id = list.body.items.find((g: { caseCode: string }) => g.caseCode === withContact.caseCode).id;
    const one = await t.request('grievance_officer', 'GET', `/api/grievances/${id}`);
    assert.deepEqual(one.body.contact, contact);
    assert.equal(one.body.anonymous, false);
    // The officer reads the site the reporter chose; a case naming only a place has none yet.
    assert.deepEqual(one.body.site, { id: siteId, code: 'KZI-006', name: 'Tulizembe', province: 'Lualaba' });
    const placeOnly = list.body.items.find((g: { caseCode: string }) => g.caseCode === anonymous.caseCode);
    assert.deepEqual([placeOnly.site, placeOnly.location], [null, 'Route de Kanina, près du pont']);
    for (const role of ['admin', 'analyst', 'monitor', 'downstream'] as const) {
      const single = await as(role, 'GET', `/api/grievances/${id}`);
      assert.equal(single.status, 403, role);
      assert.equal(single.body.code, 'grievances.officers-only', role);
      assert.equal((await as(role, 'GET', '/api/grievances')).status, 403, role);
    }
  });

  test('a validated grievance becomes an incident and the reporter reads the outcome', async () => {
    const { g, res, incident } = await validation();
    assert.equal(res.status, 200);
    assert.equal(res.body.status, 'validated');
    assert.deepEqual(
      [incident.body.source, incident.body.grievanceId, incident.body.level, incident.body.site.id],
      ['grievance', g.id, 2, siteId],
    );
    const seen = await pub(
      'GET',
      `/api/public/grievances/${withContact.caseCode}`,
      undefined,
      withContact.secret,
    );
    assert.deepEqual(
      [seen.body.status, seen.body.outcome],
      ['validated', 'Votre signalement a été vérifié et transmis. Un incident est ouvert.'],
    );
    const again = await as('grievance_officer', 'POST', `/api/grievances/${g.id}/reject`, {
      reason: 'x',
      publicOutcome: 'x',
      revision: res.body.revision,
    });
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'grievances.already-decided');
    assert.deepEqual(again.body.params, { case: withContact.caseCode, status: 'validated' });

    // The incident travels like any other: verified, it alerts a subscriber, with no word of the reporter.
    await travelled();
  });

  test('a rejection is explained to the reporter', async () => {
    const res = await rejection();
    assert.equal(res.body.status, 'rejected');
    const seen = await pub(
      'GET',
      `/api/public/grievances/${anonymous.caseCode}`,
      undefined,
      anonymous.secret,
    );
    assert.equal(seen.body.status, 'rejected');
  });

  test('one address cannot flood the form', async () => {
    const { statuses, other } = await flood();
    assert.deepEqual(statuses, [201, 201, 201, 201, 429]);
    assert.equal(other.status, 201);
  });

  test('the public site list is read a page at a time by code and searched by code or name', async () => {
    type Site = { id: string; code: string; name: string; province: string };
    const codes = (items: Site[]) => items.map((s) => s.code);
    const walk = async (query: string, limit: number) => {
      const seen: Site[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const path: string = `/api/public/sites?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
        const page = await pub('GET', path);
        assert.equal(page.status, 200, path);
        assert.ok(page.body.items.length <= limit);
        seen.push(...page.body.items);
        cursor = page.body.nextCursor;
        pages++;
      } while (cursor);
      return { seen, pages };
    };
    // Anyone reads it, without an account; each site says only its code, name and province.
    const all = (await pub('GET', '/api/public/sites?limit=200')).body;
    assert.equal(all.nextCursor, null);
    assert.ok(all.items.length >= 12, 'the demo sites');
    assert.deepEqual(Object.keys(all.items[0]).sort(), ['code', 'id', 'name', 'province']);
    assert.deepEqual(codes(all.items), codes(all.items).sort());
    assert.ok(all.items.some((s: Site) => s.id === siteId && s.code === 'KZI-006' && s.name === 'Tulizembe'));
    const first = await pub('GET', '/api/public/sites');
    assert.deepEqual(codes(first.body.items), codes(all.items).slice(0, 50));

    // Two pages by cursor: the first sites, then the next, no site twice.
    const one = await pub('GET', '/api/public/sites?limit=2');
    assert.deepEqual(codes(one.body.items), codes(all.items).slice(0, 2));
    const two = await pub('GET', `/api/public/sites?limit=2&cursor=${one.body.nextCursor}`);
    assert.deepEqual(codes(two.body.items), codes(all.items).slice(2, 4));
    const paged = await walk('', 5);
    assert.ok(paged.pages >= 3);
    assert.deepEqual(codes(paged.seen), codes(all.items));
    assert.equal(new Set(codes(paged.seen)).size, all.items.length);

    // Part of a code or of a name, in any case; the search holds on every page.
    const byName = await walk('q=KAN', 1);
    assert.ok(byName.seen.some((s) => s.name === 'Kanina'));
    assert.ok(byName.seen.every((s) => `${s.code} ${s.name}`.toLowerCase().includes('kan')));
    assert.deepEqual(
      codes(byName.seen),
      codes(all.items.filter((s: Site) => `${s.code} ${s.name}`.toLowerCase().includes('kan'))),
    );
    const byCode = await walk('q=lks-00', 2);
    assert.ok(byCode.seen.length >= 5);
    assert.ok(byCode.seen.every((s) => s.code.startsWith('LKS-00')));
    assert.deepEqual(codes((await walk('q=tulizemb', 10)).seen), ['KZI-006']);
    assert.deepEqual((await walk('q=%25', 5)).seen, [], 'a % is looked for, not a wildcard');
    assert.deepEqual((await walk('q=_', 5)).seen, [], 'an _ is looked for, not a wildcard');

    // A cursor the list did not make is refused by name.
    for (const cursor of [
      'bm9wZQ',
      Buffer.from('[3]').toString('base64url'),
      Buffer.from('["KZI-001","x"]').toString('base64url'),
    ]) {
      const res = await pub('GET', `/api/public/sites?cursor=${cursor}`);
      assert.equal(res.status, 400, cursor);
      assert.deepEqual(
        res.body.errors.map((e: { path: string }) => e.path),
        ['cursor'],
      );
    }
    assert.equal((await pub('GET', '/api/public/sites?limit=201')).status, 400);
  });

  test('the queue is read a page at a time, newest first, filtered and searched by the server', async () => {
    await reports();
    await flood();
    type Item = {
      id: string;
      caseCode: string;
      status: string;
      location: string;
      description: string;
      createdAt: string;
    };
    const ids = (items: Item[]) => items.map((g) => g.id);
    const walk = async (query: string, limit: number) => {
      const seen: Item[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const path: string = `/api/grievances?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
        const page = await as('grievance_officer', 'GET', path);
        assert.equal(page.status, 200, path);
        assert.ok(page.body.items.length <= limit);
        seen.push(...page.body.items);
        cursor = page.body.nextCursor;
        pages++;
      } while (cursor);
      return { seen, pages };
    };
    const all = (await as('grievance_officer', 'GET', '/api/grievances?limit=200')).body;
    assert.equal(all.nextCursor, null);
    assert.ok(all.items.length >= 8, 'the demo cases and those reported here');
    const times = all.items.map((g: Item) => g.createdAt);
    assert.deepEqual(times, [...times].sort().reverse());

    // Two at a time: every case once, in the same order, with no row twice.
    const paged = await walk('', 2);
    assert.ok(paged.pages >= 4);
    assert.deepEqual(ids(paged.seen), ids(all.items));
    assert.equal(new Set(ids(paged.seen)).size, all.items.length);

    // The status filter holds on every page.
    const received = await walk('status=received', 1);
    assert.ok(received.seen.length >= 2);
    assert.deepEqual(ids(received.seen), ids(all.items.filter((g: Item) => g.status === 'received')));

    // Oldest first is the same queue reversed.
    const oldest = await walk('sort=date', 3);
    assert.deepEqual(ids(oldest.seen), ids(all.items).reverse());

    // Words are looked for in the case code, the place and the description.
    const kanina = await walk('q=KANINA', 1);
    assert.ok(kanina.seen.some((g) => g.caseCode === anonymous.caseCode));
    assert.ok(
      kanina.seen.every((g) =>
        `${g.caseCode} ${g.location} ${g.description}`.toLowerCase().includes('kanina'),
      ),
    );
    assert.deepEqual((await walk('q=%25', 5)).seen, [], 'a % is looked for, not a wildcard');
    const byCode = await walk(`q=${withContact.caseCode.slice(4)}`, 5);
    assert.deepEqual(
      byCode.seen.map((g) => g.caseCode),
      [withContact.caseCode],
    );

    // A cursor the list did not make, or made under the other order, is refused by name.
    const first = await as('grievance_officer', 'GET', '/api/grievances?limit=1');
    const ascending = await as('grievance_officer', 'GET', '/api/grievances?limit=1&sort=date');
    const forged = [
      'bm9wZQ',
      Buffer.from('["-date","yesterday","x"]').toString('base64url'),
      Buffer.from('["-date","2026-02-31T10:00:00.000000Z","0190e000-0000-7000-8000-000000000000"]').toString(
        'base64url',
      ),
      Buffer.from(`["-date","${all.items[0].createdAt.replace('Z', '000Z')}","not-a-uuid"]`).toString(
        'base64url',
      ),
      ascending.body.nextCursor,
    ];
    for (const cursor of forged) {
      const res = await as('grievance_officer', 'GET', `/api/grievances?cursor=${cursor}`);
      assert.equal(res.status, 400, cursor);
      assert.deepEqual(
        res.body.errors.map((e: { path: string }) => e.path),
        ['cursor'],
      );
    }
    const second = await as(
      'grievance_officer',
      'GET',
      `/api/grievances?limit=1&cursor=${first.body.nextCursor}`,
    );
    assert.deepEqual(ids(second.body.items), [all.items[1].id]);
    assert.equal((await as('grievance_officer', 'GET', '/api/grievances?limit=201')).status, 400);
  });

  test("the reporter's identity appears in no other answer, export, log line or event", async () => {
    // The cases' whole course here: reported, validated into an incident that alerts, rejected, flooded.
    await travelled();
    await rejection();
    await flood();
    responses.push((await t.request('analyst', 'GET', '/api/incidents')).text);
    responses.push((await t.request('regulator', 'GET', '/api/sites/export?format=csv')).text);
    responses.push((await t.request('downstream', 'GET', '/api/deliveries')).text);
    const events = await t.ctx.db.query<{ payload: unknown }>('SELECT payload FROM events');
    const grievanceRows = await t.ctx.db.query<{ row: unknown }>(
      'SELECT to_jsonb(g) - $1 AS row FROM grievances g',
      ['contact_sealed'],
    );
    const haystack = [
      ...responses,
      ...logLines,
      JSON.stringify(events.rows),
      JSON.stringify(grievanceRows.rows),
    ].join('\n');
    assert.ok(logLines.length > 20, 'the server logged requests');
    for (const needle of ['Mwamini', 'Kasongo-Ilunga', '970 111 222', '970111222', 'mwamini.k@example.cd']) {
      assert.equal(haystack.includes(needle), false, `found ${needle}`);
    }
    const sealed = await t.ctx.db.query<{ contact_sealed: string }>(
      'SELECT contact_sealed FROM grievances WHERE case_code = $1',
      [withContact.caseCode],
    );
    assert.equal(sealed.rows.length, 1);
    assert.equal(sealed.rows[0].contact_sealed.includes('Mwamini'), false);
  });

  test('a decided case takes no more attachments, and an outcome waits for the decision', async () => {
    const form = new FormData();
    form.append(
      'file',
      new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0])], {
        type: 'image/png',
      }),
      'photo.png',
    );
    const late = await t.request(
      null,
      'POST',
      `/api/public/grievances/${withContact.caseCode}/attachments`,
      form,
      {
        'x-forwarded-for': '10.0.0.77',
        'x-case-secret': withContact.secret,
      },
    );
    assert.equal(late.status, 409);
    assert.equal(late.body.code, 'grievances.case-decided');
    const fresh = await pub(
      'POST',
      '/api/public/grievances',
      { siteId, description: 'Des creuseurs blessés ne sont pas soignés', language: 'fr' },
      undefined,
      '10.0.0.78',
    );
    assert.equal(fresh.status, 201);
    const g = (await as('grievance_officer', 'GET', '/api/grievances?status=received')).body.items.find(
      (x: { caseCode: string }) => x.caseCode === fresh.body.caseCode,
    );
    const early = await as('grievance_officer', 'POST', `/api/grievances/${g.id}/outcome`, {
      publicOutcome: 'En cours',
      revision: g.revision,
    });
    assert.equal(early.status, 409);
    assert.equal(early.body.code, 'grievances.decide-first');
  });
});
