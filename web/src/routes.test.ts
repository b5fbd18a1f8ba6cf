import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPublic, routeOf, sectionOf } from './routes.ts';

const id = '01a20266-0000-7000-8000-000000000001';

test('reads every page from its path, and falls back to the home page', () => {
  assert.equal(routeOf('/organisations'), '/organisations');
  assert.equal(routeOf(`/sites/${id}`), `/sites/${id}`);
  assert.equal(routeOf(`/incidents/${id}`), `/incidents/${id}`);
  assert.equal(routeOf('/grievance/case'), '/grievance/case');
  assert.equal(routeOf('/sites'), '/sites');
  assert.equal(routeOf('/'), '/home');
  assert.equal(routeOf('/sites/not-an-id'), '/home');
  assert.equal(routeOf('/nowhere'), '/home');
});

test('detail pages light up their list in the navigation; only the grievance pages are public', () => {
  assert.equal(sectionOf(`/incidents/${id}`), '/incidents');
  assert.equal(sectionOf(`/sites/${id}`), '/sites');
  assert.equal(sectionOf('/alerts'), '/alerts');
  assert.deepEqual(
    ['/grievance', '/grievance/case', '/sites', '/alerts'].map((p) => isPublic(routeOf(p))),
    [true, true, false, false],
  );
});
