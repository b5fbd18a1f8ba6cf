import { clockSkewMs } from '../../domain/access/device-clock.ts';
import { canManageUsers, type Principal } from '../../domain/access/roles.ts';
import type { Queryable } from '../../storage/db.ts';
import { appendEvent } from '../../storage/events.ts';
import {
  type DeviceRow,
  findDevice,
  findDeviceStanding,
  insertDevice,
  isMemberOf,
  listDevicesPage,
  lockDevice,
  recordDeviceSighting,
  revokeDeviceRow,
} from '../../storage/queries/devices.ts';
import { type Page, toPage } from '../../storage/queries/page.ts';
import { type AuthedContext, actorOf, type ServiceContext } from '../context.ts';
import { cursorKey } from '../cursor.ts';
import { conflict, forbidden, notFound } from '../errors.ts';
import type { DeviceView } from './views.ts';

const toView = (r: DeviceRow): DeviceView => ({
  id: r.id,
  userId: r.user_id,
  userName: r.user_name,
  userEmail: r.user_email,
  name: r.name,
  registeredAt: r.registered_at.toISOString(),
  lastSeenAt: r.last_seen_at?.toISOString() ?? null,
  lastDeviceTime: r.last_device_time?.toISOString() ?? null,
  clockSkewMs: r.clock_skew_ms == null ? null : Number(r.clock_skew_ms),
  clockSeenAt: r.clock_seen_at?.toISOString() ?? null,
  revoked:
    r.revoked_at && r.revoked_by && r.revoked_reason != null
      ? {
          at: r.revoked_at.toISOString(),
          byUserId: r.revoked_by,
          byName: r.revoked_by_name ?? '',
          reason: r.revoked_reason,
        }
      : null,
});

/** What a refused device is told; the field app wipes its local data when it reads this code. */
export const deviceRevoked = () =>
  forbidden('this device is revoked or is not registered to you: its local data must be wiped', {
    code: 'field.device-revoked',
  });

async function viewOf(q: Queryable, id: string): Promise<DeviceView> {
  const row = await findDevice(q, id);
  if (!row) throw notFound('device');
  return toView(row);
}

/**
 * Registers the calling user's device under the id the app made. The same id sent again by the same user is
 * acknowledged with the device as registered; an id another user's device holds is a 409, and a revoked device
 * is never registered again (the app makes a new id after it wipes).
 */
export async function registerDevice(
  ctx: AuthedContext,
  input: { id: string; name: string },
): Promise<{ device: DeviceView; created: boolean }> {
  const now = ctx.clock();
  const created = await ctx.db.transaction(async (tx) => {
    const made = await insertDevice(tx, {
      id: input.id,
      userId: ctx.principal.userId,
      name: input.name,
      registeredAt: now,
    });
    if (!made) {
      const held = await findDeviceStanding(tx, input.id);
      if (held?.user_id !== ctx.principal.userId)
        throw conflict('this device id is registered to another user', [], { code: 'field.device-taken' });
      if (held.revoked) throw deviceRevoked();
      return false;
    }
    await recordDeviceSighting(tx, { id: input.id, seenAt: now, deviceTime: null, skewMs: null });
    await appendEvent(tx, {
      type: 'device.registered',
      subjectType: 'device',
      subjectId: input.id,
      payload: { userId: ctx.principal.userId, name: input.name },
      actor: { ...actorOf(ctx.principal), deviceId: input.id },
      at: now,
    });
    return true;
  });
  return { device: await viewOf(ctx.db, input.id), created };
}

const pageKey = (cursor: string | undefined) =>
  cursorKey(cursor, ['instant', 'uuid']) as [string, string] | undefined;

/** The caller's own devices, newest registration first. */
export async function listMyDevices(
  ctx: AuthedContext,
  f: { limit: number; cursor?: string },
): Promise<Page<DeviceView>> {
  const rows = await listDevicesPage(
    ctx.db,
    { userId: ctx.principal.userId },
    pageKey(f.cursor),
    f.limit + 1,
  );
  return toPage(rows, f.limit, (r) => [r.registered_key, r.id], toView);
}

/** Every device of the members of the administrator's organisation, newest registration first, by user. */
export async function listDevices(
  ctx: AuthedContext,
  f: { userId?: string; revoked?: boolean; limit: number; cursor?: string },
): Promise<Page<DeviceView>> {
  if (!canManageUsers(ctx.principal))
    throw forbidden("only an administrator lists other users' devices; yours are at /api/me/devices", {
      code: 'field.devices-admin-only',
    });
  const rows = await listDevicesPage(
    ctx.db,
    { userId: f.userId, revoked: f.revoked, memberOf: ctx.principal.organisationId },
    pageKey(f.cursor),
    f.limit + 1,
  );
  return toPage(rows, f.limit, (r) => [r.registered_key, r.id], toView);
}

/**
 * Revokes a device, with the reason on the record: the user's own, or any device of a member of the
 * administrator's organisation. From then on every request naming it is refused (decision 0031).
 */
export async function revokeDevice(
  ctx: AuthedContext,
  id: string,
  input: { reason: string },
): Promise<DeviceView> {
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    const device = await lockDevice(tx, id);
    const mayRevoke =
      device &&
      (device.user_id === ctx.principal.userId ||
        (canManageUsers(ctx.principal) &&
          (await isMemberOf(tx, device.user_id, ctx.principal.organisationId))));
    if (!device || !mayRevoke) throw notFound('device');
    const standing = await findDeviceStanding(tx, id);
    if (standing?.revoked)
      throw conflict('this device is already revoked', [], { code: 'field.device-already-revoked' });
    await revokeDeviceRow(tx, { id, at: now, by: ctx.principal.userId, reason: input.reason });
    await appendEvent(tx, {
      type: 'device.revoked',
      subjectType: 'device',
      subjectId: id,
      payload: { userId: device.user_id, reason: input.reason },
      actor: actorOf(ctx.principal),
      at: now,
    });
  });
  return viewOf(ctx.db, id);
}

/**
 * Admits a request naming a device: it must be registered to the signed-in user and not revoked. An admitted
 * request is a sighting: when the server saw the device and, when the request gave it, the device's clock and
 * the skew (device − server) at that moment.
 */
export async function admitDevice(
  ctx: ServiceContext,
  principal: Principal,
  sighting: { deviceId: string; deviceTime: Date | null },
): Promise<void> {
  const standing = await findDeviceStanding(ctx.db, sighting.deviceId);
  if (!standing || standing.revoked || standing.user_id !== principal.userId) throw deviceRevoked();
  const now = ctx.clock();
  await recordDeviceSighting(ctx.db, {
    id: sighting.deviceId,
    seenAt: now,
    deviceTime: sighting.deviceTime,
    skewMs: sighting.deviceTime ? clockSkewMs(sighting.deviceTime, now) : null,
  });
}
