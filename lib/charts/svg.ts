/**
 * Server-side rendering of a chart to an SVG string (ECharts SSR: no DOM, SVG renderer), from the
 * same export option as the client's PNG/SVG download. Pure computation, no I/O.
 */
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { AriaComponent, GraphicComponent, GridComponent, LegendComponent, TitleComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { exportOption, finishSvg, type ExportMeta } from './export';
import type { ChartSpec } from './spec';
import { EXPORT_HEIGHT, EXPORT_WIDTH } from './theme';

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TitleComponent, GraphicComponent, AriaComponent, SVGRenderer]);

export function renderChartSvg(spec: ChartSpec, meta: ExportMeta = {}): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: EXPORT_WIDTH, height: EXPORT_HEIGHT });
  try {
    const option = exportOption(spec, meta);
    // Tooltips are interactive only; drop them so no formatter runs server-side.
    delete option.tooltip;
    chart.setOption(option);
    return finishSvg(chart.renderToSVGString(), spec);
  } finally {
    chart.dispose();
  }
}
