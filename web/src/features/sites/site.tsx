import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { canEditSites, canReadAllPrivate } from '../../../../src/domain/access/roles.ts';
import { Failure, Loading } from '../../components/query-state.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { useLocale } from '../../i18n/locale.ts';
import { usePrincipal } from '../access/session.ts';
import { openActionsQuery, siteAssessmentsQuery } from '../assessments/queries.ts';
import { SiteActions, SiteAssessments } from '../assessments/site-assessments.tsx';
import { SiteFlows } from '../custody/site-flows.tsx';
import { SiteIndicators } from '../monitoring/site-indicators.tsx';
import { HistoryCard } from '../screening/history-card.tsx';
import { SiteMergeCard } from '../screening/merge-card.tsx';
import { siteQuery, statusHistoryQuery } from './queries.ts';
import { SiteWork } from './site-work.tsx';
import { useStatusReason } from './status-reason.ts';

/** One site: its status and why, the work done from it, its indicators, flows, actions, assessments and history. */
export function SitePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('sites');
  const { t: tc } = useTranslation();
  const locale = useLocale();
  const navigate = useNavigate();
  const principal = usePrincipal();
  const mayEdit = canEditSites(principal);
  const { t: tsc } = useTranslation('screening');
  const reasonText = useStatusReason();
  const { data: site, error } = useQuery(siteQuery(id));
  const history = useQuery(statusHistoryQuery(id));
  // The page appears whole, as one answer: the sections below read the same queries from the cache.
  const others = [
    history,
    useInfiniteQuery(siteAssessmentsQuery(id)),
    useInfiniteQuery(openActionsQuery(id)),
  ];

  if (error ?? history.error) return <Failure error={error ?? history.error} prefixed />;
  // Settled once is enough: a later refresh keeps the page on screen.
  if (!site || !history.data || others.some((q) => !q.isFetched)) return <Loading />;
  const number = (n: number | null, unit = '') => (n === null ? '—' : `${n.toLocaleString(locale)}${unit}`);
  // A merged site reads as the one kept: the page says so and leads there.
  if (site.id !== id)
    return (
      <article className="site-page">
        <Link to="/sites">{t('page.back')}</Link>
        <p className="notice" role="status" data-testid="merged-into">
          {tsc('merge.mergedInto')}{' '}
          <Link to={`/sites/${site.id}`}>
            {site.code} · {site.name} →
          </Link>
        </p>
      </article>
    );

  return (
    <article className="site-page">
      <Link to="/sites">{t('page.back')}</Link>
      <h1>
        {site.code} · {site.name} <StatusBadge status={site.status} />
        {site.suspendedBy.length > 0 && <span className="suspended"> ⊘ {t('page.suspended')}</span>}
      </h1>
      {mayEdit && (
        <button type="button" onClick={() => navigate(`/sites/${id}/edit`)}>
          {tc('edit')}
        </button>
      )}
      <section className={`explanation explanation-${site.status}`} aria-label={t('page.whyStatus')}>
        <h2>{t('page.whyStatus')}</h2>
        <p data-testid="status-explanation">{reasonText(site.status, site.statusSince, site.statusReason)}</p>
      </section>

      <section aria-label={t('page.details')}>
        <h2>{t('page.details')}</h2>
        <dl className="facts">
          <dt>{t('page.province')}</dt>
          <dd>{site.province}</dd>
          <dt>{t('page.territory')}</dt>
          <dd>{site.territory ?? '—'}</dd>
          <dt>{t('page.zone')}</dt>
          <dd>{site.zoneCode ?? '—'}</dd>
          <dt>{t('page.concession')}</dt>
          <dd>{site.concession ?? '—'}</dd>
          <dt>{t('page.minerals')}</dt>
          <dd>{site.minerals.map((m) => t(`mineral.${m}`)).join(', ')}</dd>
          <dt>{t('page.cooperatives')}</dt>
          <dd>{site.cooperatives.map((c) => c.name).join(', ') || '—'}</dd>
          <dt>{t('page.workforce')}</dt>
          <dd>{number(site.workforce)}</dd>
          <dt>{t('page.pits')}</dt>
          <dd>{number(site.pits)}</dd>
          <dt>{t('page.capacity')}</dt>
          <dd>{number(site.capacityKgMonth, ' kg')}</dd>
          <dt>{t('page.grade')}</dt>
          <dd>{number(site.typicalGradePct, ' %')}</dd>
        </dl>
      </section>

      <SiteWork siteId={site.id} />
      <SiteIndicators siteId={site.id} />
      <SiteFlows siteId={site.id} />
      <SiteActions siteId={site.id} />
      <SiteAssessments siteId={site.id} />

      <section aria-label={t('page.history')}>
        <h2>{t('page.history')}</h2>
        <ol className="history">
          {history.data.map((h) => (
            <li key={h.id}>
              <StatusBadge status={h.status} /> {reasonText(h.status, h.effectiveAt, h.reasonData)}
            </li>
          ))}
        </ol>
      </section>
      {mayEdit && <SiteMergeCard site={site} />}
      {canReadAllPrivate(principal) && <HistoryCard recordType="site" id={site.id} />}
    </article>
  );
}
