import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bytesText, distanceText, durationText, massText, percentText } from './measures.ts';

const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

test('a clock skew reads in the unit that suits it, in the reader’s language', () => {
  assert.equal(plain(durationText(90_250, 'en')), '1.5 minutes');
  assert.equal(plain(durationText(-3_600_000, 'fr')), '60 minutes');
  assert.equal(plain(durationText(12_000, 'fr')), '12 secondes');
  assert.equal(plain(durationText(5_400_000, 'en')), '1.5 hours');
  assert.equal(plain(durationText(3 * 86_400_000, 'en')), '3 days');
  assert.equal(plain(durationText(90_000, 'sw')), 'dakika 1.5');
});

test('a distance reads in metres under a kilometre, else in kilometres to the hundred metres', () => {
  assert.equal(plain(distanceText(2001.5, 'fr')), '2 km');
  assert.equal(plain(distanceText(1111.9, 'en')), '1.1 km');
  assert.equal(plain(distanceText(500, 'fr')), '500 m');
  assert.equal(plain(distanceText(1111.9, 'sw')), 'km 1.1');
});

test('a file size reads in bytes, kilobytes or megabytes in binary multiples, in the reader’s language', () => {
  assert.equal(plain(bytesText(10_485_760, 'fr')), '10 Mo');
  assert.equal(plain(bytesText(10_485_760, 'en')), '10 MB');
  assert.equal(plain(bytesText(1_572_864, 'fr')), '1,5 Mo');
  assert.equal(plain(bytesText(524_288, 'en')), '512 kB');
  assert.equal(plain(bytesText(900, 'fr')), '900 o');
  assert.equal(plain(bytesText(10_485_760, 'sw')), 'MB 10');
});

test('a mass reads in kilograms to the gram under ten tonnes, else in tonnes, in the reader’s pattern', () => {
  assert.equal(plain(massText(49.5, 'fr')), '49,5 kg');
  assert.equal(plain(massText(1234.5678, 'en')), '1,234.568 kg');
  assert.equal(plain(massText(12_500, 'fr')), '12,5 t');
  assert.equal(plain(massText(-20_000, 'en')), '-20 t');
  assert.equal(plain(massText(50, 'sw')), 'kg 50');
  assert.equal(plain(massText(12_500, 'sw')), 't 12.5');
});

test('a percentage reads with the reader’s separator', () => {
  assert.equal(plain(percentText(12.5, 'fr')), '12,5 %');
  assert.equal(plain(percentText(4.126, 'en')), '4.13%');
});
