import { queryOptions, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { SITE_STATUSES } from '../../../../src/domain/sites/site.ts';
import { api, ok } from '../../api/client.ts';
import { Failure, Loading } from '../../components/query-state.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';

/** The figures of the home page, as the caller's role may see them. */
export const dashboardQuery = queryOptions({
  queryKey: ['dashboard'],
  queryFn: () => ok(api.GET('/api/dashboard')),
});

/** One figure that opens the list behind it. */
function Figure({
  value,
  label,
  to,
  urgent,
}: {
  value: number;
  label: string;
  to: string;
  urgent?: boolean;
}) {
  return (
    <Link className={`figure${urgent && value > 0 ? ' urgent' : ''}`} to={to}>
      <strong>{value}</strong> <span>{label}</span>
    </Link>
  );
}

/** The home page: which sites are in trouble, what is open or late, what is unread. */
export function HomePage() {
  const { t } = useTranslation('reports', { keyPrefix: 'home' });
  const { t: tc } = useTranslation();
  const { data: d, error } = useQuery(dashboardQuery);
  if (error) return <Failure error={error} prefixed />;
  if (!d) return <Loading />;
  return (
    <div className="dashboard">
      <section className="card" aria-label={t('sitesByStatus')}>
        <h2>{t('sitesByStatus')}</h2>
        <ul className="statuses">
          {[...SITE_STATUSES].reverse().map((s) => (
            <li key={s}>
              <Link className="figure" to={`/sites?status=${s}`}>
                <strong data-testid={`sites-${s}`}>{d.sites[s]}</strong> <StatusBadge status={s} />
              </Link>
            </li>
          ))}
        </ul>
        <Figure
          value={d.sites.suspended}
          label={t('suspendedSites', { count: d.sites.suspended })}
          to="/incidents"
          urgent
        />
      </section>
      {d.incidents && (
        <section className="card" aria-label={t('openIncidents')}>
          <h2>{t('openIncidents')}</h2>
          <Figure
            value={d.incidents.overdueVerification}
            label={t('overdueVerifications', { count: d.incidents.overdueVerification })}
            to="/incidents?overdue=true"
            urgent
          />
          <Figure
            value={d.incidents.open.level1}
            label={tc('level', { level: 1 })}
            to="/incidents?level=1"
            urgent
          />
          <Figure value={d.incidents.open.level2} label={tc('level', { level: 2 })} to="/incidents?level=2" />
          <Figure value={d.incidents.open.level3} label={tc('level', { level: 3 })} to="/incidents?level=3" />
          <Figure
            value={d.incidents.overdueReview}
            label={t('overdueReviews', { count: d.incidents.overdueReview })}
            to="/incidents"
            urgent
          />
        </section>
      )}
      <section className="card" aria-label={t('alerts')}>
        <h2>{t('alerts')}</h2>
        <Figure value={d.alerts.unread} label={t('unread', { count: d.alerts.unread })} to="/alerts" urgent />
      </section>
      {d.correctiveActions && (
        <section className="card" aria-label={t('correctiveActions')}>
          <h2>{t('correctiveActions')}</h2>
          <Figure
            value={d.correctiveActions.overdue}
            label={t('overdue', { count: d.correctiveActions.overdue })}
            to="/sites"
            urgent
          />
          <Figure
            value={d.correctiveActions.dueIn30Days}
            label={t('dueIn30Days', { count: d.correctiveActions.dueIn30Days })}
            to="/sites"
          />
          <Figure
            value={d.correctiveActions.open}
            label={t('open', { count: d.correctiveActions.open })}
            to="/sites"
          />
        </section>
      )}
    </div>
  );
}
