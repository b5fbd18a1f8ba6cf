import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { v7 as uuidv7 } from 'uuid';
import type { Role } from '../../src/domain/access/roles.ts';
import { ENGINE, startTestApp, type TestApp } from './harness.ts';

/** A create route: who calls it, where, with which body, and how many records a body of it made. */
interface CreateRoute {
  name: string;
  role: Role | null;
  /** Whatever the route needs first (an incident to plan, lots to move), made once per test. */
  prepare?: () => Promise<Record<string, string | number>>;
  path: (p: Record<string, string | number>) => string;
  body: (id: string, p: Record<string, string | number>) => Record<string, unknown>;
  /** SQL counting the records the body makes, by something other than the id. */
  count: (p: Record<string, string | number>) => [string, unknown[]];
}

describe(`one answer per client id, for every creation (${ENGINE})`, () => {
  let t: TestApp;
  const site: Record<string, string> = {};
  before(async () => {
    t = await startTestApp({
      clock: () => new Date('2026-11-20T10:00:00Z'),
      env: { AMANA_GRIEVANCE_RATE_MAX: '1000' },
    });
    for (const s of (await t.request('analyst', 'GET', '/api/sites?limit=50')).body.items)
      site[s.code] = s.id;
  });
  after(() => t.close());

  const org = (name: string) => t.orgs[name];
  const tujenge = () => org('Coopérative minière Tujenge Kolwezi');
  const post = async (role: Role | null, path: string, body: unknown) => {
    const res = await t.request(role, 'POST', path, body);
    assert.ok(res.status === 201, `${path}: ${res.status} ${res.text}`);
    return res.body;
  };
  const count = async (sql: string, params: unknown[]) =>
    (await t.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params)).rows[0].n;
  const sack = async (tag: string, massKg = 10) =>
    (
      await post('cooperative_manager', '/api/custody/tags', {
        tag,
        siteId: site['KZI-001'],
        cooperativeId: tujenge(),
        massKg,
        gradePct: 10,
        taggedAt: '2026-11-02T08:00:00Z',
      })
    ).lots[0].id as string;
  /** An incident taken to verified, with a plan when asked: what plans, reviews and decisions need. */
  const verifiedIncident = async (
    title: string,
    withPlan: boolean,
  ): Promise<Record<string, string | number>> => {
    const incident = await post('analyst', '/api/incidents', {
      siteId: site['KZI-002'],
      level: 3,
      category: 'occupational_health_safety',
      title,
      description: 'Pas de casques au puits 3',
    });
    let revision = incident.revision;
    for (const to of ['under_verification', 'verified']) {
      const moved = await t.request('analyst', 'POST', `/api/incidents/${incident.id}/transitions`, {
        to,
        reason: 'vu sur place',
        revision,
      });
      assert.equal(moved.status, 200, moved.text);
      revision = moved.body.revision;
    }
    if (!withPlan) return { incidentId: incident.id as string };
    const plan = await post('analyst', `/api/incidents/${incident.id}/plan`, planBody());
    return { incidentId: incident.id as string, revision: plan.revision as number };
  };
  const planBody = () => ({
    indicators: [{ name: 'share wearing helmets', unit: '%', baseline: 20, target: 90 }],
    actions: [{ description: 'Distribuer des casques', deadline: '2027-01-15', done: false }],
    decision: 'continue_mitigating',
    reason: 'Mesurable en trois mois',
  });

  const ROUTES: CreateRoute[] = [
    {
      name: 'organisations',
      role: 'analyst',
      path: () => '/api/organisations',
      body: (id) => ({
        id,
        legalName: 'Idem Négoce SARL',
        chainRoles: ['trader'],
        country: 'CD',
        registrationNumbers: [],
      }),
      count: () => ["organisations WHERE legal_name = 'Idem Négoce SARL'", []],
    },
    {
      name: 'persons',
      role: 'analyst',
      path: () => '/api/persons',
      body: (id) => ({
        id,
        organisationId: tujenge(),
        fullName: 'Idem Kalenga',
        kind: 'miner',
        cardNumber: 'IDEM-CARD-1',
        birthYear: 1990,
      }),
      count: () => ["persons WHERE card_number = 'IDEM-CARD-1'", []],
    },
    {
      name: 'licences',
      role: 'analyst',
      path: () => '/api/licences',
      body: (id) => ({
        id,
        holderOrganisationId: tujenge(),
        type: 'cooperative_approval',
        number: 'IDEM-LIC-1',
        issuer: 'SAEMAPE',
        validFrom: '2026-01-01',
      }),
      count: () => ["licences WHERE number = 'IDEM-LIC-1'", []],
    },
    {
      name: 'ownership',
      role: 'analyst',
      prepare: async () => ({
        owned: (
          await post('analyst', '/api/organisations', {
            legalName: 'Idem Filiale SARL',
            chainRoles: ['trader'],
            country: 'CD',
            registrationNumbers: [],
          })
        ).id,
      }),
      path: (p) => `/api/organisations/${p.owned}/owners`,
      body: (id) => ({ id, ownerOrganisationId: org('Ets Mwamba Négoce'), percent: 40 }),
      count: (p) => ['ownership_links WHERE owned_organisation_id = $1', [p.owned]],
    },
    {
      name: 'users',
      role: 'admin',
      path: () => '/api/users',
      body: (id) => ({
        id,
        email: 'idem.monitor@demo.amana.test',
        name: 'Idem Moniteur',
        password: 'une phrase de passe assez longue',
        memberships: [{ organisationId: t.orgOf.monitor, role: 'monitor' }],
      }),
      count: () => ["users WHERE email = 'idem.monitor@demo.amana.test'", []],
    },
    {
      name: 'sites',
      role: 'analyst',
      path: () => '/api/sites',
      body: (id) => ({
        id,
        code: 'IDM-001',
        name: 'Puits idem',
        province: 'Lualaba',
        geometry: { type: 'Point', coordinates: [25.47, -10.71] },
        minerals: ['cobalt'],
        cooperativeIds: [tujenge()],
      }),
      count: () => ["sites WHERE code = 'IDM-001'", []],
    },
    {
      name: 'map layers',
      role: 'analyst',
      path: () => '/api/map-layers',
      body: (id) => ({
        id,
        name: 'Idem concessions',
        kind: 'concession',
        geojson: {
          type: 'FeatureCollection',
          features: [
            {
              type: 'Feature',
              properties: { name: 'PE 1' },
              geometry: {
                type: 'Polygon',
                coordinates: [
                  [
                    [25.46, -10.71],
                    [25.5, -10.71],
                    [25.5, -10.75],
                    [25.46, -10.71],
                  ],
                ],
              },
            },
          ],
        },
      }),
      count: () => ["map_layers WHERE name = 'Idem concessions'", []],
    },
    {
      name: 'criteria sets',
      role: 'analyst',
      path: () => '/api/criteria-sets',
      body: (id) => ({
        id,
        key: 'idem-standard',
        name: 'Idem standard',
        requirements: [
          {
            code: 'PPE-01',
            textFr: 'EPI portés',
            textEn: 'PPE worn',
            topic: 'ohs',
            riskCategory: 'occupational_health_safety',
            appliesTo: ['site'],
            tier: 'major',
          },
        ],
      }),
      count: () => ["criteria_sets WHERE key = 'idem-standard'", []],
    },
    {
      name: 'assessments',
      role: 'assessor',
      prepare: async () => ({
        setId: (await t.request('assessor', 'GET', '/api/criteria-sets?status=published&kind=site')).body
          .items[0].id,
      }),
      path: () => '/api/assessments',
      body: (id, p) => ({
        id,
        setId: p.setId,
        siteId: site['KZI-002'],
        kind: 'periodic',
        notes: 'IDEM-assessment',
      }),
      count: () => ["assessments WHERE notes = 'IDEM-assessment'", []],
    },
    {
      name: 'visits',
      role: 'monitor',
      path: () => '/api/visits',
      body: (id) => ({
        id,
        siteId: site['KZI-002'],
        visitedAt: '2026-11-19T08:00:00Z',
        indicators: { headCount: 40, childrenSeen: 0, ppeSharePct: 80 },
        notes: 'IDEM-visit',
      }),
      count: () => ["visits WHERE notes = 'IDEM-visit'", []],
    },
    {
      name: 'incidents',
      role: 'monitor',
      path: () => '/api/incidents',
      body: (id) => ({
        id,
        siteId: site['KZI-002'],
        level: 2,
        category: 'security_forces',
        title: 'IDEM-incident',
        description: 'Des militaires au point de vente',
      }),
      count: () => ["incidents WHERE title = 'IDEM-incident'", []],
    },
    {
      name: 'mitigation plans',
      role: 'analyst',
      prepare: () => verifiedIncident('IDEM-plan', false),
      path: (p) => `/api/incidents/${p.incidentId}/plan`,
      body: (id) => ({ id, ...planBody() }),
      count: (p) => ['mitigation_plans WHERE incident_id = $1', [p.incidentId]],
    },
    {
      name: 'plan reviews',
      role: 'analyst',
      prepare: () => verifiedIncident('IDEM-review', true),
      path: (p) => `/api/incidents/${p.incidentId}/plan/reviews`,
      body: (id, p) => ({
        id,
        notes: 'IDEM-review',
        progress: { 'share wearing helmets': 45 },
        actionsDone: [0],
        revision: p.revision,
      }),
      count: () => ["plan_reviews WHERE notes = 'IDEM-review'", []],
    },
    {
      name: 'plan decisions',
      role: 'analyst',
      prepare: () => verifiedIncident('IDEM-decision', true),
      path: (p) => `/api/incidents/${p.incidentId}/plan/decisions`,
      body: (id, p) => ({
        id,
        decision: 'suspend_temporarily',
        reason: 'IDEM-decision',
        revision: p.revision,
      }),
      count: () => ["plan_decisions WHERE reason = 'IDEM-decision'", []],
    },
    {
      name: 'corrective action notes',
      role: 'analyst',
      prepare: async () => ({
        actionId: (
          await t.ctx.db.query<{ id: string }>('SELECT id FROM corrective_actions ORDER BY id LIMIT 1')
        ).rows[0].id,
      }),
      path: (p) => `/api/corrective-actions/${p.actionId}/notes`,
      body: (id) => ({ id, note: 'IDEM-note: casques commandés' }),
      count: () => ["corrective_action_notes WHERE note = 'IDEM-note: casques commandés'", []],
    },
    {
      name: 'subscriptions',
      role: 'downstream',
      path: () => '/api/subscriptions',
      body: (id) => ({ id, siteId: site['KZI-002'], emails: ['idem@nordkobolt.test'] }),
      count: () => [
        'subscriptions WHERE site_id = $1 AND organisation_id = $2',
        [site['KZI-002'], t.orgOf.downstream],
      ],
    },
    {
      name: 'grievances',
      role: null,
      path: () => '/api/public/grievances',
      body: (id) => ({
        id,
        siteId: site['KZI-002'],
        description: 'IDEM-grievance: on nous fait payer pour entrer',
        language: 'fr',
        contact: { phone: '+243 81 000 0000' },
      }),
      count: () => ["grievances WHERE description = 'IDEM-grievance: on nous fait payer pour entrer'", []],
    },
    {
      name: 'custody taggings',
      role: 'cooperative_manager',
      path: () => '/api/custody/tags',
      body: (id) => ({
        id,
        tag: 'IDEM-TAG',
        siteId: site['KZI-001'],
        cooperativeId: tujenge(),
        massKg: 12,
        gradePct: 9,
        taggedAt: '2026-11-03T08:00:00Z',
      }),
      count: () => ["custody_lots WHERE tag = 'IDEM-TAG'", []],
    },
    {
      name: 'custody transfers',
      role: 'cooperative_manager',
      prepare: async () => ({ lot: await sack('IDEM-SHIP') }),
      path: () => '/api/custody/transfers',
      body: (id, p) => ({
        id,
        lotIds: [p.lot],
        toOrganisationId: org('Ets Mwamba Négoce'),
        transaction: { type: 'inv', ref: 'INV-IDEM-1' },
        shippedAt: '2026-11-04T09:00:00Z',
      }),
      count: (p) => ['custody_transfers WHERE lot_id = $1', [p.lot]],
    },
    {
      name: 'custody aggregations',
      role: 'cooperative_manager',
      prepare: async () => ({ a: await sack('IDEM-AGG-A'), b: await sack('IDEM-AGG-B') }),
      path: () => '/api/custody/aggregations',
      body: (id, p) => ({ id, lotIds: [p.a, p.b], batchTag: 'IDEM-BATCH', at: '2026-11-05T09:00:00Z' }),
      count: () => ["custody_lots WHERE tag = 'IDEM-BATCH'", []],
    },
    {
      name: 'custody transformations',
      role: 'cooperative_manager',
      prepare: async () => ({ lot: await sack('IDEM-SPLIT', 20) }),
      path: () => '/api/custody/transformations',
      body: (id, p) => ({
        id,
        inputLotIds: [p.lot],
        outputs: [
          { tag: 'IDEM-PART-1', massKg: 8, gradePct: 10 },
          { tag: 'IDEM-PART-2', massKg: 12, gradePct: 10 },
        ],
        product: 'split',
        at: '2026-11-06T09:00:00Z',
      }),
      count: () => ["custody_lots WHERE tag IN ('IDEM-PART-1', 'IDEM-PART-2')", []],
    },
  ];

  const expected: Record<string, number> = { 'custody transformations': 2 };

  for (const route of ROUTES) {
    test(`${route.name}: 50 identical requests at once store one record; one 201, 49 × 200, all with the same body`, async () => {
      const p = (await route.prepare?.()) ?? {};
      const id = uuidv7();
      const body = route.body(id, p);
      const answers = await Promise.all(
        Array.from({ length: 50 }, () => t.request(route.role, 'POST', route.path(p), body)),
      );
      const statuses = answers.map((a) => a.status).sort();
      assert.deepEqual(
        statuses,
        [...Array(49).fill(200), 201],
        answers.find((a) => a.status >= 300)?.text ?? '',
      );
      assert.equal(new Set(answers.map((a) => a.text)).size, 1, 'every answer has the same body');
      assert.equal(await count(...route.count(p)), expected[route.name] ?? 1);
      assert.equal(await count('idempotency_keys WHERE id = $1', [id]), 1);
    });
  }

  test('the same id with another body answers 422 naming the id, and records nothing more', async () => {
    const id = uuidv7();
    const body = {
      id,
      legalName: 'Idem Premier SARL',
      chainRoles: ['trader'],
      country: 'CD',
      registrationNumbers: [],
    };
    assert.equal((await t.request('analyst', 'POST', '/api/organisations', body)).status, 201);
    const other = await t.request('analyst', 'POST', '/api/organisations', {
      ...body,
      legalName: 'Idem Autre SARL',
    });
    assert.equal(other.status, 422);
    assert.equal(other.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    assert.equal(other.body.type, '/api/problems#id-reused');
    assert.equal(other.body.code, 'common.id-reused');
    assert.deepEqual(other.body.params, { id });
    assert.deepEqual(other.body.errors, [
      {
        path: 'id',
        message: `${id} was already used for another request`,
        code: 'common.id-reused',
        params: { id },
      },
    ]);
    assert.equal(await count("organisations WHERE legal_name = 'Idem Autre SARL'", []), 0);
    // Key order is not a difference: the same request written another way is a retry.
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const again = await t.request('analyst', 'POST', '/api/organisations', reordered);
    assert.equal(again.status, 200);
    assert.equal(again.body.legalName, 'Idem Premier SARL');
  });

  test('a transfer sent with a tagging’s id answers 422 and the lot stays with its holder', async () => {
    const id = uuidv7();
    const tagging = await post('cooperative_manager', '/api/custody/tags', {
      id,
      tag: 'IDEM-KEEP',
      siteId: site['KZI-001'],
      cooperativeId: tujenge(),
      massKg: 10,
      gradePct: 10,
      taggedAt: '2026-11-03T08:00:00Z',
    });
    const lotId = tagging.lots[0].id;
    const transfer = await t.request('cooperative_manager', 'POST', '/api/custody/transfers', {
      id,
      lotIds: [lotId],
      toOrganisationId: org('Ets Mwamba Négoce'),
      shippedAt: '2026-11-04T09:00:00Z',
    });
    assert.equal(transfer.status, 422);
    assert.equal(transfer.body.type, '/api/problems#id-reused');
    assert.equal(transfer.body.errors[0].path, 'id');
    assert.equal(await count('custody_transfers WHERE lot_id = $1', [lotId]), 0);
    const lot = await t.request('cooperative_manager', 'GET', `/api/lots/${lotId}/origin`);
    assert.equal(lot.body.lot.holder.name, 'Coopérative minière Tujenge Kolwezi');
  });

  test('another caller sending someone’s id gets 422, not their answer', async () => {
    const id = uuidv7();
    const body = {
      id,
      siteId: site['KZI-002'],
      level: 3,
      category: 'occupational_health_safety',
      title: 'IDEM-theirs',
      description: 'Puits non étayé',
    };
    assert.equal((await t.request('monitor', 'POST', '/api/incidents', body)).status, 201);
    const other = await t.request('analyst', 'POST', '/api/incidents', body);
    assert.equal(other.status, 422);
    assert.equal(other.body.type, '/api/problems#id-reused');
    assert.equal(other.body.title, 'This id was already used for another request');
    assert.equal(await count("incidents WHERE title = 'IDEM-theirs'", []), 1);
  });

  test('an id that already names a record with no kept request answers 422', async () => {
    const made = await post('monitor', '/api/visits', {
      siteId: site['KZI-001'],
      visitedAt: '2026-11-18T08:00:00Z',
      indicators: { headCount: 12 },
      notes: 'IDEM-server-id',
    });
    const reuse = await t.request('monitor', 'POST', '/api/visits', {
      id: made.id,
      siteId: site['KZI-001'],
      visitedAt: '2026-11-18T08:00:00Z',
      indicators: { headCount: 12 },
      notes: 'IDEM-server-id',
    });
    assert.equal(reuse.status, 422);
    assert.equal(reuse.body.errors[0].path, 'id');
    assert.equal(await count("visits WHERE notes = 'IDEM-server-id'", []), 1);
  });

  test('a user retried with another password is refused; the password is not in the fingerprint', async () => {
    const id = uuidv7();
    const body = {
      id,
      email: 'idem.second@demo.amana.test',
      name: 'Idem Second',
      password: 'première phrase de passe',
      memberships: [{ organisationId: t.orgOf.monitor, role: 'monitor' }],
    };
    assert.equal((await t.request('admin', 'POST', '/api/users', body)).status, 201);
    assert.equal((await t.request('admin', 'POST', '/api/users', body)).status, 200);
    const other = await t.request('admin', 'POST', '/api/users', {
      ...body,
      password: 'seconde phrase de passe',
    });
    assert.equal(other.status, 422);
    const kept = await t.ctx.db.query<{ text: string }>(
      'SELECT row_to_json(k)::text AS text FROM idempotency_keys k WHERE id = $1',
      [id],
    );
    assert.ok(!kept.rows[0].text.includes('phrase de passe'));
  });

  test('a retried grievance gives back the same case code and secret, which open the case; the secret is kept sealed', async () => {
    const id = uuidv7();
    const body = {
      id,
      location: 'Marché de Kasulo',
      description: 'IDEM-case: des enfants trient le minerai',
      language: 'fr',
      contact: { name: 'Mama Neema', phone: '+243 99 000 0000' },
    };
    const first = await t.request(null, 'POST', '/api/public/grievances', body);
    const second = await t.request(null, 'POST', '/api/public/grievances', body);
    assert.deepEqual([first.status, second.status], [201, 200]);
    assert.deepEqual(second.body, first.body);
    const opened = await t.request(null, 'GET', `/api/public/grievances/${second.body.caseCode}`, undefined, {
      'x-case-secret': second.body.secret,
    });
    assert.equal(opened.status, 200);
    assert.equal(opened.body.status, 'received');
    const kept = await t.ctx.db.query<{ text: string }>(
      'SELECT row_to_json(k)::text AS text FROM idempotency_keys k WHERE id = $1',
      [id],
    );
    assert.ok(kept.rows[0].text.includes(first.body.caseCode));
    assert.ok(!kept.rows[0].text.includes(first.body.secret), 'the secret is not kept in clear');
    // The grievance officers see the grievance, never the reporter's client id that would replay it.
    const grievance = await t.ctx.db.query<{ id: string }>(
      "SELECT id FROM grievances WHERE description = 'IDEM-case: des enfants trient le minerai'",
    );
    assert.notEqual(grievance.rows[0].id, id);
  });
});
