import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import DigestClient from 'digest-fetch';
import { DEMO_DOMAIN, DEMO_PASSWORD } from '../../src/demo/demo-world.ts';
import { ENGINE, startTestApp, type TestApp } from './harness.ts';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const email = (who: string) => `${who}@${DEMO_DOMAIN}`;
const NONCE_SECONDS = 2;

/** The Digest challenge of a 401 (fetch joins the WWW-Authenticate headers with commas: Digest first, then Basic). */
function challengeOf(res: { headers: Headers }) {
  const header = res.headers.get('www-authenticate') ?? '';
  const digest = header.slice(0, header.indexOf(', Basic '));
  const field = (name: string) => new RegExp(`${name}="?([^",]+)"?`).exec(digest)?.[1];
  return {
    header,
    digest,
    nonce: field('nonce') ?? '',
    opaque: field('opaque') ?? '',
    stale: field('stale'),
  };
}

/** The Authorization header ODK Collect's okhttp-digest writes (RFC 7616, MD5, qop=auth), computed here from the RFC. */
function digestHeader(o: {
  user: string;
  password: string;
  method: string;
  uri: string;
  nonce: string;
  opaque: string;
  nc: number;
}) {
  const nc = o.nc.toString(16).padStart(8, '0');
  const cnonce = randomBytes(8).toString('hex');
  const ha1 = md5(`${o.user}:Amana:${o.password}`);
  const ha2 = md5(`${o.method}:${o.uri}`);
  const response = md5(`${ha1}:${o.nonce}:${nc}:${cnonce}:auth:${ha2}`);
  return `Digest username="${o.user}", realm="Amana", nonce="${o.nonce}", uri="${o.uri}", response="${response}", qop=auth, nc=${nc}, cnonce="${cnonce}", algorithm=MD5, opaque="${o.opaque}"`;
}

