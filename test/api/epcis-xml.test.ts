// The XML binding through HTTP: EPCIS 2.0 and 1.2 XML captured, XML answers by content negotiation, one
// event hash whichever binding an event came in.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { contextPrefixes, eventHash } from '../../src/domain/custody/epcis/event-hash.ts';
import { queryDocumentFromXml } from '../../src/domain/custody/epcis/xml-binding.ts';
import { parseXml } from '../../src/services/custody/epcis-xml.ts';
import { CONFORMANCE, documentsIn, read, SHARED } from './epcis-fixtures.ts';
import { ENGINE, startTestApp, type TestApp } from './harness.ts';

type Obj = Record<string, unknown>;
const lines = (file: string) =>
  fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.replace(/\r$/, ''))
    .filter(Boolean);
const VECTORS = path.join(SHARED, 'event-hash');

/** XML event documents of the fixtures: the golden vectors' and GS1's examples (query documents apart). */
const XML_DOCUMENTS = [
  ...documentsIn(VECTORS, /\.xml$/),
  ...documentsIn(path.join(SHARED, 'gs1/XML'), /\.xml$/),
]
  .filter((f) => !/QueryDoc/i.test(path.basename(f)))
  .sort();
/** Of those, the ones whose sensor types are not GS1 Web Vocabulary terms (gs1:MT-…, gs1:EffectiveDoseRate…). */
const NOT_STANDARD_XML = [
  'event-hash/SensorDataExamples.xml',
  'gs1/XML/WithExtension/TransactionEvent.xml',
  'gs1/XML/WithSensorData/SensorDataExamples.xml',
];

const LEGACY_1_2 = `<?xml version="1.0" encoding="UTF-8"?>
<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:1" xmlns:example="https://ns.example.com/epcis/"
    schemaVersion="1.2" creationDate="2035-01-01T00:00:00Z">
  <EPCISBody>
    <EventList>
      <ObjectEvent>
        <eventTime>2035-01-01T10:00:00.000+01:00</eventTime>
        <eventTimeZoneOffset>+01:00</eventTimeZoneOffset>
        <baseExtension><eventID>urn:uuid:6a1f5c8e-0000-4000-8000-000000003501</eventID></baseExtension>
        <epcList><epc>urn:epc:id:sgtin:0614141.107346.2018</epc></epcList>
        <action>OBSERVE</action>
        <bizStep>urn:epcglobal:cbv:bizstep:shipping</bizStep>
        <disposition>urn:epcglobal:cbv:disp:in_transit</disposition>
        <readPoint><id>urn:epc:id:sgln:0614141.07346.1234</id></readPoint>
        <bizTransactionList>
          <bizTransaction type="urn:epcglobal:cbv:btt:po">http://transaction.acme.com/po/12345678</bizTransaction>
        </bizTransactionList>
        <extension>
          <quantityList>
            <quantityElement>
              <epcClass>urn:epc:class:lgtin:4012345.012345.998877</epcClass><quantity>200</quantity><uom>KGM</uom>
            </quantityElement>
          </quantityList>
          <sourceList><source type="urn:epcglobal:cbv:sdt:owning_party">urn:epc:id:pgln:0614141.00001</source></sourceList>
          <destinationList>
            <destination type="urn:epcglobal:cbv:sdt:owning_party">urn:epc:id:pgln:0614141.00002</destination>
          </destinationList>
        </extension>
        <example:myField>a value</example:myField>
      </ObjectEvent>
      <extension>
        <TransformationEvent>
          <eventTime>2035-01-01T11:00:00.000+01:00</eventTime>
          <eventTimeZoneOffset>+01:00</eventTimeZoneOffset>
          <inputEPCList><epc>urn:epc:id:sgtin:0614141.107346.2018</epc></inputEPCList>
          <outputEPCList><epc>urn:epc:id:sgtin:0614141.107346.2019</epc></outputEPCList>
          <bizStep>urn:epcglobal:cbv:bizstep:commissioning</bizStep>
        </TransformationEvent>
      </extension>
    </EventList>
  </EPCISBody>
</epcis:EPCISDocument>`;

