import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Loading } from '../../components/query-state.tsx';
import { useLocale } from '../../i18n/locale.ts';
import { downstreamQuery } from './queries.ts';

/** Where a site's production went: the organisations it reached and the lots carrying it. */
export function SiteFlows({ siteId }: { siteId: string }) {
  const { t } = useTranslation('custody');
  const n = new Intl.NumberFormat(useLocale(), { maximumFractionDigits: 1 });
  const answer = useQuery(downstreamQuery(siteId));
  const flows = answer.error ? { lots: [], organisations: [] } : answer.data;
  return (
    <section aria-label={t('flows.title')}>
      <h2>{t('flows.title')}</h2>
      {!flows ? (
        <Loading />
      ) : flows.lots.length === 0 ? (
        <p className="empty">{t('flows.none')}</p>
      ) : (
        <>
          <p>{t('flows.reached')}</p>
          <ul data-testid="reached">
            {flows.organisations.map((o) => (
              <li key={o.id}>
                {o.name}
                {o.containedKg > 0 && ` — ${t('flows.heldNow', { kg: n.format(o.containedKg) })}`}
              </li>
            ))}
          </ul>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{t('flows.tag')}</th>
                  <th>{t('flows.kind')}</th>
                  <th>{t('flows.holder')}</th>
                  <th className="num">{t('flows.share')}</th>
                  <th className="num">{t('flows.cobaltKg')}</th>
                </tr>
              </thead>
              <tbody>
                {flows.lots.map((l) => (
                  <tr key={l.id}>
                    <td>
                      <Link to={`/lots/${l.id}`}>{l.tag ?? l.epc}</Link>
                    </td>
                    <td>{t(`lotKind.${l.kind}`)}</td>
                    <td>{l.holder.name}</td>
                    <td className="num">{Math.round(l.siteShare * 1000) / 10} %</td>
                    <td className="num">{n.format(l.siteContainedKg)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
