import { useEffect, useState } from 'react';

/** Above this share of the quota the app warns before more photos are taken. */
export const QUOTA_WARNING = 0.8;

export interface StorageState {
  persisted: boolean;
  usage?: number;
  quota?: number;
  nearlyFull: boolean;
}

/** The share of the quota used when it is at or above the warning, else undefined (or when the browser says nothing). */
export function nearlyFullShare(usage?: number, quota?: number): number | undefined {
  if (!quota || usage === undefined || quota <= 0) return undefined;
  const share = usage / quota;
  return share >= QUOTA_WARNING ? share : undefined;
}

/** Asks the browser to keep this app's store through storage pressure (it may say no), and says how full it is. */
export async function storageState(ask = true): Promise<StorageState> {
  const s = navigator.storage;
  if (!s) return { persisted: false, nearlyFull: false };
  const persisted =
    (await s.persisted?.().catch(() => false)) || (ask && (await s.persist?.().catch(() => false))) || false;
  const { usage, quota } = (await s.estimate?.().catch(() => ({}) as StorageEstimate)) ?? {};
  return { persisted, usage, quota, nearlyFull: nearlyFullShare(usage, quota) !== undefined };
}

/**
 * The share of the quota used while it is above the warning, read again whenever `changed` changes (the outbox's
 * counts) and every minute: the warning shows before the store is full, on every screen.
 */
export function useStorageLow(changed: unknown): number | undefined {
  const [low, setLow] = useState<number>();
  useEffect(() => {
    let live = true;
    const read = () =>
      void storageState(false).then((s) => {
        if (live) setLow(nearlyFullShare(s.usage, s.quota));
      });
    read();
    const timer = setInterval(read, 60_000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [changed]);
  return low;
}
