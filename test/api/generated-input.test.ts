import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { ENGINE, startTestApp, type TestApp } from './harness.ts';

/** Random bodies to every write route: each answer is 2xx or a 4xx problem document, never a 5xx. */
describe(`generated input (${ENGINE})`, () => {
  let t: TestApp;
  let ids: Record<string, string>;
  before(async () => {
    t = await startTestApp();
    const site = (await t.request('admin', 'GET', '/api/sites?limit=1')).body.items[0];
    const user = (await t.request('admin', 'GET', '/api/me')).body;
    const person = (await t.request('admin', 'GET', '/api/persons?limit=1')).body.items[0];
    const licence = (await t.request('admin', 'GET', '/api/licences?limit=1')).body.items[0];
    const sets = (await t.request('admin', 'GET', '/api/criteria-sets')).body.items;
    const draft = (await t.request('admin', 'POST', `/api/criteria-sets/${sets[0].id}/versions`)).body;
    const assessment = (await t.request('admin', 'GET', '/api/assessments?status=submitted')).body.items[0];
    const action = (await t.request('admin', 'GET', '/api/corrective-actions')).body.items[0];
    const incident = (
      await t.request('admin', 'POST', '/api/incidents', {
        siteId: site.id,
        level: 2,
        category: 'governance',
        title: 'fuzz',
        description: 'd',
      })
    ).body;
    const fund = (
      await t.request(
        'admin',
        'GET',
        `/api/funds/${(await t.request('admin', 'GET', '/api/funds')).body.items[0].id}`,
      )
    ).body;
    const project = (await t.request('admin', 'GET', `/api/fund-projects/${fund.projects[0].id}`)).body;
    ids = {
      fund: fund.id,
      project: project.id,
      milestone: project.milestones[2].id,
      proposal: fund.proposals[2].id,
      incident: incident.id,
      draft: draft.id,
      assessment: assessment.id,
      action: action.id,
      org: t.orgOf.cooperative_manager,
      site: site.id,
      user: user.id,
      person: person.id,
      licence: licence.id,
    };
  });
  after(() => t.close());

  const routes = () => [
    ['POST', '/api/organisations'],
    ['PUT', `/api/organisations/${ids.org}`],
    ['POST', `/api/organisations/${ids.org}/owners`],
    ['POST', `/api/organisations/${ids.org}/kyc-reviews`],
    ['POST', `/api/organisations/${ids.org}/report-subscriptions`],
    ['POST', '/api/persons'],
    ['PUT', `/api/persons/${ids.person}`],
    ['POST', '/api/licences'],
    ['PUT', `/api/licences/${ids.licence}`],
    ['POST', '/api/sites'],
    ['PUT', `/api/sites/${ids.site}`],
    ['PUT', `/api/sites/${ids.site}/public-location`],
    ['POST', '/api/sites/import'],
    ['POST', '/api/users'],
    ['PATCH', `/api/users/${ids.user}`],
    ['POST', '/api/tokens'],
    ['POST', '/api/session'],
    ['PUT', '/api/session/organisation'],
    ['POST', '/api/criteria-sets'],
    ['POST', '/api/criteria-sets/import'],
    ['PUT', `/api/criteria-sets/${ids.draft}`],
    ['PUT', `/api/criteria-sets/${ids.draft}/requirements/CL-01`],
    ['POST', `/api/criteria-sets/${ids.draft}/publish`],
    ['POST', '/api/assessments'],
    ['PUT', `/api/assessments/${ids.assessment}/ratings`],
    ['PUT', `/api/assessments/${ids.assessment}/ratings/CL-01`],
    ['POST', `/api/assessments/${ids.assessment}/submit`],
    ['POST', `/api/assessments/${ids.assessment}/return`],
    ['POST', `/api/corrective-actions/${ids.action}/notes`],
    ['POST', '/api/visits'],
    ['POST', '/api/me/devices'],
    ['POST', '/api/devices/0193a000-0000-7000-8000-000000000001/revoke'],
    ['POST', '/api/incidents'],
    ['POST', `/api/incidents/${ids.incident}/transitions`],
    ['POST', `/api/incidents/${ids.incident}/plan`],
    ['POST', `/api/incidents/${ids.incident}/plan/reviews`],
    ['POST', '/api/subscriptions'],
    ['POST', '/api/webhooks'],
    ['PUT', '/api/indicator-rules/R-FUZZ'],
    ['POST', '/api/public/grievances'],
    ['POST', '/api/map-layers'],
    ['POST', '/epcis/capture'],
    ['POST', '/api/custody/tags'],
    ['POST', '/api/custody/transfers'],
    ['POST', '/api/custody/aggregations'],
    ['POST', '/api/custody/transformations'],
    ['POST', '/api/funds'],
    ['PUT', `/api/funds/${ids.fund}/formula`],
    ['POST', `/api/funds/${ids.fund}/members`],
    ['PUT', `/api/funds/${ids.fund}/declarations`],
    ['POST', `/api/funds/${ids.fund}/receipts`],
    ['POST', `/api/funds/${ids.fund}/projects`],
    ['POST', `/api/funds/${ids.fund}/proposals`],
    ['POST', `/api/fund-projects/${ids.project}/milestones/${ids.milestone}/met`],
    ['POST', `/api/fund-projects/${ids.project}/disbursements`],
    ['POST', `/api/fund-proposals/${ids.proposal}/votes`],
    ['POST', '/api/prices'],
    ['POST', '/api/prices/import'],
    ['POST', '/api/cooperative-payments'],
    ['POST', '/api/zones'],
    ['POST', `/api/cooperatives/${ids.org}/members`],
    ['POST', '/api/miner-cards'],
    ['POST', '/api/royalty-declarations'],
  ];

  // Values shaped like the real fields, so that bodies get past the first check often enough to test deeper rules.
  const field = fc.oneof(
    fc.string(),
    fc.string({ unit: 'grapheme' }),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom(
      'CD',
      'cooperative',
      'rccm',
      'cobalt',
      'verified',
      'miner',
      'Point',
      '2026-01-01',
      'admin',
      'CD/KZI/RCCM/19-B-00123',
    ),
    fc.uuid(),
    fc.array(fc.oneof(fc.string(), fc.integer(), fc.uuid()), { maxLength: 3 }),
    fc.record({
      type: fc.constantFrom('Point', 'Polygon', 'MultiPolygon', 'x'),
      coordinates: fc.array(fc.anything(), { maxLength: 4 }),
    }),
  );
  const keys = fc.constantFrom(
    'legalName',
    'geojson',
    'tag',
    'massKg',
    'gradePct',
    'lotIds',
    'inputLotIds',
    'outputs',
    'toOrganisationId',
    'chainRoles',
    'country',
    'registrationNumbers',
    'version',
    'organisationId',
    'fullName',
    'kind',
    'birthYear',
    'cardNumber',
    'holderOrganisationId',
    'type',
    'number',
    'issuer',
    'validFrom',
    'validUntil',
    'code',
    'name',
    'province',
    'geometry',
    'minerals',
    'cooperativeIds',
    'workforce',
    'email',
    'password',
    'memberships',
    'decision',
    'reason',
    'documentIds',
    'percent',
    'ownerOrganisationId',
    'expiresAt',
    'zoneCode',
    'disabled',
    'features',
    'key',
    'requirements',
    'revision',
    'tier',
    'rating',
    'ratings',
    'setId',
    'siteId',
    'note',
    'indicators',
    'visitedAt',
    'level',
    'category',
    'title',
    'description',
    'to',
    'decision',
    'actions',
    'url',
    'operator',
    'threshold',
    'indicator',
    'language',
    'location',
    'contact',
    'amountMinor',
    'ratePerTonneMinor',
    'floorMinor',
    'quorum',
    'currency',
    'year',
    'cobaltKg',
    'milestoneId',
    'disbursedAt',
    'metAt',
    'projectId',
    'vote',
    'startsOn',
    'budgetMinor',
    'milestones',
    'deliveryEvent',
    'paidAt',
    'perTonneMinor',
    'effectiveOn',
    'csv',
    'at',
  );
  const body = fc.oneof(fc.dictionary(keys, field, { maxKeys: 12 }), fc.anything(), fc.json());

  // Valid bodies with a few fields overwritten at random, so some requests get through to the deepest rules.
  const valid: Record<string, unknown> = {
    'POST /api/organisations': {
      legalName: 'Fuzz SARL',
      chainRoles: ['trader'],
      country: 'CD',
      registrationNumbers: [],
    },
    'POST /api/sites': {
      code: 'FZ-01',
      name: 'f',
      province: 'Lualaba',
      geometry: { type: 'Point', coordinates: [25, -10] },
      minerals: ['cobalt'],
    },
    'POST /api/tokens': { name: 'fuzz' },
    'POST /api/funds': { name: 'F', currency: 'USD', ratePerTonneMinor: 100, floorMinor: 100, quorum: 1 },
    'POST /api/prices': { kind: 'market', currency: 'USD', perTonneMinor: 100, effectiveOn: '2026-01-02' },
    'POST /api/prices/import': { csv: 'effective_on,currency,per_tonne\n2026-01-03,USD,1.00\n' },
  };
  const bodyFor = (route: string) =>
    valid[route]
      ? fc.oneof(
          body,
          fc
            .tuple(fc.constant(valid[route] as object), fc.dictionary(keys, field, { maxKeys: 2 }))
            .map(([b, o]) => ({ ...b, ...o })),
        )
      : body;

  test('two hundred random bodies per write route never produce a 5xx', async () => {
    const seen = new Map<number, number>();
    for (const [method, path] of routes()) {
      await fc.assert(
        fc.asyncProperty(
          bodyFor(`${method} ${path}`),
          fc.constantFrom('admin', 'analyst', 'cooperative_manager', 'buyer') as fc.Arbitrary<'admin'>,
          async (b, role) => {
            const res = await t.request(
              role,
              method,
              path,
              typeof b === 'string' ? b : b === undefined ? null : b,
              {
                'content-type': 'application/json',
              },
            );
            seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
            assert.ok(
              res.status < 500,
              `${method} ${path} answered ${res.status} to ${JSON.stringify(b)}: ${res.text}`,
            );
            if (res.status >= 400) {
              assert.equal(res.headers.get('content-type'), 'application/problem+json; charset=utf-8');
              assert.equal(res.body.status, res.status);
              // Under /epcis the binding's own problem types (decision 0035); Amana's everywhere else.
              assert.match(
                res.body.type,
                path.startsWith('/epcis') ? /^epcisException:/ : /^\/api\/problems#/,
              );
            }
          },
        ),
        // A fixed seed makes a failure reproducible on either engine; change it to explore further.
        { numRuns: 200, seed: 20261122 },
      );
    }
    assert.ok(
      [...seen.keys()].some((s) => s < 300),
      `no random body was ever accepted: ${JSON.stringify([...seen])}`,
    );
  });
});
