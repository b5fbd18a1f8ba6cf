import { queryOptions, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../../api/client.ts';
import { Chart } from '../../components/chart.tsx';
import { Loading } from '../../components/query-state.tsx';
import { monthLabelFormatter } from '../../components/time-axis.ts';
import { useLocale } from '../../i18n/locale.ts';
import { categoryText } from '../incidents/labels.ts';

const trendsQuery = queryOptions({
  queryKey: ['incidents', 'trends', 12],
  queryFn: () => ok(api.GET('/api/reports/incident-trends', { params: { query: { months: 12 } } })),
});

const PALETTE = [
  '#c62828',
  '#6a1b9a',
  '#1565c0',
  '#00838f',
  '#2e7d32',
  '#f9a825',
  '#ef6c00',
  '#5d4037',
  '#546e7a',
];

/** Incidents reported per category and month over the last year, stacked. */
export function IncidentTrends() {
  const { t } = useTranslation('reports', { keyPrefix: 'trends' });
  const { t: ti } = useTranslation('incidents');
  const locale = useLocale();
  const answer = useQuery(trendsQuery);
  const trends = answer.error ? { months: [], series: [] } : answer.data;
  const option = useMemo(
    () =>
      trends && {
        grid: { left: 40, right: 16, top: 56, bottom: 32 },
        tooltip: { trigger: 'axis' },
        legend: { top: 0, type: 'scroll' },
        color: PALETTE,
        // The API's months ("2026-03") named in the reader's language ("mars 2026").
        xAxis: { type: 'category', data: trends.months.map(monthLabelFormatter(locale)) },
        yAxis: {
          type: 'value',
          minInterval: 1,
          axisLabel: { formatter: (v: number) => new Intl.NumberFormat(locale).format(v) },
        },
        series: trends.series.map((s) => ({
          type: 'bar',
          stack: 'all',
          name: categoryText(ti, s.category),
          data: s.counts,
        })),
      },
    [trends, ti, locale],
  );
  if (!trends || !option) return <Loading />;
  if (trends.series.length === 0) return null;
  return <Chart option={option} label={t('incidentsByMonth')} />;
}
