import { useEffect, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldSentence, problemSentence, problemText } from '../../../src/components/problem-text.ts';
import type { Screen } from '../app.tsx';
import { db } from '../db.ts';
import { useFormats } from '../format.ts';
import { useLive } from '../live.ts';
import { type StorageState, storageState } from '../storage.ts';
import { exportOutbox, onSyncState, syncNow, syncState } from '../sync.ts';
import { FIELD_NAMESPACES } from '../i18n.ts';

/**
 * The outbox: what waits, what the server refused and what to fix in each, the storage the phone gives the app,
 * and the export of everything unsent as a last resort.
 */
export function SyncScreen({ go }: { go: (s: Screen) => void }) {
  const { t } = useTranslation(FIELD_NAMESPACES);
  const f = useFormats();
  const sync = useSyncExternalStore(onSyncState, syncState);
  const [storage, setStorage] = useState<StorageState>();
  useEffect(() => {
    void storageState(true).then(setStorage);
  }, []);
  // One read transaction: the lists agree with each other whatever a sync is writing meanwhile.
  const data = useLive(() =>
    db.transaction('r', db.outbox, db.sites, async () => ({
      refused: await db.outbox.where('state').equals('refused').sortBy('id'),
      waiting: await db.outbox.where('state').equals('waiting').sortBy('id'),
      receipts: (await db.outbox.where('kind').equals('grievance').sortBy('id')).filter((r) => r.receipt),
      sites: new Map((await db.sites.toArray()).map((s) => [s.id, s.code])),
    })),
  );
  if (!data) return null;
  const download = async () => {
    const blob = await exportOutbox();
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `amana-outbox-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.json`;
    a.click();
    URL.revokeObjectURL(a.href);
  };
  const label = (r: (typeof data.waiting)[number]) =>
    t('sync.record', { kind: t(`sync.kind.${r.kind}`), site: data.sites.get(r.siteId) ?? '?', when: f.when(r.observedAt) });
  return (
    <section aria-labelledby="sync-title">
      <h1 id="sync-title">{t('nav.sync')}</h1>
      <div className="actions">
        <button type="button" className="primary" disabled={sync.running} onClick={() => void syncNow()}>
          {sync.running ? t('sync.syncing') : t('sync.now')}
        </button>
      </div>
      {sync.error !== undefined && !sync.running && (
        <p className="notice warn" role="alert">
          {sync.signedOut ? t('signIn.again') : t('sync.failed', { reason: problemText(sync.error) })}
        </p>
      )}
      {data.refused.length > 0 && (
        <>
          <h2>{t('sync.refused', { count: data.refused.length })}</h2>
          <p>{t('sync.refusedIntro')}</p>
          <ul className="refused-list">
            {data.refused.map((r) => (
              <li key={r.id} data-record={r.id}>
                <strong>{label(r)}</strong>
                {r.problem && (
                  <ul className="problems">
                    <li>{problemSentence(r.problem)}</li>
                    {(r.problem.errors ?? []).map((e) => (
                      <li key={e.path + e.message}>{fieldSentence(e)}</li>
                    ))}
                  </ul>
                )}
                <div className="actions">
                  <button
                    type="button"
                    className="primary"
                    onClick={() => go({ name: r.kind, siteId: r.siteId, recordId: r.id })}
                  >
                    {t('sync.fix')}
                  </button>
                  <button
                    type="button"
                    onClick={() => void db.outbox.update(r.id, { state: 'waiting', problem: undefined }).then(() => syncNow())}
                  >
                    {t('sync.resend')}
                  </button>
                  <button
                    type="button"
                    onClick={() => {
                      if (confirm(t('sync.discardConfirm')))
                        void db.transaction('rw', db.outbox, db.photos, async () => {
                          await db.outbox.delete(r.id);
                          await db.photos.where('visitId').equals(r.id).delete();
                        });
                    }}
                  >
                    {t('sync.discard')}
                  </button>
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
      <h2>{data.waiting.length ? t('sync.waiting', { count: data.waiting.length }) : t('sync.allSent')}</h2>
      <ul className="waiting-list">
        {data.waiting.map((r) => (
          <li key={r.id}>{label(r)}</li>
        ))}
      </ul>
      {data.receipts.length > 0 && (
        <>
          <h2>{t('grievance.receipts')}</h2>
          <p>{t('grievance.receiptsIntro')}</p>
          <ul className="receipts">
            {data.receipts.map((r) => (
              <li key={r.id} data-record={r.id}>
                <div className="muted">{label(r)}</div>
                <div>{t('grievance.caseCode', { code: r.receipt?.caseCode })}</div>
                <div>{t('grievance.caseSecret', { secret: r.receipt?.secret })}</div>
              </li>
            ))}
          </ul>
        </>
      )}
      {storage && (
        <div className="storage">
          {storage.usage !== undefined && storage.quota !== undefined && (
            <p>{t('sync.storage', { used: f.bytes(storage.usage), quota: f.bytes(storage.quota) })}</p>
          )}
          {storage.nearlyFull && storage.usage && storage.quota && (
            <p className="notice warn">{t('sync.storageLow', { percent: f.percent(storage.usage / storage.quota) })}</p>
          )}
          <p className="muted">{storage.persisted ? t('sync.persisted') : t('sync.notPersisted')}</p>
        </div>
      )}
      <div className="actions">
        <button type="button" onClick={() => void download()}>
          {t('sync.export')}
        </button>
      </div>
      <p className="muted">{t('sync.exportHint')}</p>
    </section>
  );
}
