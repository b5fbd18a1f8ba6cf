import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCardCells } from '../../components/card-cells.ts';
import { Failure, Loading } from '../../components/query-state.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { useDayFormat } from '../../i18n/dates.ts';
import { useLocale } from '../../i18n/locale.ts';
import { PUBLIC_PAGES } from '../../routes.ts';
import { halfOf, useOverview, usePublicIncidents } from './queries.ts';

const STATUSES = ['green', 'yellow', 'red', 'blue'] as const;

/** The public transparency view: sites and their status as of the delay, and the closed incidents. */
export function TransparencyPage() {
  const { t } = useTranslation('transparency', { keyPrefix: 'page' });
  const { t: ti } = useTranslation('incidents');
  const { t: tc } = useTranslation();
  const day = useDayFormat();
  const n = new Intl.NumberFormat(useLocale());
  const overview = useOverview();
  const incidents = usePublicIncidents();
  const sitesTable = useRef<HTMLTableElement>(null);
  const siteLabels = [t('code'), t('name'), t('province'), t('status'), t('since'), t('place')];
  useCardCells(sitesTable, siteLabels);
  if (overview.isPending) return <Loading />;
  if (overview.error) return <Failure error={overview.error} />;
  const o = overview.data;
  return (
    <article className="transparency">
      <h1>{t('title')}</h1>
      <p>{t('intro', { count: o.delayMonths, months: n.format(o.delayMonths) })}</p>
      <p data-testid="as-of">
        <strong>{t('asOf', { day: day(o.asOf) })}</strong> ·{' '}
        <Link to={PUBLIC_PAGES.openData}>{t('openData')}</Link>
      </p>
      <h2>{t('counts')}</h2>
      <ul className="status-counts">
        {STATUSES.map((s) => (
          <li key={s} data-testid={`count-${s}`}>
            <StatusBadge status={s} /> {n.format(o.statusCounts[s])}
          </li>
        ))}
      </ul>
      <h2>{t('sites')}</h2>
      {o.sites.length === 0 ? (
        <p>{t('noSites')}</p>
      ) : (
        <div className="table-wrap">
          <table className="cards" ref={sitesTable}>
            <thead>
              <tr>
                {siteLabels.map((l) => (
                  <th key={l}>{l}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {o.sites.map((s) => (
                <tr key={s.code}>
                  <td>
                    <Link to={PUBLIC_PAGES.transparencySite.replace(':code', s.code)}>{s.code}</Link>
                  </td>
                  <td>{s.name}</td>
                  <td>{s.province}</td>
                  <td>
                    <StatusBadge status={s.status} />
                  </td>
                  <td>{day(s.statusSince)}</td>
                  <td>{t(`location.${s.location}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{t('incidents')}</h2>
      <p>{t('incidentsIntro')}</p>
      {incidents.isPending ? (
        <Loading />
      ) : incidents.error ? (
        <Failure error={incidents.error} />
      ) : incidents.data.summaries.length === 0 ? (
        <p>{t('noIncidents')}</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="incident-summaries">
            <thead>
              <tr>
                <th>{t('period')}</th>
                <th>{t('category')}</th>
                <th>{t('level')}</th>
                <th className="num">{t('count')}</th>
              </tr>
            </thead>
            <tbody>
              {incidents.data.summaries.map((s) => (
                <tr key={`${s.period}-${s.category}-${s.level}`}>
                  <td>{t('half', halfOf(s.period))}</td>
                  <td>
                    {ti(`category.${s.category}` as 'category.governance', { defaultValue: s.category })}
                  </td>
                  <td>{tc('level', { level: s.level })}</td>
                  <td className="num">{n.format(s.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </article>
  );
}
