/**
 * GET /charts/<chart-id>.svg?<view state> — the chart, rendered server-side by ECharts as SVG:
 * the same option as the on-screen chart's export (title, filters, source line), so a briefing
 * can link to a stable image of a view. Example: /charts/compare-volume.svg?r=620600~371311
 */
import type { NextRequest } from 'next/server';
import { getDb } from '@/db/client';
import { getChartById } from '@/db/queries/views';
import { renderChartSvg } from '@/lib/charts/svg';

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** The page the chart belongs to, for the footer's link back to the view. */
function viewUrl(id: string, sp: URLSearchParams): string {
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

export async function GET(request: NextRequest, ctx: { params: Promise<{ file: string }> }) {
  const { file } = await ctx.params;
  const m = /^([a-z-]+)\.svg$/.exec(file);
  const spec = m ? await getChartById(await getDb(), m[1], request.nextUrl.searchParams) : null;
  if (!spec) {
    return new Response('未找到该图表 / no such chart\n', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  }
  const svg = renderChartSvg(spec, { date: today(), url: viewUrl(m![1], request.nextUrl.searchParams) });
  return new Response(svg, {
    headers: {
      'Content-Type': 'image/svg+xml; charset=utf-8',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
      'Cache-Control': 'public, max-age=300',
      'Content-Disposition': `inline; filename="${encodeURIComponent(file)}"`,
    },
  });
}
