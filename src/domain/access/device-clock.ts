// An instant as ISO 8601 writes it with its offset: 2026-12-04T18:45:12Z, …T18:45:12.345+01:00.
const INSTANT =
  /^(\d{4})-(\d\d)-(\d\d)T([01]\d|2[0-3]):([0-5]\d):([0-5]\d)(\.\d{1,9})?(Z|[+-]([01]\d|2[0-3]):?[0-5]\d)$/;

/** The instant a device's clock gave (the Amana-Device-Time header), or null when it is not ISO 8601 with an offset. */
export function parseDeviceTime(text: string): Date | null {
  const m = INSTANT.exec(text);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day || year < 1) return null;
  // Date reads milliseconds only: the digits beyond are dropped, not rounded, so 59.9999 stays in its second.
  const at = new Date(text.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isNaN(at.getTime()) ? null : at;
}

/** How far a device's clock is ahead of the server's (negative: behind), in milliseconds (decision 0031). */
export const clockSkewMs = (deviceTime: Date, serverTime: Date) =>
  deviceTime.getTime() - serverTime.getTime();
