import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import jsonld from 'jsonld';
import { contextPrefixes, eventHash, withIgnoredFields } from '../../src/domain/custody/epcis/event-hash.ts';
import { CONFORMANCE, SHARED } from './epcis-fixtures.ts';
import { ENGINE, startTestApp, type TestApp } from './harness.ts';

const CONTEXT_FILE = path.resolve(
  import.meta.dirname,
  '../../src/services/custody/epcis-standard/epcis-context.jsonld',
);

// The standard context, in all the places documents refer to it, read from the copy Amana ships: no network.
// Some valid examples redefine one of its prefixes (cbvmda) after it; comparing them needs its terms
// unprotected, which changes nothing else about expansion.
const unprotect = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(unprotect)
    : v && typeof v === 'object'
      ? Object.fromEntries(
          Object.entries(v)
            .filter(([k]) => k !== '@protected')
            .map(([k, x]) => [k, unprotect(x)]),
        )
      : v;
const localContext = unprotect(JSON.parse(fs.readFileSync(CONTEXT_FILE, 'utf8')));
const documentLoader = async (url: string) => {
  if (/epcis-context\.jsonld$/.test(url))
    return { contextUrl: undefined, documentUrl: url, document: localContext };
  throw new Error(`no network in tests: ${url}`);
};

/** An event expanded by JSON-LD, so prefixes, compact forms and field order no longer matter. */
async function expanded(event: Record<string, unknown>, context: unknown): Promise<unknown> {
  const own = event['@context'];
  const merged = [
    ...(Array.isArray(context) ? context : [context]),
    ...(own === undefined ? [] : Array.isArray(own) ? own : [own]),
  ];
  const { '@context': _, recordTime: __, ...rest } = event;
  return jsonld.expand({ '@context': merged, ...rest } as never, { documentLoader } as never);
}

