/**
 * Browser-side exports of a chart: PNG (rendered off-screen from the export option, 1200×675 at
 * pixel ratio 2 on white), SVG (the server route's image of the same chart) and CSV (UTF-8 + BOM).
 */
import { exportOption } from '@/lib/charts/export';
import { exportFileName, specToCsv } from '@/lib/charts/csv';
import type { ChartSpec } from '@/lib/charts/spec';
import { EXPORT_HEIGHT, EXPORT_PIXEL_RATIO, EXPORT_WIDTH } from '@/lib/charts/theme';

function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export async function pngBlob(spec: ChartSpec): Promise<Blob> {
  const { echarts } = await import('./echarts');
  const host = document.createElement('div');
  host.style.cssText = `position:fixed;left:-20000px;top:0;width:${EXPORT_WIDTH}px;height:${EXPORT_HEIGHT}px;`;
  document.body.appendChild(host);
  const chart = echarts.init(host, null, { renderer: 'canvas', width: EXPORT_WIDTH, height: EXPORT_HEIGHT });
  try {
    chart.setOption(exportOption(spec, { date: today(), url: location.href }));
    const dataUrl = chart.getDataURL({ type: 'png', pixelRatio: EXPORT_PIXEL_RATIO, backgroundColor: '#ffffff' });
    return await (await fetch(dataUrl)).blob();
  } finally {
    chart.dispose();
    host.remove();
  }
}

export async function downloadPng(spec: ChartSpec): Promise<void> {
  saveBlob(await pngBlob(spec), exportFileName(spec, 'png'));
}

export async function downloadSvg(spec: ChartSpec): Promise<void> {
  if (!spec.svgHref) return;
  const res = await fetch(spec.svgHref);
  if (!res.ok) throw new Error(`SVG ${res.status}`);
  saveBlob(new Blob([await res.text()], { type: 'image/svg+xml' }), exportFileName(spec, 'svg'));
}

export function downloadCsv(spec: ChartSpec): void {
  saveBlob(new Blob([specToCsv(spec)], { type: 'text/csv;charset=utf-8' }), exportFileName(spec, 'csv'));
}

/** Copies the PNG to the clipboard where the browser allows it. */
export async function copyPng(spec: ChartSpec): Promise<boolean> {
  if (typeof ClipboardItem === 'undefined' || !navigator.clipboard?.write) return false;
  try {
    await navigator.clipboard.write([new ClipboardItem({ 'image/png': pngBlob(spec) })]);
    return true;
  } catch {
    return false;
  }
}
