import { useEffect, useState } from 'react';
import { api } from '../api.ts';
import { StatusBadge } from '../components/status-badge.tsx';
import type { MessageKey } from '../i18n.ts';

interface Dashboard {
  sites: { blue: number; green: number; yellow: number; red: number; suspended: number };
  incidents: {
    open: { level1: number; level2: number; level3: number };
    overdueVerification: number;
    overdueReview: number;
  } | null;
  alerts: { unread: number };
  correctiveActions: { open: number; overdue: number; dueIn30Days: number } | null;
}

/** One figure that opens the list behind it. */
function Figure({
  value,
  label,
  to,
  go,
  urgent,
}: {
  value: number;
  label: string;
  to: string;
  go: (r: string) => void;
  urgent?: boolean;
}) {
  return (
    <a
      className={`figure${urgent && value > 0 ? ' urgent' : ''}`}
      href={to}
      onClick={(e) => {
        e.preventDefault();
        go(to);
      }}
    >
      <strong>{value}</strong> <span>{label}</span>
    </a>
  );
}

/** The home page: which sites are in trouble, what is open or late, what is unread. */
export function HomePage({ t, go }: { t: (k: MessageKey) => string; go: (r: string) => void }) {
  const [d, setD] = useState<Dashboard | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<Dashboard>('GET', '/api/dashboard').then(setD, (e) => setError((e as Error).message));
  }, []);
  if (error) {
    return (
      <p role="alert" className="error">
        {t('error')}: {error}
      </p>
    );
  }
  if (!d) {
    return (
      <p className="loading" role="status">
        {t('loading')}
      </p>
    );
  }
  return (
    <div className="dashboard">
      <section className="card" aria-label={t('sitesByStatus')}>
        <h2>{t('sitesByStatus')}</h2>
        <ul className="statuses">
          {(['red', 'yellow', 'green', 'blue'] as const).map((s) => (
            <li key={s}>
              <a
                className="figure"
                href={`/sites?status=${s}`}
                onClick={(e) => {
                  e.preventDefault();
                  go(`/sites?status=${s}`);
                }}
              >
                <strong data-testid={`sites-${s}`}>{d.sites[s]}</strong> <StatusBadge status={s} t={t} />
              </a>
            </li>
          ))}
        </ul>
        <Figure value={d.sites.suspended} label={t('suspendedSites')} to="/incidents" go={go} urgent />
      </section>
      {d.incidents && (
        <section className="card" aria-label={t('openIncidents')}>
          <h2>{t('openIncidents')}</h2>
          <Figure
            value={d.incidents.overdueVerification}
            label={t('overdueVerifications')}
            to="/incidents?overdue=true"
            go={go}
            urgent
          />
          <Figure
            value={d.incidents.open.level1}
            label={`${t('level')} 1`}
            to="/incidents?level=1"
            go={go}
            urgent
          />
          <Figure value={d.incidents.open.level2} label={`${t('level')} 2`} to="/incidents?level=2" go={go} />
          <Figure value={d.incidents.open.level3} label={`${t('level')} 3`} to="/incidents?level=3" go={go} />
          <Figure
            value={d.incidents.overdueReview}
            label={t('overdueReviews')}
            to="/incidents"
            go={go}
            urgent
          />
        </section>
      )}
      <section className="card" aria-label={t('alerts')}>
        <h2>{t('alerts')}</h2>
        <Figure value={d.alerts.unread} label={t('unread')} to="/alerts" go={go} urgent />
      </section>
      {d.correctiveActions && (
        <section className="card" aria-label={t('correctiveActionsShort')}>
          <h2>{t('correctiveActionsShort')}</h2>
          <Figure value={d.correctiveActions.overdue} label={t('overdue')} to="/sites" go={go} urgent />
          <Figure value={d.correctiveActions.dueIn30Days} label={t('dueIn30Days')} to="/sites" go={go} />
          <Figure value={d.correctiveActions.open} label={t('openCount')} to="/sites" go={go} />
        </section>
      )}
    </div>
  );
}
