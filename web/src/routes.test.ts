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
    '/funding',
    '/production',
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
  // Screening hits are for those who decide on them and the regulator, not for the actors screened; a refiner pays
  // into the fund, it neither sells nor buys at the mine (decisions 0038, 0039).
  // ODK Collect is for the programme's field staff and analysts (decision 0033).
  // Those who hold material have their stock beside the lots (decision 0049).
  const chain = paths('analyst').slice(0, 7);
  const holding = [...chain.slice(0, 5), '/stock', ...chain.slice(5)];
  assert.deepEqual(paths('downstream'), [...holding, '/funding']);
  assert.deepEqual(paths('buyer'), [...holding, '/production']);
  assert.deepEqual(paths('cooperative_manager'), paths('buyer'));
  // The approvals queue is for those who approve: the regulator oversees, it does not approve.
  assert.deepEqual(paths('regulator'), [...chain, '/funding', '/production', '/screening']);
  // The administrator also grants auditors' access (decision 0027) and keeps users, tokens and criteria sets.
  assert.deepEqual(paths('admin'), [...paths('analyst'), '/audit', '/admin']);
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

test('the administration is the administrator’s; what an organisation follows and its webhooks are its managers’', () => {
  const roles = ['admin', 'analyst', 'buyer', 'downstream', 'monitor'] as const;
  assert.deepEqual(
    roles.map((r) => mayOpen(as(r), PAGES.adminUsers, {})),
    [true, false, false, false, false],
  );
  assert.deepEqual(
    roles.map((r) => mayOpen(as(r), PAGES.adminCriteriaSet, { id })),
    [true, false, false, false, false],
  );
  assert.deepEqual(
    roles.map((r) => mayOpen(as(r), PAGES.follows, {})),
    [true, true, true, true, false],
  );
  assert.deepEqual(
    roles.map((r) => mayOpen(as(r), PAGES.webhooks, {})),
    [true, true, true, true, false],
  );
});

test('everyone with a home page opens their own devices; only administrators the organisation’s; registry staff the visits', () => {
  const roles = ['admin', 'analyst', 'monitor', 'buyer', 'auditor'] as const;
  assert.deepEqual(
    roles.map((r) => mayOpen(as(r), PAGES.myDevices, {})),
    [true, true, true, true, false],
  );
  assert.deepEqual(
    roles.map((r) => mayOpen(as(r), PAGES.devices, {})),
    [true, false, false, false, false],
  );
  assert.deepEqual(
    roles.map((r) => mayOpen(as(r), PAGES.visits, {})),
    [true, true, true, false, false],
  );
});

test('the stock and its operations are for holders of material; tagging sacks for cooperatives', () => {
  const roles = ['cooperative_manager', 'buyer', 'downstream', 'analyst', 'monitor'] as const;
  assert.deepEqual(
    roles.map((r) => mayOpen(as(r), PAGES.tagSacks, {})),
    [true, false, false, false, false],
  );
  assert.deepEqual(
    roles.map((r) =>
      [PAGES.stock, PAGES.ship, PAGES.batch, PAGES.process].every((p) => mayOpen(as(r), p, {})),
    ),
    [true, true, true, false, false],
  );
});
