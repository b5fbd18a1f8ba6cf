import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { v7 as uuidv7 } from 'uuid';
import { startTestApp, type TestApp } from './harness.ts';

/** The field app's sync, through HTTP against a real database: outbox batches, photo chunks, the pull. */
describe('field sync', () => {
  let app: TestApp;
  let sites: { id: string; code: string; cooperatives: { id: string }[] }[];
  before(async () => {
    app = await startTestApp();
    const res = await app.request('monitor', 'GET', '/api/sites?limit=5');
    sites = res.body.items;
    assert.ok(sites.length >= 2);
  });
  after(() => app?.close());

  const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
  const visit = (siteId: string, visitedAt: string) => ({
    kind: 'visit',
    body: {
      id: uuidv7(),
      siteId,
      visitedAt,
      latitude: -10.7,
      longitude: 25.5,
      accuracyM: 12,
      indicators: { headCount: 40, childrenSeen: 0, securityForcesPresent: false },
      notes: 'calme',
    },
  });
  const incident = (siteId: string, observedAt: string) => ({
    kind: 'incident',
    body: {
      id: uuidv7(),
      siteId,
      level: 2,
      category: 'occupational_health_safety',
      title: 'Pas de casques',
      description: 'Aucun creuseur ne porte de casque au puits 3.',
      observedAt,
    },
  });
  const stored = async (ids: string[]) =>
    Number(
      (
        await app.ctx.db.query<{ n: string }>(
          `SELECT (SELECT count(*) FROM visits WHERE id = ANY($1::uuid[])) +
                  (SELECT count(*) FROM incidents WHERE id = ANY($1::uuid[])) AS n`,
          [ids],
        )
      ).rows[0].n,
    );

  test('the same outbox synced twice stores once, with the observation times the device gave', async () => {
    const records = [
      visit(sites[0].id, hoursAgo(50)),
      visit(sites[1].id, hoursAgo(26)),
      incident(sites[0].id, hoursAgo(49)),
    ];
    const first = await app.request('monitor', 'POST', '/api/field/sync', { records });
    assert.equal(first.status, 200);
    assert.deepEqual(
      first.body.results.map((r: { outcome: string }) => r.outcome),
      ['applied', 'applied', 'applied'],
    );
    const again = await app.request('monitor', 'POST', '/api/field/sync', { records });
    assert.deepEqual(
      again.body.results.map((r: { id: string; outcome: string }) => [r.id, r.outcome]),
      records.map((r) => [r.body.id, 'already-applied']),
    );
    assert.equal(await stored(records.map((r) => r.body.id)), 3);
    const v = await app.request('monitor', 'GET', `/api/visits/${records[0].body.id}`);
    assert.equal(v.body.visitedAt, (records[0].body as { visitedAt: string }).visitedAt);
    assert.equal(v.body.accuracyM, 12);
    const i = await app.request('monitor', 'GET', `/api/incidents/${records[2].body.id}`);
    assert.equal(i.body.observedAt, (records[2].body as { observedAt: string }).observedAt);
  });

  test('sacks tagged and weighed offline are recorded once, at the time the phone tagged them', async () => {
    const site = sites.find((s) => s.cooperatives.length > 0);
    assert.ok(site);
    const taggedAt = hoursAgo(30);
    const records = ['FLD-0001', 'FLD-0002'].map((tag) => ({
      kind: 'tag',
      body: {
        id: uuidv7(),
        tag,
        siteId: site.id,
        cooperativeId: site.cooperatives[0].id,
        massKg: 48.5,
        gradePct: 9.5,
        taggedAt,
      },
    }));
    const first = await app.request('monitor', 'POST', '/api/field/sync', { records });
    assert.deepEqual(
      first.body.results.map((r: { kind: string; outcome: string }) => [r.kind, r.outcome]),
      [
        ['tag', 'applied'],
        ['tag', 'applied'],
      ],
    );
    const again = await app.request('monitor', 'POST', '/api/field/sync', { records });
    assert.deepEqual(
      again.body.results.map((r: { outcome: string }) => r.outcome),
      ['already-applied', 'already-applied'],
    );
    const lots = await app.ctx.db.query<{ tag: string; produced_at: Date }>(
      `SELECT tag, produced_at FROM custody_lots WHERE tag = ANY($1::text[]) ORDER BY tag`,
      [['FLD-0001', 'FLD-0002']],
    );
    assert.deepEqual(
      lots.rows.map((r) => [r.tag, r.produced_at.toISOString()]),
      [
        ['FLD-0001', taggedAt],
        ['FLD-0002', taggedAt],
      ],
    );
    // A third phone record with a tag already used is refused with what to fix.
    const reused = { kind: 'tag', body: { ...records[0].body, id: uuidv7() } };
    const res = await app.request('monitor', 'POST', '/api/field/sync', { records: [reused] });
    assert.equal(res.body.results[0].outcome, 'refused');
    assert.equal(res.body.results[0].problem.errors[0].code, 'custody.tag-used');
  });

  test('a sync cut off mid-batch resumes: what was acknowledged is acknowledged again, the rest is stored, once', async () => {
    const records = Array.from({ length: 8 }, (_, n) => visit(sites[n % 2].id, hoursAgo(100 - n)));
    // The server stored the first five, then the connection dropped before the phone read the answer.
    const cut = await app.request('monitor', 'POST', '/api/field/sync', { records: records.slice(0, 5) });
    assert.equal(cut.status, 200);
    const resumed = await app.request('monitor', 'POST', '/api/field/sync', { records });
    assert.deepEqual(
      resumed.body.results.map((r: { outcome: string }) => r.outcome),
      [...Array(5).fill('already-applied'), ...Array(3).fill('applied')],
    );
    assert.equal(await stored(records.map((r) => r.body.id)), 8);
  });

  test('a refused record says what to fix and does not hold back the others; fixed, it goes under the same id', async () => {
    const future = visit(sites[0].id, new Date(Date.now() + 3_600_000).toISOString());
    const fine = visit(sites[1].id, hoursAgo(3));
    const res = await app.request('monitor', 'POST', '/api/field/sync', { records: [future, fine] });
    assert.equal(res.status, 200);
    const [refused, applied] = res.body.results;
    assert.equal(refused.outcome, 'refused');
    assert.equal(refused.problem.status, 400);
    assert.deepEqual(
      refused.problem.errors.map((e: { path: string; code: string }) => [e.path, e.code]),
      [['visitedAt', 'monitoring.visit-in-future']],
    );
    assert.equal(applied.outcome, 'applied');
    const fixed = { ...future, body: { ...future.body, visitedAt: hoursAgo(1) } };
    const again = await app.request('monitor', 'POST', '/api/field/sync', { records: [fixed] });
    assert.equal(again.body.results[0].outcome, 'applied');
    assert.equal(await stored([future.body.id]), 1);
  });

  test('the same id sent with another body is refused, never stored twice', async () => {
    const r = visit(sites[0].id, hoursAgo(5));
    await app.request('monitor', 'POST', '/api/field/sync', { records: [r] });
    const changed = { ...r, body: { ...r.body, notes: 'autre chose' } };
    const res = await app.request('monitor', 'POST', '/api/field/sync', { records: [changed] });
    assert.equal(res.body.results[0].outcome, 'refused');
    assert.equal(res.body.results[0].problem.code, 'common.id-reused');
  });

  test('a malformed batch is refused whole with the field to fix; a batch has a size limit', async () => {
    const bad = await app.request('monitor', 'POST', '/api/field/sync', {
      records: [{ kind: 'visit', body: { siteId: sites[0].id } }],
    });
    assert.equal(bad.status, 400);
    const big = await app.request('monitor', 'POST', '/api/field/sync', {
      records: Array.from({ length: 51 }, () => visit(sites[0].id, hoursAgo(1))),
    });
    assert.equal(big.status, 400);
  });

  test('a photo arrives in chunks, resumes from the offset the server holds, and is stored once', async () => {
    const v = visit(sites[0].id, hoursAgo(2));
    await app.request('monitor', 'POST', '/api/field/sync', { records: [v] });
    // A small valid JPEG: the start-of-image marker, filler, the end marker.
    const photo = Buffer.concat([
      Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
      Buffer.alloc(150_000, 7),
      Buffer.from([0xff, 0xd9]),
    ]);
    const sha256 = createHash('sha256').update(photo).digest('hex');
    const id = uuidv7();
    const declare = {
      id,
      visitId: v.body.id,
      filename: 'p.jpg',
      contentType: 'image/jpeg',
      sizeBytes: photo.length,
      sha256,
    };
    const started = await app.request('monitor', 'POST', '/api/field/uploads', declare);
    assert.equal(started.status, 201);
    assert.equal(started.body.offset, 0);
    const send = (offset: number, chunk: Buffer) =>
      fetch(`${app.url}/api/field/uploads/${id}`, {
        method: 'PATCH',
        headers: {
          authorization: `Bearer ${app.tokens.monitor}`,
          'content-type': 'application/offset+octet-stream',
          'upload-offset': String(offset),
        },
        body: new Uint8Array(chunk),
      }).then(async (r) => ({ status: r.status, body: await r.json() }));
    const one = await send(0, photo.subarray(0, 65_536));
    assert.deepEqual([one.status, one.body.offset, one.body.complete], [200, 65_536, false]);
    // The phone lost that answer and sends the first chunk again: the server says where it stands.
    const stale = await send(0, photo.subarray(0, 65_536));
    assert.deepEqual(
      [stale.status, stale.body.code, stale.body.params.offset],
      [409, 'field.upload-offset', 65_536],
    );
    // Declared again after a restart of the app: the same offset.
    const redeclared = await app.request('monitor', 'POST', '/api/field/uploads', declare);
    assert.deepEqual([redeclared.status, redeclared.body.offset], [200, 65_536]);
    const two = await send(65_536, photo.subarray(65_536, 131_072));
    assert.equal(two.body.offset, 131_072);
    const last = await send(131_072, photo.subarray(131_072));
    assert.deepEqual([last.status, last.body.offset, last.body.complete], [200, photo.length, true]);
    const again = await send(131_072, photo.subarray(131_072));
    assert.deepEqual([again.status, again.body.params.offset], [409, photo.length]);
    const seen = await app.request('monitor', 'GET', `/api/visits/${v.body.id}`);
    assert.deepEqual(
      seen.body.photos.map((p: { id: string; sizeBytes: number }) => [p.id, p.sizeBytes]),
      [[id, photo.length]],
    );
    const state = await app.request('monitor', 'GET', `/api/field/uploads/${id}`);
    assert.deepEqual([state.body.offset, state.body.complete], [photo.length, true]);
    // Another user does not see the upload at all.
    assert.equal((await app.request('analyst', 'GET', `/api/field/uploads/${id}`)).status, 404);
  });

  test('a photo whose bytes do not match the declared hash starts again from zero', async () => {
    const v = visit(sites[1].id, hoursAgo(2));
    await app.request('monitor', 'POST', '/api/field/sync', { records: [v] });
    const photo = Buffer.concat([
      Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
      Buffer.alloc(1000, 1),
      Buffer.from([0xff, 0xd9]),
    ]);
    const id = uuidv7();
    await app.request('monitor', 'POST', '/api/field/uploads', {
      id,
      visitId: v.body.id,
      filename: 'p.jpg',
      contentType: 'image/jpeg',
      sizeBytes: photo.length,
      sha256: '0'.repeat(64),
    });
    const res = await fetch(`${app.url}/api/field/uploads/${id}`, {
      method: 'PATCH',
      headers: {
        authorization: `Bearer ${app.tokens.monitor}`,
        'content-type': 'application/offset+octet-stream',
        'upload-offset': '0',
      },
      body: new Uint8Array(photo),
    });
    const body = await res.json();
    assert.deepEqual([res.status, body.code, body.params.offset], [409, 'field.upload-hash-mismatch', 0]);
    const seen = await app.request('monitor', 'GET', `/api/visits/${v.body.id}`);
    assert.deepEqual(seen.body.photos, []);
  });

  test('the pull gives my sites with the status the server decides, then only what changed since the checkpoint', async () => {
    const full = await app.request('monitor', 'GET', '/api/field/changes');
    assert.equal(full.status, 200);
    assert.equal(full.body.full, true);
    assert.deepEqual(
      full.body.sites.map((s: { id: string }) => s.id).sort(),
      (await app.request('monitor', 'GET', '/api/sites?limit=200')).body.items
        .map((s: { id: string }) => s.id)
        .sort(),
    );
    assert.ok(full.body.assignments.length > 0);
    const since = full.body.checkpoint;
    const nothing = await app.request('monitor', 'GET', `/api/field/changes?since=${since}`);
    assert.deepEqual([nothing.body.full, nothing.body.incidents], [false, []]);
    const report = incident(sites[1].id, hoursAgo(1));
    await app.request('monitor', 'POST', '/api/field/sync', { records: [report] });
    const delta = await app.request('monitor', 'GET', `/api/field/changes?since=${since}`);
    assert.deepEqual(
      delta.body.incidents.map((i: { id: string }) => i.id),
      [report.body.id],
    );
    assert.ok(delta.body.checkpoint > since);
    // A checkpoint the log never reached means the phone holds something else: it gets everything again.
    const ahead = await app.request(
      'monitor',
      'GET',
      `/api/field/changes?since=${delta.body.checkpoint + 1000}`,
    );
    assert.equal(ahead.body.full, true);
    const analyst = await app.request('analyst', 'GET', '/api/field/changes');
    assert.deepEqual([analyst.status, analyst.body.code], [403, 'field.role']);
  });
});
