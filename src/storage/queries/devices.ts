import type { Queryable } from '../db.ts';
import { instantKey } from './page.ts';

/** A field device with its user's name and e-mail, as one row. */
export interface DeviceRow {
  id: string;
  user_id: string;
  user_name: string;
  user_email: string;
  name: string;
  registered_at: Date;
  last_seen_at: Date | null;
  last_device_time: Date | null;
  clock_skew_ms: string | null;
  clock_seen_at: Date | null;
  revoked_at: Date | null;
  revoked_by: string | null;
  revoked_by_name: string | null;
  revoked_reason: string | null;
  /** The registration to the microsecond (ISO, UTC): a list cursor's key. */
  registered_key: string;
}

const DEVICE_SELECT = `
  SELECT d.*, u.name AS user_name, u.email AS user_email, r.name AS revoked_by_name,
         ${instantKey('d.registered_at')} AS registered_key
    FROM devices d JOIN users u ON u.id = d.user_id LEFT JOIN users r ON r.id = d.revoked_by`;

export async function findDevice(q: Queryable, id: string): Promise<DeviceRow | undefined> {
  return (await q.query<DeviceRow>(`${DEVICE_SELECT} WHERE d.id = $1`, [id])).rows[0];
}

/** What the authentication step needs of a device: whose it is and whether it was revoked. */
export async function findDeviceStanding(
  q: Queryable,
  id: string,
): Promise<{ user_id: string; revoked: boolean } | undefined> {
  return (
    await q.query<{ user_id: string; revoked: boolean }>(
      'SELECT user_id, revoked_at IS NOT NULL AS revoked FROM devices WHERE id = $1',
      [id],
    )
  ).rows[0];
}

export async function lockDevice(q: Queryable, id: string): Promise<{ user_id: string } | undefined> {
  return (await q.query<{ user_id: string }>('SELECT user_id FROM devices WHERE id = $1 FOR UPDATE', [id]))
    .rows[0];
}

/** Registers a device unless its id is taken; whether this statement made it. */
export async function insertDevice(
  q: Queryable,
  d: { id: string; userId: string; name: string; registeredAt: Date },
): Promise<boolean> {
  const done = await q.query(
    `INSERT INTO devices (id, user_id, name, registered_at) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING
     RETURNING id`,
    [d.id, d.userId, d.name, d.registeredAt],
  );
  return done.rows.length === 1;
}

/** When the server last saw the device and, when it gave its clock, that clock and the skew at that request. */
export async function recordDeviceSighting(
  q: Queryable,
  s: { id: string; seenAt: Date; deviceTime: Date | null; skewMs: number | null },
): Promise<void> {
  await q.query(
    `UPDATE devices SET last_seen_at = GREATEST(last_seen_at, $2),
            last_device_time = CASE WHEN $3::timestamptz IS NULL THEN last_device_time ELSE $3 END,
            clock_skew_ms = CASE WHEN $3::timestamptz IS NULL THEN clock_skew_ms ELSE $4 END,
            clock_seen_at = CASE WHEN $3::timestamptz IS NULL THEN clock_seen_at ELSE $2 END
      WHERE id = $1`,
    [s.id, s.seenAt, s.deviceTime, s.skewMs],
  );
}

export async function revokeDeviceRow(
  q: Queryable,
  r: { id: string; at: Date; by: string; reason: string },
): Promise<void> {
  await q.query('UPDATE devices SET revoked_at = $2, revoked_by = $3, revoked_reason = $4 WHERE id = $1', [
    r.id,
    r.at,
    r.by,
    r.reason,
  ]);
}

/** The clock skew a device last gave, in milliseconds; null when it never gave its clock. */
export async function deviceClockSkew(q: Queryable, id: string): Promise<number | null> {
  // A device that is not a registered field device (ODK Collect names itself "collect:…") has no clock on record.
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
  const row = (
    await q.query<{ clock_skew_ms: string | null }>('SELECT clock_skew_ms FROM devices WHERE id = $1', [id])
  ).rows[0];
  return row?.clock_skew_ms == null ? null : Number(row.clock_skew_ms);
}

export interface DeviceListFilter {
  /** Only the devices of this user. */
  userId?: string;
  /** Only the devices of the members of this organisation. */
  memberOf?: string;
  revoked?: boolean;
}

/**
 * One page of devices, newest registration first (ties on id), by user, organisation of the user and revocation,
 * after a keyset position (`[registered at, id]`).
 */
export async function listDevicesPage(
  q: Queryable,
  f: DeviceListFilter,
  after: readonly [string, string] | undefined,
  limit: number,
): Promise<DeviceRow[]> {
  return (
    await q.query<DeviceRow>(
      `${DEVICE_SELECT}
        WHERE ($1::uuid IS NULL OR d.user_id = $1)
          AND ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = d.user_id AND m.organisation_id = $2))
          AND ($3::boolean IS NULL OR (d.revoked_at IS NOT NULL) = $3)
          AND ($4::timestamptz IS NULL OR (d.registered_at, d.id) < ($4::timestamptz, $5::uuid))
        ORDER BY d.registered_at DESC, d.id DESC LIMIT $6`,
      [
        f.userId ?? null,
        f.memberOf ?? null,
        f.revoked ?? null,
        after?.[0] ?? null,
        after?.[1] ?? null,
        limit,
      ],
    )
  ).rows;
}

/** Whether a user is a member of an organisation. */
export async function isMemberOf(q: Queryable, userId: string, organisationId: string): Promise<boolean> {
  return (
    (
      await q.query('SELECT 1 FROM memberships WHERE user_id = $1 AND organisation_id = $2', [
        userId,
        organisationId,
      ])
    ).rows.length > 0
  );
}
