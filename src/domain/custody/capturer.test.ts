import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isCapturerField, withCapturer } from './capturer.ts';

const by = { organisationId: 'o-1', userId: 'u-1' };

test('the capturer travels in Amana’s namespace, its prefix declared with the event', () => {
  assert.deepEqual(withCapturer({ type: 'ObjectEvent', eventID: 'e' }, by), {
    '@context': { amana: 'urn:amana:custody:' },
    type: 'ObjectEvent',
    eventID: 'e',
    'amana:capturedBy': { 'amana:organisation': 'urn:amana:org:o-1', 'amana:user': 'urn:amana:user:u-1' },
  });
  // Declared already (Amana's own events): not twice.
  const own = withCapturer({ '@context': [{ amana: 'urn:amana:custody:' }], type: 'ObjectEvent' }, by);
  assert.deepEqual(own['@context'], [{ amana: 'urn:amana:custody:' }]);
});

test('where an event gives the prefix amana another meaning, the capturer is written in full IRIs', () => {
  const event = withCapturer(
    { '@context': { amana: 'https://example.org/' }, type: 'ObjectEvent', 'amana:capturedBy': 'theirs' },
    by,
  );
  assert.deepEqual(event, {
    '@context': { amana: 'https://example.org/' },
    type: 'ObjectEvent',
    'amana:capturedBy': 'theirs',
    'urn:amana:custody:capturedBy': {
      'urn:amana:custody:organisation': 'urn:amana:org:o-1',
      'urn:amana:custody:user': 'urn:amana:user:u-1',
    },
  });
});

test('a capturer field sent along is recognised under any prefix of Amana’s namespace', () => {
  assert.equal(isCapturerField('amana:capturedBy', {}), true);
  assert.equal(isCapturerField('am:capturedBy', { am: 'urn:amana:custody:' }), true);
  assert.equal(isCapturerField('urn:amana:custody:capturedBy', {}), true);
  assert.equal(isCapturerField('amana:capturedBy', { amana: 'https://example.org/' }), false);
  assert.equal(isCapturerField('example:capturedBy', { example: 'https://example.org/' }), false);
});
