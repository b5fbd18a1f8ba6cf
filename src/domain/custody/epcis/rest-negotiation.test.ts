import assert from 'node:assert/strict';
import { test } from 'node:test';
import { epcisExceptionType, unmetHeaders } from './rest-negotiation.ts';

const codes = (h: Record<string, string>, xml = false, capture = false) =>
  unmetHeaders(h, { xml, capture }).map((u) => `${u.header} ${u.code}`);

test('a version range holding 2.0.0 is met, one without it names its header', () => {
  assert.deepEqual(codes({ 'gs1-epcis-min': '1.0', 'gs1-epcis-max': '2.0.0', 'gs1-cbv-min': '2' }), []);
  assert.deepEqual(codes({ 'gs1-epcis-min': '2.0.1', 'gs1-cbv-max': '1.2.0' }), [
    'GS1-EPCIS-Min custody.epcis-version-unmet',
    'GS1-CBV-Max custody.epcis-cbv-version-unmet',
  ]);
});

test('capture reads EPCIS 1.2 and 2.0 documents; answers never translate EPCs; XML writes CBV URNs', () => {
  assert.deepEqual(codes({ 'gs1-epcis-version': '1.2' }, false, true), []);
  assert.deepEqual(codes({ 'gs1-epcis-version': '3.0.0' }, false, true), [
    'GS1-EPCIS-Version custody.epcis-version-unmet',
  ]);
  assert.deepEqual(codes({ 'gs1-epc-format': 'Always_EPC_URN' }), [
    'GS1-EPC-Format custody.epcis-epc-format-unmet',
  ]);
  assert.deepEqual(codes({ 'gs1-epc-format': 'Never_Translates' }), []);
  assert.deepEqual(codes({ 'gs1-cbv-xml-format': 'Always_Web_URI' }), []);
  assert.deepEqual(codes({ 'gs1-cbv-xml-format': 'Always_Web_URI' }, true), [
    'GS1-CBV-XML-Format custody.epcis-cbv-xml-format-unmet',
  ]);
});

test('each status has the binding’s exception type where it has one', () => {
  assert.equal(epcisExceptionType(400, 'capture'), 'epcisException:ValidationException');
  assert.equal(epcisExceptionType(400, 'query'), 'epcisException:QueryParameterException');
  assert.equal(epcisExceptionType(404, 'named-query'), 'epcisException:NoSuchNameException');
  assert.equal(epcisExceptionType(413, 'capture'), 'epcisException:CaptureLimitExceededException');
  assert.equal(epcisExceptionType(413, 'query'), 'epcisException:QueryTooLargeException');
  assert.equal(epcisExceptionType(429, 'query'), null);
});
