import type { FastifyRequest } from 'fastify';
import { parseDeviceTime } from '../domain/access/device-clock.ts';
import { admitDevice } from '../services/access/devices.ts';
import type { ServiceContext } from '../services/context.ts';
import { HttpProblem } from './problems.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The field app registers its device with the device's own id in the header, before the device is known. */
const isRegistration = (request: FastifyRequest) =>
  request.method === 'POST' && request.routeOptions.url === '/api/me/devices';

const malformed = (header: string, message: string) =>
  new HttpProblem(
    'invalid-input',
    `the ${header} header ${message}`,
    [
      {
        path: `headers.${header.toLowerCase()}`,
        message,
        code: 'field.device-header-malformed',
        params: { header },
      },
    ],
    { code: 'field.device-header-malformed', params: { header } },
  );

/** One header's value, or undefined when it is absent; a header sent twice is malformed. */
function headerOf(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  if (Array.isArray(value)) throw malformed(name, 'must be sent once');
  return value;
}

/**
 * Reads the field app's device headers (decision 0031): `Amana-Device`, the device's id, and `Amana-Device-Time`,
 * its clock as ISO 8601. Returns the device id, or undefined when the request names none (the browser app); a
 * malformed header is a 400 naming it. With a signed-in caller the device must be registered to them and not
 * revoked, else 403 `field.device-revoked`; an admitted request records when the device was seen and its clock.
 */
export async function checkDevice(request: FastifyRequest, ctx: ServiceContext): Promise<string | undefined> {
  const deviceId = headerOf(request, 'Amana-Device');
  const timeText = headerOf(request, 'Amana-Device-Time');
  if (deviceId !== undefined && !UUID.test(deviceId))
    throw malformed('Amana-Device', 'must be the device’s UUID');
  let deviceTime: Date | null = null;
  if (timeText !== undefined) {
    deviceTime = parseDeviceTime(timeText.slice(0, 64));
    if (!deviceTime || timeText.length > 64)
      throw malformed(
        'Amana-Device-Time',
        'must be an ISO 8601 date-time with its offset, e.g. 2026-12-04T18:45:12Z',
      );
  }
  if (deviceId === undefined) return undefined;
  const id = deviceId.toLowerCase();
  if (request.principal && !isRegistration(request))
    await admitDevice(ctx, request.principal, { deviceId: id, deviceTime });
  return id;
}
