import assert from 'node:assert/strict';
import { test } from 'node:test';
import { firstReplyText, gatewayTime, normalisePhone } from './sms.ts';

test('a phone number keeps its digits and leading plus, without what people put between them', () => {
  assert.equal(normalisePhone('+243 970 111-222'), '+243970111222');
  assert.equal(normalisePhone(' (0970) 111.222 '), '0970111222');
  assert.equal(normalisePhone('+243970111222'), '+243970111222');
});

test('what is not a phone number is refused', () => {
  assert.equal(normalisePhone(''), null);
  assert.equal(normalisePhone('12'), null);
  assert.equal(normalisePhone('+1234567890123456'), null);
  assert.equal(normalisePhone('Amana'), null);
  assert.equal(normalisePhone('++243970'), null);
});

test('the gateway’s date reads as ISO-8601 or as Africa’s Talking’s UTC date and time', () => {
  assert.equal(gatewayTime('2026-12-06 21:05:09')?.toISOString(), '2026-12-06T21:05:09.000Z');
  assert.equal(gatewayTime('2026-12-06T22:05:09+01:00')?.toISOString(), '2026-12-06T21:05:09.000Z');
  assert.equal(gatewayTime('2026-12-06T21:05:09.250Z')?.toISOString(), '2026-12-06T21:05:09.250Z');
  assert.equal(gatewayTime(undefined), null);
  assert.equal(gatewayTime('hier soir'), null);
});

test('the first answer names the case code in French and Swahili within one SMS part', () => {
  const text = firstReplyText('GRV-AB23-CD45');
  assert.equal(
    text,
    'Amana: plainte recue, dossier GRV-AB23-CD45. Malalamiko yamepokelewa, kesi GRV-AB23-CD45. Repondez ici / Jibu hapa.',
  );
  assert.ok(text.length <= 160, `${text.length} characters`);
});
