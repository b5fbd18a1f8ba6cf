// Only the parts of ECharts the pages use, so the chart chunk stays small; loaded on demand.
import { BarChart, GraphChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import langFR from 'echarts/lib/i18n/langFR.js';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
  BarChart,
  GraphChart,
  LineChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  CanvasRenderer,
]);

// ECharts' own words (month and day names it writes itself) in French on French pages; Swahili, which it lacks,
// reads English there, and every axis Amana draws formats its labels through Intl in the reader's language.
echarts.registerLocale('FR', langFR);

export { echarts };
