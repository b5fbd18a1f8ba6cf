import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clockSkewMs, parseDeviceTime } from './device-clock.ts';

test('reads a device time written in ISO 8601 with its offset, to the millisecond', () => {
  assert.equal(parseDeviceTime('2026-12-04T18:45:12Z')?.toISOString(), '2026-12-04T18:45:12.000Z');
  assert.equal(parseDeviceTime('2026-12-04T19:45:12.3456+01:00')?.toISOString(), '2026-12-04T18:45:12.345Z');
  assert.equal(parseDeviceTime('2026-12-04T16:45:12-0200')?.toISOString(), '2026-12-04T18:45:12.000Z');
});

test('refuses a device time without an offset, out of the calendar, or not a time', () => {
  for (const text of ['2026-12-04T18:45:12', '2026-02-30T10:00:00Z', '2026-12-04 18:45:12Z', 'yesterday', ''])
    assert.equal(parseDeviceTime(text), null, text);
});

test('the skew is the device’s clock minus the server’s, ahead positive and behind negative', () => {
  const server = new Date('2026-12-04T18:45:00.000Z');
  assert.equal(clockSkewMs(new Date('2026-12-04T18:47:30.250Z'), server), 150_250);
  assert.equal(clockSkewMs(new Date('2026-12-04T17:45:00.000Z'), server), -3_600_000);
});
