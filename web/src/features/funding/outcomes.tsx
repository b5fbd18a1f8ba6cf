import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Chart } from '../../components/chart.tsx';
import { useLocale } from '../../i18n/locale.ts';
import { isIndicator } from '../monitoring/indicators.ts';

export interface Outcome {
  indicator: string;
  before: { observations: number; mean: number | null };
  after: { observations: number; mean: number | null };
  change: number | null;
  verdict: 'improved' | 'worsened' | 'unchanged' | 'unknown';
}

/** Each indicator a project should move, before and after its start: a table and a chart of the two means. */
export function Outcomes({
  outcomes,
  startsOn,
  label,
}: {
  outcomes: Outcome[];
  startsOn: string;
  label: string;
}) {
  const { t } = useTranslation('funding');
  const { t: tm } = useTranslation('monitoring');
  const n = new Intl.NumberFormat(useLocale(), { maximumFractionDigits: 2 });
  const signed = new Intl.NumberFormat(useLocale(), { maximumFractionDigits: 2, signDisplay: 'exceptZero' });
  const name = (i: string) => (isIndicator(i) ? tm(`indicator.${i}`) : i);
  if (outcomes.length === 0) return <p className="empty">{t('outcomes.none')}</p>;
  return (
    <>
      <p className="intro">{t('outcomes.intro', { date: startsOn })}</p>
      <table>
        <thead>
          <tr>
            <th>{t('outcomes.indicator')}</th>
            <th>{t('outcomes.before')}</th>
            <th>{t('outcomes.after')}</th>
            <th>{t('outcomes.change')}</th>
            <th>{t('outcomes.verdict')}</th>
          </tr>
        </thead>
        <tbody>
          {outcomes.map((o) => (
            <tr key={o.indicator}>
              <td>{name(o.indicator)}</td>
              <td>
                {o.before.mean === null ? '—' : n.format(o.before.mean)}{' '}
                <span className="plan-facts">
                  (
                  {t('outcomes.visits', { count: o.before.observations, n: n.format(o.before.observations) })}
                  )
                </span>
              </td>
              <td>
                {o.after.mean === null ? '—' : n.format(o.after.mean)}{' '}
                <span className="plan-facts">
                  ({t('outcomes.visits', { count: o.after.observations, n: n.format(o.after.observations) })})
                </span>
              </td>
              <td>{o.change === null ? '—' : signed.format(o.change)}</td>
              <td className={`verdict-${o.verdict}`}>{t(`verdict.${o.verdict}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="outcome-charts" title={label}>
        {outcomes.map((o) => (
          <OutcomeChart key={o.indicator} outcome={o} name={name(o.indicator)} />
        ))}
      </div>
    </>
  );
}

/** One indicator's two means side by side: its own scale, so that a head-count does not flatten children seen. */
function OutcomeChart({ outcome, name }: { outcome: Outcome; name: string }) {
  const { t } = useTranslation('funding');
  const locale = useLocale();
  const option = useMemo(
    () => ({
      grid: { left: 40, right: 8, top: 12, bottom: 24 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: [t('outcomes.before'), t('outcomes.after')] },
      yAxis: {
        type: 'value',
        minInterval: outcome.indicator === 'ppeSharePct' ? 10 : 1,
        axisLabel: { formatter: (v: number) => new Intl.NumberFormat(locale).format(v) },
      },
      series: [
        {
          type: 'bar',
          name,
          barWidth: '45%',
          data: [
            { value: outcome.before.mean, itemStyle: { color: '#90a4ae' } },
            { value: outcome.after.mean, itemStyle: { color: '#1565c0' } },
          ],
        },
      ],
    }),
    [outcome, name, t, locale],
  );
  return <Chart option={option} label={t('outcomes.chartOne', { indicator: name })} height={180} />;
}
