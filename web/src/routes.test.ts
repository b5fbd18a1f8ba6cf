import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPublic, mayEdit, navFor, routeOf, sectionOf } from './routes.ts';

const id = '01a20266-0000-7000-8000-000000000001';

test('reads every page from its path, and falls back to the home page', () => {
  assert.equal(routeOf('/organisations'), '/organisations');
  assert.equal(routeOf(`/organisations/${id}`), `/organisations/${id}`);
  assert.equal(routeOf(`/organisations/${id}/edit`), `/organisations/${id}/edit`);
  assert.equal(routeOf('/organisations/new'), '/organisations/new');
  assert.equal(routeOf(`/sites/${id}`), `/sites/${id}`);
  assert.equal(routeOf(`/sites/${id}/edit`), `/sites/${id}/edit`);
  assert.equal(routeOf(`/incidents/${id}`), `/incidents/${id}`);
  assert.equal(routeOf(`/incidents/${id}/edit`), '/home');
  assert.equal(routeOf(`/grievances/${id}`), `/grievances/${id}`);
  assert.equal(routeOf(`/lots/${id}`), `/lots/${id}`);
  assert.equal(routeOf('/lots'), '/lots');
  assert.equal(routeOf('/grievances'), '/grievances');
  assert.equal(routeOf(`/assessments/${id}`), `/assessments/${id}`);
  assert.equal(routeOf('/visits/new?site=x'), '/visits/new');
  assert.equal(routeOf('/grievance/case'), '/grievance/case');
  assert.equal(routeOf('/sites?status=red'), '/sites');
  assert.equal(routeOf('/map'), '/map');
  assert.equal(routeOf('/'), '/home');
  assert.equal(routeOf('/sites/not-an-id'), '/home');
  assert.equal(routeOf('/nowhere'), '/home');
});

test('detail and form pages light up their list in the navigation; only the grievance pages are public', () => {
  assert.equal(sectionOf(`/incidents/${id}`), '/incidents');
  assert.equal(sectionOf(`/sites/${id}/edit`), '/sites');
  assert.equal(sectionOf('/organisations/new'), '/organisations');
  assert.equal(sectionOf('/map'), '/map');
  assert.equal(sectionOf(`/grievances/${id}`), '/grievances');
  assert.equal(sectionOf(`/lots/${id}`), '/lots');
  assert.equal(sectionOf(`/assessments/${id}`), '/sites');
  assert.equal(sectionOf('/visits/new'), '/sites');
  assert.equal(sectionOf('/alerts'), '/alerts');
  assert.deepEqual(
    ['/grievance', '/grievance/case', '/sites', '/alerts'].map((p) => isPublic(routeOf(p))),
    [true, true, false, false],
  );
});

test('field monitors and grievance officers get no registry of organisations; grievance officers get the grievances', () => {
  assert.deepEqual(navFor('analyst'), [
    '/home',
    '/map',
    '/sites',
    '/organisations',
    '/lots',
    '/incidents',
    '/alerts',
  ]);
  assert.deepEqual(navFor('monitor'), ['/home', '/map', '/sites', '/lots', '/incidents', '/alerts']);
  assert.deepEqual(navFor('grievance_officer'), [
    '/home',
    '/map',
    '/sites',
    '/incidents',
    '/grievances',
    '/alerts',
  ]);
  assert.deepEqual(navFor('downstream'), navFor('analyst'));
});

test('only registry keepers edit sites; actors keep their own organisation', () => {
  assert.deepEqual(
    ['admin', 'analyst', 'monitor', 'buyer'].map((r) => mayEdit(r, 'site')),
    [true, true, false, false],
  );
  assert.deepEqual(
    ['analyst', 'cooperative_manager', 'regulator', 'monitor'].map((r) => mayEdit(r, 'organisation')),
    [true, true, false, false],
  );
});
