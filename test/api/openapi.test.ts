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
      'DELETE /epcis/nextPageToken/{token}',
      'DELETE /epcis/queries/{queryName}',
      'DELETE /epcis/queries/{queryName}/subscriptions/{subscriptionID}',
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
      'GET /api/corrective-actions',
      'GET /api/corrective-actions/{id}',
      'GET /api/criteria-sets',
      'GET /api/criteria-sets/{id}',
      'GET /api/criteria-sets/{id}/export',
      'GET /api/dashboard',
      'GET /api/deliveries',
      'GET /api/event-log/pack',
      'GET /api/event-log/seal',
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
      'GET /api/map-layers',
      'GET /api/map-layers/{id}/features',
      'GET /api/me',
      'GET /api/organisations',
      'GET /api/organisations/{id}',
      'GET /api/organisations/{id}/documents',
      'GET /api/organisations/{id}/documents/{documentId}',
      'GET /api/organisations/{id}/history',
      'GET /api/organisations/{id}/kyc-reviews',
      'GET /api/organisations/{id}/owners',
      'GET /api/organisations/{id}/screening',
      'GET /api/persons',
      'GET /api/persons/{id}',
      'GET /api/persons/{id}/history',
      'GET /api/persons/{id}/screening',
      'GET /api/problems',
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
      'GET /epcis',
      'GET /epcis/bizLocations',
      'GET /epcis/bizLocations/{value}',
      'GET /epcis/bizLocations/{value}/events',
      'GET /epcis/bizSteps',
      'GET /epcis/bizSteps/{value}',
      'GET /epcis/bizSteps/{value}/events',
      'GET /epcis/capture',
      'GET /epcis/capture/{captureID}',
      'GET /epcis/dispositions',
      'GET /epcis/dispositions/{value}',
      'GET /epcis/dispositions/{value}/events',
      'GET /epcis/epcs',
      'GET /epcis/epcs/{value}',
      'GET /epcis/epcs/{value}/events',
      'GET /epcis/eventTypes',
      'GET /epcis/eventTypes/{value}',
      'GET /epcis/eventTypes/{value}/events',
      'GET /epcis/events',
      'GET /epcis/events/{eventID}',
      'GET /epcis/queries',
      'GET /epcis/queries/{queryName}',
      'GET /epcis/queries/{queryName}/events',
      'GET /epcis/queries/{queryName}/subscriptions',
      'GET /epcis/queries/{queryName}/subscriptions/{subscriptionID}',
      'GET /epcis/readPoints',
      'GET /epcis/readPoints/{value}',
      'GET /epcis/readPoints/{value}/events',
      'PATCH /api/users/{id}',
      'POST /api/alerts/{id}/read',
      'POST /api/assessments',
      'POST /api/assessments/{id}/approve',
      'POST /api/assessments/{id}/evidence',
      'POST /api/assessments/{id}/return',
      'POST /api/assessments/{id}/submit',
      'POST /api/audit/grants',
      'POST /api/audit/grants/{id}/end',
      'POST /api/corrective-actions/{id}/notes',
      'POST /api/criteria-sets',
      'POST /api/criteria-sets/import',
      'POST /api/criteria-sets/{id}/publish',
      'POST /api/criteria-sets/{id}/versions',
      'POST /api/custody/aggregations',
      'POST /api/custody/tags',
      'POST /api/custody/transfers',
      'POST /api/custody/transformations',
      'POST /api/grievances/{id}/outcome',
      'POST /api/grievances/{id}/reject',
      'POST /api/grievances/{id}/validate',
      'POST /api/incidents',
      'POST /api/incidents/{id}/evidence',
      'POST /api/incidents/{id}/plan',
      'POST /api/incidents/{id}/plan/decisions',
      'POST /api/incidents/{id}/plan/reviews',
      'POST /api/incidents/{id}/transitions',
      'POST /api/licences',
      'POST /api/map-layers',
      'POST /api/me/password',
      'POST /api/organisations',
      'POST /api/organisations/duplicates',
      'POST /api/organisations/{id}/documents',
      'POST /api/organisations/{id}/kyc-reviews',
      'POST /api/organisations/{id}/owners',
      'POST /api/persons',
      'POST /api/persons/duplicates',
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
      'POST /api/visits',
      'POST /api/visits/{id}/photos',
      'POST /api/webhooks',
      'POST /epcis/capture',
      'POST /epcis/events',
      'POST /epcis/queries',
      'POST /epcis/queries/{queryName}/subscriptions',
      'PUT /api/assessments/{id}/ratings',
      'PUT /api/assessments/{id}/ratings/{code}',
      'PUT /api/criteria-sets/{id}',
      'PUT /api/criteria-sets/{id}/requirements/{code}',
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
