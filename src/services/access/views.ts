import { z } from 'zod';
import { ROLES } from '../../domain/access/roles.ts';
import { isoDateTime } from '../views.ts';

/** The answers of the access area: users and their memberships, the signed-in user, sessions, API tokens. */

export const membershipView = z.object({
  organisationId: z.uuid(),
  role: z.enum(ROLES),
  organisationName: z.string(),
});
export type MembershipView = z.output<typeof membershipView>;

export const userView = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  locale: z.string(),
  disabled: z.boolean(),
  passwordSet: z.boolean().describe('False while an invited user has not yet chosen a password'),
  memberships: z.array(membershipView),
  version: z.number().int(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type UserView = z.output<typeof userView>;

/** The signed-in user, and the organisation, role and credential they act with now. */
export const meView = userView.extend({
  current: z.object({ organisationId: z.uuid(), role: z.enum(ROLES), via: z.enum(['session', 'token']) }),
});
export type MeView = z.output<typeof meView>;

/** A new session: who signed in, until when. */
export const sessionView = meView.extend({ expiresAt: isoDateTime });
export type SessionView = z.output<typeof sessionView>;

export const passwordChangeView = z.object({
  sessionsEnded: z.number().int(),
  tokensRevoked: z.number().int(),
});
export type PasswordChangeView = z.output<typeof passwordChangeView>;

export const tokenView = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  organisationId: z.uuid(),
  name: z.string(),
  createdAt: isoDateTime,
  expiresAt: isoDateTime.nullable(),
  lastUsedAt: isoDateTime.nullable(),
  revokedAt: isoDateTime.nullable(),
});
export type TokenView = z.output<typeof tokenView>;

/** A token just created, with its secret: shown once. */
export const newTokenView = tokenView.extend({ token: z.string() });
export type NewTokenView = z.output<typeof newTokenView>;

/** A field device registered to a user (decision 0031), with what the server last saw of it and of its clock. */
export const deviceView = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  userName: z.string(),
  userEmail: z.string(),
  name: z.string(),
  registeredAt: isoDateTime,
  lastSeenAt: isoDateTime.nullable().describe('When the server last answered a request naming the device'),
  lastDeviceTime: isoDateTime
    .nullable()
    .describe('The device’s clock (Amana-Device-Time) at the last request that gave it'),
  clockSkewMs: z
    .number()
    .int()
    .nullable()
    .describe(
      'Device clock minus server clock at that request, in milliseconds (positive: the device is ahead)',
    ),
  clockSeenAt: isoDateTime.nullable().describe('The server’s time of that request'),
  revoked: z
    .object({ at: isoDateTime, byUserId: z.uuid(), byName: z.string(), reason: z.string() })
    .nullable(),
});
export type DeviceView = z.output<typeof deviceView>;
