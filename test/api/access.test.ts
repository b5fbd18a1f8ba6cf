import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_PASSWORD } from '../../src/demo/demo-world.ts';
import { ENGINE, startTestApp, type TestApp } from './harness.ts';

describe(`sessions, users and API tokens over HTTP (${ENGINE})`, () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const signIn = (email: string, password: string) =>
    t.request(null, 'POST', '/api/session', { email, password });

  test('signs in with a password, sets an HttpOnly SameSite cookie and signs out', async () => {
    const res = await signIn('ANALYST@demo.amana.test', DEMO_PASSWORD);
    assert.equal(res.status, 200);
    assert.equal(res.body.email, 'analyst@demo.amana.test');
    assert.deepEqual(res.body.current, { organisationId: t.orgOf.analyst, role: 'analyst', via: 'session' });
    const cookie = res.headers.get('set-cookie')!;
    assert.match(cookie, /^amana_session=ams_[\w-]+; /);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    const session = cookie.split(';')[0];
    const me = await t.request(null, 'GET', '/api/me', undefined, { cookie: session });
    assert.equal(me.status, 200);
    assert.equal(me.body.current.role, 'analyst');
    assert.equal(
      (await t.request(null, 'DELETE', '/api/session', undefined, { cookie: session })).status,
      204,
    );
    assert.equal((await t.request(null, 'GET', '/api/me', undefined, { cookie: session })).status, 401);
  });

  test('a wrong password or unknown user gets the same 400 answer', async () => {
    const wrong = await signIn('analyst@demo.amana.test', 'not-the-password');
    const unknown = await signIn('nobody@demo.amana.test', 'not-the-password');
    assert.equal(wrong.status, 400);
    assert.deepEqual(wrong.body, { ...unknown.body, instance: wrong.body.instance });
    assert.equal(wrong.body.detail, 'the e-mail or the password is wrong');
  });

  test('without credentials, or with a bad token, the API answers 401 problems', async () => {
    const none = await t.request(null, 'GET', '/api/sites');
    assert.equal(none.status, 401);
    assert.equal(none.body.type, '/api/problems#unauthenticated');
    assert.equal(none.body.code, 'common.unauthenticated');
    const bad = await t.request(null, 'GET', '/api/sites', undefined, { authorization: 'Bearer amt_nope' });
    assert.equal(bad.status, 401);
    assert.equal(bad.body.detail, 'this API token is unknown, expired or revoked');
    assert.equal(bad.body.code, 'access.token-refused');
    const malformed = await t.request(null, 'GET', '/api/sites', undefined, { authorization: 'Basic abc' });
    assert.equal(malformed.status, 401);
    assert.equal(malformed.body.code, 'common.bearer-format');
  });

  test('creates, lists and revokes an API token; a revoked token stops working', async () => {
    const created = await t.request('monitor', 'POST', '/api/tokens', { name: 'field phone 7' });
    assert.equal(created.status, 201);
    assert.match(created.body.token, /^amt_/);
    const own = { authorization: `Bearer ${created.body.token}` };
    assert.equal((await t.request(null, 'GET', '/api/me', undefined, own)).body.current.via, 'token');
    const list = await t.request('monitor', 'GET', '/api/tokens');
    assert.deepEqual(list.body.items.map((k: { name: string }) => k.name).sort(), ['field phone 7', 'test']);
    assert.equal(
      list.body.items.some((k: Record<string, unknown>) => 'token' in k || 'tokenHash' in k),
      false,
    );
    const revoked = await t.request('monitor', 'DELETE', `/api/tokens/${created.body.id}`);
    assert.equal(revoked.status, 200);
    assert.notEqual(revoked.body.revokedAt, null);
    assert.equal((await t.request(null, 'GET', '/api/me', undefined, own)).status, 401);
    assert.equal((await t.request('buyer', 'DELETE', `/api/tokens/${created.body.id}`)).status, 404);
  });

  test('only an administrator creates tokens for others, and an expiry must be in the future', async () => {
    const users = await t.request('admin', 'GET', '/api/users?q=monitor');
    const monitorId = users.body.items[0].id;
    const theirs = await t.request('analyst', 'POST', '/api/tokens', { name: 'x', userId: monitorId });
    assert.equal(theirs.status, 403);
    assert.equal(theirs.body.code, 'access.tokens-admin-only');
    assert.equal(
      (await t.request('admin', 'POST', '/api/tokens', { name: 'x', userId: monitorId })).status,
      201,
    );
    const past = await t.request('admin', 'POST', '/api/tokens', {
      name: 'x',
      expiresAt: '2020-01-01T00:00:00Z',
    });
    assert.equal(past.status, 400);
    assert.deepEqual(past.body.errors, [
      { path: 'expiresAt', message: 'the expiry must be in the future', code: 'common.field.future-only' },
    ]);
  });

  test('an administrator creates a user in two organisations who can switch between them', async () => {
    const created = await t.request('admin', 'POST', '/api/users', {
      email: 'Two.Hats@demo.amana.test',
      name: 'Deux Casquettes',
      password: 'correct horse battery',
      memberships: [
        { organisationId: t.orgOf.analyst, role: 'analyst' },
        { organisationId: t.orgOf.regulator, role: 'regulator' },
      ],
    });
    assert.equal(created.status, 201);
    assert.equal(created.body.email, 'two.hats@demo.amana.test');
    const dup = await t.request('admin', 'POST', '/api/users', {
      email: 'two.hats@demo.amana.test',
      name: 'x',
      memberships: [{ organisationId: t.orgOf.analyst, role: 'monitor' }],
    });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.code, 'access.email-taken');
    assert.deepEqual(dup.body.errors, [
      { path: 'email', message: 'already registered', code: 'access.email-taken' },
    ]);
    const weak = await t.request('admin', 'POST', '/api/users', {
      email: 'w@demo.amana.test',
      name: 'x',
      password: 'short',
      memberships: [{ organisationId: t.orgOf.analyst, role: 'monitor' }],
    });
    assert.deepEqual(weak.body.errors, [
      {
        path: 'password',
        message: 'a password needs at least 10 characters',
        code: 'access.password-too-short',
        params: { min: 10 },
      },
    ]);

    const session = (await signIn('two.hats@demo.amana.test', 'correct horse battery')).headers
      .get('set-cookie')!
      .split(';')[0];
    const switched = await t.request(
      null,
      'PUT',
      '/api/session/organisation',
      { organisationId: t.orgOf.regulator },
      { cookie: session },
    );
    assert.equal(switched.status, 200);
    assert.deepEqual(switched.body.current, {
      organisationId: t.orgOf.regulator,
      role: 'regulator',
      via: 'session',
    });
    assert.equal(
      (await t.request(null, 'GET', '/api/me', undefined, { cookie: session })).body.current.role,
      'regulator',
    );
    const elsewhere = await t.request(
      null,
      'PUT',
      '/api/session/organisation',
      { organisationId: t.orgOf.buyer },
      { cookie: session },
    );
    assert.equal(elsewhere.status, 400);
    assert.deepEqual(elsewhere.body.errors, [
      {
        path: 'organisationId',
        message: 'you are not a member of this organisation',
        code: 'access.not-member',
      },
    ]);
  });

  test('users change their own name but not their roles; disabling a user ends their sessions', async () => {
    const me = (await t.request('monitor', 'GET', '/api/me')).body;
    const renamed = await t.request('monitor', 'PATCH', `/api/users/${me.id}`, {
      version: me.version,
      name: 'Espérance I.',
    });
    assert.equal(renamed.status, 200);
    assert.equal(renamed.body.name, 'Espérance I.');
    const promote = await t.request('monitor', 'PATCH', `/api/users/${me.id}`, {
      version: renamed.body.version,
      memberships: [{ organisationId: t.orgOf.monitor, role: 'admin' }],
    });
    assert.equal(promote.status, 403);
    assert.equal(promote.body.code, 'access.users-admin-only');
    const stale = await t.request('monitor', 'PATCH', `/api/users/${me.id}`, {
      version: me.version,
      name: 'again',
    });
    assert.equal(stale.status, 409);

    const session = (await signIn('regulator@demo.amana.test', DEMO_PASSWORD)).headers
      .get('set-cookie')!
      .split(';')[0];
    const reg = (await t.request('regulator', 'GET', '/api/me')).body;
    const disabled = await t.request('admin', 'PATCH', `/api/users/${reg.id}`, {
      version: reg.version,
      disabled: true,
    });
    assert.equal(disabled.body.disabled, true);
    assert.equal((await t.request(null, 'GET', '/api/me', undefined, { cookie: session })).status, 401);
    assert.equal((await signIn('regulator@demo.amana.test', DEMO_PASSWORD)).status, 400);
  });

  test('each refusal of users, sessions and tokens carries its code', async () => {
    const newUser = {
      email: 'trois@demo.amana.test',
      name: 'Trois',
      memberships: [{ organisationId: t.orgOf.analyst, role: 'monitor' }],
    };
    const byMonitor = await t.request('monitor', 'POST', '/api/users', newUser);
    assert.equal(byMonitor.status, 403);
    assert.equal(byMonitor.body.detail, 'only an administrator manages users');
    assert.equal(byMonitor.body.code, 'access.users-admin-only');
    const twice = await t.request('admin', 'POST', '/api/users', {
      ...newUser,
      memberships: [
        { organisationId: t.orgOf.analyst, role: 'monitor' },
        { organisationId: t.orgOf.analyst, role: 'analyst' },
      ],
    });
    assert.deepEqual(twice.body.errors, [
      {
        path: 'memberships',
        message: 'a user holds one role per organisation',
        code: 'access.one-role-each',
      },
    ]);
    const nowhere = await t.request('admin', 'POST', '/api/users', {
      ...newUser,
      memberships: [{ organisationId: '0190a000-0000-7000-8000-000000000000', role: 'monitor' }],
    });
    assert.deepEqual(nowhere.body.errors, [
      {
        path: 'memberships.0.organisationId',
        message: 'no such organisation',
        code: 'common.field.not-found',
        params: { record: 'organisation' },
      },
    ]);
    const admin = (await t.request('admin', 'GET', '/api/me')).body;
    const self = await t.request('admin', 'PATCH', `/api/users/${admin.id}`, {
      version: admin.version,
      disabled: true,
    });
    assert.deepEqual(self.body.errors, [
      { path: 'disabled', message: 'you cannot disable yourself', code: 'access.disable-self' },
    ]);
    const byToken = await t.request('admin', 'PUT', '/api/session/organisation', {
      organisationId: t.orgOf.analyst,
    });
    assert.equal(byToken.status, 400);
    assert.equal(byToken.body.code, 'access.token-one-organisation');
  });
});
