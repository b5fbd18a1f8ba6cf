import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Answer } from '../../api/client.ts';
import { ExportButton } from '../../components/export-button.tsx';
import { Failure, Loading } from '../../components/query-state.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { useDayFormat } from '../../i18n/dates.ts';
import { useLocale } from '../../i18n/locale.ts';
import { visitPlanQuery } from './queries.ts';

export type PlannedVisit = Answer<'/api/visit-plan'>['items'][number];

/** How late or how soon a planned visit is, in the reader's language. */
export function DueLine({ p }: { p: PlannedVisit }) {
  const { t } = useTranslation('monitoring');
  const day = useDayFormat();
  const n = new Intl.NumberFormat(useLocale());
  if (p.overdue)
    return (
      <strong className="late">
        {p.daysOverdue > 0
          ? t('plan.overdue', { count: p.daysOverdue, days: n.format(p.daysOverdue) })
          : t('plan.dueToday')}
      </strong>
    );
  return <span>{t('plan.due', { date: day(p.dueAt) })}</span>;
}

/**
 * A monitor's visit plan: its sites, the most urgent first (an open level-1 incident, then the most overdue),
 * each with its status, when the next visit is due and why, and a button to record it. Made for a phone.
 */
export function VisitPlanPage() {
  const { t } = useTranslation('monitoring');
  const { t: tc } = useTranslation();
  const day = useDayFormat();
  const n = new Intl.NumberFormat(useLocale());
  const plan = useInfiniteQuery(visitPlanQuery);

  if (plan.error && !plan.data) return <Failure error={plan.error} />;
  if (!plan.data) return <Loading />;
  const items = plan.data.pages.flatMap((p) => p.items);
  if (items.length === 0) return <p className="empty">{t('plan.none')}</p>;
  const late = items.filter((p) => p.overdue).length;
  return (
    <>
      <p className="intro">{t('plan.intro')}</p>
      <p role="status">{t('plan.summary', { count: items.length, late: n.format(late) })}</p>
      <ExportButton label={tc('title.visitPlan')} list={{ path: '/api/visit-plan', query: {} }} />
      <ol className="visit-plan">
        {items.map((p) => (
          <li key={p.site.id} className={`plan-card${p.urgent ? ' urgent' : p.overdue ? ' overdue' : ''}`}>
            <div className="plan-head">
              <Link to={`/sites/${p.site.id}`}>
                {p.site.code} · {p.site.name}
              </Link>
              <StatusBadge status={p.site.status} suspended={p.site.suspended} />
            </div>
            {p.openLevel1 > 0 && <p className="level1">{t('plan.level1', { count: p.openLevel1 })}</p>}
            <p>
              <DueLine p={p} />
            </p>
            <p className="plan-facts">
              {p.lastVisitAt ? t('plan.lastVisit', { date: day(p.lastVisitAt) }) : t('plan.neverVisited')}
              {' · '}
              {t('plan.every', { count: p.everyDays, days: n.format(p.everyDays) })} (
              {t(`plan.reason.${p.reason}`)})
            </p>
            <Link className="button primary" to={`/visits/new?site=${p.site.id}`}>
              {t('plan.record')}
            </Link>
          </li>
        ))}
      </ol>
      {plan.error && <Failure error={plan.error} prefixed />}
      {plan.isFetchingNextPage && <Loading />}
      {plan.hasNextPage && !plan.isFetchingNextPage && (
        <button type="button" onClick={() => plan.fetchNextPage()}>
          {tc('more')}
        </button>
      )}
    </>
  );
}
