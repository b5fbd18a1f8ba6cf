import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { db, getMeta } from '../db.ts';
import { useAgo, useFormats } from '../format.ts';
import { useLive } from '../live.ts';
import { useStorageLow } from '../storage.ts';
import { onSyncState, syncState } from '../sync.ts';
import { FIELD_NAMESPACES } from '../i18n.ts';

const onOnline = (l: () => void) => {
  globalThis.addEventListener('online', l);
  globalThis.addEventListener('offline', l);
  return () => {
    globalThis.removeEventListener('online', l);
    globalThis.removeEventListener('offline', l);
  };
};

/** What waits to be sent and when the phone last synced: "12 records waiting · last sync 3 h ago". */
export function SyncBar({ onOpen }: { onOpen: () => void }) {
  const { t } = useTranslation(FIELD_NAMESPACES);
  const ago = useAgo();
  const f = useFormats();
  const sync = useSyncExternalStore(onSyncState, syncState);
  const online = useSyncExternalStore(onOnline, () => navigator.onLine);
  const counts = useLive(() =>
    db.transaction('r', db.outbox, db.photos, db.meta, async () => ({
      waiting: await db.outbox.where('state').equals('waiting').count(),
      refused: await db.outbox.where('state').equals('refused').count(),
      photos: await db.photos.where('state').equals('waiting').count(),
      last: await getMeta<string>('lastSyncAt'),
    })),
  );
  // Read again as the outbox grows: the warning comes before the store is full, on every screen.
  const low = useStorageLow(counts && counts.waiting + counts.photos);
  if (!counts) return null;
  const parts = [
    counts.waiting || counts.photos
      ? [
          counts.waiting ? t('sync.waiting', { count: counts.waiting }) : '',
          counts.photos ? t('sync.photosWaiting', { count: counts.photos }) : '',
        ]
          .filter(Boolean)
          .join(', ')
      : t('sync.allSent'),
    sync.running ? t('sync.syncing') : counts.last ? t('sync.lastSync', { when: ago(counts.last) }) : t('sync.never'),
    online ? '' : t('sync.offline'),
  ].filter(Boolean);
  return (
    <button type="button" className={`sync-bar${counts.refused || low !== undefined ? ' refused' : ''}`} onClick={onOpen} data-testid="sync-bar">
      <span>{parts.join(' · ')}</span>
      {counts.refused > 0 && <strong>{t('sync.refused', { count: counts.refused })}</strong>}
      {low !== undefined && <strong>{t('sync.storageLowShort', { percent: f.percent(low) })}</strong>}
    </button>
  );
}