describe(`HTTP Digest and Basic on the OpenRosa server (${ENGINE})`, () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: { AMANA_OPENROSA_NONCE_SECONDS: String(NONCE_SECONDS) } });
  });
  after(() => t.close());

  const get = (path: string, authorization?: string) =>
    fetch(`${t.url}${path}`, { headers: authorization ? { authorization } : {} });
  const challenge = async (path = '/openrosa/formList') => challengeOf(await get(path));

  test('a request without credentials is challenged with Digest (MD5, qop=auth, a nonce) and then Basic', async () => {
    const res = await get('/openrosa/formList');
    assert.equal(res.status, 401);
    const c = challengeOf(res);
    assert.match(
      c.digest,
      /^Digest realm="Amana", qop="auth", algorithm=MD5, nonce="[0-9a-z]+\.[\w-]{22}\.[\w-]{22}", opaque="[0-9a-f]{32}"$/,
    );
    assert.equal(c.header.slice(c.digest.length), ', Basic realm="Amana", charset="UTF-8"');
    const again = await challenge();
    assert.notEqual(again.nonce, c.nonce, 'every challenge has a new nonce');
  });

  test('a Digest client (digest-fetch) reads the form list and the submission pre-flight, signed in as the monitor', async () => {
    const client = new DigestClient(email('monitor'), DEMO_PASSWORD);
    const list = await client.fetch(`${t.url}/openrosa/formList`);
    assert.equal(list.status, 200);
    assert.deepEqual(
      [...(await list.text()).matchAll(/<formID>([^<]+)<\/formID>/g)].map((m) => m[1]),
      ['amana-visit', 'amana-incident', 'amana-tag', 'amana-grievance'],
    );
    const head = await client.fetch(`${t.url}/openrosa/submission`, { method: 'HEAD' });
    assert.equal(head.status, 204);
    assert.equal(head.headers.get('x-openrosa-accept-content-length'), '10485760');
  });

  test('a wrong password is a 401 with a fresh challenge, not stale; another URI or a forged nonce too', async () => {
    const c = await challenge();
    const uri = '/openrosa/formList';
    const wrong = await get(
      uri,
      digestHeader({ user: email('monitor'), password: 'not-it', method: 'GET', uri, ...c, nc: 1 }),
    );
    assert.equal(wrong.status, 401);
    const fresh = challengeOf(wrong);
    assert.notEqual(fresh.nonce, c.nonce);
    assert.equal(fresh.stale, undefined);
    assert.match(
      await wrong.text(),
      /<message nature="error">L’e-mail ou le mot de passe est faux.<\/message>/,
    );
    const otherUri = await get(
      uri,
      digestHeader({
        user: email('monitor'),
        password: DEMO_PASSWORD,
        method: 'GET',
        uri: '/openrosa/forms/amana-visit/form.xml',
        ...fresh,
        nc: 1,
      }),
    );
    assert.equal(otherUri.status, 401);
    const [time, random] = fresh.nonce.split('.');
    const forged = `${time}.${random}.${'A'.repeat(22)}`;
    const forgedRes = await get(
      uri,
      digestHeader({
        user: email('monitor'),
        password: DEMO_PASSWORD,
        method: 'GET',
        uri,
        nonce: forged,
        opaque: fresh.opaque,
        nc: 1,
      }),
    );
    assert.equal(forgedRes.status, 401);
  });

  test('each nonce count is used once: a replayed request is a 401, the next count is accepted', async () => {
    const c = await challenge();
    const uri = '/openrosa/formList?formID=amana-visit';
    const first = digestHeader({
      user: email('monitor'),
      password: DEMO_PASSWORD,
      method: 'GET',
      uri,
      ...c,
      nc: 1,
    });
    assert.equal((await get(uri, first)).status, 200);
    const replayed = await get(uri, first);
    assert.equal(replayed.status, 401);
    assert.equal(challengeOf(replayed).stale, undefined);
    const second = await get(
      uri,
      digestHeader({ user: email('monitor'), password: DEMO_PASSWORD, method: 'GET', uri, ...c, nc: 2 }),
    );
    assert.equal(second.status, 200);
    assert.match(await second.text(), /<formID>amana-visit<\/formID>/);
  });

  test('a nonce past its lifetime answers stale=true with a new nonce, which then works without the password asked again', async () => {
    const c = await challenge();
    const uri = '/openrosa/formList';
    const h = (nonce: string, nc: number) =>
      digestHeader({
        user: email('monitor'),
        password: DEMO_PASSWORD,
        method: 'GET',
        uri,
        nonce,
        opaque: c.opaque,
        nc,
      });
    assert.equal((await get(uri, h(c.nonce, 1))).status, 200);
    await sleep(NONCE_SECONDS * 1000 + 100);
    const stale = await get(uri, h(c.nonce, 2));
    assert.equal(stale.status, 401);
    const next = challengeOf(stale);
    assert.equal(next.stale, 'true');
    assert.match(
      await stale.text(),
      /<message nature="error">Le nonce a expiré ; répondez au nouveau défi.<\/message>/,
    );
    assert.equal((await get(uri, h(next.nonce, 1))).status, 200);
    // With the wrong password an expired nonce is not stale: the password is what is wrong.
    await sleep(NONCE_SECONDS * 1000 + 100);
    const wrong = await get(
      uri,
      digestHeader({ user: email('monitor'), password: 'nope', method: 'GET', uri, ...next, nc: 2 }),
    );
    assert.equal(wrong.status, 401);
    assert.equal(challengeOf(wrong).stale, undefined);
  });

  test('HA1 is kept for the roles that fill forms only; Basic still works and gives Digest to an account that lacked it', async () => {
    const held = await t.ctx.db.query<{ email: string }>(
      `SELECT u.email FROM openrosa_digest_secrets d JOIN users u ON u.id = d.user_id ORDER BY u.email`,
    );
    const emails = held.rows.map((r) => r.email);
    assert.ok(emails.includes(email('monitor')));
    assert.ok(emails.includes(email('assessor')));
    assert.ok(!emails.includes(email('regulator')), 'a regulator fills no form: no HA1');
    const regulator = new DigestClient(email('regulator'), DEMO_PASSWORD);
    assert.equal((await regulator.fetch(`${t.url}/openrosa/formList`)).status, 401);

    await t.ctx.db.query(
      'DELETE FROM openrosa_digest_secrets WHERE user_id = (SELECT id FROM users WHERE email = $1)',
      [email('buyer')],
    );
    const buyer = new DigestClient(email('buyer'), DEMO_PASSWORD);
    assert.equal((await buyer.fetch(`${t.url}/openrosa/formList`)).status, 401, 'no HA1 yet');
    const basic = `Basic ${Buffer.from(`${email('buyer')}:${DEMO_PASSWORD}`).toString('base64')}`;
    const viaBasic = await get('/openrosa/formList', basic);
    assert.equal(viaBasic.status, 200);
    assert.match(await viaBasic.text(), /<formID>amana-tag<\/formID>/);
    assert.equal(
      (await new DigestClient(email('buyer'), DEMO_PASSWORD).fetch(`${t.url}/openrosa/formList`)).status,
      200,
    );
  });

  test("an administrator's new password replaces the HA1: the old password no longer passes Digest, the new one does", async () => {
    const row = await t.ctx.db.query<{ id: string; version: number }>(
      'SELECT id, version FROM users WHERE email = $1',
      [email('assessor')],
    );
    const { id, version } = row.rows[0];
    const newPassword = 'a-new-long-passphrase-for-digest';
    const changed = await t.request('admin', 'PATCH', `/api/users/${id}`, { version, password: newPassword });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    const old = new DigestClient(email('assessor'), DEMO_PASSWORD);
    assert.equal((await old.fetch(`${t.url}/openrosa/formList`)).status, 401);
    const now = new DigestClient(email('assessor'), newPassword);
    assert.equal((await now.fetch(`${t.url}/openrosa/formList`)).status, 200);
  });
});
