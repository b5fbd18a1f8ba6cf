import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DEMO_SCREENING } from '../../src/demo/demo-world.ts';
import { screenAllPending, screenNextBatch } from '../../src/services/screening/screen.ts';
import { ENGINE, startTestApp, type TestApp } from './harness.ts';

const UN_2020 = fs.readFileSync(
  path.resolve(import.meta.dirname, '../fixtures/sanctions/un-consolidated-2020-03-20.xml'),
);

const form = (file: Buffer | string, filename: string, fields: Record<string, string> = {}) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  f.append('file', new Blob([typeof file === 'string' ? file : new Uint8Array(file)]), filename);
  return f;
};

describe(`screening: hits, their review and what a confirmed hit does over HTTP (${ENGINE})`, () => {
  let t: TestApp;
  let company: string;
  let parent: string;
  const hitsOf = async (q: string) =>
    (await t.request('analyst', 'GET', `/api/screening/hits?${q}`)).body.items;
  before(async () => {
    t = await startTestApp({});
    const imported = await t.request(
      'analyst',
      'POST',
      '/api/screening/lists/import',
      form(UN_2020, 'un.xml'),
    );
    assert.equal(imported.status, 201, imported.text);
    await screenAllPending(t.ctx);
    company = t.orgs[DEMO_SCREENING.company.legalName];
    parent = t.orgs[DEMO_SCREENING.parent.legalName];
  });
  after(() => t.close());

  test("catches the demo trader's director, a variant of a DRC-listed individual, and shows both records side by side", async () => {
    const queue = await hitsOf('status=open');
    assert.deepEqual(
      queue.map(
        (h: { subject: { name: string; organisationName: string }; reference: string; score: number }) => [
          h.subject.name,
          h.subject.organisationName,
          h.reference,
          h.score,
        ],
      ),
      [[DEMO_SCREENING.director.fullName, DEMO_SCREENING.company.legalName, 'CDi.035', 0.941]],
    );
    const hit = (await t.request('regulator', 'GET', `/api/screening/hits/${queue[0].id}`)).body;
    assert.deepEqual(hit.subjectRecord, {
      type: 'person',
      name: 'KIUNGU MUTANGA Gedeon',
      otherNames: [],
      country: null,
      identifiers: [],
      birthYear: 1974,
      kind: 'official',
      position: 'Directeur général',
    });
    assert.deepEqual(
      [hit.entry.reference, hit.entry.name, hit.entry.program, hit.entry.birthDates[0].year, hit.entryKind],
      ['CDi.035', DEMO_SCREENING.listed.name, 'DRC', 1974, 'individual'],
    );
    assert.deepEqual(hit.reasons.words, [
      { subject: 'kiungu', listed: 'kyungu', similarity: 0.97, how: 'spelling' },
      { subject: 'mutanga', listed: 'mutanga', similarity: 1, how: 'same' },
      { subject: 'gedeon', listed: 'gedeon', similarity: 1, how: 'same' },
    ]);
    assert.deepEqual(hit.reasons.adjustments, [{ fact: 'birth_year', delta: 0.03, detail: '1974' }]);
    assert.deepEqual(
      hit.history.map((h: { action: string; by: string | null }) => [h.action, h.by]),
      [['raised', null]],
    );
  });

  test('a confirmed hit red-flags the company and its parent with the path, blocks KYC and custody, and opens a level-1 incident', async () => {
    const [open] = await hitsOf('status=open&organisationId=' + company);
    const confirmed = await t.request('analyst', 'POST', `/api/screening/hits/${open.id}/decision`, {
      decision: 'confirmed',
      reason: 'Même nom, même année de naissance, carte d’électeur vérifiée',
      version: open.version,
    });
    assert.equal(confirmed.status, 200, confirmed.text);
    const analyst = (
      await t.ctx.db.query<{ id: string }>("SELECT id FROM users WHERE email = 'analyst@demo.amana.test'")
    ).rows[0].id;
    assert.deepEqual(
      [confirmed.body.status, confirmed.body.decidedBy, confirmed.body.reason],
      ['confirmed', analyst, 'Même nom, même année de naissance, carte d’électeur vérifiée'],
    );
    assert.deepEqual(
      confirmed.body.history.map((h: { action: string }) => h.action),
      ['raised', 'confirmed'],
    );

    const flags = async (role: 'analyst' | 'buyer', id: string) =>
      (await t.request(role, 'GET', `/api/organisations/${id}`)).body.redFlags.filter(
        (f: { code: string }) => f.code === 'sanctions_hit',
      );
    assert.deepEqual(await flags('analyst', company), [
      {
        code: 'sanctions_hit',
        relation: 'person',
        listName: 'UN Security Council Consolidated List',
        reference: 'CDi.035',
        path: [
          {
            kind: 'person',
            id: open.subject.id,
            name: 'KIUNGU MUTANGA Gedeon',
            link: { kind: 'member', percent: null },
          },
          { kind: 'organisation', id: company, name: 'Tanganyika Minerals Négoce SARL', link: null },
        ],
        message:
          'has a person on UN Security Council Consolidated List (CDi.035): KIUNGU MUTANGA Gedeon (member of) → Tanganyika Minerals Négoce SARL',
      },
    ]);
    assert.deepEqual(await flags('analyst', parent), [
      {
        code: 'sanctions_hit',
        relation: 'owns',
        listName: 'UN Security Council Consolidated List',
        reference: 'CDi.035',
        path: [
          {
            kind: 'person',
            id: open.subject.id,
            name: 'KIUNGU MUTANGA Gedeon',
            link: { kind: 'member', percent: null },
          },
          {
            kind: 'organisation',
            id: company,
            name: 'Tanganyika Minerals Négoce SARL',
            link: { kind: 'owned_by', percent: 70 },
          },
          { kind: 'organisation', id: parent, name: 'Groupe Lomami Minerals SA', link: null },
        ],
        message:
          'owns an organisation concerned by UN Security Council Consolidated List (CDi.035): KIUNGU MUTANGA Gedeon (member of) → Tanganyika Minerals Négoce SARL (70 % owned by) → Groupe Lomami Minerals SA',
      },
    ]);
    // Outside the registry the fact is shown, not who the listed person is.
    assert.deepEqual(await flags('buyer', company), [
      {
        code: 'sanctions_hit',
        relation: 'person',
        listName: 'UN Security Council Consolidated List',
        reference: 'CDi.035',
        message: 'has a person on UN Security Council Consolidated List (CDi.035)',
      },
    ]);

    const status = (await t.request('analyst', 'GET', `/api/organisations/${parent}/screening`)).body;
    assert.deepEqual(
      [
        status.blocked,
        status.exposures.map((x: { relation: string; blocking: boolean }) => [x.relation, x.blocking]),
      ],
      [false, [['owns', false]]],
    );
    const own = (await t.request('analyst', 'GET', `/api/organisations/${company}/screening`)).body;
    assert.deepEqual([own.blocked, own.hits], [true, { open: 0, confirmed: 1, dismissed: 0, delisted: 0 }]);
    assert.equal(typeof own.screenedAt, 'string');

    // KYC verification is refused.
    const org = (await t.request('analyst', 'GET', `/api/organisations/${company}`)).body;
    const docs = (await t.request('analyst', 'GET', `/api/organisations/${company}/documents`)).body;
    const kyc = await t.request('analyst', 'POST', `/api/organisations/${company}/kyc-reviews`, {
      decision: 'verified',
      documentIds: [docs[0].id],
      version: org.version,
    });
    assert.deepEqual(
      [kyc.status, kyc.body.code, kyc.body.params],
      [409, 'actors.kyc-sanctioned', { list: 'UN Security Council Consolidated List', reference: 'CDi.035' }],
    );

    // Custody refuses the company as a receiver, naming the rule.
    const site = (await t.request('analyst', 'GET', '/api/sites?q=KZI-001')).body.items[0].id;
    const tagged = await t.request('cooperative_manager', 'POST', '/api/custody/tags', {
      tag: 'TUJ-2026-9001',
      siteId: site,
      cooperativeId: t.orgs['Coopérative minière Tujenge Kolwezi'],
      massKg: 50,
      gradePct: 10,
    });
    assert.equal(tagged.status, 201, tagged.text);
    const shipped = await t.request('cooperative_manager', 'POST', '/api/custody/transfers', {
      lotIds: [tagged.body.lots[0].id],
      toOrganisationId: company,
      transaction: { type: 'inv', ref: 'FAC-TUJ-2026-901' },
    });
    assert.deepEqual([shipped.status, shipped.body.code], [422, 'common.custody-rule']);
    assert.deepEqual(shipped.body.errors, [
      {
        path: 'receiver_sanctioned',
        message:
          'Tanganyika Minerals Négoce SARL is concerned by a confirmed sanctions hit (UN Security Council Consolidated List CDi.035): KIUNGU MUTANGA Gedeon (member of) → Tanganyika Minerals Négoce SARL',
        code: 'custody.receiver-sanctioned',
        params: {
          list: 'UN Security Council Consolidated List',
          receiver: 'Tanganyika Minerals Négoce SARL',
          reference: 'CDi.035',
        },
      },
    ]);
    // The parent is flagged but not refused: it holds the company, it is not the one listed.
    const toParent = await t.request('cooperative_manager', 'POST', '/api/custody/transfers', {
      lotIds: [tagged.body.lots[0].id],
      toOrganisationId: parent,
      transaction: { type: 'inv', ref: 'FAC-TUJ-2026-902' },
    });
    assert.deepEqual(
      toParent.body.errors?.map((e: { path: string }) => e.path),
      ['receiver_not_verified'],
    );

    const incident = (await t.request('analyst', 'GET', `/api/incidents/${confirmed.body.incidentId}`)).body;
    assert.deepEqual(
      [
        incident.level,
        incident.category,
        incident.state,
        incident.source,
        incident.title,
        incident.organisationIds.sort(),
      ],
      [
        1,
        'armed_groups',
        'reported',
        'analyst',
        'Sanctions: Tanganyika Minerals Négoce SARL — UN Security Council Consolidated List CDi.035',
        [company, parent].sort(),
      ],
    );
    const events = await t.ctx.db.query<{ type: string; user_id: string; payload: { reason: string } }>(
      "SELECT type, user_id, payload FROM events WHERE subject_type = 'screening_hit' AND subject_id = $1 ORDER BY seq",
      [open.id],
    );
    assert.deepEqual(
      events.rows.map((e) => [e.type, e.user_id === analyst, e.payload.reason ?? null]),
      [
        ['screening.hit-raised', false, null],
        ['screening.hit-confirmed', true, 'Même nom, même année de naissance, carte d’électeur vérifiée'],
      ],
    );
  });

  test('screens a person at registration; a dismissed hit does not come back until the name changes', async () => {
    const coop = t.orgs['Coopérative minière Umoja Mutoshi'];
    const created = await t.request('analyst', 'POST', '/api/persons', {
      organisationId: coop,
      fullName: 'Bosco Ntaganda',
      kind: 'contact',
      position: 'Transporteur',
    });
    assert.equal(created.status, 201, created.text);
    const person = created.body;
    const [raised] = await hitsOf(`subjectId=${person.id}`);
    assert.deepEqual(
      [raised.reference, raised.score, raised.reasons.listedName],
      ['CDi.030', 1, 'Bosco Ntaganda'],
    );
    const dismissed = await t.request('analyst', 'POST', `/api/screening/hits/${raised.id}/decision`, {
      decision: 'dismissed',
      reason: 'Homonyme : transporteur né en 1990 à Kolwezi, pièce d’identité vérifiée',
      version: raised.version,
    });
    assert.equal(dismissed.status, 200);
    // Changing something else than the name does not raise it again, nor does the next screening of the same list.
    const moved = await t.request('analyst', 'PUT', `/api/persons/${person.id}`, {
      organisationId: coop,
      fullName: 'Bosco Ntaganda',
      kind: 'contact',
      position: 'Chauffeur',
      version: person.version,
    });
    assert.equal(moved.status, 200);
    assert.deepEqual(await hitsOf(`subjectId=${person.id}`), []);
    const again = await t.request(
      'analyst',
      'GET',
      `/api/screening/hits?status=dismissed&subjectId=${person.id}`,
    );
    assert.deepEqual(
      again.body.items.map((h: { id: string }) => h.id),
      [raised.id],
    );
    // A change of name does.
    const renamed = await t.request('analyst', 'PUT', `/api/persons/${person.id}`, {
      organisationId: coop,
      fullName: 'Bosco Ntagandha',
      kind: 'contact',
      position: 'Chauffeur',
      version: moved.body.version,
    });
    assert.equal(renamed.status, 200);
    const reopened = await hitsOf(`subjectId=${person.id}`);
    assert.deepEqual(
      reopened.map((h: { id: string; status: string; reasons: { subjectName: string } }) => [
        h.id,
        h.status,
        h.reasons.subjectName,
      ]),
      [[raised.id, 'open', 'Bosco Ntagandha']],
    );
    const history = (await t.request('analyst', 'GET', `/api/screening/hits/${raised.id}`)).body.history;
    assert.deepEqual(
      history.map((h: { action: string }) => h.action),
      ['raised', 'dismissed', 'reopened'],
    );
    const status = (await t.request('regulator', 'GET', `/api/persons/${person.id}/screening`)).body;
    assert.deepEqual(
      [status.subjectType, status.hits, status.exposures, status.blocked],
      ['person', { open: 1, confirmed: 0, dismissed: 0, delisted: 0 }, [], false],
    );
    assert.equal(
      (await t.request('cooperative_manager', 'GET', `/api/persons/${person.id}/screening`)).status,
      403,
    );
  });

  test('screens an organisation at registration and on a change of its names', async () => {
    const body = {
      legalName: 'Comptoir Minier du Lualaba SARL',
      chainRoles: ['depot'],
      country: 'CD',
      registrationNumbers: [],
    };
    const created = await t.request('analyst', 'POST', '/api/organisations', body);
    assert.deepEqual(await hitsOf(`subjectId=${created.body.id}`), []);
    const renamed = await t.request('analyst', 'PUT', `/api/organisations/${created.body.id}`, {
      ...body,
      tradeNames: ['Congomet Trading House'],
      version: created.body.version,
    });
    assert.equal(renamed.status, 200);
    assert.deepEqual(
      (await hitsOf(`subjectId=${created.body.id}`)).map(
        (h: { reference: string; score: number; reasons: { subjectName: string } }) => [
          h.reference,
          h.score,
          h.reasons.subjectName,
        ],
      ),
      [['CDe.004', 1, 'Congomet Trading House']],
    );
  });

  test('screens everyone against a new list version in batches that keep their progress', async () => {
    const csv = 'reference,kind,name\nNAT-1,individual,Mutombo Kalenga\nNAT-2,entity,Kalenga Trading';
    const imported = await t.request(
      'analyst',
      'POST',
      '/api/screening/lists/import',
      form(csv, 'national.csv', { list: 'rdc-national', name: 'Liste nationale (démonstration)' }),
    );
    assert.equal(imported.status, 201, imported.text);
    const total = imported.body.screening.total;
    assert.deepEqual([imported.body.screening.status, imported.body.screening.done], ['queued', 0]);
    const first = await screenNextBatch(t.ctx, 10);
    assert.deepEqual([first?.done, first?.finished], [10, false]);
    const midway = (await t.request('analyst', 'GET', `/api/screening/list-versions/${imported.body.id}`))
      .body.screening;
    assert.deepEqual([midway.status, midway.done, midway.total], ['running', 10, total]);
    while (!(await screenNextBatch(t.ctx, 10))?.finished);
    const done = (await t.request('analyst', 'GET', `/api/screening/list-versions/${imported.body.id}`)).body
      .screening;
    assert.deepEqual([done.status, done.done, done.total], ['done', total, total]);
    // The demo miner Mutombo Kalenga and the trader Kalenga Trading SARL are found on it.
    assert.deepEqual(
      (await hitsOf('status=open'))
        .filter((h: { list: { key: string } }) => h.list.key === 'rdc-national')
        .map((h: { subject: { name: string }; reference: string }) => [h.subject.name, h.reference])
        .sort(),
      [
        ['Kalenga Trading SARL', 'NAT-2'],
        ['Mutombo Kalenga', 'NAT-1'],
      ],
    );
  });

  test('who may see and decide hits: administrators and analysts decide, the regulator sees, others neither', async () => {
    const [hit] = await hitsOf('status=open');
    for (const role of [
      'buyer',
      'downstream',
      'cooperative_manager',
      'monitor',
      'assessor',
      'grievance_officer',
    ] as const) {
      const list = await t.request(role, 'GET', '/api/screening/hits');
      assert.deepEqual([role, list.status, list.body.code], [role, 403, 'screening.hits-hidden']);
      const one = await t.request(role, 'GET', `/api/screening/hits/${hit.id}`);
      assert.deepEqual([role, one.status], [role, 403]);
      const status = await t.request(role, 'GET', `/api/organisations/${company}/screening`);
      assert.deepEqual([role, status.status], [role, 403]);
    }
    assert.equal((await t.request('regulator', 'GET', `/api/screening/hits/${hit.id}`)).status, 200);
    const byRegulator = await t.request('regulator', 'POST', `/api/screening/hits/${hit.id}/decision`, {
      decision: 'dismissed',
      reason: 'x',
      version: hit.version,
    });
    assert.deepEqual([byRegulator.status, byRegulator.body.code], [403, 'screening.review-forbidden']);
  });

  test('a decision needs a reason and the version read; a decided hit is not decided again', async () => {
    const csv = 'reference,kind,name\nREV-1,individual,Ngoy Mwilambwe';
    await t.request(
      'analyst',
      'POST',
      '/api/screening/lists/import',
      form(csv, 'rev.csv', { list: 'rev-test', name: 'Revue' }),
    );
    await screenAllPending(t.ctx);
    const [hit] = (await hitsOf('status=open')).filter((h: { reference: string }) => h.reference === 'REV-1');
    const blank = await t.request('analyst', 'POST', `/api/screening/hits/${hit.id}/decision`, {
      decision: 'dismissed',
      reason: ' ',
      version: hit.version,
    });
    assert.deepEqual([blank.status, blank.body.errors[0].path], [400, 'reason']);
    const stale = await t.request('analyst', 'POST', `/api/screening/hits/${hit.id}/decision`, {
      decision: 'dismissed',
      reason: 'homonyme',
      version: hit.version + 1,
    });
    assert.deepEqual([stale.status, stale.body.code], [409, 'common.stale']);
    const ok = await t.request('admin', 'POST', `/api/screening/hits/${hit.id}/decision`, {
      decision: 'dismissed',
      reason: 'homonyme',
      version: hit.version,
    });
    assert.equal(ok.status, 200);
    const twice = await t.request('analyst', 'POST', `/api/screening/hits/${hit.id}/decision`, {
      decision: 'confirmed',
      reason: 'finalement',
      version: ok.body.version,
    });
    assert.deepEqual(
      [twice.status, twice.body.code, twice.body.params],
      [409, 'screening.hit-decided', { status: 'dismissed' }],
    );
    const missing = await t.request(
      'analyst',
      'GET',
      '/api/screening/hits/01950000-0000-7000-8000-00000000dead',
    );
    assert.deepEqual([missing.status, missing.body.params], [404, { record: 'screening hit' }]);
  });
});
