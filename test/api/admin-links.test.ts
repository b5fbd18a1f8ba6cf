import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ENGINE, startTestApp, type TestApp } from './harness.ts';
import { passwordLinkIn, smtpReceiver, webhookReceiver } from './receivers.ts';

const STRONG = 'Kolwezi-ruisseau-9417';

/** Invitations and password resets by e-mail with a set-password link, and a webhook's test call. */
describe(`invitations, password resets and webhook tests (${ENGINE})`, () => {
  let app: TestApp;
  let smtp: Awaited<ReturnType<typeof smtpReceiver>>;
  let hooks: Awaited<ReturnType<typeof webhookReceiver>>;
  let programme: string;

  before(async () => {
    smtp = await smtpReceiver();
    hooks = await webhookReceiver();
    app = await startTestApp({
      env: {
        AMANA_SMTP_URL: smtp.url,
        AMANA_PUBLIC_URL: 'https://amana.example.org',
        AMANA_WEBHOOK_ALLOW_RANGES: '127.0.0.0/8',
      },
    });
    programme = app.orgOf.admin;
  });
  after(async () => {
    await app.close();
    await smtp.close();
    await hooks.close();
  });

  const mailTo = (email: string) => smtp.received.filter((m) => m.to.includes(email));
  const signIn = (email: string, password: string) =>
    app.request(null, 'POST', '/api/session', { email, password });

  test('an invited person sets a password from the e-mailed link, then signs in; the link works once', async () => {
    const email = 'neema.kabange@example.org';
    const invited = await app.request('admin', 'POST', '/api/invitations', {
      email,
      name: 'Neema Kabange',
      locale: 'fr',
      memberships: [{ organisationId: programme, role: 'monitor' }],
    });
    assert.equal(invited.status, 201);
    assert.equal(invited.body.user.email, email);
    assert.deepEqual(
      invited.body.user.memberships.map((m: { role: string }) => m.role),
      ['monitor'],
    );
    assert.equal(invited.body.invitation.mailed, true);
    assert.equal(invited.body.invitation.mailError, null);
    // Without a password nobody signs in, whatever they type.
    assert.equal((await signIn(email, '')).status, 400);

    const mails = mailTo(email);
    assert.equal(mails.length, 1);
    assert.match(mails[0].raw, /Subject: Votre compte Amana/);
    const link = passwordLinkIn(mails[0].raw);
    assert.ok(link, 'the e-mail carries a set-password link');
    assert.match(link.url, /^https:\/\/amana\.example\.org\/set-password#amp_/);

    const weak = await app.request(null, 'POST', '/api/password-link', {
      token: link.secret,
      password: 'short',
    });
    assert.equal(weak.status, 400);
    assert.equal(weak.body.errors[0].path, 'password');

    const set = await app.request(null, 'POST', '/api/password-link', {
      token: link.secret,
      password: STRONG,
    });
    assert.equal(set.status, 200);
    assert.deepEqual(set.body, { email });
    const session = await signIn(email, STRONG);
    assert.equal(session.status, 200);
    assert.equal(session.body.current.role, 'monitor');

    const again = await app.request(null, 'POST', '/api/password-link', {
      token: link.secret,
      password: `${STRONG}-2`,
    });
    assert.equal(again.status, 400);
    assert.equal(again.body.code, 'access.link-used');
    const unknown = await app.request(null, 'POST', '/api/password-link', {
      token: 'amp_nothing',
      password: STRONG,
    });
    assert.equal(unknown.body.code, 'access.link-unknown');
  });

  test('a newer link replaces the older; a reset asked for an unknown address answers the same and sends nothing', async () => {
    const email = 'kasongo.reset@example.org';
    const invited = await app.request('admin', 'POST', '/api/invitations', {
      email,
      name: 'Kasongo Ilunga',
      locale: 'en',
      memberships: [{ organisationId: programme, role: 'analyst' }],
    });
    assert.equal(invited.status, 201);
    const first = passwordLinkIn(mailTo(email)[0].raw);
    const resent = await app.request('admin', 'POST', `/api/users/${invited.body.user.id}/password-link`);
    assert.equal(resent.status, 201);
    assert.equal(resent.body.mailed, true);
    assert.equal(mailTo(email).length, 2);
    assert.match(mailTo(email)[1].raw, /Subject: Your Amana account/);
    const stale = await app.request(null, 'POST', '/api/password-link', {
      token: first?.secret,
      password: STRONG,
    });
    assert.equal(stale.body.code, 'access.link-replaced');

    const before = smtp.received.length;
    const nobody = await app.request(null, 'POST', '/api/password-reset', { email: 'nobody@example.org' });
    assert.equal(nobody.status, 202);
    assert.equal(smtp.received.length, before);

    const known = await app.request(null, 'POST', '/api/password-reset', {
      email: 'analyst@demo.amana.test',
    });
    assert.equal(known.status, 202);
    const reset = mailTo('analyst@demo.amana.test').at(-1);
    assert.ok(reset);
    assert.match(reset.raw, /Subject: =?\S*R=C3=A9initialiser|Subject: R\S*initialiser/);
    const link = passwordLinkIn(reset.raw);
    assert.ok(link);
    // Setting a password through a reset ends every session and token of the account.
    const set = await app.request(null, 'POST', '/api/password-link', {
      token: link.secret,
      password: STRONG,
    });
    assert.equal(set.status, 200);
    assert.equal((await app.request('analyst', 'GET', '/api/me')).status, 401);
    assert.equal((await signIn('analyst@demo.amana.test', STRONG)).status, 200);
  });

  test('only an administrator invites or sends links; bad input names the field', async () => {
    const body = {
      email: 'x@example.org',
      name: 'X',
      memberships: [{ organisationId: programme, role: 'monitor' }],
    };
    const byBuyer = await app.request('buyer', 'POST', '/api/invitations', body);
    assert.equal(byBuyer.status, 403);
    assert.equal(byBuyer.body.code, 'access.users-admin-only');
    const taken = await app.request('admin', 'POST', '/api/invitations', {
      ...body,
      email: 'monitor@demo.amana.test',
    });
    assert.equal(taken.status, 409);
    assert.equal(taken.body.code, 'access.email-taken');
    const long = await app.request(null, 'POST', '/api/password-link', {
      token: 'a'.repeat(201),
      password: 'x',
    });
    assert.equal(long.status, 400);
    assert.equal(long.body.errors[0].path, 'token');
  });

  test('a webhook test call arrives signed and joins the delivery log as a test', async () => {
    const hook = await app.request('downstream', 'POST', '/api/webhooks', { url: hooks.url });
    assert.equal(hook.status, 201);
    const tested = await app.request('downstream', 'POST', `/api/webhooks/${hook.body.id}/test`);
    assert.equal(tested.status, 201);
    assert.equal(tested.body.test, true);
    assert.equal(tested.body.alertId, null);
    assert.equal(tested.body.status, 'delivered');
    assert.equal(hooks.received.length, 1);
    const sent = JSON.parse(hooks.received[0].body);
    assert.equal(sent.type, 'webhook.test');
    assert.equal(sent.id, tested.body.id);
    assert.match(String(hooks.received[0].headers['amana-signature']), /^t=\d+,v1=[0-9a-f]{64}$/);

    const log = await app.request('downstream', 'GET', '/api/deliveries?limit=5');
    assert.equal(log.status, 200);
    assert.equal(log.body.items[0].id, tested.body.id);
    assert.equal(log.body.items[0].test, true);
    // Another organisation neither tests it nor sees it.
    assert.equal((await app.request('buyer', 'POST', `/api/webhooks/${hook.body.id}/test`)).status, 404);
    const other = await app.request('buyer', 'GET', '/api/deliveries?limit=50');
    assert.equal(
      other.body.items.some((d: { id: string }) => d.id === tested.body.id),
      false,
    );
    assert.equal((await app.request('monitor', 'POST', `/api/webhooks/${hook.body.id}/test`)).status, 403);
  });
});
