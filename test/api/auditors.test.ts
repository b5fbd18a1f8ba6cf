import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { verifyPackFile } from '../../src/services/event-log/packs.ts';
import { sealChainHead } from '../../src/services/event-log/seals.ts';
import { ENGINE, once, startTestApp, type TestApp } from './harness.ts';

/** Auditors: access granted and ended by an administrator, confined to scope and period, every read on record. */
describe(`auditors (${ENGINE})`, () => {
  let t: TestApp;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amana-auditors-'));
  fs.writeFileSync(
    path.join(dir, 'seal.pem'),
    generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }),
  );
  const today = new Date().toISOString().slice(0, 10);
  const auditorId = async () =>
    (await t.ctx.db.query<{ id: string }>("SELECT id FROM users WHERE email = 'auditor@demo.amana.test'"))
      .rows[0].id;
  const sites = async () =>
    (await t.ctx.db.query<{ id: string; code: string }>('SELECT id, code FROM sites ORDER BY code')).rows;
  const operated = async (siteId: string) =>
    (
      await t.ctx.db.query<{ organisation_id: string }>(
        'SELECT organisation_id FROM site_operators WHERE site_id = $1',
        [siteId],
      )
    ).rows.map((r) => r.organisation_id);

  before(async () => {
    t = await startTestApp({ env: { AMANA_SEAL_KEY_FILE: path.join(dir, 'seal.pem') } });
  });
  after(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** One site named in the scope, for the days from 2026-01-01 to today, packs allowed: granted once. */
  const granted = once(async () => {
    const [site] = await sites();
    const res = await t.request('admin', 'POST', '/api/audit/grants', {
      auditorUserId: await auditorId(),
      siteIds: [site.id],
      periodFrom: '2026-01-01',
      periodTo: today,
      logPacks: true,
      purpose: 'RMI assessment of the refiner, 2026',
    });
    assert.equal(res.status, 201, res.text);
    return { grant: res.body, site };
  });

  test('an administrator grants access, on the record with who and when', async () => {
    const { grant, site } = await granted();
    assert.deepEqual(
      { ...grant, id: undefined, grantedAt: undefined, auditor: { ...grant.auditor, id: undefined } },
      {
        id: undefined,
        auditor: { id: undefined, name: 'Aline Mwamba', email: 'auditor@demo.amana.test' },
        siteIds: [site.id],
        organisationIds: [],
        periodFrom: '2026-01-01',
        periodTo: today,
        logPacks: true,
        purpose: 'RMI assessment of the refiner, 2026',
        grantedBy: { id: (await t.request('admin', 'GET', '/api/me')).body.id, name: 'Amani Kabeya' },
        grantedAt: undefined,
        ended: null,
      },
    );
    const event = (
      await t.ctx.db.query<{ type: string; user_id: string; payload: { siteIds: string[] } }>(
        "SELECT type, user_id, payload FROM events WHERE subject_type = 'audit_grant' AND subject_id = $1 ORDER BY seq LIMIT 1",
        [grant.id],
      )
    ).rows[0];
    assert.equal(event.type, 'audit.granted');
    assert.equal(event.user_id, grant.grantedBy.id);
    assert.deepEqual(event.payload.siteIds, [site.id]);
    const again = await t.request('admin', 'POST', '/api/audit/grants', {
      auditorUserId: await auditorId(),
      organisationIds: [t.orgOf.cooperative_manager],
      periodFrom: '2026-01-01',
      periodTo: today,
      purpose: 'second',
    });
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'audit.grant-in-force');
  });

  test('refuses to grant to anyone else than an administrator, or with a bad scope or period, naming the field', async () => {
    const body = {
      auditorUserId: await auditorId(),
      siteIds: [],
      periodFrom: '2026-03-01',
      periodTo: '2026-02-01',
      purpose: 'x',
    };
    const analyst = await t.request('analyst', 'POST', '/api/audit/grants', body);
    assert.equal(analyst.status, 403);
    assert.equal(analyst.body.code, 'audit.admin-only');
    const bad = await t.request('admin', 'POST', '/api/audit/grants', body);
    assert.equal(bad.status, 400);
    assert.deepEqual(
      bad.body.errors.map((e: { path: string; code: string }) => [e.path, e.code]),
      [
        ['siteIds', 'audit.scope-empty'],
        ['periodTo', 'audit.period-order'],
      ],
    );
    const notAuditor = await t.request('admin', 'POST', '/api/audit/grants', {
      ...body,
      auditorUserId: (await t.request('analyst', 'GET', '/api/me')).body.id,
      siteIds: ['0190a000-0000-7000-8000-000000000000'],
      periodTo: '2026-03-01',
    });
    assert.equal(notAuditor.status, 400);
    assert.deepEqual(
      notAuditor.body.errors.map((e: { path: string; code: string }) => [e.path, e.code]),
      [
        ['auditorUserId', 'audit.not-an-auditor'],
        ['siteIds.0', 'common.field.not-found'],
      ],
    );
  });

  test('the auditor reads the sites of its scope, and a site outside it is refused', async () => {
    const { grant, site } = await granted();
    const access = await t.request('auditor', 'GET', '/api/audit/access');
    assert.equal(access.status, 200);
    assert.equal(access.body.grant.id, grant.id);
    const list = await t.request('auditor', 'GET', '/api/audit/sites');
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.body.items.map((s: { id: string }) => s.id),
      [site.id],
    );
    assert.equal(list.body.nextCursor, null);
    const one = await t.request('auditor', 'GET', `/api/audit/sites/${site.id}`);
    assert.equal(one.status, 200);
    assert.equal(one.body.code, site.code);
    assert.equal(one.body.since, '2026-01-01');
    assert.equal(one.body.until, today);
    const other = (await sites())[1];
    const outside = await t.request('auditor', 'GET', `/api/audit/sites/${other.id}`);
    assert.equal(outside.status, 403);
    assert.equal(outside.body.code, 'audit.outside-scope');
    const records = await t.request(
      'auditor',
      'GET',
      `/api/audit/records?subjectType=site&subjectId=${site.id}&limit=1`,
    );
    assert.equal(records.status, 200);
    const org = (await operated(other.id))[0] ?? t.orgOf.buyer;
    const orgRecords = await t.request(
      'auditor',
      'GET',
      `/api/audit/records?subjectType=organisation&subjectId=${org}`,
    );
    assert.equal(orgRecords.status, 403);
    assert.equal(orgRecords.body.code, 'audit.outside-scope');
  });

  test('a read outside the period is refused', async () => {
    const { site } = await granted();
    const before = await t.request('auditor', 'GET', `/api/audit/sites/${site.id}?since=2025-12-31`);
    assert.equal(before.status, 403);
    assert.equal(before.body.code, 'audit.outside-period');
    assert.deepEqual(before.body.params, { from: '2026-01-01', to: today });
    const records = await t.request(
      'auditor',
      'GET',
      `/api/audit/records?subjectType=site&subjectId=${site.id}&until=2099-01-01`,
    );
    assert.equal(records.status, 403);
    assert.equal(records.body.code, 'audit.outside-period');
  });

  test('every write is refused with 403, and every read outside its access too', async () => {
    await granted();
    const writes: [string, string, unknown][] = [
      ['POST', '/api/sites', { code: 'X' }],
      ['POST', '/api/organisations', {}],
      ['POST', '/api/audit/grants', {}],
      ['POST', '/api/incidents', {}],
      ['DELETE', '/api/tokens/0190a000-0000-7000-8000-000000000000', undefined],
    ];
    for (const [method, url, body] of writes) {
      const res = await t.request('auditor', method, url, body);
      assert.equal(res.status, 403, `${method} ${url}`);
      assert.equal(res.body.code, 'audit.read-only', `${method} ${url}`);
    }
    for (const url of [
      '/api/sites',
      `/api/organisations/${t.orgOf.buyer}`,
      '/api/incidents',
      '/api/audit/reads',
    ]) {
      const res = await t.request('auditor', 'GET', url);
      assert.equal(res.status, 403, url);
      assert.equal(res.body.code, 'audit.outside-access', url);
    }
    assert.equal((await t.request('auditor', 'GET', '/api/me')).status, 200);
  });

  test('every read the auditor makes is on record, listed by an administrator page by page', async () => {
    const { grant, site } = await granted();
    await t.request('auditor', 'GET', `/api/audit/sites/${site.id}`);
    await t.request('auditor', 'GET', '/api/sites?limit=3');
    const first = await t.request('admin', 'GET', `/api/audit/reads?grantId=${grant.id}&limit=2`);
    assert.equal(first.status, 200);
    assert.equal(first.body.items.length, 2);
    const [refused, allowed] = first.body.items;
    assert.deepEqual(
      { ...refused, seq: undefined, at: undefined },
      {
        seq: undefined,
        at: undefined,
        grantId: grant.id,
        auditor: { id: await auditorId(), name: 'Aline Mwamba' },
        route: 'GET /api/sites',
        path: '/api/sites?limit=3',
        outcome: 'refused',
        code: 'audit.outside-access',
      },
    );
    assert.deepEqual(
      { route: allowed.route, path: allowed.path, outcome: allowed.outcome, code: allowed.code },
      {
        route: 'GET /api/audit/sites/:id',
        path: `/api/audit/sites/${site.id}`,
        outcome: 'allowed',
        code: null,
      },
    );
    assert.ok(refused.seq > allowed.seq);
    const seen = [...first.body.items];
    let cursor = first.body.nextCursor;
    while (cursor) {
      const next = await t.request(
        'admin',
        'GET',
        `/api/audit/reads?grantId=${grant.id}&limit=2&cursor=${cursor}`,
      );
      assert.equal(next.status, 200);
      seen.push(...next.body.items);
      cursor = next.body.nextCursor;
    }
    const count = (
      await t.ctx.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM events WHERE type = 'audit.read' AND subject_id = $1",
        [grant.id],
      )
    ).rows[0].n;
    assert.equal(seen.length, count);
    assert.deepEqual(
      seen.map((r) => r.seq),
      [...seen.map((r) => r.seq)].sort((a, b) => b - a),
    );
    const all = await t.request('admin', 'GET', '/api/audit/reads?limit=200');
    assert.equal(all.body.items.length, count);
    const forbidden = await t.request('regulator', 'GET', '/api/audit/reads');
    assert.equal(forbidden.status, 403);
    assert.equal(forbidden.body.code, 'audit.admin-only');
    const forged = await t.request('admin', 'GET', '/api/audit/reads?cursor=bm9wZQ');
    assert.equal(forged.status, 400);
  });

  test('the auditor downloads a verification pack of its period, which verifies offline', async () => {
    await granted();
    assert.equal((await sealChainHead(t.ctx)).status, 'sealed');
    // The test client would read JSON Lines as one JSON document: fetch the file as the browser does.
    const res = await fetch(`${t.url}/api/event-log/pack?since=2026-01-01&until=${today}`, {
      headers: { authorization: `Bearer ${t.tokens.auditor}` },
    });
    const text = await res.text();
    assert.equal(res.status, 200, text);
    assert.equal(res.headers.get('content-type'), 'application/x-ndjson');
    assert.match(
      res.headers.get('content-disposition') ?? '',
      /^attachment; filename="amana-pack-\d+-\d+\.jsonl"$/,
    );
    const file = path.join(dir, 'pack.jsonl');
    fs.writeFileSync(file, text);
    const verdict = await verifyPackFile(file, {});
    assert.equal(verdict.ok, true, JSON.stringify(verdict));
    const outside = await t.request(
      'auditor',
      'GET',
      '/api/event-log/pack?since=2025-01-01&until=2025-12-31',
    );
    assert.equal(outside.status, 403);
    assert.equal(outside.body.code, 'audit.outside-period');
    const buyer = await t.request('buyer', 'GET', '/api/event-log/pack');
    assert.equal(buyer.status, 403);
    assert.equal(buyer.body.code, 'event-log.pack-forbidden');
    const half = await t.request('regulator', 'GET', '/api/event-log/pack?since=2026-01-01');
    assert.equal(half.status, 400);
    assert.equal(half.body.errors[0].path, 'until');
  });

  test('an administrator ends the access, on the record, and the auditor reads nothing after', async () => {
    const { grant, site } = await granted();
    const ended = await t.request('admin', 'POST', `/api/audit/grants/${grant.id}/end`, {
      reason: 'assessment delivered',
    });
    assert.equal(ended.status, 200);
    assert.equal(ended.body.ended.by.name, 'Amani Kabeya');
    assert.equal(ended.body.ended.reason, 'assessment delivered');
    const twice = await t.request('admin', 'POST', `/api/audit/grants/${grant.id}/end`, { reason: 'again' });
    assert.equal(twice.status, 409);
    assert.equal(twice.body.code, 'audit.grant-ended');
    const after = await t.request('auditor', 'GET', `/api/audit/sites/${site.id}`);
    assert.equal(after.status, 403);
    assert.equal(after.body.code, 'audit.no-grant');
    assert.deepEqual((await t.request('auditor', 'GET', '/api/audit/access')).body, { grant: null });
    const list = await t.request('admin', 'GET', '/api/audit/grants?limit=1');
    assert.equal(list.status, 200);
    assert.equal(list.body.items[0].id, grant.id);
    assert.notEqual(list.body.items[0].ended, null);
  });
});
