import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ROLES, type Role } from '../../src/domain/access/roles.ts';
import { ENGINE, startTestApp, type TestApp, type TestResponse } from './harness.ts';

/**
 * Every route × every role. Each row names the roles that may act; every other role must get the
 * stated refusal, and none may see another organisation's private records.
 */
describe(`authorisation matrix (${ENGINE})`, () => {
  let t: TestApp;
  let coop: string;
  let minerId: string;
  let adminId: string;
  const kycTargets = {} as Record<Role, string>;
  const submitted = {} as Record<Role, string>;
  let baselineId: string;
  let coopActionId: string;
  const reported = {} as Record<Role, string>;
  let siteIds: string[] = [];
  const SUBSCRIBERS: Role[] = ['admin', 'analyst', 'buyer', 'downstream', 'regulator', 'cooperative_manager'];
  const REGISTRY_READERS: Role[] = ['admin', 'analyst', 'assessor', 'monitor', 'regulator'];
  const KEEPERS: Role[] = ['admin', 'analyst'];

  before(async () => {
    t = await startTestApp();
    coop = t.orgOf.cooperative_manager;
    minerId = (await t.request('admin', 'GET', `/api/persons?organisationId=${coop}&q=Mutombo`)).body.items[0]
      .id;
    adminId = (await t.request('admin', 'GET', '/api/me')).body.id;
    for (const role of ROLES) {
      const res = await t.request('admin', 'POST', '/api/organisations', {
        legalName: `KYC target for ${role}`,
        chainRoles: ['trader'],
        country: 'CD',
        registrationNumbers: [],
      });
      kycTargets[role] = res.body.id;
    }
    baselineId = (await t.request('admin', 'GET', '/api/criteria-sets?key=amana-asm-baseline')).body.items[0]
      .id;
    const requirements = (await t.request('admin', 'GET', `/api/criteria-sets/${baselineId}`)).body
      .requirements;
    const site = (await t.request('admin', 'GET', '/api/sites?q=KZI-004')).body.items[0].id;
    for (const role of ROLES) {
      const a = (
        await t.request('assessor', 'POST', '/api/assessments', {
          setId: baselineId,
          siteId: site,
          kind: 'periodic',
        })
      ).body;
      const rated = await t.request('assessor', 'PUT', `/api/assessments/${a.id}/ratings`, {
        ratings: requirements.map((r: { code: string }) => ({ code: r.code, rating: 'met' })),
      });
      await t.request('assessor', 'POST', `/api/assessments/${a.id}/submit`, {
        revision: rated.body.revision,
      });
      submitted[role] = a.id;
    }
    const kasulo = (await t.request('admin', 'GET', '/api/sites?q=KZI-001')).body.items[0].id;
    coopActionId = (await t.request('admin', 'GET', `/api/corrective-actions?siteId=${kasulo}`)).body.items[0]
      .id;
    siteIds = (await t.request('admin', 'GET', '/api/sites?limit=50')).body.items.map(
      (x: { id: string }) => x.id,
    );
    for (const role of ROLES) {
      const inc = await t.request('analyst', 'POST', '/api/incidents', {
        siteId: kasulo,
        level: 3,
        category: 'governance',
        title: `matrix ${role}`,
        description: 'd',
      });
      reported[role] = inc.body.id;
    }
  });
  after(() => t.close());

  let n = 0;
  const unique = () => ++n;
  const pdf = () => {
    const f = new FormData();
    f.append('kind', 'other');
    f.append('file', new Blob(['%PDF-1.4 matrix'], { type: 'application/pdf' }), 'm.pdf');
    return f;
  };

  interface Row {
    name: string;
    allowed: Role[] | 'all';
    /** What a role outside `allowed` gets. */
    refusal: 403 | 404;
    /** Roles that may not even see the record, and so get 404 rather than the refusal. */
    hiddenFrom?: Role[];
    call: (role: Role) => Promise<TestResponse>;
  }

  const rows: Row[] = [
    {
      name: 'GET /api/organisations',
      allowed: 'all',
      refusal: 403,
      call: (r) => t.request(r, 'GET', '/api/organisations'),
    },
    {
      name: 'POST /api/organisations',
      allowed: KEEPERS,
      refusal: 403,
      call: (r) =>
        t.request(r, 'POST', '/api/organisations', {
          legalName: `Org ${unique()}`,
          chainRoles: ['trader'],
          country: 'CD',
          registrationNumbers: [],
        }),
    },
    {
      name: 'GET /api/organisations/:id',
      allowed: 'all',
      refusal: 403,
      call: (r) => t.request(r, 'GET', `/api/organisations/${coop}`),
    },
    {
      name: "PUT /api/organisations/:id (the cooperative's own)",
      allowed: [...KEEPERS, 'cooperative_manager'],
      refusal: 403,
      call: async (r) => {
        const o = (await t.request('admin', 'GET', `/api/organisations/${coop}`)).body;
        return t.request(r, 'PUT', `/api/organisations/${coop}`, {
          ...o,
          addresses: o.addresses,
          contact: o.contact ?? undefined,
          version: o.version,
        });
      },
    },
    {
      name: 'GET /api/organisations/:id/owners',
      allowed: [...REGISTRY_READERS, 'cooperative_manager'],
      refusal: 403,
      call: (r) => t.request(r, 'GET', `/api/organisations/${coop}/owners`),
    },
    {
      name: 'POST /api/organisations/:id/owners',
      allowed: KEEPERS,
      refusal: 403,
      call: (r) =>
        t.request(r, 'POST', `/api/organisations/${coop}/owners`, {
          ownerOrganisationId: kycTargets[r],
          percent: 1,
        }),
    },
    {
      name: 'GET /api/organisations/:id/documents',
      allowed: [...REGISTRY_READERS, 'cooperative_manager'],
      refusal: 403,
      call: (r) => t.request(r, 'GET', `/api/organisations/${coop}/documents`),
    },
    {
      name: 'POST /api/organisations/:id/documents',
      allowed: [...KEEPERS, 'cooperative_manager'],
      refusal: 403,
      call: (r) => t.request(r, 'POST', `/api/organisations/${coop}/documents`, pdf()),
    },
    {
      name: 'GET /api/organisations/:id/kyc-reviews',
      allowed: [...REGISTRY_READERS, 'cooperative_manager'],
      refusal: 403,
      call: (r) => t.request(r, 'GET', `/api/organisations/${coop}/kyc-reviews`),
    },
    {
      name: 'POST /api/organisations/:id/kyc-reviews',
      allowed: KEEPERS,
      refusal: 403,
      call: (r) =>
        t.request(r, 'POST', `/api/organisations/${kycTargets[r]}/kyc-reviews`, {
          decision: 'rejected',
          reason: 'test',
          version: 1,
        }),
    },
    {
      name: 'GET /api/persons?organisationId=coop',
      allowed: [...REGISTRY_READERS, 'cooperative_manager'],
      refusal: 403,
      call: (r) => t.request(r, 'GET', `/api/persons?organisationId=${coop}`),
    },
    {
      name: 'GET /api/persons/:id',
      allowed: [...REGISTRY_READERS, 'cooperative_manager'],
      refusal: 404,
      call: (r) => t.request(r, 'GET', `/api/persons/${minerId}`),
    },
    {
      name: 'POST /api/persons',
      allowed: [...KEEPERS, 'cooperative_manager'],
      refusal: 403,
      call: (r) =>
        t.request(r, 'POST', '/api/persons', {
          organisationId: coop,
          fullName: `Agent ${unique()}`,
          kind: 'official',
        }),
    },
    {
      name: 'GET /api/licences?holderOrganisationId=coop',
      allowed: [...REGISTRY_READERS, 'cooperative_manager'],
      refusal: 403,
      call: (r) => t.request(r, 'GET', `/api/licences?holderOrganisationId=${coop}`),
    },
    {
      name: 'POST /api/licences',
      allowed: [...KEEPERS, 'cooperative_manager'],
      refusal: 403,
      call: (r) =>
        t.request(r, 'POST', '/api/licences', {
          holderOrganisationId: coop,
          type: 'other',
          number: `M-${unique()}`,
          issuer: 'x',
          validFrom: '2026-01-01',
        }),
    },
    { name: 'GET /api/sites', allowed: 'all', refusal: 403, call: (r) => t.request(r, 'GET', '/api/sites') },
    {
      name: 'POST /api/sites',
      allowed: KEEPERS,
      refusal: 403,
      call: (r) =>
        t.request(r, 'POST', '/api/sites', {
          code: `MTX-${unique()}`,
          name: 'm',
          province: 'Lualaba',
          geometry: { type: 'Point', coordinates: [25, -10] },
          minerals: ['cobalt'],
        }),
    },
    {
      name: 'POST /api/sites/import',
      allowed: KEEPERS,
      refusal: 403,
      call: (r) =>
        t.request(
          r,
          'POST',
          '/api/sites/import',
          `code,name,province,minerals,longitude,latitude\nIMP-${unique()},i,Lualaba,cobalt,25,-10\n`,
          { 'content-type': 'text/csv' },
        ),
    },
    {
      name: 'GET /api/sites/export',
      allowed: 'all',
      refusal: 403,
      call: (r) => t.request(r, 'GET', '/api/sites/export?format=csv'),
    },
    {
      name: 'GET /api/users',
      allowed: ['admin'],
      refusal: 403,
      call: (r) => t.request(r, 'GET', '/api/users'),
    },
    {
      name: 'GET /api/users/:id (another user)',
      allowed: ['admin'],
      refusal: 403,
      call: (r) => t.request(r, 'GET', `/api/users/${adminId}`),
    },
    {
      name: 'POST /api/users',
      allowed: ['admin'],
      refusal: 403,
      call: (r) =>
        t.request(r, 'POST', '/api/users', {
          email: `u${unique()}@demo.amana.test`,
          name: 'u',
          memberships: [{ organisationId: coop, role: 'monitor' }],
        }),
    },
    {
      name: 'GET /api/criteria-sets',
      allowed: 'all',
      refusal: 403,
      call: (r) => t.request(r, 'GET', '/api/criteria-sets'),
    },
    {
      name: 'POST /api/criteria-sets',
      allowed: KEEPERS,
      refusal: 403,
      call: (r) =>
        t.request(r, 'POST', '/api/criteria-sets', {
          key: `matrix-${unique()}`,
          name: 'm',
          requirements: [
            {
              code: 'CL-01',
              textFr: 'x',
              textEn: 'x',
              topic: 't',
              riskCategory: 'child_labour',
              appliesTo: ['site'],
              tier: 'critical',
            },
          ],
        }),
    },
    {
      name: 'GET /api/assessments',
      allowed: [...REGISTRY_READERS, 'cooperative_manager'],
      refusal: 403,
      call: (r) => t.request(r, 'GET', '/api/assessments'),
    },
    {
      name: 'POST /api/assessments',
      allowed: [...KEEPERS, 'assessor'],
      refusal: 403,
      call: async (r) => {
        const site = (await t.request('admin', 'GET', '/api/sites?q=KZI-006')).body.items[0].id;
        return t.request(r, 'POST', '/api/assessments', {
          setId: baselineId,
          siteId: site,
          kind: 'baseline',
        });
      },
    },
    {
      name: 'POST /api/assessments/:id/approve',
      allowed: KEEPERS,
      refusal: 403,
      call: (r) => t.request(r, 'POST', `/api/assessments/${submitted[r]}/approve`),
    },
    {
      name: 'GET /api/corrective-actions',
      allowed: [...REGISTRY_READERS, 'cooperative_manager'],
      refusal: 403,
      call: (r) => t.request(r, 'GET', '/api/corrective-actions'),
    },
    {
      name: "POST /api/corrective-actions/:id/notes (the cooperative's own)",
      allowed: [...KEEPERS, 'cooperative_manager'],
      refusal: 403,
      hiddenFrom: ['grievance_officer', 'buyer', 'downstream'],
      call: (r) =>
        t.request(r, 'POST', `/api/corrective-actions/${coopActionId}/notes`, { note: `note by ${r}` }),
    },
    {
      name: 'POST /api/visits',
      allowed: [...KEEPERS, 'monitor'],
      refusal: 403,
      call: (r) =>
        t.request(r, 'POST', '/api/visits', {
          siteId: siteIds[0],
          visitedAt: '2026-01-01T00:00:00Z',
          indicators: { headCount: 10 },
        }),
    },
    {
      name: 'GET /api/visits',
      allowed: REGISTRY_READERS,
      refusal: 403,
      call: (r) => t.request(r, 'GET', '/api/visits'),
    },
    {
      name: 'POST /api/incidents',
      allowed: [...KEEPERS, 'monitor', 'assessor', 'grievance_officer'],
      refusal: 403,
      call: (r) =>
        t.request(r, 'POST', '/api/incidents', {
          siteId: siteIds[0],
          level: 3,
          category: 'governance',
          title: 't',
          description: 'd',
        }),
    },
    {
      name: 'GET /api/incidents',
      allowed: 'all',
      refusal: 403,
      call: (r) => t.request(r, 'GET', '/api/incidents'),
    },
    {
      name: 'POST /api/incidents/:id/transitions',
      allowed: KEEPERS,
      refusal: 403,
      call: (r) =>
        t.request(r, 'POST', `/api/incidents/${reported[r]}/transitions`, {
          to: 'under_verification',
          reason: 'check',
          revision: 1,
        }),
    },
    {
      name: 'POST /api/subscriptions',
      allowed: SUBSCRIBERS,
      refusal: 403,
      call: (r) => t.request(r, 'POST', '/api/subscriptions', { siteId: siteIds[ROLES.indexOf(r)] }),
    },
    {
      name: 'GET /api/webhooks',
      allowed: SUBSCRIBERS,
      refusal: 403,
      call: (r) => t.request(r, 'GET', '/api/webhooks'),
    },
    {
      name: 'GET /api/alerts',
      allowed: 'all',
      refusal: 403,
      call: (r) => t.request(r, 'GET', '/api/alerts'),
    },
    {
      name: 'POST /api/map-layers',
      allowed: ['admin', 'analyst', 'regulator'],
      refusal: 403,
      call: (r) =>
        t.request(r, 'POST', '/api/map-layers', {
          name: `zones ${r}`,
          kind: 'artisanal_zone',
          geojson: {
            type: 'FeatureCollection',
            features: [
              { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [25.4, -10.7] } },
            ],
          },
        }),
    },
    {
      name: 'GET /api/sites/map',
      allowed: 'all',
      refusal: 403,
      call: (r) => t.request(r, 'GET', '/api/sites/map'),
    },
    {
      name: 'GET /api/reports/incident-trends',
      allowed: 'all',
      refusal: 403,
      call: (r) => t.request(r, 'GET', '/api/reports/incident-trends'),
    },
    {
      name: 'POST /epcis/capture',
      allowed: ['admin', 'analyst', 'monitor', 'cooperative_manager', 'buyer', 'downstream'],
      refusal: 403,
      call: (r) =>
        t.request(r, 'POST', '/epcis/capture', {
          type: 'EPCISDocument',
          '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
          schemaVersion: '2.0',
          creationDate: '2026-11-20T10:00:00Z',
          epcisBody: {
            eventList: [
              {
                type: 'ObjectEvent',
                eventTime: '2026-11-20T10:00:00Z',
                eventTimeZoneOffset: '+01:00',
                eventID: `urn:uuid:0a0a0a0a-0000-4000-8000-${String(ROLES.indexOf(r)).padStart(12, '0')}`,
                // A GS1 identifier: lots in Amana's own namespace are made through its custody API.
                epcList: [`urn:epc:id:sgtin:0614141.107346.${2000 + ROLES.indexOf(r)}`],
                action: 'ADD',
                bizStep: 'commissioning',
              },
            ],
          },
        }),
    },
    {
      name: 'GET /epcis/events',
      allowed: 'all',
      refusal: 403,
      call: (r) => t.request(r, 'GET', '/epcis/events'),
    },
    { name: 'GET /api/me', allowed: 'all', refusal: 403, call: (r) => t.request(r, 'GET', '/api/me') },
    {
      name: 'GET /api/tokens',
      allowed: 'all',
      refusal: 403,
      call: (r) => t.request(r, 'GET', '/api/tokens'),
    },
  ];

  for (const row of rows) {
    test(row.name, async () => {
      const got: Record<string, number> = {};
      const want: Record<string, number | string> = {};
      for (const role of ROLES) {
        const res = await row.call(role);
        // An auditor reads only through its grant (decision 0027): every other route is a 403, before any lookup.
        const allowed =
          role === 'auditor'
            ? row.name === 'GET /api/me'
            : row.allowed === 'all' || row.allowed.includes(role);
        got[role] = allowed && res.status >= 200 && res.status < 300 ? 2 : res.status;
        want[role] = allowed
          ? 2
          : role === 'auditor'
            ? 403
            : row.hiddenFrom?.includes(role)
              ? 404
              : row.refusal;
        if (!allowed)
          assert.equal(res.headers.get('content-type'), 'application/problem+json; charset=utf-8');
      }
      assert.deepEqual(got, want);
    });
  }

  test('no one outside an organisation sees its people or licences in an unfiltered list', async () => {
    for (const role of ['grievance_officer', 'buyer', 'downstream'] as Role[]) {
      const persons = (await t.request(role, 'GET', '/api/persons?limit=200')).body.items;
      assert.deepEqual(
        persons.filter((p: { organisationId: string }) => p.organisationId !== t.orgOf[role]),
        [],
        role,
      );
      const licences = (await t.request(role, 'GET', '/api/licences?limit=200')).body.items;
      assert.deepEqual(
        licences.filter((l: { holderOrganisationId: string }) => l.holderOrganisationId !== t.orgOf[role]),
        [],
        role,
      );
    }
    const coopView = (await t.request('cooperative_manager', 'GET', '/api/persons?limit=200')).body.items;
    assert.ok(coopView.length >= 3);
    assert.ok(coopView.every((p: { organisationId: string }) => p.organisationId === coop));
  });

  test('a token of one user cannot be revoked by another, and lists only its own tokens', async () => {
    const mine = (await t.request('buyer', 'GET', '/api/tokens')).body.items;
    assert.ok(mine.every((k: { userId: string }) => k.userId === mine[0].userId));
    assert.equal((await t.request('downstream', 'DELETE', `/api/tokens/${mine[0].id}`)).status, 404);
  });
});
