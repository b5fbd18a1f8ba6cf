/// <reference types="vite/client" />

// ECharts ships its locale objects without types: registerLocale takes them as they are.
declare module 'echarts/lib/i18n/langFR.js' {
  const locale: Parameters<typeof import('echarts/core').registerLocale>[1];
  export default locale;
}
