import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ENGINE, once, problemOf, startTestApp, type TestApp } from './harness.ts';

/** Field devices: registered to their user, checked at every request that names them, revoked from the web. */
describe(`field devices over HTTP (${ENGINE})`, () => {
  let t: TestApp;
  const now = new Date('2026-11-20T10:00:00.000Z');
  before(async () => {
    t = await startTestApp({ clock: () => now });
  });
  after(() => t.close());

  const phone = (n: number) => `0193a000-0000-7000-8000-${String(n).padStart(12, '0')}`;
  const withDevice = (id: string, extra: Record<string, string> = {}) => ({ 'amana-device': id, ...extra });
  const register = (role: 'monitor' | 'buyer' | 'assessor' | 'admin', id: string, name = 'Tecno Spark 10') =>
    t.request(role, 'POST', '/api/me/devices', { id, name });
  const eventsOf = async (subjectId: string) =>
    (
      await t.ctx.db.query<{ type: string; user_id: string; device_id: string | null; payload: unknown }>(
        `SELECT type, user_id, device_id, payload FROM events WHERE subject_type = 'device' AND subject_id = $1 ORDER BY seq`,
        [subjectId],
      )
    ).rows;
  const userIdOf = once(async () => {
    const ids: Record<string, string> = {};
    for (const role of ['monitor', 'admin', 'buyer', 'assessor'] as const)
      ids[role] = (await t.request(role, 'GET', '/api/me')).body.id;
    return ids;
  });

  test('registers a device to the signed-in user once: 201, the same retry 200, on the record', async () => {
    const ids = await userIdOf();
    const first = await register('monitor', phone(1));
    assert.equal(first.status, 201);
    assert.deepEqual(first.body, {
      id: phone(1),
      userId: ids.monitor,
      userName: 'Espérance Ilunga',
      userEmail: 'monitor@demo.amana.test',
      name: 'Tecno Spark 10',
      registeredAt: now.toISOString(),
      lastSeenAt: now.toISOString(),
      lastDeviceTime: null,
      clockSkewMs: null,
      clockSeenAt: null,
      revoked: null,
    });
    const retry = await register('monitor', phone(1));
    assert.equal(retry.status, 200);
    assert.deepEqual(retry.body, first.body);
    // The app registers with its own id in the header, before the device is known.
    const withHeader = await t.request(
      'monitor',
      'POST',
      '/api/me/devices',
      { id: phone(1), name: 'x' },
      withDevice(phone(1)),
    );
    assert.equal(withHeader.status, 200);
    assert.deepEqual(await eventsOf(phone(1)), [
      {
        type: 'device.registered',
        user_id: ids.monitor,
        device_id: phone(1),
        payload: { userId: ids.monitor, name: 'Tecno Spark 10' },
      },
    ]);
  });

  test('refuses a device id another user registered, with 409 field.device-taken', async () => {
    assert.equal((await register('monitor', phone(2))).status, 201);
    const taken = await register('buyer', phone(2), 'Samsung A05');
    assert.equal(taken.status, 409);
    assert.equal(taken.body.code, 'field.device-taken');
    assert.equal((await t.request('buyer', 'GET', '/api/me/devices')).body.items.length, 0);
  });

  test('refuses a device name that is empty or longer than 120 characters, and an id that is no UUID', async () => {
    for (const body of [
      { id: phone(3), name: '' },
      { id: phone(3), name: 'x'.repeat(121) },
      { id: 'my-phone', name: 'Tecno' },
    ]) {
      const res = await t.request('monitor', 'POST', '/api/me/devices', body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(problemOf(res).type, '/api/problems#invalid-input');
    }
    assert.equal((await register('monitor', phone(3), 'x'.repeat(120))).status, 201);
    assert.equal((await t.request(null, 'POST', '/api/me/devices', { id: phone(4), name: 'n' })).status, 401);
  });

  test('lists my devices, newest first, one page at a time by cursor', async () => {
    for (const n of [10, 11, 12])
      assert.equal((await register('assessor', phone(n), `Phone ${n}`)).status, 201);
    const first = await t.request('assessor', 'GET', '/api/me/devices?limit=2');
    assert.equal(first.status, 200);
    // Registered at the same instant: newest id first.
    assert.deepEqual(
      first.body.items.map((d: { id: string }) => d.id),
      [phone(12), phone(11)],
    );
    const second = await t.request(
      'assessor',
      'GET',
      `/api/me/devices?limit=2&cursor=${first.body.nextCursor}`,
    );
    assert.deepEqual(
      second.body.items.map((d: { id: string }) => d.id),
      [phone(10)],
    );
    assert.equal(second.body.nextCursor, null);
    const forged = await t.request('assessor', 'GET', '/api/me/devices?cursor=bm9wZQ');
    assert.equal(forged.status, 400);
  });

  test('refuses a request naming a device not registered, or registered to someone else, with field.device-revoked', async () => {
    assert.equal((await register('monitor', phone(20))).status, 201);
    const unknown = await t.request('monitor', 'GET', '/api/me', undefined, withDevice(phone(21)));
    assert.equal(unknown.status, 403);
    assert.equal(unknown.body.code, 'field.device-revoked');
    const foreign = await t.request('buyer', 'GET', '/api/me', undefined, withDevice(phone(20)));
    assert.equal(foreign.status, 403);
    assert.equal(foreign.body.code, 'field.device-revoked');
    // The owner passes; a request naming no device (the browser app) is not concerned.
    assert.equal(
      (await t.request('monitor', 'GET', '/api/me', undefined, withDevice(phone(20)))).status,
      200,
    );
    assert.equal((await t.request('buyer', 'GET', '/api/me')).status, 200);
  });

  test('records the device’s clock and the skew exactly from Amana-Device-Time, and refuses a malformed one naming it', async () => {
    assert.equal((await register('monitor', phone(30))).status, 201);
    const seen = await t.request(
      'monitor',
      'GET',
      '/api/me',
      undefined,
      withDevice(phone(30), { 'amana-device-time': '2026-11-20T11:01:30.250+01:00' }),
    );
    assert.equal(seen.status, 200);
    const device = (await t.request('monitor', 'GET', '/api/me/devices')).body.items.find(
      (d: { id: string }) => d.id === phone(30),
    );
    assert.equal(device.lastSeenAt, now.toISOString());
    assert.equal(device.lastDeviceTime, '2026-11-20T10:01:30.250Z');
    assert.equal(device.clockSkewMs, 90_250);
    assert.equal(device.clockSeenAt, now.toISOString());
    // Behind the server: negative.
    await t.request(
      'monitor',
      'GET',
      '/api/me',
      undefined,
      withDevice(phone(30), { 'amana-device-time': '2026-11-20T09:00:00Z' }),
    );
    const behind = (await t.request('monitor', 'GET', '/api/me/devices')).body.items.find(
      (d: { id: string }) => d.id === phone(30),
    );
    assert.equal(behind.clockSkewMs, -3_600_000);
    for (const [header, value] of [
      ['amana-device-time', '20/11/2026 10:00'],
      ['amana-device-time', '2026-11-20T10:00:00'],
      ['amana-device-time', '2026-02-30T10:00:00Z'],
      ['amana-device', 'not-a-uuid'],
    ]) {
      const res = await t.request('monitor', 'GET', '/api/me', undefined, {
        'amana-device': phone(30),
        [header]: value,
      });
      assert.equal(res.status, 400, value);
      assert.equal(res.body.code, 'field.device-header-malformed');
      assert.equal(res.body.params.header, header === 'amana-device' ? 'Amana-Device' : 'Amana-Device-Time');
      assert.equal(res.body.errors[0].path, `headers.${header}`);
    }
    // The refused requests left the last good sighting as it was.
    const kept = (await t.request('monitor', 'GET', '/api/me/devices')).body.items.find(
      (d: { id: string }) => d.id === phone(30),
    );
    assert.equal(kept.clockSkewMs, -3_600_000);
  });

  test('a visit recorded from a device keeps the device and its clock skew beside the observation time, unchanged', async () => {
    assert.equal((await register('monitor', phone(40))).status, 201);
    const site = (await t.request('monitor', 'GET', '/api/sites?limit=1')).body.items[0];
    const visitedAt = '2026-11-19T08:00:00.000Z';
    const res = await t.request(
      'monitor',
      'POST',
      '/api/visits',
      { siteId: site.id, visitedAt, indicators: { headCount: 12 } },
      withDevice(phone(40), { 'amana-device-time': '2026-11-20T09:58:00Z' }),
    );
    assert.equal(res.status, 201);
    assert.equal(res.body.visitedAt, visitedAt);
    assert.equal(res.body.deviceId, phone(40));
    assert.equal(res.body.deviceClockSkewMs, -120_000);
    // From the browser: no device, no skew.
    const web = await t.request('monitor', 'POST', '/api/visits', {
      siteId: site.id,
      visitedAt,
      indicators: {},
    });
    assert.equal(web.body.deviceId, null);
    assert.equal(web.body.deviceClockSkewMs, null);
  });

  test('the user revokes their own device with a reason; its next request is refused with field.device-revoked', async () => {
    const ids = await userIdOf();
    assert.equal((await register('monitor', phone(50))).status, 201);
    assert.equal(
      (await t.request('monitor', 'GET', '/api/me', undefined, withDevice(phone(50)))).status,
      200,
    );
    const noReason = await t.request('monitor', 'POST', `/api/devices/${phone(50)}/revoke`, { reason: ' ' });
    assert.equal(noReason.status, 400);
    const revoked = await t.request('monitor', 'POST', `/api/devices/${phone(50)}/revoke`, {
      reason: 'Phone lost at the market',
    });
    assert.equal(revoked.status, 200);
    assert.deepEqual(revoked.body.revoked, {
      at: now.toISOString(),
      byUserId: ids.monitor,
      byName: 'Espérance Ilunga',
      reason: 'Phone lost at the market',
    });
    const next = await t.request('monitor', 'GET', '/api/visit-plan', undefined, withDevice(phone(50)));
    assert.equal(next.status, 403);
    assert.equal(next.body.code, 'field.device-revoked');
    const sync = await t.request(
      'monitor',
      'POST',
      '/api/visits',
      {
        siteId: (await t.request('monitor', 'GET', '/api/sites?limit=1')).body.items[0].id,
        visitedAt: '2026-11-19T09:00:00Z',
        indicators: {},
      },
      withDevice(phone(50)),
    );
    assert.equal(sync.status, 403);
    assert.equal(sync.body.code, 'field.device-revoked');
    // Not registered again under the same id, and not revoked twice.
    const again = await register('monitor', phone(50));
    assert.equal(again.status, 403);
    assert.equal(again.body.code, 'field.device-revoked');
    const twice = await t.request('monitor', 'POST', `/api/devices/${phone(50)}/revoke`, { reason: 'again' });
    assert.equal(twice.status, 409);
    assert.equal(twice.body.code, 'field.device-already-revoked');
    assert.deepEqual(
      (await eventsOf(phone(50))).map((e) => [e.type, e.user_id, e.payload]),
      [
        ['device.registered', ids.monitor, { userId: ids.monitor, name: 'Tecno Spark 10' }],
        ['device.revoked', ids.monitor, { userId: ids.monitor, reason: 'Phone lost at the market' }],
      ],
    );
  });

  test('administrators list their organisation’s users’ devices with last seen and skew, and revoke them', async () => {
    const ids = await userIdOf();
    assert.equal((await register('monitor', phone(60), 'Itel A70')).status, 201);
    assert.equal((await register('buyer', phone(61), 'Comptoir tablet')).status, 201);
    await t.request(
      'monitor',
      'GET',
      '/api/me',
      undefined,
      withDevice(phone(60), { 'amana-device-time': '2026-11-20T10:00:05Z' }),
    );
    const mine = await t.request('admin', 'GET', `/api/devices?userId=${ids.monitor}&limit=200`);
    assert.equal(mine.status, 200);
    const d60 = mine.body.items.find((d: { id: string }) => d.id === phone(60));
    assert.equal(d60.clockSkewMs, 5_000);
    assert.equal(d60.lastSeenAt, now.toISOString());
    assert.ok(mine.body.items.every((d: { userId: string }) => d.userId === ids.monitor));
    // The buyer is not a member of the administrator's organisation: its device is not listed, nor revocable.
    const all = await t.request('admin', 'GET', '/api/devices?limit=200');
    assert.ok(all.body.items.some((d: { id: string }) => d.id === phone(60)));
    assert.ok(!all.body.items.some((d: { id: string }) => d.id === phone(61)));
    const foreign = await t.request('admin', 'POST', `/api/devices/${phone(61)}/revoke`, { reason: 'no' });
    assert.equal(foreign.status, 404);
    // Others list only their own, and revoke only their own.
    const notAdmin = await t.request('analyst', 'GET', '/api/devices');
    assert.equal(notAdmin.status, 403);
    assert.equal(notAdmin.body.code, 'field.devices-admin-only');
    assert.equal(
      (await t.request('buyer', 'POST', `/api/devices/${phone(60)}/revoke`, { reason: 'x' })).status,
      404,
    );
    const byAdmin = await t.request('admin', 'POST', `/api/devices/${phone(60)}/revoke`, {
      reason: 'Monitor left the programme',
    });
    assert.equal(byAdmin.status, 200);
    assert.equal(byAdmin.body.revoked.byUserId, ids.admin);
    const revokedOnly = await t.request('admin', 'GET', `/api/devices?userId=${ids.monitor}&revoked=true`);
    assert.ok(revokedOnly.body.items.some((d: { id: string }) => d.id === phone(60)));
    assert.ok(revokedOnly.body.items.every((d: { revoked: unknown }) => d.revoked !== null));
    const refused = await t.request('monitor', 'GET', '/api/me', undefined, withDevice(phone(60)));
    assert.equal(refused.body.code, 'field.device-revoked');
    const [, revocation] = await eventsOf(phone(60));
    assert.deepEqual(
      [revocation.type, revocation.user_id, revocation.payload],
      ['device.revoked', ids.admin, { userId: ids.monitor, reason: 'Monitor left the programme' }],
    );
    assert.equal(
      (await t.request('admin', 'POST', `/api/devices/${phone(99)}/revoke`, { reason: 'x' })).status,
      404,
    );
  });
});
