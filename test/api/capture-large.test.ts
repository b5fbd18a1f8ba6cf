import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { v7 as uuidv7 } from 'uuid';
import { ENGINE, startTestApp, type TestApp } from './harness.ts';

const CONTEXT = 'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld';

/**
 * Documents large enough to be prepared in a worker thread and stored piece by piece (in short
 * transactions on the embedded database): still all or nothing, and invisible until finished.
 */
describe(`large captures (${ENGINE})`, () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const documentOf = (year: number, n: number) => ({
    '@context': [CONTEXT],
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: '2026-11-20T10:00:00Z',
    epcisBody: {
      eventList: Array.from({ length: n }, (_, i) => ({
        type: 'ObjectEvent',
        eventTime: `${year}-01-01T00:00:${String(i % 60).padStart(2, '0')}Z`,
        eventTimeZoneOffset: '+02:00',
        eventID: `urn:uuid:${uuidv7()}`,
        action: 'OBSERVE',
        bizStep: 'inspecting',
        epcList: [
          `urn:epc:id:sgtin:0614141.107346.${year}${i}`,
          `urn:epc:id:sgtin:0614141.107346.${year}${i}9`,
        ],
        readPoint: { id: 'urn:epc:id:sgln:0614141.00777.0' },
        bizTransactionList: [
          { type: 'po', bizTransaction: `http://transaction.example.org/po/${year}-${i}` },
        ],
      })),
    },
  });
  const capture = (doc: unknown, headers: Record<string, string> = {}) =>
    t.request('analyst', 'POST', '/epcis/capture', JSON.stringify(doc), {
      'content-type': 'application/ld+json',
      ...headers,
    });
  const countIn = async (year: number) =>
    (
      await t.ctx.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM epcis_events WHERE event_time >= $1 AND event_time < $2',
        [`${year}-01-01T00:00:00Z`, `${year + 1}-01-01T00:00:00Z`],
      )
    ).rows[0].n;

  test('a document of 1,500 events is stored whole, each event with its capturer', async () => {
    const doc = documentOf(2041, 1500);
    assert.ok(JSON.stringify(doc).length > 256 * 1024, 'large enough for the worker thread');
    const res = await capture(doc);
    assert.equal(res.status, 202, res.text);
    assert.deepEqual(
      { stored: res.body.storedCount, events: res.body.eventCount, success: res.body.success },
      { stored: 1500, events: 1500, success: true },
    );
    assert.equal(await countIn(2041), 1500);
    const last = doc.epcisBody.eventList[1499].eventID;
    const got = await t.request('analyst', 'GET', `/epcis/events/${encodeURIComponent(last)}`);
    assert.equal(got.status, 200);
    assert.equal(got.body['amana:capturedBy']['amana:organisation'], `urn:amana:org:${t.orgOf.analyst}`);
    const job = await t.request('analyst', 'GET', `/epcis/capture/${res.body.captureID}`);
    assert.deepEqual(
      { running: job.body.running, finished: typeof job.body.finishedAt },
      {
        running: false,
        finished: 'string',
      },
    );
  });

  test('one clash in its last event refuses a large document whole; under proceed only that event is left out', async () => {
    const first = documentOf(2042, 1);
    assert.equal((await capture(first)).status, 202);
    const doc = documentOf(2043, 1500);
    doc.epcisBody.eventList[1499].eventID = first.epcisBody.eventList[0].eventID;
    const refused = await capture(doc);
    assert.equal(refused.status, 409, refused.text);
    assert.deepEqual(
      refused.body.errors.map((e: { path: string }) => e.path),
      ['epcisBody.eventList.1499.eventID'],
    );
    assert.equal(await countIn(2043), 0);
    const running = await t.ctx.db.query('SELECT 1 FROM epcis_captures WHERE running');
    assert.equal(running.rows.length, 0);
    const proceed = await capture(doc, { 'gs1-capture-error-behaviour': 'proceed' });
    assert.equal(proceed.status, 202);
    assert.deepEqual(
      { stored: proceed.body.storedCount, success: proceed.body.success },
      { stored: 1499, success: false },
    );
    assert.equal(await countIn(2043), 1499);
  });

  test('the events of a capture still running are in no answer, and the next capture on the embedded database removes what a crash left', async () => {
    const captureId = uuidv7();
    const analyst = (
      await t.ctx.db.query<{ id: string }>("SELECT id FROM users WHERE email = 'analyst@demo.amana.test'")
    ).rows[0].id;
    await t.ctx.db.query(
      `INSERT INTO epcis_captures (id, organisation_id, created_by, created_at, error_behaviour, success, event_count, stored_count, running)
       VALUES ($1, $2, $3, now(), 'rollback', true, 1, 0, true)`,
      [captureId, t.orgOf.analyst, analyst],
    );
    await t.ctx.db.query(
      `INSERT INTO epcis_events (event_id, event_hash, event_type, event_time, record_time, capture_id, organisation_id, captured_by, body)
       VALUES ('urn:uuid:0d0d0d0d-0000-4000-8000-000000000001', 'ni:///sha-256;unfinished', 'ObjectEvent', '2044-01-01T00:00:00Z', now(), $1, $2, $3, '{}')`,
      [captureId, t.orgOf.analyst, analyst],
    );
    const answer = await t.request('analyst', 'GET', '/epcis/events?GE_eventTime=2044-01-01T00:00:00Z');
    assert.deepEqual(answer.body.epcisBody.queryResults.resultsBody.eventList, []);
    const job = await t.request('analyst', 'GET', `/epcis/capture/${captureId}`);
    assert.deepEqual(
      { running: job.body.running, finishedAt: job.body.finishedAt },
      { running: true, finishedAt: undefined },
    );
    assert.equal((await capture(documentOf(2045, 300))).status, 202);
    const left = await t.ctx.db.query('SELECT 1 FROM epcis_events WHERE capture_id = $1', [captureId]);
    assert.equal(left.rows.length, t.ctx.db.engine === 'pglite' ? 0 : 1);
  });
});
