import { useEffect, useMemo, useState } from 'react';
import { api } from '../api.ts';
import { Chart } from '../components/chart.tsx';
import type { Locale, MessageKey } from '../i18n.ts';
import { riskCategoryLabel } from '../labels.ts';

interface Trends {
  months: string[];
  series: { category: string; counts: number[] }[];
}

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
export function IncidentTrends({ t, locale }: { t: (k: MessageKey) => string; locale: Locale }) {
  const [trends, setTrends] = useState<Trends | null>(null);
  useEffect(() => {
    api<Trends>('GET', '/api/reports/incident-trends?months=12').then(setTrends, () =>
      setTrends({ months: [], series: [] }),
    );
  }, []);
  const option = useMemo(
    () =>
      trends && {
        grid: { left: 40, right: 16, top: 56, bottom: 32 },
        tooltip: { trigger: 'axis' },
        legend: { top: 0, type: 'scroll' },
        color: PALETTE,
        xAxis: { type: 'category', data: trends.months },
        yAxis: { type: 'value', minInterval: 1 },
        series: trends.series.map((s) => ({
          type: 'bar',
          stack: 'all',
          name: riskCategoryLabel(s.category, locale),
          data: s.counts,
        })),
      },
    [trends, locale],
  );
  if (!trends) return <p role="status">{t('loading')}</p>;
  if (trends.series.length === 0) return null;
  return <Chart option={option as NonNullable<typeof option>} label={t('incidentsByMonth')} />;
}
