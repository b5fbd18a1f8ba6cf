import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DEMO_SCREENING } from '../../src/demo/demo-world.ts';
import { screenAllPending } from '../../src/services/screening/screen.ts';
import { ENGINE, startTestApp, type TestApp } from './harness.ts';

const UN_2020 = fs.readFileSync(
  path.resolve(import.meta.dirname, '../fixtures/sanctions/un-consolidated-2020-03-20.xml'),
);

describe(`merging two records of one actor or site, keeping both histories, over HTTP (${ENGINE})`, () => {
  let t: TestApp;
  let company: string;
  before(async () => {
    t = await startTestApp({});
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(UN_2020)]), 'un.xml');
    assert.equal((await t.request('analyst', 'POST', '/api/screening/lists/import', form)).status, 201);
    await screenAllPending(t.ctx);
    company = t.orgs[DEMO_SCREENING.company.legalName];
  });
  after(() => t.close());

  const merge = (role: Parameters<TestApp['request']>[0], body: Record<string, unknown>) =>
    t.request(role, 'POST', '/api/screening/merges', { reason: 'the same actor registered twice', ...body });
  const post = async (p: string, body: unknown) => {
    const res = await t.request('analyst', 'POST', p, body);
    assert.equal(res.status, 201, res.text);
    return res.body;
  };
  /** A read without following the redirect. */
  const raw = (p: string) =>
    fetch(`${t.url}${p}`, { headers: { authorization: `Bearer ${t.tokens.analyst}` }, redirect: 'manual' });
  const eventsOf = async (id: string) =>
    (
      await t.ctx.db.query<{ seq: number; type: string; hash: string }>(
        'SELECT seq, type, hash FROM events WHERE subject_id = $1 ORDER BY seq',
        [id],
      )
    ).rows;

  test('merges a duplicate organisation into the registered one: its people, numbers and licences move, its events stay', async () => {
    const dup = await post('/api/organisations', {
      legalName: 'TANGANYIKA MINERALS NEGOCE',
      chainRoles: ['trader'],
      country: 'CD',
      registrationNumbers: [{ scheme: 'id_nat', number: '05-H4901-N77777X' }],
    });
    const person = await post('/api/persons', {
      organisationId: dup.id,
      fullName: 'Mwamba Tshibangu',
      kind: 'contact',
    });
    const licence = await post('/api/licences', {
      holderOrganisationId: dup.id,
      type: 'trader_card',
      number: 'NEG-TMN-2',
      issuer: 'Division provinciale des Mines',
      zoneCode: 'ZEA-LUA-01',
      validFrom: '2026-01-01',
    });
    const rejected = await post(`/api/organisations/${dup.id}/kyc-reviews`, {
      decision: 'rejected',
      reason: 'Registered twice: see the RCCM of the trader',
      version: dup.version,
    });
    const before = await eventsOf(dup.id);
    assert.deepEqual(
      before.map((e) => e.type),
      ['organisation.registered', 'kyc.reviewed'],
    );

    const res = await merge('analyst', { recordType: 'organisation', mergedId: dup.id, survivorId: company });
    assert.equal(res.status, 201, res.text);
    assert.deepEqual(
      [res.body.merged, res.body.survivor, res.body.reason, res.body.hits],
      [
        { id: dup.id, name: 'TANGANYIKA MINERALS NEGOCE' },
        { id: company, name: DEMO_SCREENING.company.legalName },
        'the same actor registered twice',
        { moved: [], closed: [] },
      ],
    );
    assert.deepEqual(res.body.moved, {
      persons: [person.id],
      licences: [licence.id],
      ownershipLinks: [],
      sitesOperated: [],
      registrationNumbers: ['id_nat:05-H4901-N77777X'],
      documents: [],
    });

    // The merged record's events are untouched; one more says who merged it into what.
    const after = await eventsOf(dup.id);
    assert.deepEqual(after.slice(0, 2), before);
    assert.deepEqual(
      after.map((e) => e.type),
      ['organisation.registered', 'kyc.reviewed', 'organisation.merged'],
    );
    const [logged] = (
      await t.ctx.db.query<{ user_id: string; payload: { into: string; mergeId: string } }>(
        'SELECT user_id, payload FROM events WHERE seq = $1',
        [after[2].seq],
      )
    ).rows;
    assert.deepEqual([logged.payload.into, logged.payload.mergeId], [company, res.body.id]);
    assert.equal(logged.user_id, res.body.mergedBy.id);

    // Reading the merged record redirects to the survivor, which now holds what moved.
    const redirect = await raw(`/api/organisations/${dup.id}`);
    assert.deepEqual(
      [redirect.status, redirect.headers.get('location')],
      [308, `/api/organisations/${company}`],
    );
    const read = await t.request('analyst', 'GET', `/api/organisations/${dup.id}`);
    assert.deepEqual([read.status, read.body.id], [200, company]);
    assert.deepEqual(read.body.registrationNumbers, [
      { scheme: 'id_nat', number: '05-H4901-N77777X' },
      { scheme: 'rccm', number: DEMO_SCREENING.company.rccm },
    ]);
    const people = await t.request('analyst', 'GET', `/api/persons?organisationId=${company}`);
    assert.deepEqual(
      people.body.items.map((p: { fullName: string }) => p.fullName),
      [DEMO_SCREENING.director.fullName, 'Mwamba Tshibangu'],
    );
    // What happened to the merged record stays its own and is read with the survivor's: its KYC decision.
    const reviews = await t.request('analyst', 'GET', `/api/organisations/${company}/kyc-reviews`);
    assert.deepEqual(reviews.body.map((r: { id: string; decision: string }) => [r.id, r.decision]).at(-1), [
      rejected.id,
      'rejected',
    ]);
    assert.equal(reviews.body.length, 2);
    assert.equal(read.body.kyc.status, 'verified');
    const listed = await t.request('analyst', 'GET', '/api/organisations?q=TANGANYIKA');
    assert.deepEqual(
      listed.body.items.map((o: { id: string }) => o.id),
      [company],
    );

    // The survivor's history holds both records' events, newest first, paged.
    const first = await t.request('analyst', 'GET', `/api/organisations/${company}/history?limit=2`);
    assert.equal(first.status, 200, first.text);
    assert.deepEqual(
      first.body.items.map((e: { type: string; subjectId: string }) => [e.type, e.subjectId]),
      [
        ['organisation.merged', dup.id],
        ['kyc.reviewed', dup.id],
      ],
    );
    assert.equal(first.body.items[0].by.name, 'Grace Mbuyi');
    const rest = await t.request(
      'analyst',
      'GET',
      `/api/organisations/${company}/history?limit=50&cursor=${first.body.nextCursor}`,
    );
    assert.deepEqual(rest.body.items[0], {
      ...rest.body.items[0],
      type: 'organisation.registered',
      subjectId: dup.id,
    });
    assert.ok(rest.body.items.slice(1).every((e: { subjectId: string }) => e.subjectId === company));
    assert.equal(rest.body.items.at(-1).type, 'organisation.registered');

    const merges = await t.request(
      'regulator',
      'GET',
      `/api/screening/merges?recordType=organisation&survivorId=${company}&limit=1`,
    );
    assert.deepEqual(
      merges.body.items.map((m: { merged: unknown; mergedBy: { name: string } }) => [
        m.merged,
        m.mergedBy.name,
      ]),
      [[{ id: dup.id, name: 'TANGANYIKA MINERALS NEGOCE' }, 'Grace Mbuyi']],
    );
    assert.equal(merges.body.nextCursor, null);

    // Merging into the merged record, or merging it again, makes no sense.
    const into = await merge('analyst', {
      recordType: 'organisation',
      mergedId: t.orgs['Ets Mwamba Négoce'],
      survivorId: dup.id,
    });
    assert.deepEqual([into.status, into.body.code], [409, 'screening.merge-survivor-merged']);
    const again = await merge('analyst', {
      recordType: 'organisation',
      mergedId: dup.id,
      survivorId: company,
    });
    assert.deepEqual([again.status, again.body.code], [409, 'screening.merge-merged']);
  });

  test("a merged person's open hit becomes the survivor's, or closes as merged where the survivor holds the pair", async () => {
    const variant = (fullName: string) =>
      post('/api/persons', { organisationId: company, fullName, kind: 'owner', birthYear: 1974 });
    const plain = await post('/api/persons', {
      organisationId: company,
      fullName: 'Kabeya Ilunga',
      kind: 'owner',
    });
    const first = await variant('Gedeon Kyungu Mutanga');
    const second = await variant('MUTANGA Gédéon Kiungu');
    const hitOf = async (subjectId: string) =>
      (await t.request('analyst', 'GET', `/api/screening/hits?subjectId=${subjectId}`)).body.items;
    const [hit] = await hitOf(first.id);
    assert.equal(hit.reference, 'CDi.035');

    const moved = await merge('analyst', { recordType: 'person', mergedId: first.id, survivorId: plain.id });
    assert.equal(moved.status, 201, moved.text);
    assert.deepEqual(moved.body.hits, { moved: [hit.id], closed: [] });
    assert.deepEqual(
      (await hitOf(plain.id)).map((h: { id: string; subject: { id: string } }) => [h.id, h.subject.id]),
      [[hit.id, plain.id]],
    );
    const [secondHit] = await hitOf(second.id);
    const closed = await merge('analyst', {
      recordType: 'person',
      mergedId: second.id,
      survivorId: plain.id,
    });
    assert.deepEqual(closed.body.hits, { moved: [], closed: [secondHit.id] });
    const detail = await t.request('analyst', 'GET', `/api/screening/hits/${secondHit.id}`);
    assert.deepEqual(
      [detail.body.status, detail.body.history.map((h: { action: string }) => h.action)],
      ['merged', ['raised', 'merged']],
    );
    const redirect = await raw(`/api/persons/${first.id}`);
    assert.deepEqual([redirect.status, redirect.headers.get('location')], [308, `/api/persons/${plain.id}`]);
    const history = await t.request('analyst', 'GET', `/api/persons/${plain.id}/history`);
    assert.deepEqual(
      history.body.items.map((e: { type: string; subjectId: string }) => [e.type, e.subjectId]),
      [
        ['person.merged', second.id],
        ['person.merged', first.id],
        ['person.registered', second.id],
        ['person.registered', first.id],
        ['person.registered', plain.id],
      ],
    );
    const other = await merge('analyst', {
      recordType: 'person',
      mergedId: plain.id,
      survivorId: (
        await t.request(
          'analyst',
          'GET',
          `/api/persons?organisationId=${t.orgOf.cooperative_manager}&limit=1`,
        )
      ).body.items[0].id,
    });
    assert.deepEqual([other.status, other.body.code], [409, 'screening.merge-other-organisation']);
  });

  test("merges a duplicate site: its operators and licences move, its events read in the survivor's history", async () => {
    const kasulo = (await t.request('analyst', 'GET', '/api/sites?q=KZI-001')).body.items[0];
    const dup = await post('/api/sites', {
      code: 'KZI-098',
      name: 'Kasulo Nord',
      province: 'Lualaba',
      geometry: { type: 'Point', coordinates: [25.4749, -10.705] },
      minerals: ['cobalt'],
      cooperativeIds: [t.orgs['Coopérative minière Umoja Mutoshi']],
    });
    const incident = await post('/api/incidents', {
      siteId: dup.id,
      level: 3,
      category: 'occupational_health_safety',
      title: 'Puits sans boisage',
      description: 'Un puits de Kasulo Nord sans boisage.',
      observedAt: new Date(Date.now() - 3600_000).toISOString(),
    });
    const res = await merge('admin', { recordType: 'site', mergedId: dup.id, survivorId: kasulo.id });
    assert.equal(res.status, 201, res.text);
    assert.deepEqual(
      [res.body.moved, res.body.hits, res.body.survivor.name],
      [{ operators: [t.orgs['Coopérative minière Umoja Mutoshi']], licences: [] }, null, 'Kasulo (KZI-001)'],
    );
    const read = await t.request('analyst', 'GET', `/api/sites/${dup.id}`);
    assert.deepEqual(
      [read.body.id, read.body.cooperatives.map((c: { name: string }) => c.name)],
      [kasulo.id, ['Coopérative minière Tujenge Kolwezi', 'Coopérative minière Umoja Mutoshi']],
    );
    assert.deepEqual((await t.request('analyst', 'GET', '/api/sites?q=KZI-098')).body.items, []);
    // The incident stays on the site it was reported at, and is listed with the survivor's.
    const incidents = await t.request('analyst', 'GET', `/api/incidents?siteId=${kasulo.id}&limit=200`);
    const found = incidents.body.items.find((i: { id: string }) => i.id === incident.id);
    assert.deepEqual(found.site, { id: dup.id, code: 'KZI-098', name: 'Kasulo Nord' });
    const history = await t.request('monitor', 'GET', `/api/sites/${kasulo.id}/history?limit=2`);
    assert.deepEqual(
      history.body.items.map((e: { type: string; subjectId: string }) => [e.type, e.subjectId]),
      [
        ['site.merged', dup.id],
        ['site.registered', dup.id],
      ],
    );
  });

  test('refuses a merge that makes no sense, bad input, and anyone but administrators and analysts', async () => {
    const coop = t.orgs['Coopérative minière Tujenge Kolwezi'];
    const self = await merge('analyst', { recordType: 'organisation', mergedId: coop, survivorId: coop });
    assert.deepEqual(
      [
        self.status,
        self.body.code,
        self.body.errors.map((e: { path: string; code: string }) => [e.path, e.code]),
      ],
      [400, 'screening.merge-self', [['survivorId', 'screening.merge-self']]],
    );
    const kinds = await merge('analyst', { recordType: 'organisation', mergedId: coop, survivorId: company });
    assert.deepEqual([kinds.status, kinds.body.code], [409, 'screening.merge-other-kind']);
    const members = await merge('analyst', {
      recordType: 'organisation',
      mergedId: t.orgOf.buyer,
      survivorId: t.orgs[DEMO_SCREENING.parent.legalName],
    });
    assert.deepEqual([members.status, members.body.code], [409, 'screening.merge-has-members']);
    const missing = await merge('analyst', {
      recordType: 'site',
      mergedId: '01900000-0000-7000-8000-000000000000',
      survivorId: coop,
    });
    assert.deepEqual([missing.status, missing.body.code], [404, 'common.not-found']);
    const bad = await t.request('analyst', 'POST', '/api/screening/merges', {
      recordType: 'lot',
      mergedId: 'x',
      survivorId: coop,
      reason: '',
    });
    assert.deepEqual(
      [bad.status, bad.body.errors.map((e: { path: string }) => e.path).sort()],
      [400, ['mergedId', 'reason', 'recordType']],
    );
    for (const role of ['buyer', 'regulator', 'monitor', 'cooperative_manager'] as const) {
      const res = await merge(role, { recordType: 'organisation', mergedId: coop, survivorId: company });
      assert.deepEqual([role, res.status, res.body.code], [role, 403, 'screening.merge-forbidden']);
    }
    assert.equal(
      (await merge(null, { recordType: 'site', mergedId: coop, survivorId: company })).status,
      401,
    );
    for (const p of [
      `/api/organisations/${coop}/history`,
      `/api/screening/merges?recordType=site&survivorId=${coop}`,
    ]) {
      const res = await t.request('buyer', 'GET', p);
      assert.deepEqual([p, res.status, res.body.code], [p, 403, 'screening.history-hidden']);
    }
    const badCursor = await t.request('analyst', 'GET', `/api/organisations/${coop}/history?cursor=nope`);
    assert.equal(badCursor.status, 400);
    const unknown = await t.request(
      'analyst',
      'GET',
      '/api/sites/01900000-0000-7000-8000-000000000000/history',
    );
    assert.equal(unknown.status, 404);
  });
});
