import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Failure, Loading } from '../../components/query-state.tsx';
import { useDayFormat } from '../../i18n/dates.ts';
import { useLocale } from '../../i18n/locale.ts';
import { useMoney } from '../../i18n/money.ts';
import { Outcomes } from './outcomes.tsx';
import { funderQuery } from './queries.ts';

/**
 * A funder's page: what the member paid, where it went (its share of what each project received) and, for each
 * project, the indicators before and after, with a chart.
 */
export function FunderPage() {
  const { fundId = '', id = '' } = useParams();
  const { t } = useTranslation('funding');
  const day = useDayFormat();
  const pct = new Intl.NumberFormat(useLocale(), { style: 'percent', maximumFractionDigits: 1 });
  const funder = useQuery(funderQuery(fundId, id));
  const money = useMoney(funder.data?.currency ?? 'USD');
  if (funder.error) return <Failure error={funder.error} />;
  if (!funder.data) return <Loading />;
  const f = funder.data;
  return (
    <article className="funder">
      <h2>{f.member.name}</h2>
      <dl className="facts">
        <dt>{t('funder.paid')}</dt>
        <dd>{money(f.paidMinor)}</dd>
        <dt>{t('funder.share')}</dt>
        <dd>
          {t('funder.shareOf', {
            share: pct.format(f.fundPaidMinor === 0 ? 0 : f.paidMinor / f.fundPaidMinor),
            total: money(f.fundPaidMinor),
          })}
        </dd>
      </dl>
      <section className="card" aria-label={t('funder.payments')}>
        <h2>{t('funder.payments')}</h2>
        {f.payments.length === 0 && <p className="empty">{t('funder.noPayments')}</p>}
        <ul>
          {f.payments.map((r) => (
            <li key={r.id}>
              {day(r.at)} · {money(r.amountMinor)} · {r.reference} ({t('funder.forYear', { year: r.year })})
            </li>
          ))}
        </ul>
      </section>
      {f.projects.map((p) => (
        <section key={p.id} className="card" aria-label={p.title}>
          <h2>
            <Link to={`/funding/projects/${p.id}`}>{p.title}</Link>
          </h2>
          <p>
            {t('funder.went', {
              amount: money(p.attributedMinor),
              disbursed: money(p.disbursedMinor),
              place: p.site ? `${p.site.code} · ${p.site.name}` : (p.cooperative?.name ?? ''),
            })}
          </p>
          <Outcomes
            outcomes={p.outcomes}
            startsOn={day(p.startsOn)}
            label={t('outcomes.chart', { project: p.title })}
          />
        </section>
      ))}
      <p>
        <Link to="/funding">{t('fund.backShort')}</Link>
      </p>
    </article>
  );
}
