import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { read, SHARED } from './epcis-fixtures.ts';
import { ENGINE, once, startTestApp, type TestApp } from './harness.ts';

// Every SimpleEventQuery parameter (EPCIS 2.0 §8.2.7.1) with an exact expected answer, over a document of
// six events written for it (in 2041, a window no other event of the demo world has) and three of the
// shared fixtures.
const NS = 'https://ns.example.org/amana-query/';
const id = (n: number) => `urn:uuid:5e0c2f4a-0000-4000-8000-00000000000${n}`;
const TX = 'urn:uuid:7d1e9a20-1111-4111-8111-111111111111';
const SGTIN = 'urn:epc:id:sgtin:0614141.107346.2018';
const CLASS = 'urn:epc:class:lgtin:4012345.012345.998877';

const document = {
  '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld', { ex: NS }],
  type: 'EPCISDocument',
  schemaVersion: '2.0',
  creationDate: '2041-01-01T00:00:00Z',
  epcisBody: {
    eventList: [
      {
        type: 'ObjectEvent',
        eventID: id(1),
        eventTime: '2041-01-01T10:00:00Z',
        eventTimeZoneOffset: '+00:00',
        action: 'ADD',
        bizStep: 'commissioning',
        disposition: 'active',
        epcList: [SGTIN],
        quantityList: [{ epcClass: CLASS, quantity: 200, uom: 'KGM' }],
        readPoint: { id: 'urn:epc:id:sgln:0614141.00777.0' },
        bizLocation: { id: 'urn:epc:id:sgln:0614141.00888.0' },
        persistentDisposition: { set: ['completeness_verified'], unset: ['completeness_inferred'] },
        ilmd: { 'ex:lotGrade': 'A', 'ex:origin': { 'ex:mine': 'Kolwezi' } },
        'ex:weight': 12.5,
        'ex:inspected': '2041-01-01T09:00:00Z',
      },
      {
        '@context': { ey: NS },
        type: 'ObjectEvent',
        eventID: id(2),
        eventTime: '2041-01-02T10:00:00Z',
        eventTimeZoneOffset: '+00:00',
        action: 'OBSERVE',
        bizStep: 'shipping',
        disposition: 'in_transit',
        epcList: [SGTIN],
        quantityList: [{ epcClass: CLASS, quantity: 0.5, uom: 'TNE' }],
        bizTransactionList: [{ type: 'po', bizTransaction: 'urn:epcglobal:cbv:bt:0614141073467:PO-1' }],
        sourceList: [{ type: 'owning_party', source: 'urn:epc:id:pgln:0614141.00001' }],
        destinationList: [{ type: 'owning_party', destination: 'urn:epc:id:pgln:0614141.00002' }],
        sensorElementList: [
          {
            sensorMetadata: {
              time: '2041-01-02T09:00:00Z',
              startTime: '2041-01-02T08:00:00Z',
              endTime: '2041-01-02T09:00:00Z',
              deviceID: 'urn:epc:id:giai:4000001.111',
              bizRules: 'https://example.org/rules/cold-chain',
              dataProcessingMethod: 'https://example.org/methods/average',
            },
            sensorReport: [
              { type: 'Temperature', value: 26.0, uom: 'CEL', 'ey:probe': 'P-7' },
              { type: 'RelativeHumidity', value: 40, uom: 'P1' },
            ],
          },
        ],
        'ey:weight': 7,
        'ey:note': 'fragile',
      },
      {
        type: 'AggregationEvent',
        eventID: id(3),
        eventTime: '2041-01-03T10:00:00Z',
        eventTimeZoneOffset: '+00:00',
        action: 'ADD',
        bizStep: 'packing',
        parentID: 'urn:epc:id:sscc:0614141.1234567890',
        childEPCs: [SGTIN],
        sensorElementList: [
          {
            sensorMetadata: { time: '2041-01-03T09:30:00Z', deviceID: 'urn:epc:id:giai:4000001.222' },
            sensorReport: [
              { type: 'Temperature', value: 80, uom: 'FAH', sDev: 0.4, percRank: 50, percValue: 12 },
              {
                type: 'Temperature',
                stringValue: 'ok',
                booleanValue: true,
                hexBinaryValue: '0A1B',
                uriValue: 'https://example.org/readings/1',
                microorganism: 'https://www.ncbi.nlm.nih.gov/taxonomy/1496',
                chemicalSubstance: 'https://identifiers.org/inchikey:CZMRCDWAGMRECN-UGDNZRGBSA-N',
              },
            ],
          },
        ],
        'ex:weight': 30,
      },
      {
        '@context': { uq: 'urn:example:query:' },
        type: 'TransformationEvent',
        eventID: id(4),
        eventTime: '2041-01-04T10:00:00Z',
        eventTimeZoneOffset: '+00:00',
        transformationID: TX,
        inputEPCList: [SGTIN],
        outputEPCList: ['urn:epc:id:sgtin:0614141.107346.2019'],
        inputQuantityList: [{ epcClass: CLASS, quantity: 1500, uom: 'GRM' }],
        ilmd: { 'ex:lotGrade': 'B' },
        'uq:batch': 'B-9',
      },
      {
        type: 'TransactionEvent',
        eventID: id(5),
        eventTime: '2041-01-05T10:00:00Z',
        eventTimeZoneOffset: '+00:00',
        action: 'ADD',
        bizStep: 'receiving',
        epcList: [SGTIN],
        bizTransactionList: [{ type: 'po', bizTransaction: 'urn:epcglobal:cbv:bt:0614141073467:PO-1' }],
        errorDeclaration: {
          declarationTime: '2041-02-01T00:00:00Z',
          reason: 'incorrect_data',
          correctiveEventIDs: [id(6)],
          'ex:ticket': 'T-42',
        },
      },
      {
        type: 'ObjectEvent',
        eventID: id(6),
        eventTime: '2041-01-06T10:00:00Z',
        eventTimeZoneOffset: '+00:00',
        action: 'OBSERVE',
        epcList: [SGTIN],
        'ex:weight': 'heavy',
        'ex:inspected': '2041-03-01T00:00:00+02:00',
      },
    ],
  },
};

