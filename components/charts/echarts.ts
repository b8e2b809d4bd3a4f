/**
 * The one ECharts registry of the browser: `echarts/core` plus only what the dashboard draws
 * (tree-shaken; the full `echarts` import would cost ~370 KB gzipped). Canvas on screen and for
 * PNG export; the SVG export comes from the server route (lib/charts/svg.ts, same option).
 */
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { AriaComponent, GraphicComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
  BarChart,
  LineChart,
  PieChart,
  AriaComponent,
  GraphicComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  CanvasRenderer,
]);

export { echarts };
export type EChartsType = ReturnType<typeof echarts.init>;
