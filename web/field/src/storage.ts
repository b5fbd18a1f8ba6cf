/** Above this share of the quota the app warns before more photos are taken. */
export const QUOTA_WARNING = 0.8;

export interface StorageState {
  persisted: boolean;
  usage?: number;
  quota?: number;
  nearlyFull: boolean;
}

/** Asks the browser to keep this app's store through storage pressure (it may say no), and says how full it is. */
export async function storageState(ask = true): Promise<StorageState> {
  const s = navigator.storage;
  if (!s) return { persisted: false, nearlyFull: false };
  const persisted = (await s.persisted?.()) || (ask && (await s.persist?.().catch(() => false))) || false;
  const { usage, quota } = (await s.estimate?.().catch(() => ({}) as StorageEstimate)) ?? {};
  return { persisted, usage, quota, nearlyFull: !!quota && !!usage && usage / quota >= QUOTA_WARNING };
}
