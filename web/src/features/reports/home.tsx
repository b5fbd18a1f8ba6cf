import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { SITE_STATUSES } from '../../../../src/domain/sites/site.ts';
import { api, ok } from '../../api/client.ts';
import { Failure, Loading } from '../../components/query-state.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { useLocale } from '../../i18n/locale.ts';

/** The figures of the home page, as the caller's role may see them. */
export const dashboardQuery = queryOptions({
  queryKey: ['dashboard'],
  queryFn: () => ok(api.GET('/api/dashboard')),
});

/** One figure that opens the list behind it; an urgent one stands out while it is above zero. */
interface FigureLink {
  value: number;
  label: string;
  to: string;
  urgent?: boolean;
}

/** A titled card of figures, each opening its list filtered as it was counted; `children` come first. */
function FigureCard({
  title,
  figures,
  children,
}: {
  title: string;
  figures: readonly FigureLink[];
  children?: ReactNode;
}) {
  const n = new Intl.NumberFormat(useLocale());
  return (
    <section className="card" aria-label={title}>
      <h2>{title}</h2>
      {children}
      {figures.map((f) => (
        <Link key={f.to} className={`figure${f.urgent && f.value > 0 ? ' urgent' : ''}`} to={f.to}>
          <strong>{n.format(f.value)}</strong> <span>{f.label}</span>
        </Link>
      ))}
    </section>
  );
}

/**
 * The home page: which of the reader's sites are in trouble, what is open or late, what is unread, what waits in its
 * queue. Each figure opens its list filtered as it was counted.
 */
export function HomePage() {
  const { t } = useTranslation('reports', { keyPrefix: 'home' });
  const { t: tc } = useTranslation();
  const locale = useLocale();
  const { data: d, error } = useQuery(dashboardQuery);
  if (error) return <Failure error={error} prefixed />;
  if (!d) return <Loading />;
  const n = new Intl.NumberFormat(locale);
  // A cooperative's, a buyer's or a refiner's figures count its own sites: its list opens on them too.
  const mine = d.sites.scope === 'operated' || d.sites.scope === 'exposed' ? '&mine=true' : '';
  return (
    <div className="dashboard">
      <FigureCard
        title={t(`sitesByStatus.${d.sites.scope}`)}
        figures={[
          {
            value: d.sites.suspended,
            label: t('suspendedSites', { count: d.sites.suspended }),
            to: `/sites?suspended=true${mine}`,
            urgent: true,
          },
        ]}
      >
        <ul className="statuses">
          {[...SITE_STATUSES].reverse().map((s) => (
            <li key={s}>
              <Link className="figure" to={`/sites?status=${s}${mine}`}>
                <strong data-testid={`sites-${s}`}>{n.format(d.sites[s])}</strong> <StatusBadge status={s} />
              </Link>
            </li>
          ))}
        </ul>
      </FigureCard>
      {d.incidents && (
        <FigureCard
          title={t('openIncidents')}
          figures={[
            {
              value: d.incidents.overdueVerification,
              label: t('overdueVerifications', { count: d.incidents.overdueVerification }),
              to: '/incidents?overdue=true',
              urgent: true,
            },
            {
              value: d.incidents.open.level1,
              label: tc('level', { level: 1 }),
              to: '/incidents?level=1',
              urgent: true,
            },
            { value: d.incidents.open.level2, label: tc('level', { level: 2 }), to: '/incidents?level=2' },
            { value: d.incidents.open.level3, label: tc('level', { level: 3 }), to: '/incidents?level=3' },
            {
              value: d.incidents.overdueReview,
              label: t('overdueReviews', { count: d.incidents.overdueReview }),
              to: '/incidents?reviewOverdue=true',
              urgent: true,
            },
          ]}
        />
      )}
      <FigureCard
        title={t('alerts')}
        figures={[
          {
            value: d.alerts.unread,
            label: t('unread', { count: d.alerts.unread }),
            to: '/alerts',
            urgent: true,
          },
        ]}
      />
      {d.correctiveActions && (
        <FigureCard
          title={t('correctiveActions')}
          figures={[
            {
              value: d.correctiveActions.overdue,
              label: t('overdue', { count: d.correctiveActions.overdue }),
              to: '/corrective-actions?due=overdue',
              urgent: true,
            },
            {
              value: d.correctiveActions.dueIn30Days,
              label: t('dueIn30Days', { count: d.correctiveActions.dueIn30Days }),
              to: '/corrective-actions?due=soon',
            },
            {
              value: d.correctiveActions.open,
              label: t('open', { count: d.correctiveActions.open }),
              to: '/corrective-actions?status=open',
            },
          ]}
        />
      )}
      {d.grievances && (
        <FigureCard
          title={t('grievances')}
          figures={[
            {
              value: d.grievances.received,
              label: t('grievancesReceived', { count: d.grievances.received }),
              to: '/grievances?status=received',
              urgent: true,
            },
            {
              value: d.grievances.validated,
              label: t('grievancesValidated', { count: d.grievances.validated }),
              to: '/grievances?status=validated',
            },
          ]}
        />
      )}
    </div>
  );
}
