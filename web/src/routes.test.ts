import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Principal, Role } from '../../src/domain/access/roles.ts';
import { isRecordId, mayOpen, navFor, PAGES } from './routes.ts';

const id = '01a20266-0000-7000-8000-000000000001';
const as = (role: Role, organisationId = 'org-1'): Principal => ({
  userId: 'u',
  email: 'u@example.org',
  organisationId,
  role,
  via: 'session',
});

test('field monitors and grievance officers get no registry of organisations; grievance officers get the grievances', () => {
  const paths = (role: Role) => navFor(role).map((n) => n.path);
  assert.deepEqual(paths('analyst'), [
    '/home',
    '/map',
    '/sites',
    '/organisations',
    '/lots',
    '/incidents',
    '/alerts',
    '/collect',
    '/screening',
    '/approvals',
  ]);
  // ODK Collect's forms are for those who fill them, its submissions for analysts (decision 0033).
  assert.deepEqual(paths('monitor'), [
    '/home',
    '/map',
    '/sites',
    '/lots',
    '/incidents',
    '/alerts',
    '/collect',
  ]);
  assert.deepEqual(paths('grievance_officer'), [
    '/home',
    '/map',
    '/sites',
    '/incidents',
    '/grievances',
    '/alerts',
  ]);
  // Screening hits are for those who decide on them and the regulator, not for the actors screened.
  assert.deepEqual(paths('downstream'), paths('analyst').slice(0, -3));
  // The approvals queue is for those who approve: the regulator oversees, it does not approve.
  assert.deepEqual(
    paths('regulator'),
    paths('analyst').filter((p) => p !== '/collect' && p !== '/approvals'),
  );
  // The administrator also grants auditors' access (decision 0027).
  assert.deepEqual(paths('admin'), [...paths('analyst'), '/audit']);
});

test('submissions as received are for analysts and administrators; the forms page for those who fill them', () => {
  assert.deepEqual(
    (['admin', 'analyst', 'monitor', 'buyer'] as const).map((r) =>
      mayOpen(as(r), PAGES.collectSubmissions, {}),
    ),
    [true, true, false, false],
  );
  assert.equal(mayOpen(as('monitor'), PAGES.collect, {}), true);
  assert.equal(mayOpen(as('monitor'), PAGES.collectSubmission, { id }), false);
});

test('a page outside the role’s areas is closed to it, detail pages included', () => {
  assert.equal(mayOpen(as('monitor'), PAGES.organisations, {}), false);
  assert.equal(mayOpen(as('monitor'), PAGES.organisation, { id }), false);
  assert.equal(mayOpen(as('analyst'), PAGES.grievance, { id }), false);
  assert.equal(mayOpen(as('grievance_officer'), PAGES.grievances, {}), true);
  assert.equal(mayOpen(as('grievance_officer'), PAGES.lot, { id }), false);
  // Visits and assessments belong to the sites: they light up the sites in the navigation.
  assert.equal(PAGES.newVisit.area, 'sites');
  assert.equal(PAGES.assessment.area, 'sites');
});

test('only registry keepers open the site forms; actors edit their own organisation, keepers any', () => {
  assert.deepEqual(
    (['admin', 'analyst', 'monitor', 'buyer'] as const).map((r) => mayOpen(as(r), PAGES.newSite, {})),
    [true, true, false, false],
  );
  assert.equal(mayOpen(as('analyst'), PAGES.editSite, { id }), true);
  assert.equal(mayOpen(as('regulator'), PAGES.editSite, { id }), false);
  assert.equal(mayOpen(as('cooperative_manager', id), PAGES.editOrganisation, { id }), true);
  assert.equal(mayOpen(as('cooperative_manager'), PAGES.editOrganisation, { id }), false);
  assert.equal(mayOpen(as('analyst'), PAGES.editOrganisation, { id }), true);
  assert.equal(mayOpen(as('regulator', id), PAGES.editOrganisation, { id }), false);
  assert.deepEqual(
    (['admin', 'analyst', 'cooperative_manager'] as const).map((r) =>
      mayOpen(as(r), PAGES.newOrganisation, {}),
    ),
    [true, true, false],
  );
  assert.deepEqual(
    (['monitor', 'analyst', 'assessor', 'buyer'] as const).map((r) => mayOpen(as(r), PAGES.newVisit, {})),
    [true, true, false, false],
  );
});

test('record pages take the ids the app makes; anything else is not a record', () => {
  assert.equal(isRecordId(id), true);
  assert.equal(isRecordId(undefined), true);
  assert.equal(isRecordId('not-an-id'), false);
  assert.equal(isRecordId('new'), false);
});
