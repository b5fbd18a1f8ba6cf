import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { DEMO_PASSWORD } from '../../src/demo/demo-world.ts';
import { buildApp } from '../../src/http/app.ts';
import { deliverDue } from '../../src/services/alerts/deliveries.ts';
import type { ServiceContext } from '../../src/services/context.ts';
import { openDb } from '../../src/storage/db.ts';
import { demoDatabase, ENGINE, startTestApp, type TestApp } from './harness.ts';
import { webhookReceiver } from './receivers.ts';

const ANALYST = 'analyst@demo.amana.test';
const KEY = Buffer.alloc(32, 9).toString('base64');

describe(`sign-in throttling (${ENGINE})`, () => {
  let t: TestApp;
  let now = new Date('2026-05-04T08:00:00Z');
  before(async () => {
    t = await startTestApp({ clock: () => now, env: { AMANA_TRUST_PROXY: 'true' } });
  });
  after(() => t.close());

  const signIn = (email: string, password: string, address: string) =>
    t.request(null, 'POST', '/api/session', { email, password }, { 'x-forwarded-for': address });

  test('200 wrong passwords on one account from many addresses: 429 with Retry-After after 10, even for the right one', async () => {
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof signIn>> | undefined;
    for (let i = 0; i < 200; i++) {
      last = await signIn('monitor@demo.amana.test', `guess-${i}`, `198.51.100.${i % 250}`);
      statuses.push(last.status);
    }
    assert.deepEqual(statuses, [...Array(10).fill(400), ...Array(190).fill(429)]);
    assert.equal(last!.headers.get('retry-after'), '900');
    assert.equal(last!.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    assert.equal(last!.body.type, '/api/problems#too-many-requests');
    assert.equal(
      last!.body.detail,
      'too many failed sign-ins for this account or from your address; try again in 900 seconds',
    );
    // The right password is not even tried while the account is throttled, whatever its case or spacing.
    const right = await signIn(' MONITOR@demo.amana.test', DEMO_PASSWORD, '203.0.113.9');
    assert.equal(right.status, 429);
    assert.equal(right.headers.get('set-cookie'), null);
    // Another account from another address is not concerned.
    assert.equal((await signIn(ANALYST, DEMO_PASSWORD, '203.0.113.10')).status, 200);
    // Ten minutes on, the wait says what is left; once the window is over, the owner signs in.
    now = new Date(now.getTime() + 10 * 60_000);
    assert.equal(
      (await signIn('monitor@demo.amana.test', DEMO_PASSWORD, '203.0.113.9')).headers.get('retry-after'),
      '300',
    );
    now = new Date(now.getTime() + 5 * 60_000);
    assert.equal((await signIn('monitor@demo.amana.test', DEMO_PASSWORD, '203.0.113.9')).status, 200);
  });

  test('200 wrong passwords on as many accounts from one address: 429 after 50, for that address only', async () => {
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof signIn>> | undefined;
    for (let i = 0; i < 200; i++) {
      last = await signIn(`nobody-${i}@demo.amana.test`, 'guess', '192.0.2.66');
      statuses.push(last.status);
    }
    assert.deepEqual(statuses, [...Array(50).fill(400), ...Array(150).fill(429)]);
    assert.equal(last!.headers.get('retry-after'), '900');
    assert.equal((await signIn('buyer@demo.amana.test', DEMO_PASSWORD, '192.0.2.66')).status, 429);
    assert.equal((await signIn('buyer@demo.amana.test', DEMO_PASSWORD, '192.0.2.67')).status, 200);
  });

  test('a successful sign-in clears the failures of its account and costs its address nothing', async () => {
    for (let i = 0; i < 9; i++)
      assert.equal((await signIn('assessor@demo.amana.test', 'typo', '192.0.2.80')).status, 400);
    assert.equal((await signIn('assessor@demo.amana.test', DEMO_PASSWORD, '192.0.2.80')).status, 200);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++)
      statuses.push((await signIn('assessor@demo.amana.test', 'typo', '192.0.2.80')).status);
    assert.deepEqual(statuses, [...Array(10).fill(400), 429]);
    // An office behind one address signs in all day: only failures count against the address.
    for (let i = 0; i < 60; i++)
      assert.equal((await signIn('regulator@demo.amana.test', DEMO_PASSWORD, '192.0.2.90')).status, 200);
  });

  test('the counters live in the database, so two server instances on it share one limit', async () => {
    const env = { AMANA_TRUST_PROXY: 'true', AMANA_GRIEVANCE_RATE_MAX: '3', AMANA_GRIEVANCE_KEY: KEY };
    const fresh = await demoDatabase(undefined, env);
    const config = { ...loadConfig(env), logLevel: 'silent' };
    const ctxA: ServiceContext = { db: fresh.db, config, clock: () => new Date() };
    // On PostgreSQL the second instance has its own connection pool, as a second process would.
    const secondDb = fresh.url ? await openDb({ databaseUrl: fresh.url, dataDir: 'memory' }) : fresh.db;
    const ctxB: ServiceContext = { ...ctxA, db: secondDb };
    const apps = [await buildApp(ctxA, { logger: false }), await buildApp(ctxB, { logger: false })];
    const urls = await Promise.all(apps.map((a) => a.listen({ host: '127.0.0.1', port: 0 })));
    try {
      const post = (i: number, path: string, body: unknown, address: string) =>
        fetch(`${urls[i % 2]}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: urls[i % 2], 'x-forwarded-for': address },
          body: JSON.stringify(body),
        });
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++)
        statuses.push(
          (await post(i, '/api/session', { email: ANALYST, password: 'x' }, `10.7.0.${i}`)).status,
        );
      assert.deepEqual(statuses, [...Array(10).fill(400), 429, 429]);
      const grievance = { location: 'Kolwezi', description: 'a report from the field', language: 'fr' };
      const filed: number[] = [];
      for (let i = 0; i < 4; i++)
        filed.push((await post(i, '/api/public/grievances', grievance, '10.8.0.1')).status);
      assert.deepEqual(filed, [201, 201, 201, 429]);
    } finally {
      for (const a of apps) await a.close();
      if (secondDb !== fresh.db) await secondDb.close();
      await fresh.db.close();
      await fresh.drop();
    }
  });
});

describe(`cross-site request forgery (${ENGINE})`, () => {
  let t: TestApp;
  let cookie: string;
  before(async () => {
    t = await startTestApp({ env: { AMANA_TRUST_PROXY: 'true' } });
    const res = await t.request(null, 'POST', '/api/session', { email: ANALYST, password: DEMO_PASSWORD });
    assert.equal(res.status, 200);
    cookie = res.headers.get('set-cookie')!.split(';')[0];
  });
  after(() => t.close());

  // Raw fetch: the harness would add its own Origin.
  const call = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
    fetch(`${t.url}${path}`, {
      method,
      headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });
  const newToken = (headers: Record<string, string>) =>
    call('POST', '/api/tokens', { cookie, ...headers }, { name: 'from the web' });

  test('a write with the session cookie from another site, another port or nowhere is a 403 problem', async () => {
    const other = `http://127.0.0.1:${Number(new URL(t.url).port) + 1}`;
    const attempts: Record<string, string>[] = [
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site', origin: other },
      { origin: other },
      { origin: 'https://evil.example' },
      { origin: 'null' },
      {},
    ];
    for (const headers of attempts) {
      const res = await newToken(headers);
      assert.equal(res.status, 403, JSON.stringify(headers));
      const body = await res.json();
      assert.equal(body.type, '/api/problems#cross-site-request');
    }
    const refused = await (await newToken({ 'sec-fetch-site': 'cross-site' })).json();
    assert.equal(
      refused.detail,
      'a page of another origin (Sec-Fetch-Site: cross-site) may not act with your session',
    );
    const bare = await (await newToken({})).json();
    assert.equal(
      bare.detail,
      'a write with the session cookie must come from this site (send Origin, or use an API token)',
    );
    const tokens = await t.request('analyst', 'GET', '/api/tokens');
    assert.deepEqual(
      tokens.body.items.map((k: { name: string }) => k.name),
      ['test'],
    );
  });

  test('the same origin writes with the cookie, by Sec-Fetch-Site or by Origin', async () => {
    assert.equal((await newToken({ 'sec-fetch-site': 'same-origin', origin: t.url })).status, 201);
    assert.equal((await newToken({ origin: t.url })).status, 201);
    // A read needs no such proof.
    assert.equal((await call('GET', '/api/me', { cookie, 'sec-fetch-site': 'cross-site' })).status, 200);
  });

  test('behind the trusted proxy the origin is the one the proxy forwards', async () => {
    const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'amana.example.cd' };
    assert.equal((await newToken({ ...forwarded, origin: 'https://amana.example.cd' })).status, 201);
    assert.equal((await newToken({ ...forwarded, origin: 'http://amana.example.cd' })).status, 403);
    assert.equal((await newToken({ origin: 'https://amana.example.cd' })).status, 403);
  });

  test('signing in from another site is refused too, and sets no cookie', async () => {
    const body = { email: ANALYST, password: DEMO_PASSWORD };
    const cross = await call('POST', '/api/session', { 'sec-fetch-site': 'cross-site' }, body);
    assert.equal(cross.status, 403);
    assert.equal(cross.headers.get('set-cookie'), null);
    assert.equal((await call('POST', '/api/session', { origin: 'https://evil.example' }, body)).status, 403);
    assert.equal((await call('POST', '/api/session', { 'sec-fetch-site': 'same-origin' }, body)).status, 200);
  });

  test('API calls with a bearer token are not concerned', async () => {
    const res = await call(
      'POST',
      '/api/tokens',
      {
        authorization: `Bearer ${t.tokens.analyst}`,
        'sec-fetch-site': 'cross-site',
        origin: 'https://x.example',
      },
      { name: 'script' },
    );
    assert.equal(res.status, 201);
  });

  test('each cross-site refusal carries its code', async () => {
    const cross = await (await newToken({ 'sec-fetch-site': 'cross-site' })).json();
    assert.equal(cross.code, 'common.cross-site-request');
    const foreign = await (await newToken({ origin: 'https://evil.example' })).json();
    assert.equal(foreign.code, 'common.cross-site-request');
    const bare = await (await newToken({})).json();
    assert.equal(bare.code, 'common.origin-missing');
  });
});

describe(`webhook targets (${ENGINE})`, () => {
  let open: TestApp;
  let allowing: TestApp;
  let hooks: Awaited<ReturnType<typeof webhookReceiver>>;
  const dns: Record<string, string[]> = {};
  before(async () => {
    hooks = await webhookReceiver();
    open = await startTestApp();
    allowing = await startTestApp({ env: { AMANA_WEBHOOK_ALLOW_RANGES: '127.0.0.0/8,10.0.0.0/8' } });
    // The names below live only in this table; the tests change it as a DNS server would.
    allowing.ctx.resolveHost = async (name) => {
      const found = dns[name];
      if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
      return found;
    };
  });
  after(async () => {
    await open.close();
    await allowing.close();
    await hooks.close();
  });

  const register = (t: TestApp, url: string) => t.request('downstream', 'POST', '/api/webhooks', { url });
  const refusal = async (t: TestApp, url: string) => {
    const res = await register(t, url);
    assert.equal(res.status, 400, url);
    assert.equal(res.body.type, '/api/problems#invalid-input');
    assert.equal(res.body.errors.length, 1);
    assert.equal(res.body.errors[0].path, 'url');
    return res.body.errors[0].message as string;
  };
  const tail =
    '; webhooks go to public addresses unless the operator allows the range in AMANA_WEBHOOK_ALLOW_RANGES';

  test('registration refuses loopback, metadata, private and non-http targets, saying why', async () => {
    assert.equal(await refusal(open, 'http://127.0.0.1:8080/hook'), `127.0.0.1 is a loopback address${tail}`);
    assert.equal(
      await refusal(open, 'http://169.254.169.254/latest/meta-data/'),
      `169.254.169.254 is a link-local address (where cloud metadata services answer)${tail}`,
    );
    assert.equal(await refusal(open, 'http://[::1]:3000/hook'), `::1 is a loopback address${tail}`);
    assert.equal(await refusal(open, 'https://10.20.30.40/hook'), `10.20.30.40 is a private address${tail}`);
    assert.match(
      await refusal(open, 'http://localhost:3000/hook'),
      /^localhost resolves to a refused address: (127\.0\.0\.1|::1) is a loopback address; /,
    );
    assert.equal(await refusal(open, 'ftp://files.example.org/hook'), 'an http or https URL, not ftp:');
    assert.equal((await open.request('downstream', 'GET', '/api/webhooks')).body.items.length, 0);
  });

  test('with the operator allow-list, its ranges are accepted and nothing else', async () => {
    assert.equal((await register(allowing, 'http://127.0.0.1:9/hook')).status, 201);
    assert.equal((await register(allowing, 'http://10.1.2.3/hook')).status, 201);
    assert.match(await refusal(allowing, 'http://169.254.169.254/'), /^169\.254\.169\.254 is a link-local/);
    assert.match(await refusal(allowing, 'http://192.168.1.1/'), /^192\.168\.1\.1 is a private address/);
    assert.equal(
      await refusal(allowing, 'https://nowhere.amana.test/hook'),
      'the host name nowhere.amana.test does not resolve',
    );
    dns['mixed.amana.test'] = ['93.184.215.14', '169.254.169.254'];
    assert.match(
      await refusal(allowing, 'https://mixed.amana.test/hook'),
      /^mixed\.amana\.test resolves to a refused address: 169\.254\.169\.254 is a link-local/,
    );
    // Clean up: these two would otherwise be delivered to below.
    for (const w of (await allowing.request('downstream', 'GET', '/api/webhooks')).body.items)
      await allowing.request('downstream', 'DELETE', `/api/webhooks/${w.id}`);
  });

  test('delivery connects to the address it checked, and refuses a name that now resolves privately, once', async () => {
    const t = allowing;
    const port = new URL(hooks.url).port;
    dns['hooks.amana.test'] = ['127.0.0.1'];
    dns['rebind.amana.test'] = ['93.184.215.14'];
    assert.equal((await register(t, `http://hooks.amana.test:${port}/hooks/amana`)).status, 201);
    assert.equal((await register(t, 'http://rebind.amana.test/hook')).status, 201);
    // Between registration and delivery the name comes to point inside the network.
    dns['rebind.amana.test'] = ['192.168.10.5'];

    const site = (await t.request('downstream', 'GET', '/api/sites?q=KZI-001')).body.items[0];
    assert.equal(
      (await t.request('downstream', 'POST', '/api/subscriptions', { siteId: site.id })).status,
      201,
    );
    let incident = (
      await t.request('analyst', 'POST', '/api/incidents', {
        siteId: site.id,
        level: 1,
        category: 'serious_abuses',
        title: 'Enfants au tri',
        description: 'Deux enfants au tri du minerai',
      })
    ).body;
    for (const to of ['under_verification', 'verified']) {
      incident = (
        await t.request('analyst', 'POST', `/api/incidents/${incident.id}/transitions`, {
          to,
          reason: 'Constaté par le moniteur',
          revision: incident.revision,
        })
      ).body;
    }
    assert.equal(incident.state, 'verified');
    await deliverDue(t.ctx);
    await deliverDue(t.ctx);

    assert.equal(hooks.received.length, 1);
    assert.equal(hooks.received[0].headers.host, `hooks.amana.test:${port}`);
    const log = (await t.request('downstream', 'GET', '/api/deliveries')).body.items as {
      target: string;
      status: string;
      attempts: number;
      lastError: string | null;
    }[];
    const of = (target: string) => log.filter((d) => d.target === target);
    assert.deepEqual(
      of(`http://hooks.amana.test:${port}/hooks/amana`).map((d) => [d.status, d.attempts]),
      [['delivered', 1]],
    );
    assert.deepEqual(of('http://rebind.amana.test/hook'), [
      {
        ...of('http://rebind.amana.test/hook')[0],
        status: 'failed',
        attempts: 1,
        lastError: `refused: rebind.amana.test resolves to a refused address: 192.168.10.5 is a private address${tail}`,
      },
    ]);
  });

  test('a refused target carries its code and the values its sentence names', async () => {
    const codes = async (t: TestApp, url: string) => {
      const res = await register(t, url);
      assert.equal(res.status, 400, url);
      return res.body.errors;
    };
    assert.deepEqual(await codes(open, 'http://127.0.0.1:8080/hook'), [
      {
        path: 'url',
        message: `127.0.0.1 is a loopback address${tail}`,
        code: 'alerts.webhook-address',
        params: { address: '127.0.0.1', range: 'loopback' },
      },
    ]);
    assert.deepEqual(await codes(allowing, 'https://nowhere.amana.test/hook'), [
      {
        path: 'url',
        message: 'the host name nowhere.amana.test does not resolve',
        code: 'alerts.webhook-unresolved',
        params: { host: 'nowhere.amana.test' },
      },
    ]);
    dns['inside.amana.test'] = ['192.168.1.7'];
    assert.deepEqual(await codes(allowing, 'https://inside.amana.test/hook'), [
      {
        path: 'url',
        message: `inside.amana.test resolves to a refused address: 192.168.1.7 is a private address${tail}`,
        code: 'alerts.webhook-resolves-refused',
        params: { host: 'inside.amana.test', address: '192.168.1.7', range: 'private' },
      },
    ]);
  });
});

describe(`security headers (${ENGINE})`, () => {
  let plain: TestApp;
  let secure: TestApp;
  before(async () => {
    plain = await startTestApp();
    secure = await startTestApp({ env: { AMANA_SECURE_COOKIES: 'true' } });
  });
  after(async () => {
    await plain.close();
    await secure.close();
  });

  const CSP =
    "default-src 'self';base-uri 'self';script-src 'self';script-src-attr 'none';style-src 'self';" +
    "img-src 'self' data: blob:;font-src 'self' data:;connect-src 'self';worker-src 'self' blob:;" +
    "object-src 'none';frame-ancestors 'none';form-action 'self'";

  test('an API answer, an error, the web page and a static file all carry the security headers', async () => {
    const docs = CSP.replaceAll(';', '; ').replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");
    for (const [path, status, csp] of [
      ['/api/health', 200, CSP],
      ['/api/sites', 401, CSP],
      ['/', 200, CSP],
      ['/sites/map', 200, CSP],
      // A static file (of the reference page, which has its own policy; the web app's are checked in Chromium).
      ['/api/docs/static/swagger-ui.css', 200, docs],
    ] as const) {
      const res = await plain.request(null, 'GET', path);
      assert.equal(res.status, status, path);
      assert.equal(res.headers.get('content-security-policy'), csp, path);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
      assert.equal(res.headers.get('x-frame-options'), 'DENY', path);
      assert.equal(res.headers.get('referrer-policy'), 'no-referrer', path);
      assert.equal(res.headers.get('strict-transport-security'), null, path);
    }
  });

  test('the API reference page alone may style itself inline', async () => {
    const res = await plain.request(null, 'GET', '/api/docs/');
    assert.equal(res.status, 200);
    const csp = res.headers.get('content-security-policy')!;
    assert.match(csp, /style-src 'self' 'unsafe-inline'/);
    assert.match(csp, /script-src 'self';/);
    assert.match(csp, /frame-ancestors 'none'/);
  });

  test('HSTS and the upgrade of insecure requests only behind HTTPS', async () => {
    const res = await secure.request(null, 'GET', '/api/health');
    assert.equal(res.headers.get('strict-transport-security'), 'max-age=31536000');
    assert.equal(res.headers.get('content-security-policy'), `${CSP};upgrade-insecure-requests`);
  });
});

describe(`malformed uploads (${ENGINE})`, () => {
  let t: TestApp;
  let routes: { name: string; role: 'admin' | 'monitor' | 'assessor' | 'analyst' | null; path: string }[];
  let grievance: { caseCode: string; secret: string };
  before(async () => {
    t = await startTestApp({
      env: { AMANA_UPLOAD_LIMIT_BYTES: '2048', AMANA_GRIEVANCE_RATE_MAX: '1000', AMANA_GRIEVANCE_KEY: KEY },
    });
    const visit = (await t.request('monitor', 'GET', '/api/visits')).body.items[0];
    const assessment = (await t.request('assessor', 'GET', '/api/assessments')).body.items[0];
    const incident = (await t.request('analyst', 'GET', '/api/incidents?limit=200')).body.items[0];
    grievance = (
      await t.request(null, 'POST', '/api/public/grievances', {
        location: 'Kolwezi',
        description: 'une plainte avec une photo',
        language: 'fr',
      })
    ).body;
    routes = [
      {
        name: 'organisation document',
        role: 'admin',
        path: `/api/organisations/${t.orgOf.cooperative_manager}/documents`,
      },
      { name: 'visit photo', role: 'monitor', path: `/api/visits/${visit.id}/photos` },
      { name: 'assessment evidence', role: 'assessor', path: `/api/assessments/${assessment.id}/evidence` },
      { name: 'incident evidence', role: 'analyst', path: `/api/incidents/${incident.id}/evidence` },
      {
        name: 'grievance attachment',
        role: null,
        path: `/api/public/grievances/${grievance.caseCode}/attachments`,
      },
    ];
  });
  after(() => t.close());

  const form = 'multipart/form-data; boundary=XYZ';
  const filePart = (name = 'file', content = '%PDF-1.4 a small document') =>
    `--XYZ\r\nContent-Disposition: form-data; name="${name}"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n${content}\r\n`;
  const BODIES: { what: string; type: string; body: string; detail: RegExp }[] = [
    {
      what: 'another boundary',
      type: form,
      body: filePart().replaceAll('XYZ', 'ABC'),
      detail: /could not be read: Unexpected end/,
    },
    { what: 'no boundary', type: 'multipart/form-data', body: filePart(), detail: /Boundary not found/ },
    {
      what: 'a truncated part',
      type: form,
      body: '--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4 cut',
      detail: /could not be read: /,
    },
    {
      what: 'a truncated header',
      type: form,
      body: '--XYZ\r\nContent-Disposi',
      detail: /could not be read: /,
    },
    {
      what: 'too many fields',
      type: form,
      body: `${Array.from({ length: 12 }, (_, i) => `--XYZ\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\nv\r\n`).join('')}${filePart()}--XYZ--\r\n`,
      detail: /^the form has too many parts: one file and at most 10 text fields$/,
    },
    {
      what: 'two files',
      type: form,
      body: `${filePart()}${filePart('second')}--XYZ--\r\n`,
      detail: /^send one file per request$/,
    },
  ];

  const send = (route: (typeof routes)[number], type: string, body: string, secret = grievance.secret) =>
    t.request(route.role, 'POST', route.path, body, {
      'content-type': type,
      ...(route.role ? {} : { 'x-case-secret': secret }),
    });

  test('every upload route answers a malformed multipart body with a 400 problem, never a 500', async () => {
    for (const route of routes) {
      for (const b of BODIES) {
        const res = await send(route, b.type, b.body);
        assert.equal(res.status, 400, `${route.name}: ${b.what}`);
        assert.equal(res.headers.get('content-type'), 'application/problem+json; charset=utf-8');
        assert.equal(res.body.type, '/api/problems#malformed-request', `${route.name}: ${b.what}`);
        assert.match(res.body.detail, b.detail, `${route.name}: ${b.what}`);
      }
      // Too large stays 413; not multipart at all stays 415.
      const big = await send(route, form, `${filePart('file', 'x'.repeat(3000))}--XYZ--\r\n`);
      assert.equal(big.status, 413, route.name);
      assert.equal((await send(route, 'text/plain', 'hello')).status, 415, route.name);
    }
  });

  test('a wrong case secret is answered before the upload is read, malformed or not', async () => {
    const route = routes.find((r) => r.name === 'grievance attachment')!;
    for (const b of BODIES) {
      const res = await send(route, b.type, b.body, 'not-the-secret');
      assert.equal(res.status, 404, b.what);
      assert.equal(res.body.detail, 'case not found');
    }
    const none = await t.request(null, 'POST', route.path, BODIES[0].body, { 'content-type': form });
    assert.equal(none.status, 401);
    const ok = await send(route, form, `${filePart()}--XYZ--\r\n`);
    assert.equal(ok.status, 201);
  });

  test('every upload refusal carries its code, and a file too large names the limit', async () => {
    const CODES: Record<string, { code: string; params?: object }> = {
      'another boundary': { code: 'common.form-unreadable' },
      'no boundary': { code: 'common.form-unreadable' },
      'a truncated part': { code: 'common.form-unreadable' },
      'a truncated header': { code: 'common.form-unreadable' },
      'too many fields': { code: 'common.form-too-many-parts', params: { max: 10 } },
      'two files': { code: 'common.file-one' },
    };
    for (const route of routes) {
      for (const b of BODIES) {
        const res = await send(route, b.type, b.body);
        assert.deepEqual(
          { code: res.body.code, ...(res.body.params ? { params: res.body.params } : {}) },
          CODES[b.what],
          `${route.name}: ${b.what}`,
        );
      }
      const big = await send(route, form, `${filePart('file', 'x'.repeat(3000))}--XYZ--\r\n`);
      assert.equal(big.status, 413, route.name);
      assert.equal(big.body.code, 'common.file-too-large', route.name);
      assert.deepEqual(big.body.params, { limit: 2048 }, route.name);
      const text = await send(route, 'text/plain', 'hello');
      assert.equal(text.body.code, 'common.multipart-required', route.name);
      const none = await send(
        route,
        form,
        '--XYZ\r\nContent-Disposition: form-data; name="kind"\r\n\r\nother\r\n--XYZ--\r\n',
      );
      assert.equal(none.status, 400, route.name);
      assert.deepEqual(
        none.body.errors,
        [{ path: 'file', message: 'required', code: 'common.field.required' }],
        route.name,
      );
    }
    const documents = routes.find((r) => r.name === 'organisation document')!;
    const empty = await send(documents, form, `${filePart('file', '')}--XYZ--\r\n`);
    assert.equal(empty.status, 400);
    assert.deepEqual(empty.body.errors, [
      { path: 'file', message: 'the file is empty', code: 'common.file-empty' },
    ]);
    const route = routes.find((r) => r.name === 'grievance attachment')!;
    const noSecret = await t.request(null, 'POST', route.path, BODIES[0].body, { 'content-type': form });
    assert.equal(noSecret.body.code, 'common.header-required');
    assert.deepEqual(noSecret.body.params, { header: 'X-Case-Secret' });
  });
});
