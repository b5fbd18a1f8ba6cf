import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SHARED } from './epcis-fixtures.ts';
import { ENGINE, once, startTestApp, type TestApp } from './harness.ts';

type Obj = Record<string, unknown>;
const EPCIS_CONTEXT = 'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld';
const id = (n: number) => `urn:uuid:7b000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const SGTIN = 'urn:epc:id:sgtin:0614141.107346.3001';
const ORDERS = 'https://ns.example.org/orders/';

const event = (n: number, over: Obj = {}): Obj => ({
  type: 'ObjectEvent',
  eventID: id(n),
  eventTime: `2043-01-0${n}T10:00:00Z`,
  eventTimeZoneOffset: '+00:00',
  action: 'OBSERVE',
  bizStep: n % 2 ? 'shipping' : 'receiving',
  disposition: n % 2 ? 'in_transit' : 'in_progress',
  epcList: [`${SGTIN}${n}`],
  readPoint: { id: `urn:epc:id:sgln:0614141.00777.${n}` },
  bizLocation: { id: 'urn:epc:id:sgln:0614141.00888.0' },
  ...over,
});
const doc = (events: Obj[], context: unknown[] = [EPCIS_CONTEXT]) => ({
  '@context': context,
  type: 'EPCISDocument',
  schemaVersion: '2.0',
  creationDate: '2043-01-01T00:00:00Z',
  epcisBody: { eventList: events },
});
const eventIds = (body: { epcisBody: { queryResults: { resultsBody: { eventList: Obj[] } } } }) =>
  body.epcisBody.queryResults.resultsBody.eventList.map((e) => e.eventID);

describe(`EPCIS REST binding: headers, discovery, resources (${ENGINE})`, () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const capture = (
    body: unknown,
    headers: Record<string, string> = {},
    role: 'analyst' | 'downstream' = 'analyst',
  ) =>
    t.request(role, 'POST', '/epcis/capture', typeof body === 'string' ? body : JSON.stringify(body), {
      'content-type': 'application/ld+json',
      ...headers,
    });
  const captured = once(async () => {
    const res = await capture(
      doc([event(1), event(2), event(3, { 'ord:number': 'PO-7' })], [EPCIS_CONTEXT, { ord: ORDERS }]),
    );
    assert.equal(res.status, 202, res.text);
    return res.body.captureID as string;
  });

  test('every answer names the versions; GS1-EPCIS-Min/Max and CBV-Min/Max outside 2.0.0 are 406 naming the header', async () => {
    await captured();
    const ok = await t.request('analyst', 'GET', '/epcis/events?perPage=1', undefined, {
      'gs1-epcis-min': '1.2.0',
      'gs1-epcis-max': '2.0',
      'gs1-cbv-min': '2.0.0',
    });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('gs1-epcis-version'), '2.0.0');
    assert.equal(ok.headers.get('gs1-cbv-version'), '2.0.0');
    assert.equal(ok.headers.get('gs1-epc-format'), 'Never_Translates');
    for (const [header, value, code] of [
      ['GS1-EPCIS-Min', '2.1.0', 'custody.epcis-version-unmet'],
      ['GS1-EPCIS-Max', '1.2', 'custody.epcis-version-unmet'],
      ['GS1-CBV-Max', '1.2.0', 'custody.epcis-cbv-version-unmet'],
      ['GS1-EPCIS-Min', 'two', 'custody.epcis-version-unmet'],
      ['GS1-EPC-Format', 'Always_EPC_URN', 'custody.epcis-epc-format-unmet'],
      ['GS1-EPC-Format', 'Always_GS1_Digital_Link', 'custody.epcis-epc-format-unmet'],
    ]) {
      const res = await t.request('analyst', 'GET', '/epcis/events', undefined, { [header]: value });
      assert.equal(res.status, 406, `${header}: ${value}`);
      assert.equal(res.body.type, 'epcisException:NotAcceptableException');
      assert.equal(res.body.code, code);
      assert.deepEqual(
        res.body.errors.map((e: Obj) => e.path),
        [header],
      );
    }
    // The CBV XML format concerns XML answers only.
    const xml = { accept: 'application/xml', 'gs1-cbv-xml-format': 'Always_Web_URI' };
    assert.equal((await t.request('analyst', 'GET', '/epcis/events', undefined, xml)).status, 406);
    assert.equal(
      (await t.request('analyst', 'GET', '/epcis/events', undefined, { ...xml, accept: 'application/json' }))
        .status,
      200,
    );
    assert.equal(
      (
        await t.request('analyst', 'GET', '/epcis/events', undefined, {
          ...xml,
          'gs1-cbv-xml-format': 'Always_URN',
        })
      ).status,
      200,
    );
    // On capture, the document's own version: EPCIS 2.0 or 1.2.
    const v3 = await capture(doc([event(9)]), { 'gs1-epcis-version': '3.0.0' });
    assert.equal(v3.status, 406);
    assert.equal(v3.body.code, 'custody.epcis-version-unmet');
  });

  test('problems carry the binding’s exception types beside Amana’s codes', async () => {
    const bad = await capture('{"type": "EPCISDocument"}');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.type, 'epcisException:ValidationException');
    assert.equal(bad.body.code, 'custody.epcis-invalid-document');
    const query = await t.request('analyst', 'GET', '/epcis/events?EQ_action=MOVE');
    assert.equal(query.body.type, 'epcisException:QueryParameterException');
    assert.equal(query.body.code, 'custody.epcis-query-invalid');
    const tooLarge = await t.request('analyst', 'GET', '/epcis/events?maxEventCount=0');
    await captured();
    const big = await t.request('analyst', 'GET', '/epcis/events?maxEventCount=0');
    assert.equal(big.status, 413, tooLarge.text);
    assert.equal(big.body.type, 'epcisException:QueryTooLargeException');
    const missing = await t.request('analyst', 'GET', `/epcis/events/${encodeURIComponent(id(99))}`);
    assert.equal(missing.status, 404);
    assert.equal(missing.body.type, 'epcisException:NoSuchResourceException');
    const anonymous = await t.request(null, 'GET', '/epcis/events');
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.body.type, 'epcisException:SecurityException');
    const text = await t.request('analyst', 'POST', '/epcis/capture', JSON.stringify(doc([event(9)])), {
      'content-type': 'text/plain',
    });
    assert.equal(text.status, 415);
    assert.equal(text.body.type, 'epcisException:UnsupportedMediaTypeException');
    // Away from the binding, the project's own types stay.
    const api = await t.request('analyst', 'GET', '/api/lots/00000000-0000-4000-8000-000000000000');
    assert.equal(api.body.type, '/api/problems#not-found');
  });

  test('the top-level resources are listed, and OPTIONS on each says its methods and the versions', async () => {
    const top = await t.request('analyst', 'GET', '/epcis');
    assert.equal(top.status, 200);
    assert.deepEqual(top.body, {
      '@context': EPCIS_CONTEXT,
      type: 'Collection',
      member: [
        'capture',
        'events',
        'eventTypes',
        'epcs',
        'bizSteps',
        'bizLocations',
        'readPoints',
        'dispositions',
        'queries',
      ],
    });
    for (const [url, allow] of [
      ['/epcis', 'OPTIONS, GET'],
      ['/epcis/events', 'OPTIONS, GET, POST'],
      ['/epcis/events/x', 'OPTIONS, GET'],
      ['/epcis/eventTypes', 'OPTIONS, GET'],
      ['/epcis/bizSteps/shipping/events', 'OPTIONS, GET'],
      ['/epcis/queries', 'OPTIONS, GET, POST'],
      ['/epcis/queries/mine', 'OPTIONS, GET, DELETE'],
      ['/epcis/queries/mine/subscriptions', 'OPTIONS, GET, POST'],
      ['/epcis/capture/x', 'OPTIONS, GET'],
      ['/epcis/nextPageToken/x', 'OPTIONS, DELETE'],
    ]) {
      const res = await t.request('analyst', 'OPTIONS', url);
      assert.equal(res.status, 204, url);
      assert.equal(res.headers.get('allow'), allow, url);
      assert.equal(res.headers.get('gs1-epcis-min'), '2.0.0');
      assert.equal(res.headers.get('gs1-epcis-max'), '2.0.0');
      assert.equal(res.headers.get('gs1-cbv-max'), '2.0.0');
      assert.equal(res.headers.get('gs1-epc-format'), 'No_Preference, Never_Translates');
      assert.equal(res.headers.get('gs1-cbv-xml-format'), 'No_Preference, Always_URN');
      assert.equal(res.headers.get('gs1-vendor-version'), 'amana-0.1.0');
    }
    const cap = await t.request('analyst', 'OPTIONS', '/epcis/capture');
    assert.equal(cap.headers.get('allow'), 'OPTIONS, GET, POST');
    assert.equal(cap.headers.get('gs1-epcis-capture-limit'), '100000');
    assert.equal(cap.headers.get('gs1-epcis-capture-file-size-limit'), String(64 * 1024 * 1024));
    assert.equal(cap.headers.get('gs1-capture-error-behaviour'), 'rollback, proceed');
  });

  test('capture jobs are listed newest first, a page at a time, with the capture limits', async () => {
    const first = await captured();
    const again = await capture(doc([event(4)]));
    assert.equal(again.status, 202);
    const page = await t.request('analyst', 'GET', '/epcis/capture?perPage=1');
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('gs1-epcis-capture-limit'), '100000');
    assert.deepEqual(
      page.body.map((j: Obj) => j.captureID),
      [again.body.captureID],
    );
    const next = page.headers.get('link')?.match(/<([^>]+)>; rel="next"/)?.[1] as string;
    const rest = await t.request('analyst', 'GET', next);
    assert.ok(rest.body.some((j: Obj) => j.captureID === first));
    assert.ok(!rest.body.some((j: Obj) => j.captureID === again.body.captureID));
    // Another organisation's jobs are not listed.
    const theirs = await t.request('downstream', 'GET', '/epcis/capture?perPage=1000');
    assert.ok(!theirs.body.some((j: Obj) => j.captureID === first));
    assert.equal((await t.request('analyst', 'GET', '/epcis/capture?nextPageToken=nope')).status, 400);
    // A token holds nothing on the server: releasing it is acknowledged.
    const token = new URL(next, t.url).searchParams.get('nextPageToken') as string;
    assert.equal((await t.request('analyst', 'DELETE', `/epcis/nextPageToken/${token}`)).status, 204);
  });

  test('one event is captured by POST /events: 201 with its Location; re-sent it is acknowledged, a clashing eventID is 409', async () => {
    const one = event(5, { '@context': { ord: ORDERS }, 'ord:number': 'PO-9' });
    const res = await t.request('analyst', 'POST', '/epcis/events', JSON.stringify(one), {
      'content-type': 'application/ld+json',
    });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.headers.get('location'), `/epcis/events/${encodeURIComponent(id(5))}`);
    const got = await t.request('analyst', 'GET', res.headers.get('location') as string);
    assert.equal(got.body['ord:number'], 'PO-9');
    assert.deepEqual(got.body['@context'].slice(0, 2), [EPCIS_CONTEXT, { ord: ORDERS }]);
    const resent = await t.request('analyst', 'POST', '/epcis/events', JSON.stringify(one), {
      'content-type': 'application/json',
    });
    assert.equal(resent.status, 201);
    const clash = await t.request(
      'analyst',
      'POST',
      '/epcis/events',
      JSON.stringify({ ...one, eventTime: '2043-02-01T00:00:00Z' }),
      {
        'content-type': 'application/json',
      },
    );
    assert.equal(clash.status, 409);
    assert.equal(clash.body.type, 'epcisException:ResourceAlreadyExistsException');
    // Without an eventID, the event is found under its hash.
    const { eventID: _, ...bare } = event(6);
    const hashed = await t.request('analyst', 'POST', '/epcis/events', JSON.stringify(bare), {
      'content-type': 'application/json',
    });
    assert.equal(hashed.status, 201);
    assert.match(hashed.headers.get('location') as string, /^\/epcis\/events\/ni%3A%2F%2F%2Fsha-256%3B/);
    const bad = await t.request('analyst', 'POST', '/epcis/events', JSON.stringify({ type: 'Nothing' }), {
      'content-type': 'application/json',
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.type, 'epcisException:ValidationException');
  });

  test('eventTypes, epcs, bizSteps, bizLocations, readPoints and dispositions list what the caller sees, each with its events', async () => {
    await captured();
    const members = async (url: string, role: 'analyst' | 'downstream' = 'analyst') => {
      const res = await t.request(role, 'GET', url);
      assert.equal(res.status, 200, `${url}: ${res.text}`);
      return res.body.member as string[];
    };
    assert.deepEqual(await members('/epcis/eventTypes'), [
      'ObjectEvent',
      'AggregationEvent',
      'TransactionEvent',
      'TransformationEvent',
      'AssociationEvent',
    ]);
    assert.deepEqual(await members('/epcis/eventTypes/ObjectEvent'), ['events']);
    assert.equal((await t.request('analyst', 'GET', '/epcis/eventTypes/PizzaEvent')).status, 404);
    const steps = await members('/epcis/bizSteps?perPage=1000');
    assert.ok(steps.includes('shipping') && steps.includes('receiving'));
    const locations = await members('/epcis/bizLocations?perPage=1000');
    assert.ok(locations.includes('https://id.gs1.org/414/0614141008889'), locations.join(' '));
    const points = await members('/epcis/readPoints?perPage=1000');
    assert.ok(points.includes('https://id.gs1.org/414/0614141007776/254/3'), points.join(' '));
    assert.ok((await members('/epcis/dispositions?perPage=1000')).includes('in_transit'));
    const epcs = await members('/epcis/epcs?perPage=1000');
    assert.ok(epcs.includes('https://id.gs1.org/01/10614141073464/21/30011'), epcs.join(' '));
    // Paged in code-point order.
    const firstTwo = await t.request('analyst', 'GET', '/epcis/bizSteps?perPage=2');
    const next = firstTwo.headers.get('link')?.match(/<([^>]+)>; rel="next"/)?.[1] as string;
    const after = await members(next);
    assert.deepEqual(
      [...firstTwo.body.member, ...after].slice(0, steps.length),
      steps.slice(0, 2 + after.length),
    );
    // Each value's events.
    const window =
      'GE_eventTime=2043-01-01T00:00:00Z&LT_eventTime=2043-01-04T00:00:00Z&orderBy=eventTime&orderDirection=ASC';
    const byStep = await t.request('analyst', 'GET', `/epcis/bizSteps/shipping/events?${window}`);
    assert.deepEqual(eventIds(byStep.body), [id(1), id(3)]);
    const byEpc = await t.request(
      'analyst',
      'GET',
      `/epcis/epcs/${encodeURIComponent(`${SGTIN}2`)}/events?${window}`,
    );
    assert.deepEqual(eventIds(byEpc.body), [id(2)]);
    const byPoint = await t.request(
      'analyst',
      'GET',
      `/epcis/readPoints/${encodeURIComponent('urn:epc:id:sgln:0614141.00777.3')}/events?${window}`,
    );
    assert.deepEqual(eventIds(byPoint.body), [id(3)]);
    const byDisposition = await t.request(
      'analyst',
      'GET',
      `/epcis/dispositions/in_progress/events?${window}`,
    );
    assert.deepEqual(eventIds(byDisposition.body), [id(2)]);
    const byLocation = await t.request(
      'analyst',
      'GET',
      `/epcis/bizLocations/${encodeURIComponent('urn:epc:id:sgln:0614141.00888.0')}/events?${window}`,
    );
    assert.deepEqual(eventIds(byLocation.body), [id(1), id(2), id(3)]);
    const byType = await t.request('analyst', 'GET', `/epcis/eventTypes/ObjectEvent/events?${window}`);
    assert.deepEqual(eventIds(byType.body), [id(1), id(2), id(3)]);
    assert.deepEqual(await members(`/epcis/bizSteps/shipping`), ['events']);
    // A refiner sees none of them: not in the lists, not as resources.
    assert.ok(
      !(await members('/epcis/epcs?perPage=1000', 'downstream')).includes(
        'https://id.gs1.org/01/10614141073464/21/30011',
      ),
    );
    assert.equal(
      (
        await t.request(
          'downstream',
          'GET',
          `/epcis/readPoints/${encodeURIComponent('https://id.gs1.org/414/0614141007776/254/3')}`,
        )
      ).status,
      404,
    );
    const theirs = await t.request('downstream', 'GET', `/epcis/bizSteps/shipping/events?${window}`);
    assert.deepEqual(eventIds(theirs.body), []);
  });

  test('a query document is taken at capture, JSON-LD or XML, and its events stored', async () => {
    const answer = {
      '@context': [EPCIS_CONTEXT],
      type: 'EPCISQueryDocument',
      schemaVersion: '2.0',
      creationDate: '2043-01-01T00:00:00Z',
      epcisBody: { queryResults: { queryName: 'SimpleEventQuery', resultsBody: { eventList: [event(7)] } } },
    };
    const res = await capture(answer);
    assert.equal(res.status, 202, res.text);
    assert.equal(res.body.storedCount, 1);
    const got = await t.request('analyst', 'GET', `/epcis/events/${encodeURIComponent(id(7))}`);
    assert.equal(got.status, 200);
    const xml = fs.readFileSync(path.join(SHARED, 'event-hash/epcisQueryDocument.xml'), 'utf8');
    const x = await t.request('analyst', 'POST', '/epcis/capture', xml, {
      'content-type': 'application/xml',
    });
    assert.equal(x.status, 202, x.text);
    assert.ok(x.body.eventCount > 0);
    assert.equal(x.body.errors.length, 0);
  });

  test('a document’s contexts, inline or by reference, come back with its events as sent', async () => {
    const external = 'https://ns.example.org/contexts/orders.jsonld';
    const res = await capture(
      doc([event(8, { 'ord:number': 'PO-8' })], [EPCIS_CONTEXT, external, { ord: ORDERS }]),
    );
    assert.equal(res.status, 202, res.text);
    const got = await t.request('analyst', 'GET', `/epcis/events/${encodeURIComponent(id(8))}`);
    assert.deepEqual(got.body['@context'].slice(0, 3), [EPCIS_CONTEXT, external, { ord: ORDERS }]);
  });
});