/** The same two events in the JSON binding. */
const LEGACY_AS_JSON = {
  '@context': [
    'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld',
    { example: 'https://ns.example.com/epcis/' },
  ],
  type: 'EPCISDocument',
  schemaVersion: '2.0',
  creationDate: '2035-01-01T00:00:00Z',
  epcisBody: {
    eventList: [
      {
        type: 'ObjectEvent',
        eventTime: '2035-01-01T10:00:00.000+01:00',
        eventTimeZoneOffset: '+01:00',
        eventID: 'urn:uuid:6a1f5c8e-0000-4000-8000-000000003501',
        epcList: ['urn:epc:id:sgtin:0614141.107346.2018'],
        action: 'OBSERVE',
        bizStep: 'shipping',
        disposition: 'in_transit',
        readPoint: { id: 'urn:epc:id:sgln:0614141.07346.1234' },
        bizTransactionList: [{ type: 'po', bizTransaction: 'http://transaction.acme.com/po/12345678' }],
        quantityList: [{ epcClass: 'urn:epc:class:lgtin:4012345.012345.998877', quantity: 200, uom: 'KGM' }],
        sourceList: [{ type: 'owning_party', source: 'urn:epc:id:pgln:0614141.00001' }],
        destinationList: [{ type: 'owning_party', destination: 'urn:epc:id:pgln:0614141.00002' }],
        'example:myField': 'a value',
      },
      {
        type: 'TransformationEvent',
        eventTime: '2035-01-01T11:00:00.000+01:00',
        eventTimeZoneOffset: '+01:00',
        inputEPCList: ['urn:epc:id:sgtin:0614141.107346.2018'],
        outputEPCList: ['urn:epc:id:sgtin:0614141.107346.2019'],
        bizStep: 'commissioning',
      },
    ],
  },
};

