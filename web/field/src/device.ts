import { v4 as uuidv4 } from 'uuid';

const KEY = 'amana.field.device';

/** This phone's id: made at the first sign-in, kept until the device is revoked and wiped. */
export function deviceId(): string {
  let id = globalThis.localStorage?.getItem(KEY);
  if (!id) {
    id = uuidv4();
    globalThis.localStorage?.setItem(KEY, id);
  }
  return id;
}

/** A short name for the device from its user agent ("Chrome on Android"), for the user's list of devices. */
export function deviceName(ua = navigator.userAgent): string {
  const browser = /Firefox\//.test(ua)
    ? 'Firefox'
    : /Edg\//.test(ua)
      ? 'Edge'
      : /Chrome\/|Chromium\//.test(ua)
        ? 'Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : 'Browser';
  const os = /Android/.test(ua)
    ? 'Android'
    : /iPhone|iPad/.test(ua)
      ? 'iOS'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS X/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : 'unknown system';
  return `${browser} on ${os}`.slice(0, 100);
}
