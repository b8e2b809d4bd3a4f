/**
 * GET /charts/<chart-id>.svg?<view state> — the chart, rendered server-side by ECharts as SVG:
 * the same option as the on-screen chart's export (title, filters, source line), so a briefing
 * can link to a stable image of a view. Example: /charts/compare-volume.svg?r=620600~371311
 * GET /charts/<chart-id>.png?… — the same SVG rasterized at 2400×1350 (resvg, CJK font from its
 * file; lib/charts/png.ts), for Word and WPS, where SVG pastes badly.
 * Both carry an ETag of the chart's data and footer (the image changes only when they do), are
 * kept in memory while the data are unchanged and rendered within a per-client budget
 * (server/costly-files.ts).
 */
import { createHash } from 'node:crypto';
import type { NextRequest } from 'next/server';
import { getDb } from '@/db/client';
import { CHART_IDS, getChartById } from '@/app/_data/views';
import { chartViewUrl } from '@/lib/charts/export';
import { MissingFontError, svgToPngAsync } from '@/lib/charts/png';
import { renderChartSvg } from '@/lib/charts/svg';
import { serveCostly } from '@/server/costly-files';

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

const TYPES = { svg: 'image/svg+xml; charset=utf-8', png: 'image/png' } as const;

function headers(file: string, type: keyof typeof TYPES, etag: string): Record<string, string> {
  return {
    'Content-Type': TYPES[type],
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
    'Cache-Control': 'public, max-age=300',
    ETag: etag,
    'Content-Disposition': `inline; filename="${encodeURIComponent(file)}"`,
  };
}

const noSuchChart = () => new Response('未找到该图表 / no such chart\n', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });

export async function GET(request: NextRequest, ctx: { params: Promise<{ file: string }> }) {
  const { file } = await ctx.params;
  const m = /^([a-z-]+)\.(svg|png)$/.exec(file);
  if (!m || !(CHART_IDS as readonly string[]).includes(m[1])) return noSuchChart();
  const date = today();
  return serveCostly(request, 'chart', file, [date], () => render(request, file, m, date));
}

async function render(request: NextRequest, file: string, m: RegExpExecArray, date: string): Promise<Response> {
  const spec = await getChartById(await getDb(), m[1], request.nextUrl.searchParams);
  if (!spec) return noSuchChart();
  const type = m[2] as keyof typeof TYPES;
  const meta = { date, url: chartViewUrl(m[1], request.nextUrl.searchParams) };
  // The image is a function of the spec (the data) and the footer; the SVG itself is not
  // byte-stable (ECharts numbers its elements per instance), so the ETag hashes the inputs.
  const etag = `"${type}-${createHash('sha256')
    .update(JSON.stringify([spec, meta]))
    .digest('base64url')
    .slice(0, 27)}"`;
  const h = headers(file, type, etag);
  if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers: h });
  const svg = renderChartSvg(spec, meta);
  if (type === 'svg') return new Response(svg, { headers: h });
  try {
    const { png } = await svgToPngAsync(svg);
    return new Response(new Uint8Array(png), { headers: h });
  } catch (e) {
    if (!(e instanceof MissingFontError)) throw e;
    console.error(e.message);
    return new Response(`${e.message}\n`, {
      status: 500,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
    });
  }
}