describe(`SimpleEventQuery, every parameter (${ENGINE})`, () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const captured = once(async () => {
    for (const doc of [
      document,
      read(path.join(SHARED, 'gs1/JSON/PersistentDisposition-example.jsonld')),
      read(path.join(SHARED, 'gs1/JSON/WithErrorDeclaration/ErrorDeclarationAndCorrectiveEvent.jsonld')),
      read(path.join(SHARED, 'openepcis/documents/ObjectEvent_with_sensorData.json')),
    ]) {
      const res = await t.request('analyst', 'POST', '/epcis/capture', JSON.stringify(doc), {
        'content-type': 'application/ld+json',
      });
      assert.equal(res.status, 202, res.text);
    }
  });
  const WINDOW = 'GE_eventTime=2041-01-01T00:00:00Z&LT_eventTime=2042-01-01T00:00:00Z';
  const get = async (query: string, role: 'analyst' | 'downstream' | 'buyer' = 'analyst') => {
    await captured();
    return t.request(role, 'GET', `/epcis/events?${query}`);
  };
  /** The eventIDs answered for a query within the document's window, by event time unless it orders them. */
  const ids = async (query: string) => {
    const order = query.includes('orderBy=') ? '' : '&orderBy=eventTime&orderDirection=ASC';
    const res = await get(`${WINDOW}&perPage=1000${order}&${query}`);
    assert.equal(res.status, 200, `${query}: ${res.text}`);
    return res.body.epcisBody.queryResults.resultsBody.eventList.map((e: { eventID: string }) => e.eventID);
  };
  const e = encodeURIComponent;
  const field = (local: string) => e(`${NS.slice(0, -1)}#${local}`);

  test('persistent disposition, transformation id, readPoint and bizLocation with descendants', async () => {
    assert.deepEqual(await ids('EQ_persistentDisposition_set=completeness_verified'), [id(1)]);
    assert.deepEqual(await ids('EQ_persistentDisposition_unset=completeness_inferred'), [id(1)]);
    assert.deepEqual(await ids('EQ_persistentDisposition_set=completeness_inferred'), []);
    assert.deepEqual(await ids(`EQ_transformationID=${e(TX)}`), [id(4)]);
    // No master data: a location has no descendants, so WD_ is the location itself.
    assert.deepEqual(await ids(`WD_readPoint=${e('urn:epc:id:sgln:0614141.00777.0')}`), [id(1)]);
    assert.deepEqual(await ids(`WD_bizLocation=${e('urn:epc:id:sgln:0614141.00888.0')}`), [id(1)]);
    assert.deepEqual(await ids('EQ_action=OBSERVE'), [id(2), id(6)]);
    // The shared example: one event sets completeness_inferred, the next unsets it.
    const all = 'GE_eventTime=2000-01-01T00:00:00Z&perPage=1000&orderBy=eventTime&orderDirection=ASC';
    const inferred = await get(`${all}&EQ_persistentDisposition_set=completeness_inferred`);
    assert.deepEqual(
      inferred.body.epcisBody.queryResults.resultsBody.eventList.map((x: { eventID: string }) => x.eventID),
      ['ni:///sha-256;56ba4f355c57456b41c3fb60b22d8342e759de503e3e618940ca3b6ad1bf9b00?ver=CBV2.0'],
    );
    const unset = await get(`${all}&EQ_persistentDisposition_unset=completeness_inferred`);
    assert.deepEqual(
      unset.body.epcisBody.queryResults.resultsBody.eventList.map((x: { eventID: string }) => x.eventID),
      ['ni:///sha-256;dae7b481207bb87f1d981c5f169b8138368ae152a41b002eaf36eca1f67d56f5?ver=CBV2.0', id(1)],
    );
  });

  test('quantities, with and without a unit converted within its dimension', async () => {
    assert.deepEqual(await ids('EQ_quantity=200'), [id(1)]);
    assert.deepEqual(await ids('GT_quantity=1'), [id(1), id(4)]);
    assert.deepEqual(await ids('LT_quantity=1'), [id(2)]);
    assert.deepEqual(await ids('GE_quantity=200&LE_quantity=1500'), [id(1), id(4)]);
    // 200 kg, 0.5 t = 500 kg, 1,500 g = 1.5 kg.
    assert.deepEqual(await ids('GE_quantity_KGM=200'), [id(1), id(2)]);
    assert.deepEqual(await ids('EQ_quantity_KGM=500'), [id(2)]);
    assert.deepEqual(await ids('LT_quantity_TNE=0.01'), [id(4)]);
    assert.deepEqual(await ids('GT_quantity_GRM=1000&LE_quantity_GRM=200000'), [id(1), id(4)]);
  });

  test('error declarations: exists, time, reason, corrective events, and the declaration’s own fields', async () => {
    assert.deepEqual(await ids('EXISTS_errorDeclaration'), [id(5)]);
    assert.deepEqual(await ids('EXISTS_errorDeclaration=true'), [id(5)]);
    assert.equal((await ids('EXISTS_errorDeclaration=false')).length, 6);
    assert.deepEqual(await ids('GE_errorDeclarationTime=2041-02-01T00:00:00Z'), [id(5)]);
    assert.deepEqual(await ids('LT_errorDeclarationTime=2041-02-01T00:00:00Z'), []);
    assert.deepEqual(await ids('EQ_errorReason=incorrect_data'), [id(5)]);
    assert.deepEqual(await ids(`EQ_errorReason=${e('https://ref.gs1.org/cbv/ER-incorrect_data')}`), [id(5)]);
    assert.deepEqual(await ids('EQ_errorReason=did_not_occur'), []);
    assert.deepEqual(await ids(`EQ_correctiveEventID=${e(id(6))}`), [id(5)]);
    assert.deepEqual(await ids(`EQ_ERROR_DECLARATION_${field('ticket')}=T-42`), [id(5)]);
    assert.deepEqual(await ids(`EXISTS_ERROR_DECLARATION_${field('ticket')}`), [id(5)]);
    // The shared example, across its own years.
    const shared = await get(
      'GE_eventTime=2020-01-01T00:00:00Z&LT_eventTime=2022-01-01T00:00:00Z&EXISTS_errorDeclaration&GE_errorDeclarationTime=2020-01-14T23:00:00Z',
    );
    assert.deepEqual(
      shared.body.epcisBody.queryResults.resultsBody.eventList.map((x: { eventID: string }) => x.eventID),
      ['urn:uuid:374d95fc-9457-4a51-bd6a-0bba133845a8'],
    );
  });

  test('source and destination by type, business transactions', async () => {
    const pgln = (n: number) => e(`urn:epc:id:pgln:0614141.0000${n}`);
    assert.deepEqual(await ids(`EQ_source_owning_party=${pgln(1)}`), [id(2)]);
    assert.deepEqual(await ids(`EQ_source_possessing_party=${pgln(1)}`), []);
    assert.deepEqual(await ids(`EQ_destination_owning_party=${pgln(2)}`), [id(2)]);
    assert.deepEqual(await ids(`EQ_destination_owning_party=${pgln(1)}`), []);
    assert.deepEqual(await ids(`EQ_bizTransaction_po=${e('urn:epcglobal:cbv:bt:0614141073467:PO-1')}`), [
      id(2),
      id(5),
    ]);
  });

  test('sensor data: type, device, methods, values of every kind, times, and values in other units', async () => {
    assert.deepEqual(await ids('EQ_type=Temperature'), [id(2), id(3)]);
    assert.deepEqual(await ids('EQ_type=gs1:RelativeHumidity'), [id(2)]);
    assert.deepEqual(await ids(`EQ_deviceID=${e('urn:epc:id:giai:4000001.222')}`), [id(3)]);
    assert.deepEqual(await ids(`EQ_dataProcessingMethod=${e('https://example.org/methods/average')}`), [
      id(2),
    ]);
    assert.deepEqual(await ids(`EQ_bizRules=${e('https://example.org/rules/cold-chain')}`), [id(2)]);
    assert.deepEqual(await ids(`EQ_microorganism=${e('https://www.ncbi.nlm.nih.gov/taxonomy/1496')}`), [
      id(3),
    ]);
    assert.deepEqual(
      await ids(`EQ_chemicalSubstance=${e('https://identifiers.org/inchikey:CZMRCDWAGMRECN-UGDNZRGBSA-N')}`),
      [id(3)],
    );
    assert.deepEqual(await ids('EQ_stringValue=ok'), [id(3)]);
    assert.deepEqual(await ids('EQ_booleanValue=true'), [id(3)]);
    assert.deepEqual(await ids('EQ_booleanValue=false'), []);
    assert.deepEqual(await ids('EQ_hexBinaryValue=0A1B'), [id(3)]);
    assert.deepEqual(await ids(`EQ_uriValue=${e('https://example.org/readings/1')}`), [id(3)]);
    assert.deepEqual(await ids('EQ_percRank=50'), [id(3)]);
    assert.deepEqual(await ids('GE_percRank=50&LT_percRank=51'), [id(3)]);
    assert.deepEqual(await ids('GT_percRank=50'), []);
    assert.deepEqual(await ids('GE_percValue=12&LE_sDev=0.4'), [id(3)]);
    assert.deepEqual(await ids('GE_time=2041-01-03T00:00:00Z'), [id(3)]);
    assert.deepEqual(await ids('LT_time=2041-01-03T00:00:00Z'), [id(2)]);
    assert.deepEqual(await ids('GE_startTime=2041-01-02T08:00:00Z&LT_endTime=2041-01-02T09:00:01Z'), [id(2)]);
    assert.deepEqual(await ids('GE_endTime=2041-01-02T09:00:01Z'), []);
    // 26 °C is 299.15 K and 78.8 °F; 80 °F is 26.7 °C.
    assert.deepEqual(await ids('EQ_value_CEL=26'), [id(2)]);
    assert.deepEqual(await ids('GE_value_KEL=299.15'), [id(2), id(3)]);
    assert.deepEqual(await ids('GT_value_CEL=26.5'), [id(3)]);
    assert.deepEqual(await ids('LE_value_FAH=79'), [id(2)]);
    assert.deepEqual(await ids('GE_value_P1=40'), [id(2)]);
    assert.deepEqual(await ids('GE_minValue_CEL=0'), []);
    // The peer suite's sensor document (2019): three readings of 26.0, 26.1 and 26.2 °C.
    const peer = await get(
      'GE_eventTime=2019-01-01T00:00:00Z&LT_eventTime=2020-01-01T00:00:00Z&EQ_type=Temperature&GT_value_KEL=299.34',
    );
    assert.deepEqual(
      peer.body.epcisBody.queryResults.resultsBody.eventList.map((x: { eventID: string }) => x.eventID),
      ['ni:///sha-256;74f1dc48ee22289bc40ddd9f1d0ecae0dd09a2f4c3dfa66fdbca16cb2d8a4e77?ver=CBV2.0'],
    );
    const none = await get(
      'GE_eventTime=2019-01-01T00:00:00Z&LT_eventTime=2020-01-01T00:00:00Z&EQ_type=Temperature&GT_value_KEL=299.36',
    );
    assert.deepEqual(none.body.epcisBody.queryResults.resultsBody.eventList, []);
  });

  test('extension fields by qualified name, whatever prefix each event gave the namespace', async () => {
    assert.deepEqual(await ids(`EXISTS_${field('weight')}`), [id(1), id(2), id(3), id(6)]);
    assert.deepEqual(await ids(`EQ_${field('weight')}=7|30`), [id(2), id(3)]);
    assert.deepEqual(await ids(`EQ_${field('weight')}=heavy`), [id(6)]);
    assert.deepEqual(await ids(`GT_${field('weight')}=10`), [id(1), id(3)]);
    assert.deepEqual(await ids(`GE_${field('weight')}=7&LT_${field('weight')}=12.5`), [id(2)]);
    assert.deepEqual(await ids(`LE_${field('weight')}=12.5`), [id(1), id(2)]);
    // A time field compares as instants: 2041-03-01T00:00+02:00 is 2041-02-28T22:00Z.
    assert.deepEqual(await ids(`GT_${field('inspected')}=2041-02-28T21:00:00Z`), [id(6)]);
    assert.deepEqual(await ids(`LT_${field('inspected')}=2041-02-28T23:00:00Z`), [id(1), id(6)]);
    // The namespace may be written with its own separator instead of #.
    assert.deepEqual(await ids(`EQ_${e(`${NS}note`)}=fragile`), [id(2)]);
    // A URN namespace ends with a colon, as Amana's own does (urn:amana:custody:).
    assert.deepEqual(await ids(`EQ_${e('urn:example:query#batch')}=B-9`), [id(4)]);
    // Nested fields: INNER_ looks below the top level, ILMD_ in the ILMD.
    assert.deepEqual(await ids(`EQ_${field('mine')}=Kolwezi`), []);
    assert.deepEqual(await ids(`EQ_INNER_ILMD_${field('mine')}=Kolwezi`), [id(1)]);
    assert.deepEqual(await ids(`EQ_INNER_${field('mine')}=Kolwezi`), [id(1)]);
    assert.deepEqual(await ids(`EQ_ILMD_${field('lotGrade')}=A|B`), [id(1), id(4)]);
    assert.deepEqual(await ids(`EXISTS_ILMD_${field('origin')}`), [id(1)]);
    assert.deepEqual(await ids(`EQ_SENSORREPORT_${field('probe')}=P-7`), [id(2)]);
    assert.deepEqual(await ids(`EXISTS_INNER_SENSORELEMENT_${field('probe')}`), [id(2)]);
    assert.deepEqual(await ids(`EXISTS_SENSORMETADATA_${field('probe')}`), []);
    // No master data: no vocabulary element has an attribute.
    assert.deepEqual(await ids(`HASATTR_readPoint=${e('urn:epcglobal:cbv:mda#site')}`), []);
    assert.deepEqual(await ids(`EQATTR_readPoint_${e('urn:epcglobal:cbv:mda#site')}=0614141000777`), []);
  });

  test('orderBy eventTime, recordTime or an extension field, each way; eventCountLimit keeps the first', async () => {
    const all = [1, 2, 3, 4, 5, 6].map(id);
    assert.deepEqual(await ids('orderBy=eventTime&orderDirection=ASC'), all);
    // DESC when no direction is given.
    assert.deepEqual(await ids('orderBy=eventTime'), [...all].reverse());
    // My document was captured before the shared example: its record time is earlier.
    const unset = (direction: string) =>
      get(
        `GE_eventTime=2000-01-01T00:00:00Z&EQ_persistentDisposition_unset=completeness_inferred&orderBy=recordTime&orderDirection=${direction}`,
      ).then((r) =>
        r.body.epcisBody.queryResults.resultsBody.eventList.map((x: { eventID: string }) => x.eventID),
      );
    const shared =
      'ni:///sha-256;dae7b481207bb87f1d981c5f169b8138368ae152a41b002eaf36eca1f67d56f5?ver=CBV2.0';
    assert.deepEqual(await unset('ASC'), [id(1), shared]);
    assert.deepEqual(await unset('DESC'), [shared, id(1)]);
    // Numbers by value, then the events lacking one (here after them, in either direction's order).
    assert.deepEqual(await ids(`orderBy=${field('weight')}&orderDirection=ASC&EXISTS_${field('weight')}`), [
      id(2),
      id(1),
      id(3),
      id(6),
    ]);
    assert.deepEqual(await ids(`orderBy=${field('weight')}&orderDirection=DESC&GT_${field('weight')}=0`), [
      id(3),
      id(1),
      id(2),
    ]);
    assert.deepEqual(await ids('orderBy=eventTime&eventCountLimit=2'), [id(6), id(5)]);
    assert.deepEqual(await ids('orderBy=eventTime&orderDirection=ASC&eventCountLimit=1&EQ_action=OBSERVE'), [
      id(2),
    ]);
    assert.deepEqual(await ids('orderBy=eventTime&eventCountLimit=0'), []);
  });

  test('pages follow the order asked, eventCountLimit holds across pages, and a token answers only its own query', async () => {
    const pages: string[][] = [];
    let query = `${WINDOW}&orderBy=eventTime&orderDirection=DESC&eventCountLimit=5&perPage=2`;
    for (;;) {
      const res = await get(query);
      assert.equal(res.status, 200, res.text);
      pages.push(
        res.body.epcisBody.queryResults.resultsBody.eventList.map((x: { eventID: string }) => x.eventID),
      );
      const link = res.headers.get('link');
      if (!link) break;
      query = link.slice('</epcis/events?'.length, link.indexOf('>'));
    }
    assert.deepEqual(pages, [[id(6), id(5)], [id(4), id(3)], [id(2)]]);
    // Ordered by a field, page by page.
    const first = await get(
      `${WINDOW}&orderBy=${field('weight')}&orderDirection=ASC&EXISTS_${field('weight')}&perPage=3`,
    );
    const token = first.body && first.headers.get('link')?.match(/nextPageToken=([^&>]+)/)?.[1];
    assert.ok(token);
    const second = await get(
      `${WINDOW}&orderBy=${field('weight')}&orderDirection=ASC&EXISTS_${field('weight')}&perPage=3&nextPageToken=${token}`,
    );
    assert.deepEqual(
      second.body.epcisBody.queryResults.resultsBody.eventList.map((x: { eventID: string }) => x.eventID),
      [id(6)],
    );
    // The same token with other parameters, or another caller, is refused naming it.
    for (const [role, q] of [
      ['analyst', `${WINDOW}&orderBy=${field('weight')}&orderDirection=DESC&EXISTS_${field('weight')}`],
      [
        'analyst',
        `${WINDOW}&EQ_action=ADD&orderBy=${field('weight')}&orderDirection=ASC&EXISTS_${field('weight')}`,
      ],
      ['downstream', `${WINDOW}&orderBy=${field('weight')}&orderDirection=ASC&EXISTS_${field('weight')}`],
    ] as const) {
      const replay = await get(`${q}&nextPageToken=${token}`, role);
      assert.equal(replay.status, 400, replay.text);
      assert.deepEqual(
        replay.body.errors.map((x: { path: string; code: string }) => [x.path, x.code]),
        [['nextPageToken', 'custody.epcis-query-token-replayed']],
      );
    }
    // The order of the values in a list does not make another query.
    const a = await get(`${WINDOW}&EQ_action=ADD|OBSERVE&perPage=2`);
    const next = a.headers.get('link')?.match(/nextPageToken=([^&>]+)/)?.[1];
    const b = await get(`${WINDOW}&EQ_action=OBSERVE|ADD&perPage=2&nextPageToken=${next}`);
    assert.equal(b.status, 200, b.text);
  });

  test('maxEventCount answers QueryTooLarge past its count, and cannot be given with eventCountLimit', async () => {
    assert.equal((await ids('maxEventCount=6')).length, 6);
    const tooLarge = await get(`${WINDOW}&maxEventCount=5`);
    assert.equal(tooLarge.status, 413);
    assert.equal(tooLarge.body.code, 'custody.epcis-query-too-large');
    assert.deepEqual(tooLarge.body.params, { max: 5 });
    assert.match(tooLarge.body.detail, /QueryTooLargeException/);
    // A count within the limit pages as any query does.
    const paged = await get(`${WINDOW}&maxEventCount=6&perPage=4`);
    assert.equal(paged.status, 200);
    assert.ok(paged.headers.get('link'));
    const both = await get(`${WINDOW}&orderBy=eventTime&eventCountLimit=1&maxEventCount=2`);
    assert.equal(both.status, 400);
    assert.deepEqual(
      both.body.errors.map((x: { path: string; code: string }) => [x.path, x.code]),
      [['eventCountLimit', 'custody.epcis-query-count-exclusive']],
    );
  });

  test('bad values are named, each with its code', async () => {
    const res = await get(
      [
        'EQ_quantity=lots',
        'EQ_booleanValue=yes',
        'GE_time=today',
        'EXISTS_errorDeclaration=maybe',
        `GT_${field('weight')}=heavy`,
        'orderBy=colour',
        'orderDirection=UP',
        'maxEventCount=x',
        'EQ_action=MOVE',
        'EQ_source_=x',
        'EQ_transformationID=',
        'EQ_colour=red',
      ].join('&'),
    );
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'custody.epcis-query-invalid');
    assert.deepEqual(
      Object.fromEntries(res.body.errors.map((x: { path: string; code: string }) => [x.path, x.code])),
      {
        EQ_quantity: 'custody.epcis-query-number',
        EQ_booleanValue: 'custody.epcis-query-boolean',
        GE_time: 'custody.epcis-query-time',
        EXISTS_errorDeclaration: 'custody.epcis-query-boolean',
        [`GT_${decodeURIComponent(field('weight'))}`]: 'custody.epcis-query-number',
        orderBy: 'custody.epcis-query-order-by',
        orderDirection: 'custody.epcis-query-order-direction',
        maxEventCount: 'custody.epcis-query-count',
        EQ_action: 'custody.epcis-query-action',
        EQ_source_: 'custody.epcis-query-field',
        EQ_transformationID: 'custody.epcis-query-value',
        EQ_colour: 'custody.epcis-query-parameter',
      },
    );
    const negative = await get('orderBy=eventTime&eventCountLimit=-1');
    assert.deepEqual(
      negative.body.errors.map((x: { path: string; code: string }) => [x.path, x.code]),
      [['eventCountLimit', 'custody.epcis-query-count']],
    );
    const unordered = await get('eventCountLimit=3');
    assert.deepEqual(
      unordered.body.errors.map((x: { path: string; code: string }) => [x.path, x.code]),
      [['eventCountLimit', 'custody.epcis-query-count-order']],
    );
    const long = await get(`EQ_bizStep=${'x'.repeat(8001)}`);
    assert.equal(long.status, 400);
    assert.equal(long.body.errors[0].code, 'custody.epcis-query-too-long');
  });

  test('whatever the query, a refiner sees only its chain: none of these events', async () => {
    for (const q of [
      'orderBy=eventTime',
      `EXISTS_${field('weight')}`,
      'EQ_type=Temperature',
      'EXISTS_errorDeclaration',
      'GE_quantity=0',
    ]) {
      const res = await get(`${WINDOW}&${q}`, 'downstream');
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.body.epcisBody.queryResults.resultsBody.eventList, [], q);
    }
  });
});
