import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openApiDocument } from '../../src/http/openapi-document.ts';
import { ENGINE, startTestApp, type TestApp } from './harness.ts';

describe(`OpenAPI document and health (${ENGINE})`, () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  test('the committed docs/openapi.json is the document the routes generate (run npm run openapi)', async () => {
    const committed = fs.readFileSync(path.resolve(import.meta.dirname, '../../docs/openapi.json'), 'utf8');
    assert.ok(committed === (await openApiDocument()), 'docs/openapi.json is stale: run `npm run openapi`');
  });

  test('documents every API route with its schemas', async () => {
    const res = await t.request(null, 'GET', '/api/openapi.json');
    assert.equal(res.status, 200);
    assert.equal(res.body.openapi, '3.1.0');
    const documented = Object.entries(res.body.paths as Record<string, Record<string, unknown>>)
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`))
      .sort();
    assert.deepEqual(documented, [
      'DELETE /api/criteria-sets/{id}/requirements/{code}',
      'DELETE /api/map-layers/{id}',
      'DELETE /api/organisations/{id}/owners/{linkId}',
      'DELETE /api/session',
      'DELETE /api/subscriptions/{id}',
      'DELETE /api/tokens/{id}',
      'DELETE /api/webhooks/{id}',
      'GET /api/alerts',
      'GET /api/assessments',
      'GET /api/assessments/{id}',
      'GET /api/assessments/{id}/evidence',
      'GET /api/assessments/{id}/evidence/{evidenceId}',
      'GET /api/audit/access',
      'GET /api/audit/grants',
      'GET /api/audit/grants/{id}',
      'GET /api/audit/reads',
      'GET /api/audit/records',
      'GET /api/audit/sites',
      'GET /api/audit/sites/{id}',
      'GET /api/cooperatives/{id}/account',
      'GET /api/corrective-actions',
      'GET /api/corrective-actions/{id}',
      'GET /api/criteria-sets',
      'GET /api/criteria-sets/{id}',
      'GET /api/criteria-sets/{id}/export',
      'GET /api/dashboard',
      'GET /api/deliveries',
      'GET /api/devices',
      'GET /api/event-log/pack',
      'GET /api/event-log/records',
      'GET /api/event-log/seal',
      'GET /api/field/changes',
      'GET /api/field/uploads/{id}',
      'GET /api/fund-projects/{id}',
      'GET /api/funds',
      'GET /api/funds/{id}',
      'GET /api/funds/{id}/funders/{organisationId}',
      'GET /api/funds/{id}/receipts',
      'GET /api/funds/{id}/schedule',
      'GET /api/grievances',
      'GET /api/grievances/{id}',
      'GET /api/health',
      'GET /api/incidents',
      'GET /api/incidents/{id}',
      'GET /api/incidents/{id}/evidence',
      'GET /api/incidents/{id}/evidence/{evidenceId}',
      'GET /api/incidents/{id}/plan',
      'GET /api/incidents/{id}/timeline',
      'GET /api/indicator-rules',
      'GET /api/licences',
      'GET /api/licences/{id}',
      'GET /api/lots',
      'GET /api/lots/{id}',
      'GET /api/lots/{id}/conformity',
      'GET /api/lots/{id}/lineage',
      'GET /api/lots/{id}/origin',
      'GET /api/lots/{id}/origin-statement',
      'GET /api/map-layers',
      'GET /api/map-layers/{id}/features',
      'GET /api/map/places',
      'GET /api/me',
      'GET /api/me/devices',
      'GET /api/openrosa/app-users',
      'GET /api/openrosa/forms',
      'GET /api/openrosa/submissions',
      'GET /api/openrosa/submissions/{id}',
      'GET /api/organisations',
      'GET /api/organisations/{id}',
      'GET /api/organisations/{id}/documents',
      'GET /api/organisations/{id}/documents/{documentId}',
      'GET /api/organisations/{id}/history',
      'GET /api/organisations/{id}/kyc-reviews',
      'GET /api/organisations/{id}/owners',
      'GET /api/organisations/{id}/report',
      'GET /api/organisations/{id}/report.battery-pass',
      'GET /api/organisations/{id}/report.emrt.xlsx',
      'GET /api/organisations/{id}/report.pdf',
      'GET /api/organisations/{id}/screening',
      'GET /api/persons',
      'GET /api/persons/{id}',
      'GET /api/persons/{id}/history',
      'GET /api/persons/{id}/screening',
      'GET /api/prices',
      'GET /api/problems',
      'GET /api/production/volumes',
      'GET /api/public/grievances/{caseCode}',
      'GET /api/public/sites',
      'GET /api/reports/incident-trends',
      'GET /api/screening/hits',
      'GET /api/screening/hits/{id}',
      'GET /api/screening/list-versions',
      'GET /api/screening/list-versions/{id}',
      'GET /api/screening/list-versions/{id}/changes',
      'GET /api/screening/list-versions/{id}/entries',
      'GET /api/screening/list-versions/{id}/entries/{reference}',
      'GET /api/screening/merges',
      'GET /api/search',
      'GET /api/site-assignments',
      'GET /api/site-assignments/people',
      'GET /api/sites',
      'GET /api/sites/export',
      'GET /api/sites/map',
      'GET /api/sites/outlines',
      'GET /api/sites/{id}',
      'GET /api/sites/{id}/downstream',
      'GET /api/sites/{id}/history',
      'GET /api/sites/{id}/indicators',
      'GET /api/sites/{id}/status-history',
      'GET /api/subscriptions',
      'GET /api/tokens',
      'GET /api/users',
      'GET /api/users/{id}',
      'GET /api/visit-plan',
      'GET /api/visit-plan/overdue',
      'GET /api/visits',
      'GET /api/visits/{id}',
      'GET /api/webhooks',
      'GET /epcis/capture/{captureID}',
      'GET /epcis/events',
      'GET /epcis/events/{eventID}',
      'PATCH /api/field/uploads/{id}',
      'PATCH /api/users/{id}',
      'POST /api/alerts/{id}/read',
      'POST /api/assessments',
      'POST /api/assessments/{id}/approve',
      'POST /api/assessments/{id}/evidence',
      'POST /api/assessments/{id}/return',
      'POST /api/assessments/{id}/submit',
      'POST /api/audit/grants',
      'POST /api/audit/grants/{id}/end',
      'POST /api/cooperative-payments',
      'POST /api/corrective-actions/{id}/notes',
      'POST /api/criteria-sets',
      'POST /api/criteria-sets/import',
      'POST /api/criteria-sets/{id}/publish',
      'POST /api/criteria-sets/{id}/versions',
      'POST /api/custody/aggregations',
      'POST /api/custody/tags',
      'POST /api/custody/transfers',
      'POST /api/custody/transformations',
      'POST /api/devices/{id}/revoke',
      'POST /api/field/sync',
      'POST /api/field/uploads',
      'POST /api/fund-projects/{id}/disbursements',
      'POST /api/fund-projects/{id}/milestones/{milestoneId}/met',
      'POST /api/fund-proposals/{id}/votes',
      'POST /api/funds',
      'POST /api/funds/{id}/members',
      'POST /api/funds/{id}/projects',
      'POST /api/funds/{id}/proposals',
      'POST /api/funds/{id}/receipts',
      'POST /api/grievances/{id}/outcome',
      'POST /api/grievances/{id}/reject',
      'POST /api/grievances/{id}/validate',
      'POST /api/incidents',
      'POST /api/incidents/{id}/evidence',
      'POST /api/incidents/{id}/plan',
      'POST /api/incidents/{id}/plan/decisions',
      'POST /api/incidents/{id}/plan/reviews',
      'POST /api/incidents/{id}/transitions',
      'POST /api/invitations',
      'POST /api/licences',
      'POST /api/map-layers',
      'POST /api/me/devices',
      'POST /api/me/password',
      'POST /api/openrosa/app-users',
      'POST /api/openrosa/app-users/{id}/revoke',
      'POST /api/openrosa/submissions/{id}/apply',
      'POST /api/organisations',
      'POST /api/organisations/duplicates',
      'POST /api/organisations/{id}/documents',
      'POST /api/organisations/{id}/kyc-reviews',
      'POST /api/organisations/{id}/owners',
      'POST /api/password-link',
      'POST /api/password-reset',
      'POST /api/persons',
      'POST /api/persons/duplicates',
      'POST /api/prices',
      'POST /api/prices/import',
      'POST /api/public/grievances',
      'POST /api/public/grievances/{caseCode}/attachments',
      'POST /api/screening/hits/{id}/decision',
      'POST /api/screening/lists/import',
      'POST /api/screening/merges',
      'POST /api/session',
      'POST /api/site-assignments',
      'POST /api/site-assignments/{id}/end',
      'POST /api/sites',
      'POST /api/sites/duplicates',
      'POST /api/sites/import',
      'POST /api/subscriptions',
      'POST /api/tokens',
      'POST /api/users',
      'POST /api/users/{id}/password-link',
      'POST /api/visits',
      'POST /api/visits/{id}/photos',
      'POST /api/webhooks',
      'POST /api/webhooks/{id}/test',
      'POST /epcis/capture',
      'PUT /api/assessments/{id}/ratings',
      'PUT /api/assessments/{id}/ratings/{code}',
      'PUT /api/criteria-sets/{id}',
      'PUT /api/criteria-sets/{id}/requirements/{code}',
      'PUT /api/funds/{id}/declarations',
      'PUT /api/funds/{id}/formula',
      'PUT /api/indicator-rules/{code}',
      'PUT /api/licences/{id}',
      'PUT /api/organisations/{id}',
      'PUT /api/persons/{id}',
      'PUT /api/session/organisation',
      'PUT /api/sites/{id}',
    ]);
    const create = res.body.paths['/api/organisations'].post;
    assert.deepEqual(Object.keys(create.responses).sort(), ['200', '201', '400', '401', '403', '409', '422']);
    assert.ok(create.requestBody.content['application/json'].schema.properties.registrationNumbers);
  });

  test('serves a readable reference page and the problem catalogue', async () => {
    const docs = await t.request(null, 'GET', '/api/docs/');
    assert.equal(docs.status, 200);
    assert.match(docs.text, /swagger-ui/i);
    const catalogue = await t.request(null, 'GET', '/api/problems');
    assert.ok(
      catalogue.body.some(
        (p: { type: string; status: number }) => p.type === '/api/problems#stale-update' && p.status === 409,
      ),
    );
  });

  test('health names the engine, and unknown API paths answer a 404 problem', async () => {
    const health = await t.request(null, 'GET', '/api/health');
    assert.equal(health.body.status, 'ok');
    assert.deepEqual(health.body.problems, []);
    assert.equal(health.body.database, ENGINE);
    assert.ok(health.body.events > 50);
    const missing = await t.request(null, 'GET', '/api/nothing-here');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.detail, 'no route GET /api/nothing-here');
  });
});
