import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addMonths } from '../../src/domain/actors/kyc.ts';
import { representativePoint } from '../../src/domain/sites/geometry.ts';
import { runTimeRules } from '../../src/services/assessments/site-status.ts';
import type { Db, PreparedStatement, Queryable } from '../../src/storage/db.ts';
import { ENGINE, startTestApp, type TestApp } from './harness.ts';

/** Records every statement the application sends to the database, in and out of transactions. */
function recordStatements(db: Db) {
  const statements: string[] = [];
  const { query, transaction } = db;
  const spy = (q: Queryable): Queryable => ({
    query: (sql, params) => {
      statements.push(typeof sql === 'string' ? sql : sql.text);
      return q.query(sql, params);
    },
    exec: (sql) => q.exec(sql),
  });
  db.query = ((sql: string | PreparedStatement, params?: readonly unknown[]) => {
    statements.push(typeof sql === 'string' ? sql : sql.text);
    return query.call(db, sql, params);
  }) as Db['query'];
  db.transaction = ((fn: (tx: Queryable) => Promise<unknown>) =>
    transaction.call(db, (tx) => fn(spy(tx)))) as Db['transaction'];
  return {
    statements,
    stop() {
      db.query = query;
      db.transaction = transaction;
    },
  };
}

/** Statements other than the caller's authentication (the token lookup, and its use recorded once a minute). */
const beyondAuth = (statements: string[]) => statements.filter((s) => !/\bapi_tokens\b/.test(s));

