import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ExportButton } from '../../components/export-button.tsx';
import { Failure, Loading } from '../../components/query-state.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { useDayFormat } from '../../i18n/dates.ts';
import { useLocale } from '../../i18n/locale.ts';
import { overdueQuery } from './queries.ts';

/**
 * For the programme's analysts: each monitor with overdue visits, most overdue first, with how many and which sites
 * (urgent ones first), when each was due and by how many days it is late.
 */
export function OverdueVisitsPage() {
  const { t } = useTranslation('monitoring');
  const { t: tc } = useTranslation();
  const day = useDayFormat();
  const n = new Intl.NumberFormat(useLocale());
  const overdue = useInfiniteQuery(overdueQuery);

  if (overdue.error && !overdue.data) return <Failure error={overdue.error} />;
  if (!overdue.data) return <Loading />;
  const items = overdue.data.pages.flatMap((p) => p.items);
  return (
    <>
      <p className="intro">{t('overdue.intro')}</p>
      <div className="toolbar">
        <Link className="button" to="/site-assignments">
          {t('assignments.open')}
        </Link>
      </div>
      <ExportButton label={tc('title.overdueVisits')} list={{ path: '/api/visit-plan/overdue', query: {} }} />
      {items.length === 0 && <p className="empty">{t('overdue.none')}</p>}
      <ul className="overdue-list">
        {items.map((m) => (
          <li key={m.monitor.id} className="plan-card" aria-label={m.monitor.name}>
            <div className="plan-head">
              <span>{m.monitor.name}</span>
              <span className="late">
                {t('overdue.count')} : {n.format(m.overdue)}
              </span>
            </div>
            <ol>
              {m.sites.map((s) => (
                <li key={s.site.id}>
                  <Link to={`/sites/${s.site.id}`}>
                    {s.site.code} · {s.site.name}
                  </Link>{' '}
                  <StatusBadge status={s.site.status} suspended={s.site.suspended} />{' '}
                  {s.urgent && <span className="level1">{t('plan.level1', { count: s.openLevel1 })} · </span>}
                  <span className="late">
                    {s.daysOverdue > 0
                      ? t('plan.overdue', { count: s.daysOverdue, days: n.format(s.daysOverdue) })
                      : t('plan.dueToday')}
                  </span>{' '}
                  <span className="plan-facts">
                    ({t('plan.due', { date: day(s.dueAt) })} ·{' '}
                    {s.lastVisitAt
                      ? t('plan.lastVisit', { date: day(s.lastVisitAt) })
                      : t('plan.neverVisited')}
                    )
                  </span>
                </li>
              ))}
            </ol>
          </li>
        ))}
      </ul>
      {overdue.error && <Failure error={overdue.error} prefixed />}
      {overdue.isFetchingNextPage && <Loading />}
      {overdue.hasNextPage && !overdue.isFetchingNextPage && (
        <button type="button" onClick={() => overdue.fetchNextPage()}>
          {tc('more')}
        </button>
      )}
    </>
  );
}
