import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { canonicalTime, contextPrefixes, eventHash, eventPreHash, withIgnoredFields } from './event-hash.ts';

const VECTORS = path.resolve(import.meta.dirname, '../../../../test/fixtures/epcis/event-hash');
const lines = (file: string) =>
  fs.existsSync(file)
    ? fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .map((l) => l.replace(/\r$/, ''))
        .filter(Boolean)
    : null;

const documents = fs
  .readdirSync(VECTORS)
  .filter((f) => f.endsWith('.jsonld'))
  .sort();

const eventsOf = (doc: {
  epcisBody: { eventList?: unknown[]; queryResults?: { resultsBody: { eventList: unknown[] } } };
}) =>
  (doc.epcisBody.eventList ?? doc.epcisBody.queryResults?.resultsBody.eventList ?? []) as Record<
    string,
    unknown
  >[];

test('the golden vectors are all there', () => {
  assert.equal(documents.length, 22);
});

for (const file of documents) {
  const name = file.replace(/\.jsonld$/, '');
  test(`reproduces every event hash of ${name}`, () => {
    const doc = JSON.parse(fs.readFileSync(path.join(VECTORS, file), 'utf8'));
    const prefixes = withIgnoredFields(contextPrefixes(doc['@context']), doc);
    const events = eventsOf(doc);
    const expected = lines(path.join(VECTORS, `${name}.hashes`));
    assert.ok(expected, `${name}.hashes`);
    assert.deepEqual(
      events.map((e) =>
        eventHash(e, withIgnoredFields(contextPrefixes(doc['@context'], e['@context']), doc)),
      ),
      expected,
      events.map((e) => eventPreHash(e, prefixes)).join('\n'),
    );
  });
}

test('rounds the fourth decimal of a time and moves it to UTC', () => {
  assert.equal(canonicalTime('2023-02-02T11:04:03.1415Z'), '2023-02-02T11:04:03.142Z');
  assert.equal(canonicalTime('2023-02-02T11:04:03.1414Z'), '2023-02-02T11:04:03.141Z');
  assert.equal(canonicalTime('2022-02-15T01:33:31.116000-06:00'), '2022-02-15T07:33:31.116Z');
  assert.equal(canonicalTime('2020-01-01T00:59:59.9996+01:00'), '2020-01-01T00:00:00.000Z');
});

test('field order, prefixes and identifier syntax do not change the hash; a value does', () => {
  const a = {
    type: 'ObjectEvent',
    eventTime: '2026-03-01T10:00:00+01:00',
    eventTimeZoneOffset: '+01:00',
    epcList: ['urn:epc:id:sgtin:4012345.011111.1', 'urn:epc:id:sgtin:4012345.011111.2'],
    action: 'OBSERVE',
    bizStep: 'shipping',
    'ex:lot': 'A',
  };
  const b = {
    'other:lot': 'A',
    bizStep: 'urn:epcglobal:cbv:bizstep:shipping',
    action: 'OBSERVE',
    epcList: ['https://id.gs1.org/01/04012345111118/21/2', 'https://example.org/gtin/4012345111118/ser/1'],
    eventTimeZoneOffset: '+01:00',
    eventTime: '2026-03-01T09:00:00.000Z',
    type: 'ObjectEvent',
    eventID: 'urn:uuid:0a1b',
  };
  const ns = 'https://ns.amana.example/';
  assert.equal(eventHash(a, contextPrefixes({ ex: ns })), eventHash(b, contextPrefixes({ other: ns })));
  assert.notEqual(
    eventHash(a, contextPrefixes({ ex: ns })),
    eventHash({ ...a, 'ex:lot': 'B' }, contextPrefixes({ ex: ns })),
  );
});
