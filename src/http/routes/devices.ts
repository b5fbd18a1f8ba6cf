import { z } from 'zod';
import { listDevices, listMyDevices, registerDevice, revokeDevice } from '../../services/access/devices.ts';
import { deviceView } from '../../services/access/views.ts';
import type { ServiceContext } from '../../services/context.ts';
import type { App } from '../app-types.ts';
import { authed } from '../auth.ts';
import { idParams, pageOf, pageQuery, problems } from '../schemas.ts';

/** The field app's devices: registered to their user, seen at each request, revoked from the web (decision 0031). */
export function deviceRoutes(app: App, ctx: ServiceContext) {
  const tags = ['access'];

  app.post(
    '/api/me/devices',
    {
      schema: {
        tags,
        summary:
          'Register the device the field app runs on to you, under the id it made (a retry answers 200; an id another user holds, 409)',
        body: z.object({
          id: z.uuid(),
          name: z
            .string()
            .trim()
            .min(1)
            .max(120)
            .describe('What the user calls the device, e.g. “Tecno Spark 10”'),
        }),
        response: { 200: deviceView, 201: deviceView, ...problems(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const { device, created } = await registerDevice(authed(request, ctx), request.body);
      return reply.status(created ? 201 : 200).send(device);
    },
  );

  app.get(
    '/api/me/devices',
    {
      schema: {
        tags,
        summary: 'Your devices, newest registration first, with when each was last seen and its clock skew',
        querystring: z.object({ ...pageQuery }),
        response: { 200: pageOf(deviceView), ...problems(400, 401) },
      },
    },
    async (request) => listMyDevices(authed(request, ctx), request.query),
  );

  app.get(
    '/api/devices',
    {
      schema: {
        tags,
        summary:
          "The devices of your organisation's users (administrators), newest registration first, by user and revocation",
        querystring: z.object({
          userId: z.uuid().optional(),
          revoked: z
            .enum(['true', 'false'])
            .transform((v) => v === 'true')
            .optional()
            .describe('Only the revoked devices (true) or only those in use (false)'),
          ...pageQuery,
        }),
        response: { 200: pageOf(deviceView), ...problems(400, 401, 403) },
      },
    },
    async (request) => listDevices(authed(request, ctx), request.query),
  );

  app.post(
    '/api/devices/:id/revoke',
    {
      schema: {
        tags,
        summary:
          'Revoke a device (yours, or as an administrator one of your organisation’s users): every later request naming it is refused with 403 field.device-revoked, and the app wipes its local data',
        params: idParams,
        body: z.object({ reason: z.string().trim().min(1).max(1000) }),
        response: { 200: deviceView, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => revokeDevice(authed(request, ctx), request.params.id, request.body),
  );
}
