import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_DOMAIN, DEMO_PASSWORD } from '../../src/demo/demo-world.ts';
import { ENGINE, startTestApp, type TestApp } from './harness.ts';

// Who a credential stands for is kept for AMANA_PRINCIPAL_CACHE_SECONDS (decision 0022): every change made
// through Amana takes effect on the very next request; one made behind its back within that time.
describe(`a credential's principal, kept for a few seconds (${ENGINE})`, () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  /** A new user with a token, in the analyst's organisation; each test makes its own. */
  async function newUser(local: string, role: 'monitor' | 'analyst') {
    const created = await t.request('admin', 'POST', '/api/users', {
      email: `${local}@${DEMO_DOMAIN}`,
      name: local,
      password: DEMO_PASSWORD,
      memberships: [{ organisationId: t.orgOf.analyst, role }],
    });
    assert.equal(created.status, 201);
    const token = await t.request('admin', 'POST', '/api/tokens', { name: 'kept', userId: created.body.id });
    assert.equal(token.status, 201);
    return { id: created.body.id as string, auth: { authorization: `Bearer ${token.body.token}` } };
  }
  const me = (auth: Record<string, string>) => t.request(null, 'GET', '/api/me', undefined, auth);

  test('a user disabled by an administrator is refused on the next request', async () => {
    const u = await newUser('kept.disabled', 'monitor');
    assert.equal((await me(u.auth)).status, 200);
    const user = await t.request('admin', 'GET', `/api/users/${u.id}`);
    const disabled = await t.request('admin', 'PATCH', `/api/users/${u.id}`, {
      version: user.body.version,
      disabled: true,
    });
    assert.equal(disabled.status, 200);
    assert.equal((await me(u.auth)).status, 401);
  });

  test('a new role given by an administrator holds from the next request', async () => {
    const u = await newUser('kept.promoted', 'monitor');
    assert.equal((await me(u.auth)).body.current.role, 'monitor');
    const user = await t.request('admin', 'GET', `/api/users/${u.id}`);
    const promoted = await t.request('admin', 'PATCH', `/api/users/${u.id}`, {
      version: user.body.version,
      memberships: [{ organisationId: t.orgOf.analyst, role: 'analyst' }],
    });
    assert.equal(promoted.status, 200);
    assert.equal((await me(u.auth)).body.current.role, 'analyst');
  });

  test('a session moved to another organisation answers for it at once, and ends at sign-out', async () => {
    const signedIn = await t.request(null, 'POST', '/api/session', {
      email: `regulator@${DEMO_DOMAIN}`,
      password: DEMO_PASSWORD,
    });
    const cookie = { cookie: signedIn.headers.get('set-cookie')!.split(';')[0] };
    assert.equal((await me(cookie)).body.current.organisationId, t.orgOf.regulator);
    const created = await t.request('admin', 'POST', '/api/users', {
      email: `kept.two@${DEMO_DOMAIN}`,
      name: 'kept two',
      password: DEMO_PASSWORD,
      memberships: [
        { organisationId: t.orgOf.analyst, role: 'analyst' },
        { organisationId: t.orgOf.regulator, role: 'regulator' },
      ],
    });
    const two = await t.request(null, 'POST', '/api/session', {
      email: created.body.email,
      password: DEMO_PASSWORD,
    });
    const twoCookie = { cookie: two.headers.get('set-cookie')!.split(';')[0] };
    const first = (await me(twoCookie)).body.current.organisationId;
    const other = first === t.orgOf.analyst ? t.orgOf.regulator : t.orgOf.analyst;
    const moved = await t.request(
      null,
      'PUT',
      '/api/session/organisation',
      { organisationId: other },
      twoCookie,
    );
    assert.equal(moved.status, 200);
    assert.equal((await me(twoCookie)).body.current.organisationId, other);
    assert.equal((await t.request(null, 'DELETE', '/api/session', undefined, twoCookie)).status, 204);
    assert.equal((await me(twoCookie)).status, 401);
    assert.equal((await me(cookie)).status, 200);
  });

  test('a token revoked behind the server’s back is refused within the configured time, at once with 0', async () => {
    const u = await newUser('kept.behind', 'monitor');
    const previous = t.ctx.config.principalCacheSeconds;
    try {
      t.ctx.config.principalCacheSeconds = 1;
      assert.equal((await me(u.auth)).status, 200);
      await t.ctx.db.query('UPDATE api_tokens SET revoked_at = now() WHERE user_id = $1', [u.id]);
      // Still the kept answer within the second: the database changed without Amana's knowledge.
      assert.equal((await me(u.auth)).status, 200);
      await new Promise((r) => setTimeout(r, 1100));
      assert.equal((await me(u.auth)).status, 401);

      const v = await newUser('kept.uncached', 'monitor');
      t.ctx.config.principalCacheSeconds = 0;
      assert.equal((await me(v.auth)).status, 200);
      await t.ctx.db.query('UPDATE api_tokens SET revoked_at = now() WHERE user_id = $1', [v.id]);
      assert.equal((await me(v.auth)).status, 401);
    } finally {
      t.ctx.config.principalCacheSeconds = previous;
    }
  });
});
