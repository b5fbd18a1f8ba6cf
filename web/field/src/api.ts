import createClient, { type ClientPathsWithMethod, type MethodResponse } from 'openapi-fetch';
import { ApiError, ok, type Problem, problemOf } from '../../src/api/client.ts';
import type { paths } from '../../src/api/schema.d.ts';
import { wipeDevice } from './db.ts';
import { deviceId } from './device.ts';

export { ApiError, ok, type Problem, problemOf };

/** The problem code that says this device was revoked: the phone forgets what it holds (decision 0030). */
export const DEVICE_REVOKED = 'field.device-revoked';

/** Set, for the sign-in page to say why, when the phone's data was wiped: `revoked`, or `pin` (too many wrong PINs). */
export const WIPED = 'amana.field.wiped';

/**
 * The field app's API client: every request says which device sends it and what its clock reads, so the server
 * can record both and the clock skew; a 403 `field.device-revoked` wipes the phone.
 */
export const api = createClient<paths>({ credentials: 'same-origin' });
api.use({
  onRequest({ request }) {
    // Signing in names no device: the device is registered just after, and an old session still alive on a wiped
    // phone would otherwise have its new, unregistered id refused as revoked.
    if (request.method === 'POST' && new URL(request.url).pathname === '/api/session') return request;
    request.headers.set('Amana-Device', deviceId());
    request.headers.set('Amana-Device-Time', new Date().toISOString());
    return request;
  },
  async onResponse({ response }) {
    if (response.status !== 403) return response;
    const body = await response
      .clone()
      .json()
      .catch(() => null);
    if (body?.code === DEVICE_REVOKED) {
      await wipeDevice();
      // Start again from nothing: the sign-in, saying why.
      globalThis.sessionStorage?.setItem(WIPED, 'revoked');
      globalThis.location?.reload();
    }
    return response;
  },
});

/** The headers a raw `fetch` of the field app carries (photo chunks). */
export const deviceHeaders = (): Record<string, string> => ({
  'Amana-Device': deviceId(),
  'Amana-Device-Time': new Date().toISOString(),
});

export type Answer<
  P extends ClientPathsWithMethod<typeof api, M>,
  M extends 'get' | 'put' | 'post' | 'delete' = 'get',
> = MethodResponse<typeof api, M, P>;