describe(`EPCIS XML binding over HTTP (${ENGINE})`, () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: { AMANA_EPCIS_MAX_BYTES: '200000' } });
  });
  after(() => t.close());

  const captureXml = (xml: string, headers: Record<string, string> = {}) =>
    t.request('analyst', 'POST', '/epcis/capture', xml, { 'content-type': 'application/xml', ...headers });
  const captureJson = (doc: unknown, headers: Record<string, string> = {}) =>
    t.request('analyst', 'POST', '/epcis/capture', JSON.stringify(doc), {
      'content-type': 'application/ld+json',
      ...headers,
    });
  const hashesOf = async (captureId: string) =>
    (
      await t.ctx.db.query<{ event_hash: string }>(
        'SELECT event_hash FROM epcis_events WHERE capture_id = $1 ORDER BY seq',
        [captureId],
      )
    ).rows.map((r) => r.event_hash);

  test('every XML event document of the fixtures is captured with the golden vectors’ hashes, and its JSON twin is the same events', async () => {
    let documents = 0;
    let twins = 0;
    for (const file of XML_DOCUMENTS) {
      const name = path.relative(SHARED, file);
      await t.ctx.db.query('DELETE FROM epcis_events');
      const res = await captureXml(fs.readFileSync(file, 'utf8'), { 'content-type': 'text/xml' });
      if (NOT_STANDARD_XML.includes(name)) {
        assert.equal(res.status, 400, name);
        assert.ok(
          res.body.errors.every((e: { code: string }) => e.code === 'custody.epcis-vocabulary-gs1-uri'),
          `${name}: ${res.text}`,
        );
        continue;
      }
      assert.equal(res.status, 202, `${name}: ${res.text}`);
      documents++;
      const vector = file.replace(/\.xml$/, '.hashes');
      if (!fs.existsSync(vector)) continue;
      assert.deepEqual((await hashesOf(res.body.captureID)).sort(), lines(vector).sort(), name);
      const twin = file.replace(/\.xml$/, '.jsonld');
      if (!fs.existsSync(twin)) continue;
      // Sent again in JSON, every event is recognised: nothing new is stored.
      const again = await captureJson(JSON.parse(fs.readFileSync(twin, 'utf8')));
      assert.equal(again.status, 202, name);
      assert.equal(again.body.storedCount, 0, name);
      twins++;
    }
    assert.deepEqual([documents, twins], [42, 10]);
  });

  test('an EPCIS 1.2 document is captured as the same events as its EPCIS 2.0 JSON twin', async () => {
    const xml = await captureXml(LEGACY_1_2);
    assert.equal(xml.status, 202, xml.text);
    assert.equal(xml.body.storedCount, 2);
    const prefixes = contextPrefixes(LEGACY_AS_JSON['@context']);
    assert.deepEqual(
      await hashesOf(xml.body.captureID),
      LEGACY_AS_JSON.epcisBody.eventList.map((e) => eventHash(e as Obj, prefixes)),
    );
    const json = await captureJson(LEGACY_AS_JSON);
    assert.equal(json.status, 202);
    assert.equal(json.body.storedCount, 0);
    const res = await t.request(
      'analyst',
      'GET',
      '/epcis/events/urn%3Auuid%3A6a1f5c8e-0000-4000-8000-000000003501',
    );
    const { '@context': _, recordTime: __, 'amana:capturedBy': ___, ...stored } = res.body;
    assert.deepEqual(stored, LEGACY_AS_JSON.epcisBody.eventList[0]);
  });

  test('with Accept: application/xml, answers are XML query documents of the same events', async () => {
    await t.ctx.db.query('DELETE FROM epcis_events');
    for (const file of XML_DOCUMENTS.filter((f) => !NOT_STANDARD_XML.includes(path.relative(SHARED, f))))
      assert.equal(
        (await captureXml(fs.readFileSync(file, 'utf8'), { 'gs1-capture-error-behaviour': 'proceed' }))
          .status,
        202,
      );
    // And the JSON-LD documents: whichever binding an event came in, it is answered in either.
    for (const file of CONFORMANCE)
      assert.equal((await captureJson(read(file), { 'gs1-capture-error-behaviour': 'proceed' })).status, 202);
    const json = await t.request('analyst', 'GET', '/epcis/events?perPage=1000');
    const xml = await t.request('analyst', 'GET', '/epcis/events?perPage=1000', undefined, {
      accept: 'application/json;q=0.5, application/xml',
    });
    assert.equal(xml.status, 200);
    assert.equal(xml.headers.get('content-type'), 'application/xml; charset=utf-8');
    assert.equal(xml.headers.get('gs1-epcis-version'), '2.0.0');
    const parsed = parseXml(xml.text);
    if ('problem' in parsed) {
      const at = (parsed.problem.params as { column: number }).column;
      assert.fail(
        `${parsed.problem.message}: ${xml.text.split('\n')[Number((parsed.problem.params as { line: number }).line) - 1]?.slice(at - 300, at + 100)}`,
      );
    }
    const back = queryDocumentFromXml(parsed.root);
    const events = (d: Obj) =>
      (d.epcisBody as { queryResults: { resultsBody: { eventList: Obj[] } } }).queryResults.resultsBody
        .eventList;
    const hashes = (d: Obj) =>
      events(d).map((e) => `${e.eventID} ${eventHash(e, contextPrefixes(d['@context'], e['@context']))}`);
    const count = (await t.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM epcis_events')).rows[0]
      .n;
    assert.ok(count > 100, String(count));
    assert.equal(events(json.body).length, count);
    assert.deepEqual(hashes(back), hashes(json.body));
    // Each event as Amana records it: its recordTime and its capturer come along.
    assert.deepEqual(
      events(back).map((e) => [e.recordTime, e['amana:capturedBy']]),
      events(json.body).map((e) => [e.recordTime, e['amana:capturedBy']]),
    );
    const first = events(json.body)[0] as { eventID: string };
    const one = await t.request(
      'analyst',
      'GET',
      `/epcis/events/${encodeURIComponent(first.eventID)}`,
      undefined,
      {
        accept: 'text/xml',
      },
    );
    assert.equal(one.headers.get('content-type'), 'application/xml; charset=utf-8');
    const single = parseXml(one.text);
    assert.ok('root' in single);
    assert.deepEqual(hashes(queryDocumentFromXml(single.root)), hashes(json.body).slice(0, 1));
    // JSON stays the default, and wins a tie.
    const tie = await t.request('analyst', 'GET', '/epcis/events?perPage=1', undefined, {
      accept: 'application/xml, application/ld+json',
    });
    assert.equal(tie.headers.get('content-type'), 'application/ld+json; charset=utf-8');
  });

  test('malformed XML, entity declarations and another root are 400 problems naming what to fix', async () => {
    const cases: [string, string, Obj][] = [
      [
        '<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2"><EPCISBody></epcis:EPCISDocument>',
        'custody.epcis-xml-malformed',
        { line: 1, column: 73 },
      ],
      ['<!DOCTYPE d [<!ENTITY a "aaaa">]><d>&a;</d>', 'custody.epcis-xml-doctype', {}],
      ['<x:EPCISDocument schemaVersion="2.0"/>', 'custody.epcis-xml-prefix', { prefix: 'x' }],
      ['<EPCISDocument xmlns="urn:example:other"/>', 'custody.epcis-xml-not-document', {}],
    ];
    for (const [body, code, params] of cases) {
      const res = await captureXml(body);
      assert.equal(res.status, 400, body);
      assert.equal(res.body.code, 'custody.epcis-not-xml');
      assert.deepEqual(
        res.body.errors.map((e: Obj) => ({ path: e.path, code: e.code, params: e.params ?? {} })),
        [{ path: '(document)', code, params }],
        body,
      );
    }
  });

  test('a NUL character, however the XML spells it, is refused: PostgreSQL cannot store it', async () => {
    for (const nul of ['&#0;', '&#x0000;', '\u0000']) {
      const res = await captureXml(LEGACY_1_2.replace('a value', `a${nul}value`));
      assert.equal(res.status, 400, nul);
      assert.equal(res.body.code, 'custody.epcis-unstorable');
      assert.deepEqual(res.body.errors, [
        { path: '(document)', message: 'text may not contain the NUL character', code: 'custody.epcis-nul' },
      ]);
    }
  });

  test('an XML capture has the same size limit as JSON, and other media types are refused', async () => {
    const big = `<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2">${' '.repeat(200_001)}</epcis:EPCISDocument>`;
    const res = await captureXml(big);
    assert.equal(res.status, 413);
    assert.equal(res.body.code, 'common.body-too-large');
    assert.equal(res.headers.get('gs1-epcis-capture-file-size-limit'), '200000');
    const plain = await t.request('analyst', 'POST', '/epcis/capture', LEGACY_1_2, {
      'content-type': 'text/plain',
    });
    assert.equal(plain.status, 415);
  });
});
