import { useEffect, useMemo, useState } from 'react';
import { ApiError, api } from '../api.ts';
import { Chart } from '../components/chart.tsx';
import type { Locale, MessageKey } from '../i18n.ts';
import { indicatorLabel } from '../labels.ts';

interface Series {
  indicator: string;
  points: { at: string; value: number }[];
}

/** A site's monitoring indicators over time, one indicator at a time. */
export function SiteIndicators({
  siteId,
  t,
  locale,
}: {
  siteId: string;
  t: (k: MessageKey) => string;
  locale: Locale;
}) {
  const [series, setSeries] = useState<Series[] | null | 'hidden'>(null);
  const [indicator, setIndicator] = useState('');
  useEffect(() => {
    api<Series[]>('GET', `/api/sites/${siteId}/indicators`).then(
      (s) => {
        const withData = s.filter((x) => x.points.length > 0);
        setSeries(withData);
        setIndicator(
          withData.find((x) => x.indicator === 'headCount')?.indicator ?? withData[0]?.indicator ?? '',
        );
      },
      (e) => setSeries(e instanceof ApiError && e.problem.status === 403 ? 'hidden' : []),
    );
  }, [siteId]);
  const current = series && series !== 'hidden' ? series.find((s) => s.indicator === indicator) : undefined;
  const option = useMemo(
    () =>
      current && {
        grid: { left: 48, right: 16, top: 16, bottom: 32 },
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'time' },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          {
            type: 'line',
            name: indicatorLabel(current.indicator, locale),
            data: current.points.map((p) => [p.at, p.value]),
            symbolSize: 8,
            color: '#1565c0',
          },
        ],
      },
    [current, locale],
  );

  return (
    <section aria-label={t('indicatorsOverTime')}>
      <h2>{t('indicatorsOverTime')}</h2>
      {series === null ? (
        <p role="status">{t('loading')}</p>
      ) : series === 'hidden' ? (
        <p>{t('notVisible')}</p>
      ) : series.length === 0 ? (
        <p className="empty">{t('noVisits')}</p>
      ) : (
        <>
          <label>
            {t('indicator')}
            <select value={indicator} onChange={(e) => setIndicator(e.target.value)}>
              {series.map((s) => (
                <option key={s.indicator} value={s.indicator}>
                  {indicatorLabel(s.indicator, locale)}
                </option>
              ))}
            </select>
          </label>
          {option && (
            <Chart
              option={option}
              label={`${indicatorLabel(indicator, locale)} — ${t('indicatorsOverTime')}`}
            />
          )}
        </>
      )}
    </section>
  );
}
