import type { EChartsCoreOption } from 'echarts/core';
import { useEffect, useRef, useState } from 'react';
import { useLocale } from '../i18n/locale.ts';

/**
 * An ECharts chart, with the library fetched only when a page first shows one; a caption says what
 * it shows for those who cannot see it.
 */
export function Chart({
  option,
  label,
  height = 280,
}: {
  option: EChartsCoreOption;
  label: string;
  height?: number;
}) {
  const locale = useLocale();
  const ref = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let live = true;
    let chart: { setOption: (o: EChartsCoreOption) => void; resize: () => void; dispose: () => void } | null =
      null;
    const onResize = () => chart?.resize();
    import('./echarts-setup.ts').then(({ echarts }) => {
      if (!live || !ref.current) return;
      chart = echarts.init(ref.current, null, { renderer: 'canvas', locale: locale === 'fr' ? 'FR' : 'EN' });
      chart.setOption({ animation: false, ...option });
      setReady(true);
    });
    addEventListener('resize', onResize);
    return () => {
      live = false;
      removeEventListener('resize', onResize);
      chart?.dispose();
    };
  }, [option, locale]);
  return (
    <figure className="chart">
      <div ref={ref} style={{ height }} role="img" aria-label={label} data-ready={ready ? 'true' : 'false'} />
      <figcaption>{label}</figcaption>
    </figure>
  );
}
