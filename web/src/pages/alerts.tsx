import { useCallback, useEffect, useState } from 'react';
import { api, type Page } from '../api.ts';
import { type ConformityCause, causeText, conformityText } from '../conformity-text.ts';
import type { Locale, MessageKey } from '../i18n.ts';

interface IncidentAlertBody {
  incident: { code: string; level: number; title: string };
  site: { code: string; name: string };
  transition: { to: string; reason: string };
}

interface ConformityAlertBody {
  conformity: { cause: ConformityCause };
  site: { code: string; name: string };
  lots: { id: string; tag: string | null; epc: string; before: number; after: number }[];
  lotCount: number;
}

interface Alert {
  id: string;
  incidentId: string | null;
  title: string;
  body: IncidentAlertBody | ConformityAlertBody;
  readAt: string | null;
  createdAt: string;
}

/** An alert's headline in the reader's language, built from its facts. */
export const alertTitle = (a: Alert, t: (k: MessageKey) => string, locale: Locale = 'en') => {
  if ('conformity' in a.body)
    return `${t('conformityChanged')} · ${a.body.lotCount} ${t('lotsWithOreFrom')} ${a.body.site.code} ${a.body.site.name} — ${causeText(a.body.conformity.cause, locale)}`;
  return `${a.body.incident.code} · ${t(`state.${a.body.transition.to}` as MessageKey)} · ${a.body.incident.title} (${t('level').toLowerCase()} ${a.body.incident.level}) — ${a.body.site.code} ${a.body.site.name}`;
};

/** The organisation's alerts inbox: newest first, unread ones marked. */
export function AlertsPage({
  t,
  locale,
  onOpenIncident,
  onOpenLot,
  onChange,
}: {
  t: (k: MessageKey) => string;
  locale: Locale;
  onOpenIncident: (id: string) => void;
  onOpenLot: (id: string) => void;
  onChange: () => void;
}) {
  const [page, setPage] = useState<(Page<Alert> & { unread: number }) | null>(null);
  const load = useCallback(
    () => api<Page<Alert> & { unread: number }>('GET', '/api/alerts?limit=100').then(setPage),
    [],
  );
  useEffect(() => {
    load();
  }, [load]);

  if (!page) {
    return (
      <p className="loading" role="status">
        {t('loading')}
      </p>
    );
  }
  if (page.items.length === 0) return <p className="empty">{t('noAlerts')}</p>;
  return (
    <ul className="inbox">
      {page.items.map((a) => (
        <li key={a.id} className={a.readAt ? 'read' : 'unread'}>
          {'conformity' in a.body ? (
            <ConformityAlert
              body={a.body}
              t={t}
              locale={locale}
              title={alertTitle(a, t, locale)}
              when={a.createdAt.slice(0, 16).replace('T', ' ')}
              onOpenLot={onOpenLot}
            />
          ) : (
            <>
              <a
                href={`/incidents/${a.incidentId}`}
                onClick={(e) => {
                  e.preventDefault();
                  onOpenIncident(a.incidentId as string);
                }}
              >
                {alertTitle(a, t, locale)}
              </a>
              <span className="when">{a.createdAt.slice(0, 16).replace('T', ' ')}</span>
              <p>{a.body.transition.reason}</p>
            </>
          )}
          {!a.readAt && (
            <button
              type="button"
              onClick={async () => {
                await api('POST', `/api/alerts/${a.id}/read`);
                await load();
                onChange();
              }}
            >
              {t('markRead')}
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}

/** An alert about lots whose conformity changed: the cause, then each lot with its change. */
function ConformityAlert({
  body,
  t,
  locale,
  title,
  when,
  onOpenLot,
}: {
  body: ConformityAlertBody;
  t: (k: MessageKey) => string;
  locale: Locale;
  title: string;
  when: string;
  onOpenLot: (id: string) => void;
}) {
  return (
    <>
      <strong>{title}</strong>
      <span className="when">{when}</span>
      <ul>
        {body.lots.map((l) => (
          <li key={l.id}>
            <a
              href={`/lots/${l.id}`}
              onClick={(e) => {
                e.preventDefault();
                onOpenLot(l.id);
              }}
            >
              {l.tag ?? l.epc}
            </a>{' '}
            {conformityText(l.before, l.after, body.conformity.cause, locale)}
          </li>
        ))}
        {body.lotCount > body.lots.length && (
          <li>
            … {body.lotCount - body.lots.length} {t('moreLots')}
          </li>
        )}
      </ul>
    </>
  );
}
