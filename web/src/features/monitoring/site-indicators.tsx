import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Chart } from '../../components/chart.tsx';
import { Loading } from '../../components/query-state.tsx';
import { timeAxisOption } from '../../components/time-axis.ts';
import { useLocale } from '../../i18n/locale.ts';
import { isIndicator } from './indicators.ts';
import { indicatorsQuery } from './queries.ts';

/** A site's monitoring indicators over time, one indicator at a time. */
export function SiteIndicators({ siteId }: { siteId: string }) {
  const { t } = useTranslation('monitoring');
  const { t: tc } = useTranslation();
  const locale = useLocale();
  const answer = useQuery(indicatorsQuery(siteId));
  const series = useMemo(() => (answer.data ?? []).filter((x) => x.points.length > 0), [answer.data]);
  const [chosen, setChosen] = useState('');
  const indicator =
    chosen || (series.find((x) => x.indicator === 'headCount')?.indicator ?? series[0]?.indicator ?? '');
  const label = (i: string) => (isIndicator(i) ? t(`indicator.${i}`) : i);
  const current = series.find((s) => s.indicator === indicator);
  const option = useMemo(
    () =>
      current && {
        grid: { left: 48, right: 16, top: 16, bottom: 32 },
        tooltip: { trigger: 'axis' },
        // One visit, or a few in a week, on a week of days: never an axis of hours around a single point.
        ...timeAxisOption(
          current.points.map((p) => Date.parse(p.at)),
          locale,
        ),
        yAxis: {
          type: 'value',
          minInterval: 1,
          axisLabel: { formatter: (v: number) => new Intl.NumberFormat(locale).format(v) },
        },
        series: [
          {
            type: 'line',
            name: isIndicator(current.indicator) ? t(`indicator.${current.indicator}`) : current.indicator,
            data: current.points.map((p) => [p.at, p.value]),
            symbolSize: 8,
            color: '#1565c0',
          },
        ],
      },
    [current, t, locale],
  );

  return (
    <section aria-label={t('indicators.title')}>
      <h2>{t('indicators.title')}</h2>
      {answer.isPending ? (
        <Loading />
      ) : answer.data === null ? (
        <p>{tc('notVisible')}</p>
      ) : series.length === 0 ? (
        <p className="empty">{t('indicators.noVisits')}</p>
      ) : (
        <>
          <label>
            {t('indicators.indicator')}
            <select value={indicator} onChange={(e) => setChosen(e.target.value)}>
              {series.map((s) => (
                <option key={s.indicator} value={s.indicator}>
                  {label(s.indicator)}
                </option>
              ))}
            </select>
          </label>
          {option && (
            <Chart option={option} label={t('indicators.chartLabel', { indicator: label(indicator) })} />
          )}
        </>
      )}
    </section>
  );
}