describe(`EPCIS 2.0 repository over HTTP (${ENGINE})`, () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const capture = (doc: unknown, role: 'analyst' | 'buyer' | 'grievance_officer' = 'analyst', headers = {}) =>
    t.request(role, 'POST', '/epcis/capture', JSON.stringify(doc), {
      'content-type': 'application/ld+json',
      ...headers,
    });

  test(`captures every conformance document (${CONFORMANCE.length}) and returns each event equivalent to what was sent`, async () => {
    // 84 documents, less the three that use terms CBV 2.0 does not have (epcis-fixtures.ts).
    assert.equal(CONFORMANCE.length, 81);
    const analyst = (
      await t.ctx.db.query<{ id: string }>("SELECT id FROM users WHERE email = 'analyst@demo.amana.test'")
    ).rows[0].id;
    // Amana returns every event with its capturer, in its own namespace: expanded, that is one more
    // field, which must name the analyst who captured, and is set aside before comparing.
    const capturer = [
      {
        'urn:amana:custody:organisation': [{ '@value': `urn:amana:org:${t.orgOf.analyst}` }],
        'urn:amana:custody:user': [{ '@value': `urn:amana:user:${analyst}` }],
      },
    ];
    let events = 0;
    for (const file of CONFORMANCE) {
      const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
      // The examples were written apart and reuse eventIDs for different events: each document is
      // captured into a repository that does not hold the others (a clash is tested below).
      await t.ctx.db.query('DELETE FROM epcis_events');
      const res = await capture(doc);
      assert.equal(res.status, 202, `${path.basename(file)}: ${res.text}`);
      assert.equal(res.headers.get('location'), `/epcis/capture/${res.body.captureID}`);
      for (const sent of doc.epcisBody.eventList as Record<string, unknown>[]) {
        const prefixes = withIgnoredFields(contextPrefixes(doc['@context'], sent['@context']), doc);
        const id = typeof sent.eventID === 'string' ? sent.eventID : eventHash(sent, prefixes);
        // A re-sent event is known under the first identity it was stored with: ask for both.
        const both = encodeURIComponent(`${id}|${eventHash(sent, prefixes)}`);
        const got = await t.request('analyst', 'GET', `/epcis/events?EQ_eventID=${both}`);
        assert.equal(got.status, 200, got.text);
        const list = got.body.epcisBody.queryResults.resultsBody.eventList;
        assert.equal(list.length, 1, `${path.basename(file)}: ${id}`);
        const { eventID: _, ...returned } = list[0];
        const { eventID: __, ...original } = sent;
        const [back] = (await expanded(returned, got.body['@context'])) as Record<string, unknown>[];
        const { 'urn:amana:custody:capturedBy': by, ...asSent } = back;
        assert.deepEqual(by, capturer, `${path.basename(file)}: event ${id} names its capturer`);
        assert.deepEqual(
          [asSent],
          await expanded(original, doc['@context']),
          `${path.basename(file)}: event ${id} differs once expanded`,
        );
        events++;
      }
    }
    assert.equal(events, 107);
  });

  test('an eventID that already names a different event is a conflict: refused whole, or left out with proceed', async () => {
    const doc = JSON.parse(
      fs.readFileSync(path.join(SHARED, 'gs1/JSON/Example_9.6.1-ObjectEvent.jsonld'), 'utf8'),
    );
    const [first, second] = doc.epcisBody.eventList;
    first.eventID = 'urn:uuid:6a1f5c8e-0000-4000-8000-000000000001';
    first.eventTime = '2033-01-01T00:00:00Z';
    assert.equal((await capture({ ...doc, epcisBody: { eventList: [first] } })).status, 202);
    const clash = { ...second, eventID: first.eventID, eventTime: '2033-01-02T00:00:00Z' };
    const other = { ...second, eventTime: '2033-01-03T00:00:00Z' };
    const both = { ...doc, epcisBody: { eventList: [other, clash] } };
    const refused = await capture(both);
    assert.equal(refused.status, 409);
    assert.deepEqual(refused.body.errors, [
      {
        path: 'epcisBody.eventList.1.eventID',
        message: `eventID ${first.eventID} already names a different event; give this one its own eventID`,
        code: 'custody.epcis-event-id-clash',
        params: { eventId: first.eventID },
      },
    ]);
    assert.equal(refused.body.code, 'custody.epcis-clash');
    const after2033 = () => t.request('analyst', 'GET', '/epcis/events?GE_eventTime=2033-01-01T00:00:00Z');
    assert.equal((await after2033()).body.epcisBody.queryResults.resultsBody.eventList.length, 1);
    const proceed = await capture(both, 'analyst', { 'gs1-capture-error-behaviour': 'proceed' });
    assert.equal(proceed.status, 202);
    assert.deepEqual(
      { success: proceed.body.success, stored: proceed.body.storedCount, errors: proceed.body.errors.length },
      { success: false, stored: 1, errors: 1 },
    );
    const job = await t.request('analyst', 'GET', `/epcis/capture/${proceed.body.captureID}`);
    assert.equal(job.body.errors[0].path, 'epcisBody.eventList.1.eventID');
    assert.equal((await after2033()).body.epcisBody.queryResults.resultsBody.eventList.length, 2);
  });

  test('an event without eventID is found by its CBV 2.0 hash, as the golden vector says', async () => {
    const doc = JSON.parse(
      fs.readFileSync(path.join(SHARED, 'event-hash/ReferenceEventHashAlgorithm.jsonld'), 'utf8'),
    );
    assert.equal((await capture(doc)).status, 202);
    const hash = fs
      .readFileSync(path.join(SHARED, 'event-hash/ReferenceEventHashAlgorithm.hashes'), 'utf8')
      .trim();
    const res = await t.request('analyst', 'GET', `/epcis/events/${encodeURIComponent(hash)}`);
    assert.equal(res.status, 200);
    assert.equal(res.body.eventID, hash);
    assert.equal(res.body['example:myField2'], '0');
    assert.equal(res.headers.get('gs1-epcis-version'), '2.0.0');
  });

  test('the same document sent 20 times at once is stored once', async () => {
    const doc = JSON.parse(
      fs.readFileSync(path.join(SHARED, 'gs1/JSON/Example_9.6.1-ObjectEvent.jsonld'), 'utf8'),
    );
    for (const [i, e] of doc.epcisBody.eventList.entries()) {
      e.eventTime = '2031-01-01T00:00:00Z';
      e.eventID = `urn:uuid:6a1f5c8e-0000-4000-8000-00000000010${i}`;
    }
    const answers = await Promise.all(Array.from({ length: 20 }, () => capture(doc)));
    if (answers[0].status !== 202) console.log(JSON.stringify(answers[0].body));
    assert.deepEqual(
      answers.map((a) => a.status),
      Array(20).fill(202),
    );
    const stored = answers.reduce((s, a) => s + a.body.storedCount, 0);
    assert.equal(stored, doc.epcisBody.eventList.length);
    const rows = await t.ctx.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM epcis_events WHERE event_time = '2031-01-01T00:00:00Z'",
    );
    assert.equal(rows.rows[0].n, doc.epcisBody.eventList.length);
    const job = await t.request('analyst', 'GET', `/epcis/capture/${answers[0].body.captureID}`);
    assert.deepEqual(
      { running: job.body.running, success: job.body.success, behaviour: job.body.captureErrorBehaviour },
      { running: false, success: true, behaviour: 'rollback' },
    );
  });

  test('a malformed document gets a 400 naming the offending path, and nothing is stored', async () => {
    const doc = JSON.parse(
      fs.readFileSync(path.join(SHARED, 'gs1/JSON/Example_9.6.1-ObjectEvent.jsonld'), 'utf8'),
    );
    delete doc.epcisBody.eventList[1].eventTime;
    doc.epcisBody.eventList[0].eventTime = '1999-01-01T00:00:00Z';
    const res = await capture(doc);
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    assert.deepEqual(res.body.errors, [
      {
        path: 'epcisBody.eventList.1',
        message: 'eventTime is required here',
        code: 'custody.epcis-required',
        params: { property: 'eventTime' },
      },
    ]);
    assert.equal(res.body.code, 'custody.epcis-invalid-document');
    const none = await t.request('analyst', 'GET', '/epcis/events?LT_eventTime=2000-01-01T00:00:00Z');
    assert.deepEqual(none.body.epcisBody.queryResults.resultsBody.eventList, []);
    const wrongType = await capture({ ...doc, type: 'EPCISQueryDocument' });
    assert.equal(wrongType.status, 400);
    const notJson = await t.request('analyst', 'POST', '/epcis/capture', '{"type":', {
      'content-type': 'application/ld+json',
    });
    assert.equal(notJson.status, 400);
    assert.equal(notJson.body.code, 'custody.epcis-not-json');
    assert.equal((await capture(doc, 'analyst', { 'gs1-capture-error-behaviour': 'maybe' })).status, 400);
  });

  test('SimpleEventQuery filters by type, time, step in any spelling, EPC pattern and business transaction, page by page', async () => {
    for (const file of CONFORMANCE)
      await capture(JSON.parse(fs.readFileSync(file, 'utf8')), 'analyst', {
        'gs1-capture-error-behaviour': 'proceed',
      });
    const q = async (query: string) => {
      const res = await t.request('analyst', 'GET', `/epcis/events?${query}`);
      assert.equal(res.status, 200, res.text);
      return res.body.epcisBody.queryResults.resultsBody.eventList as Record<string, unknown>[];
    };
    const shipping = await q('EQ_bizStep=urn:epcglobal:cbv:bizstep:shipping&perPage=1000');
    assert.ok(shipping.length > 0);
    assert.deepEqual(shipping, await q('EQ_bizStep=shipping&perPage=1000'));
    assert.deepEqual(await q('EQ_bizStep=https://ref.gs1.org/cbv/BizStep-shipping&perPage=1000'), shipping);
    const transformations = await q('eventType=TransformationEvent&perPage=1000');
    assert.ok(transformations.length > 0 && transformations.every((e) => e.type === 'TransformationEvent'));
    const byEpc = await q(
      `MATCH_epc=${encodeURIComponent('urn:epc:idpat:sgtin:0614141.107346.*')}&perPage=1000`,
    );
    assert.ok(byEpc.length > 0);
    assert.ok(
      byEpc.every(
        (e) => JSON.stringify(e).includes('0614141.107346') || JSON.stringify(e).includes('10614141073464'),
      ),
    );
    const po = await q('EQ_bizTransaction_po=http://transaction.acme.com/po/12345678&perPage=1000');
    assert.ok(po.length > 0);
    assert.ok(
      po.every((e) =>
        JSON.stringify(e.bizTransactionList).includes('http://transaction.acme.com/po/12345678'),
      ),
    );
    const old = await q('LT_eventTime=2006-01-01T00:00:00Z&perPage=1000');
    assert.ok(old.every((e) => new Date(String(e.eventTime)) < new Date('2006-01-01T00:00:00Z')));

    // Three pages of two, following the Link header.
    const first = await t.request('analyst', 'GET', '/epcis/events?eventType=ObjectEvent&perPage=2');
    const link = first.headers.get('link') ?? '';
    assert.match(
      link,
      /^<\/epcis\/events\?eventType=ObjectEvent&perPage=2&nextPageToken=[^>]+>; rel="next"$/,
    );
    const second = await t.request('analyst', 'GET', link.slice(1, link.indexOf('>')));
    const ids = (r: typeof first) =>
      r.body.epcisBody.queryResults.resultsBody.eventList.map((e: { eventID: string }) => e.eventID);
    assert.equal(ids(second).length, 2);
    assert.deepEqual(
      ids(second).filter((id: string) => ids(first).includes(id)),
      [],
    );
  });

  test('bad query parameters are named', async () => {
    const res = await t.request(
      'analyst',
      'GET',
      '/epcis/events?GE_eventTime=yesterday&perPage=0&EQ_colour=red&eventType=Event',
    );
    assert.equal(res.status, 400);
    assert.deepEqual(res.body.errors.map((e: { path: string }) => e.path).sort(), [
      'EQ_colour',
      'GE_eventTime',
      'eventType',
      'perPage',
    ]);
    assert.equal(res.body.code, 'custody.epcis-query-invalid');
    assert.deepEqual(
      Object.fromEntries(res.body.errors.map((e: { path: string; code: string }) => [e.path, e.code])),
      {
        EQ_colour: 'custody.epcis-query-parameter',
        GE_eventTime: 'custody.epcis-query-time',
        eventType: 'custody.epcis-query-event-type',
        perPage: 'custody.epcis-query-per-page',
      },
    );
    const token = await t.request('analyst', 'GET', '/epcis/events?nextPageToken=abc');
    assert.equal(token.status, 400);
    assert.deepEqual(token.body.errors, [
      {
        path: 'nextPageToken',
        message: 'this token was not issued by this repository; start again without it',
        code: 'custody.epcis-query-token',
      },
    ]);
  });

  test('a buyer sees only the events its organisation captured; a grievance officer captures nothing', async () => {
    // Into a repository that holds none of the demo's custody events, some of which the depot captured.
    await t.ctx.db.query('DELETE FROM epcis_events');
    const doc = JSON.parse(
      fs.readFileSync(path.join(SHARED, 'gs1/JSON/Example_9.6.2-ObjectEvent.jsonld'), 'utf8'),
    );
    for (const [i, e] of doc.epcisBody.eventList.entries()) {
      e.eventTime = '2032-06-01T00:00:00Z';
      e.eventID = `urn:uuid:6a1f5c8e-0000-4000-8000-00000000020${i}`;
    }
    assert.equal((await capture(doc, 'buyer')).status, 202);
    // The demo world's own events (which the buyer's chain shows it) are outside this window.
    const buyer = await t.request(
      'buyer',
      'GET',
      '/epcis/events?perPage=1000&GE_eventTime=2032-01-01T00:00:00Z&LT_eventTime=2033-01-01T00:00:00Z',
    );
    const mine = buyer.body.epcisBody.queryResults.resultsBody.eventList;
    assert.equal(mine.length, doc.epcisBody.eventList.length);
    assert.ok(mine.every((e: { eventTime: string }) => e.eventTime === '2032-06-01T00:00:00Z'));
    const other = await t.request('downstream', 'GET', '/epcis/events?GE_eventTime=2032-01-01T00:00:00Z');
    assert.deepEqual(other.body.epcisBody.queryResults.resultsBody.eventList, []);
    const staff = await t.request(
      'regulator',
      'GET',
      '/epcis/events?GE_eventTime=2032-01-01T00:00:00Z&LT_eventTime=2033-01-01T00:00:00Z',
    );
    assert.equal(
      staff.body.epcisBody.queryResults.resultsBody.eventList.length,
      doc.epcisBody.eventList.length,
    );
    assert.equal((await capture(doc, 'grievance_officer')).status, 403);
    assert.equal((await t.request(null, 'GET', '/epcis/events')).status, 401);
  });
});
