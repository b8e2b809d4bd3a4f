/**
 * Exported images are a "sandwich": title, the filters as subtitle, the chart, and a footer with
 * the source line (数据来源：…), the date and a link back to the view. Fixed 1200×675; PNG at pixel
 * ratio 2 on white. The same option serves the client's PNG/SVG export and the server SVG route.
 */
import { buildOption, type Option } from './option';
import type { ChartSpec } from './spec';
import { EXPORT_HEIGHT, EXPORT_WIDTH } from './theme';
import { displayText } from '../text/display';

export interface ExportMeta {
  /** ISO date (YYYY-MM-DD) printed in the footer. */
  date?: string;
  /** Absolute or site-relative link back to the view. */
  url?: string;
}

/**
 * The page a chart belongs to, from its id and the chart route's query: the footer's link back
 * to the view (region charts take `code=`; the others share their page's query).
 */
export function chartViewUrl(id: string, sp: URLSearchParams): string {
  const q = new URLSearchParams(sp);
  if (id.startsWith('region-')) {
    const code = q.get('code');
    q.delete('code');
    const rest = q.toString();
    return `/regions/${code}${rest ? `?${rest}` : ''}`;
  }
  const rest = q.toString().replace(/%7E/g, '~');
  return `${id.startsWith('compare-') ? '/compare' : '/'}${rest ? `?${rest}` : ''}`;
}

export function exportFooter(meta: ExportMeta): string {
  return [meta.date ? `生成于 ${meta.date}` : '', meta.url ?? ''].filter(Boolean).join('　');
}

export function exportOption(spec: ChartSpec, meta: ExportMeta = {}): Option {
  return buildOption(spec, { width: EXPORT_WIDTH, height: EXPORT_HEIGHT, mode: 'export', footer: exportFooter(meta) });
}

function xmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/**
 * Makes an ECharts SVG string a standalone, accessible file: XML declaration, `role="img"`,
 * `<title>` and `<desc>` (ECharts applies no ARIA server-side).
 */
export function finishSvg(svg: string, spec: Pick<ChartSpec, 'title' | 'subtitle'>): string {
  const open = /<svg\b[^>]*>/.exec(svg);
  if (!open) return svg;
  let tag = open[0];
  if (!/\bxmlns=/.test(tag)) tag = tag.replace('<svg', '<svg xmlns="http://www.w3.org/2000/svg"');
  if (!/\brole=/.test(tag)) tag = tag.replace('<svg', '<svg role="img" aria-labelledby="chart-title chart-desc"');
  const a11y = `<title id="chart-title">${xmlEscape(displayText(spec.title))}</title><desc id="chart-desc">${xmlEscape(displayText(spec.subtitle))}</desc>`;
  const body = svg.slice(0, open.index) + tag + a11y + svg.slice(open.index + open[0].length);
  return body.startsWith('<?xml') ? body : `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
}
