import { useCallback, useEffect, useState } from 'react';
import { api, type Page } from '../api.ts';
import type { MessageKey } from '../i18n.ts';

interface Alert {
  id: string;
  incidentId: string;
  title: string;
  body: {
    incident: { code: string; level: number; title: string };
    site: { code: string; name: string };
    transition: { to: string; reason: string };
  };
  readAt: string | null;
  createdAt: string;
}

/** An alert's headline in the reader's language, built from its facts. */
export const alertTitle = (a: Alert, t: (k: MessageKey) => string) =>
  `${a.body.incident.code} · ${t(`state.${a.body.transition.to}` as MessageKey)} · ${a.body.incident.title} (${t('level').toLowerCase()} ${a.body.incident.level}) — ${a.body.site.code} ${a.body.site.name}`;

/** The organisation's alerts inbox: newest first, unread ones marked. */
export function AlertsPage({
  t,
  onOpenIncident,
  onChange,
}: {
  t: (k: MessageKey) => string;
  onOpenIncident: (id: string) => void;
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
          <a
            href={`/incidents/${a.incidentId}`}
            onClick={(e) => {
              e.preventDefault();
              onOpenIncident(a.incidentId);
            }}
          >
            {alertTitle(a, t)}
          </a>
          <span className="when">{a.createdAt.slice(0, 16).replace('T', ' ')}</span>
          <p>{a.body.transition.reason}</p>
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
