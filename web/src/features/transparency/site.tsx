import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isHidden } from '../../api/client.ts';
import { Failure, Loading } from '../../components/query-state.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { useDayFormat } from '../../i18n/dates.ts';
import { useLocale } from '../../i18n/locale.ts';
import { PUBLIC_PAGES } from '../../routes.ts';
import { usePublicSite } from './queries.ts';

const REASONS = [
  'registered',
  'assessment',
  'red_minimum',
  'green_lapsed',
  'yellow_overdue',
  'blue_too_long',
  'red_minimum_over',
  'suspended',
  'suspension_lifted',
] as const;

/** A public site: its status history and the ore tagged there by month, as of the delay. */
export function TransparencySitePage() {
  const { code = '' } = useParams();
  const { t } = useTranslation('transparency', { keyPrefix: 'page' });
  const { t: ts } = useTranslation('sites');
  const locale = useLocale();
  const day = useDayFormat();
  const n = new Intl.NumberFormat(locale);
  const kg = new Intl.NumberFormat(locale, { style: 'unit', unit: 'kilogram', maximumFractionDigits: 1 });
  const month = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const site = usePublicSite(code);
  const back = <Link to={PUBLIC_PAGES.transparency}>← {t('back')}</Link>;
  if (site.isPending) return <Loading />;
  if (site.error)
    return (
      <article>
        {back}
        {isHidden(site.error) ? <p role="alert">{t('notPublic')}</p> : <Failure error={site.error} />}
      </article>
    );
  const { site: s, history, volumes, asOf } = site.data;
  const reason = (kind: string) =>
    t(
      `reason.${(REASONS as readonly string[]).includes(kind) ? (kind as (typeof REASONS)[number]) : 'other'}`,
    );
  return (
    <article className="transparency">
      {back}
      <h1>
        {s.code} · {s.name}
      </h1>
      <p data-testid="as-of">{t('asOf', { day: day(asOf) })}</p>
      <dl className="facts">
        <dt>{t('status')}</dt>
        <dd>
          <StatusBadge status={s.status} /> {t('since')} {day(s.statusSince)}
        </dd>
        <dt>{t('province')}</dt>
        <dd>
          {s.province}
          {s.territory ? ` · ${s.territory}` : ''}
        </dd>
        <dt>{t('minerals')}</dt>
        <dd>{s.minerals.map((m) => ts(`mineral.${m}`)).join(', ')}</dd>
        <dt>{t('place')}</dt>
        <dd data-testid="location">{t(`location.${s.location}`)}</dd>
      </dl>
      <h2>{t('history')}</h2>
      <ol className="history" data-testid="history">
        {history.map((h) => (
          <li key={`${h.effectiveAt}-${h.status}`}>
            {day(h.effectiveAt)} — <StatusBadge status={h.status} /> ({reason(h.reasonKind)})
          </li>
        ))}
      </ol>
      <h2>{t('volumes')}</h2>
      {volumes.length === 0 ? (
        <p>{t('noVolumes')}</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="volumes">
            <thead>
              <tr>
                <th>{t('month')}</th>
                <th className="num">{t('sacks')}</th>
                <th className="num">{t('mass')}</th>
                <th className="num">{t('cobalt')}</th>
              </tr>
            </thead>
            <tbody>
              {volumes.map((v) => (
                <tr key={v.month}>
                  <td>{month.format(new Date(`${v.month}-01T00:00:00Z`))}</td>
                  <td className="num">{n.format(v.sacks)}</td>
                  <td className="num">{kg.format(v.massKg)}</td>
                  <td className="num">{kg.format(v.cobaltKg)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </article>
  );
}