/** Reads of lists, map and dashboards at national size: set-based, compressed, and cheap per request. */
describe(`national-size reads over HTTP (${ENGINE})`, () => {
  let t: TestApp;
  let now = new Date('2026-11-20T10:00:00Z');
  const logLines: string[] = [];
  before(async () => {
    t = await startTestApp({ clock: () => now, logLines });
  });
  after(() => t.close());

  test('lists visits with their incidents and photos in one query however many there are', async () => {
    const visits = (await t.request('analyst', 'GET', '/api/visits')).body.items;
    assert.ok(visits.length >= 3, 'the demo has visits');
    const withIncidents = visits.find((v: { incidents: unknown[] }) => v.incidents.length > 0);
    assert.ok(withIncidents, 'a demo visit opened incidents');
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
    for (const name of ['b.png', 'a.png']) {
      const form = new FormData();
      form.append('file', new Blob([png], { type: 'image/png' }), name);
      assert.equal(
        (await t.request('monitor', 'POST', `/api/visits/${withIncidents.id}/photos`, form)).status,
        201,
      );
    }
    const recorder = recordStatements(t.ctx.db);
    const listed = await t.request('analyst', 'GET', '/api/visits');
    recorder.stop();
    assert.equal(beyondAuth(recorder.statements).length, 1);
    assert.match(beyondAuth(recorder.statements)[0], /FROM incidents i WHERE i\.visit_id = v\.id/);
    // A page after a cursor is one statement as well, whatever the page size.
    const first = (await t.request('analyst', 'GET', '/api/visits?limit=1')).body;
    const paged = recordStatements(t.ctx.db);
    const second = await t.request('analyst', 'GET', `/api/visits?limit=2&cursor=${first.nextCursor}`);
    paged.stop();
    assert.equal(second.status, 200);
    assert.equal(beyondAuth(paged.statements).length, 1);
    assert.deepEqual(
      [...first.items, ...second.body.items].map((v: { id: string }) => v.id),
      listed.body.items.slice(0, 3).map((v: { id: string }) => v.id),
    );
    const one = await t.request('analyst', 'GET', `/api/visits/${withIncidents.id}`);
    assert.deepEqual(
      one.body.photos.map((p: { filename: string; contentType: string; sizeBytes: number }) => [
        p.filename,
        p.contentType,
        p.sizeBytes,
      ]),
      [
        ['b.png', 'image/png', 10],
        ['a.png', 'image/png', 10],
      ],
    );
    for (const v of listed.body.items)
      assert.deepEqual(v, (await t.request('analyst', 'GET', `/api/visits/${v.id}`)).body);
  });

  test('lists incidents with their sites and organisations in one query, overdue verifications first', async () => {
    for (const role of ['analyst', 'cooperative_manager', 'buyer', 'downstream'] as const) {
      const recorder = recordStatements(t.ctx.db);
      const listed = (await t.request(role, 'GET', '/api/incidents?limit=200')).body.items;
      recorder.stop();
      assert.equal(beyondAuth(recorder.statements).length, 1, `${role} lists in one query`);
      assert.ok(listed.length > 0, `${role} sees incidents`);
      for (const i of listed)
        assert.deepEqual(i, (await t.request(role, 'GET', `/api/incidents/${i.id}`)).body);
      const key = (i: { verificationOverdue: boolean; level: number; reportedAt: string; id: string }) =>
        [i.verificationOverdue ? 0 : 1, i.level, -Date.parse(i.reportedAt), i.id] as const;
      const sorted = [...listed].sort((a, b) => {
        const [x, y] = [key(a), key(b)];
        for (let k = 0; k < 3; k++) if (x[k] !== y[k]) return (x[k] as number) - (y[k] as number);
        return x[3] < y[3] ? 1 : -1;
      });
      assert.deepEqual(
        listed.map((i: { code: string }) => i.code),
        sorted.map((i: { code: string }) => i.code),
        `${role}: overdue first, then level, newest`,
      );
    }
    const all = (await t.request('analyst', 'GET', '/api/incidents?limit=200')).body.items;
    const overdue = (await t.request('analyst', 'GET', '/api/incidents?limit=200&overdue=true')).body.items;
    const rest = (await t.request('analyst', 'GET', '/api/incidents?limit=200&overdue=false')).body.items;
    assert.ok(overdue.length > 0 && rest.length > 0);
    assert.deepEqual(
      [...overdue, ...rest].map((i: { id: string }) => i.id),
      all.map((i: { id: string }) => i.id),
    );
  });

  test('the map answers compressed in the encoding the client prefers, the same sites as uncompressed', async () => {
    const plain = await t.request('analyst', 'GET', '/api/sites/map', undefined, {
      'accept-encoding': 'identity',
    });
    assert.equal(plain.status, 200);
    assert.equal(plain.headers.get('content-encoding'), null);
    assert.equal(plain.headers.get('content-type'), 'application/json; charset=utf-8');
    const sites = (await t.request('analyst', 'GET', '/api/sites?limit=200')).body.items;
    const cooperatives = plain.body.cooperatives as { id: string; name: string }[];
    assert.deepEqual(
      plain.body.sites.map((m: { cooperatives: number[] }) => ({
        ...m,
        cooperatives: m.cooperatives.map((i) => cooperatives[i]),
      })),
      sites.map((s: Record<string, unknown> & { geometry: { type: string }; suspendedBy: string[] }) => ({
        id: s.id,
        code: s.code,
        name: s.name,
        status: s.status,
        suspended: s.suspendedBy.length > 0,
        province: s.province,
        minerals: s.minerals,
        cooperatives: s.cooperatives,
        point: representativePoint(s.geometry as never),
        outline: s.geometry.type !== 'Point',
      })),
    );
    assert.equal(new Set(cooperatives.map((c) => c.id)).size, cooperatives.length);
    for (const [accept, encoding] of [
      ['gzip, deflate, br, zstd', 'zstd'],
      ['gzip, deflate, br', 'br'],
      ['gzip', 'gzip'],
    ]) {
      const res = await fetch(`${t.url}/api/sites/map`, {
        headers: { authorization: `Bearer ${t.tokens.analyst}`, 'accept-encoding': accept },
      });
      assert.equal(res.headers.get('content-encoding'), encoding);
      assert.equal(res.headers.get('vary'), 'accept-encoding');
      assert.deepEqual(await res.json(), plain.body);
    }
    // Small answers are not worth compressing.
    const small = await t.request('analyst', 'GET', '/api/dashboard', undefined, {
      'accept-encoding': 'gzip',
    });
    assert.equal(small.headers.get('content-encoding'), null);
  });

  test("records a token's use at most once a minute instead of writing on every request", async () => {
    const used = async () =>
      (await t.request('analyst', 'GET', '/api/tokens')).body.items.find(
        (k: { id: string; lastUsedAt: string | null }) => k.lastUsedAt !== null,
      )?.lastUsedAt;
    now = new Date('2026-11-20T11:00:00Z');
    assert.equal(await used(), '2026-11-20T11:00:00.000Z');
    const recorder = recordStatements(t.ctx.db);
    now = new Date('2026-11-20T11:00:59Z');
    assert.equal(await used(), '2026-11-20T11:00:00.000Z');
    recorder.stop();
    assert.deepEqual(
      recorder.statements.filter((s) => /^\s*UPDATE api_tokens/.test(s)),
      [],
    );
    now = new Date('2026-11-20T11:01:00Z');
    assert.equal(await used(), '2026-11-20T11:01:00.000Z');
    now = new Date('2026-11-20T10:00:00Z');
  });

  test('logs one line per request with its method, address, status and time', async () => {
    logLines.length = 0;
    await t.request('regulator', 'GET', '/api/sites?limit=1');
    await t.request(null, 'GET', '/api/dashboard');
    await t.request('regulator', 'GET', '/api/no-such-thing');
    const lines = logLines.map((l) => JSON.parse(l));
    assert.deepEqual(
      lines.map((l) => [l.level, l.msg, l.req.method, l.req.url, l.res.statusCode, typeof l.responseTime]),
      [
        [30, 'request completed', 'GET', '/api/sites?limit=1', 200, 'number'],
        [30, 'request completed', 'GET', '/api/dashboard', 401, 'number'],
        [30, 'request completed', 'GET', '/api/no-such-thing', 404, 'number'],
      ],
    );
  });

  test('imports sites in as many statements for forty rows as for four, besides one event each', async () => {
    const header = 'code,name,province,minerals,cooperatives,longitude,latitude';
    const coop = 'CD/KZI/RCCM/19-B-00123';
    const csv = (from: number, n: number) =>
      [
        header,
        ...Array.from(
          { length: n },
          (_, i) =>
            `NAT-${from + i},Puits ${from + i},Lualaba,cobalt,${coop};${t.orgs['Coopérative Tumaini Musompo']},25.5,-10.7`,
        ),
      ].join('\n');
    const counts: number[] = [];
    for (const [from, n] of [
      [100, 4],
      [200, 40],
    ]) {
      const recorder = recordStatements(t.ctx.db);
      const res = await t.request('analyst', 'POST', '/api/sites/import', csv(from, n), {
        'content-type': 'text/csv',
      });
      recorder.stop();
      assert.deepEqual(res.body, { created: n, updated: 0 });
      counts.push(beyondAuth(recorder.statements).filter((s) => !/\bevent/.test(s)).length);
    }
    // References, existing codes, then sites with their history and operators: the same six for any size.
    assert.deepEqual(counts, [6, 6]);
    // Updating the same forty sites again takes the same few statements too.
    const recorder = recordStatements(t.ctx.db);
    const again = await t.request(
      'analyst',
      'POST',
      '/api/sites/import',
      csv(200, 40).replaceAll('Puits', 'Fosse'),
      {
        'content-type': 'text/csv',
      },
    );
    recorder.stop();
    assert.deepEqual(again.body, { created: 0, updated: 40 });
    assert.equal(beyondAuth(recorder.statements).filter((s) => !/\bevent/.test(s)).length, 5);
    const site = (await t.request('analyst', 'GET', '/api/sites?q=NAT-239')).body.items[0];
    assert.deepEqual(
      [site.name, site.version, site.cooperatives.map((c: { name: string }) => c.name).sort()],
      ['Fosse 239', 2, ['Coopérative minière Tujenge Kolwezi', 'Coopérative Tumaini Musompo'].sort()],
    );
    const history = (await t.request('analyst', 'GET', `/api/sites/${site.id}/status-history`)).body;
    assert.deepEqual(
      history.map((h: { status: string; reason: string }) => [h.status, h.reason]),
      [['blue', 'blue since 2026-11-20: registered, not yet assessed']],
    );
    const events = await t.ctx.db.query<{ type: string }>(
      'SELECT type FROM events WHERE subject_id = $1 ORDER BY seq',
      [site.id],
    );
    assert.deepEqual(
      events.rows.map((e) => e.type),
      ['site.registered', 'site.updated'],
    );
  });

  test('the time-rule pass reads only the sites with a rule due; blue sites turn red the day after 36 months', async () => {
    await runTimeRules(t.ctx);
    const recorder = recordStatements(t.ctx.db);
    assert.deepEqual(await runTimeRules(t.ctx), { changed: 0 });
    recorder.stop();
    // Nothing is due: one query finds so, and no site is read or locked one by one.
    assert.equal(recorder.statements.length, 1);

    const blue = await t.ctx.db.query<{ id: string; since: Date }>(
      "SELECT id, status_since AS since FROM sites WHERE status = 'blue' ORDER BY status_since, code LIMIT 1",
    );
    const { id, since } = blue.rows[0];
    const sinceDay = since.toISOString().slice(0, 10);
    const limit = addMonths(new Date(`${sinceDay}T00:00:00Z`), 36);
    const status = async () =>
      (await t.ctx.db.query<{ status: string }>('SELECT status FROM sites WHERE id = $1', [id])).rows[0]
        .status;
    now = new Date(limit.getTime() + 23 * 3600_000);
    await runTimeRules(t.ctx);
    assert.equal(await status(), 'blue');
    now = new Date(limit.getTime() + 25 * 3600_000);
    await runTimeRules(t.ctx);
    assert.equal(await status(), 'red');
    const history = (await t.request('analyst', 'GET', `/api/sites/${id}/status-history`)).body;
    const redSince = new Date(limit.getTime() + 86400_000).toISOString().slice(0, 10);
    assert.deepEqual(
      [history[0].reason, history[0].reasonData],
      [
        `red since ${redSince}: not assessed for more than 36 months (blue since ${sinceDay})`,
        { kind: 'blue_too_long', blueSince: sinceDay },
      ],
    );
    now = new Date('2026-11-20T10:00:00Z');
  });
});
