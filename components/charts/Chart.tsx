'use client';
/**
 * A chart panel: title, the chart (ECharts, canvas) or its table, export buttons, the definition
 * note. Receives a plain ChartSpec from a server component. A click on a bar, point or slice opens
 * the report(s) behind it (spec.links).
 */
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { buildOption, isHorizontal } from '@/lib/charts/option';
import { coverageNote, isEmptySpec, reviewSummary, type ChartSpec } from '@/lib/charts/spec';
import type { EChartsType } from './echarts';
import { DataTable } from './DataTable';
import { copyPng, downloadCsv, downloadPng, downloadSvg } from './download';

interface Props {
  spec: ChartSpec;
  /** Show the table instead of the chart. */
  table?: boolean;
  /** When given, the chart/table switch is this link (view state in the URL); otherwise local. */
  toggleHref?: string;
  height?: number;
}

function chartHeight(spec: ChartSpec, width: number, base: number): number {
  const narrow = width < 560;
  const horizontal = isHorizontal(spec, width);
  if (spec.layout === 'hbar') return Math.max(160, spec.categories.length * (narrow ? 30 : 26) + 90);
  if (horizontal) return Math.max(base, spec.categories.length * (narrow ? 34 : 28) + 110);
  return narrow ? Math.min(base, 340) : base;
}

export function Chart({ spec, table, toggleHref, height = 380 }: Props) {
  const router = useRouter();
  const boxRef = useRef<HTMLElement>(null);
  const hostRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<EChartsType | null>(null);
  const specRef = useRef(spec);
  useEffect(() => {
    specRef.current = spec;
  }, [spec]);
  const [localTable, setLocalTable] = useState(Boolean(table));
  const [width, setWidth] = useState(0);
  const [status, setStatus] = useState<'idle' | 'busy' | 'done' | 'error'>('idle');
  const showTable = toggleHref ? Boolean(table) : localTable;
  const empty = isEmptySpec(spec);
  const coverage = empty ? null : coverageNote(spec);
  const h = chartHeight(spec, width || 800, height);

  // Track the container width (phone layout differs).
  useEffect(() => {
    const el = boxRef.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    if (showTable || empty || !width) return;
    const el = hostRef.current;
    if (!el) return;
    let disposed = false;
    (async () => {
      const { echarts } = await import('./echarts');
      if (disposed) return;
      let chart = chartRef.current;
      if (!chart || chart.isDisposed()) {
        chart = echarts.init(el, null, { renderer: 'canvas' });
        chartRef.current = chart;
        chart.on('click', (p: { seriesIndex?: number; dataIndex?: number }) => {
          const href = specRef.current.links?.[p.seriesIndex ?? 0]?.[p.dataIndex ?? -1];
          if (href) router.push(href);
        });
        chart.on('finished', () => el.setAttribute('data-rendered', '1'));
        // Browser tests find a chart's marks through its instance.
        const w = window as unknown as { __charts?: Record<string, EChartsType> };
        (w.__charts ??= {})[spec.id] = chart;
      }
      chart.setOption(buildOption(spec, { width: el.clientWidth, height: el.clientHeight, mode: 'screen' }) as never, true);
      chart.resize();
    })();
    return () => {
      disposed = true;
    };
  }, [spec, width, showTable, empty, router, h]);

  // The canvas host is unmounted when the table shows: drop the instance with it.
  useEffect(() => {
    if (!showTable && !empty) return;
    chartRef.current?.dispose();
    chartRef.current = null;
  }, [showTable, empty]);

  useEffect(
    () => () => {
      chartRef.current?.dispose();
      chartRef.current = null;
    },
    [],
  );

  async function run(action: () => Promise<unknown> | unknown) {
    setStatus('busy');
    try {
      await action();
      setStatus('done');
    } catch {
      setStatus('error');
    }
  }

  const btn = 'rounded border border-slate-300 bg-white px-2 py-1 text-xs text-slate-700 hover:bg-slate-50 disabled:opacity-50';
  const toggleLabel = showTable ? '图表' : '表格';

  return (
    <section
      ref={boxRef}
      className="rounded-lg border border-slate-200 bg-white p-3 sm:p-4"
      data-chart={spec.id}
      aria-labelledby={`${spec.id}-title`}
    >
      <div className="mb-2 flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <h3 id={`${spec.id}-title`} className="text-base font-semibold text-slate-900">
            {spec.title}
          </h3>
          <p className="text-xs text-slate-500">{spec.subtitle}</p>
        </div>
        <div className="flex flex-wrap gap-1" role="toolbar" aria-label="导出与视图">
          {toggleHref ? (
            <Link href={toggleHref} scroll={false} className={btn} data-action="toggle">
              {toggleLabel}
            </Link>
          ) : (
            <button type="button" className={btn} onClick={() => setLocalTable((v) => !v)} data-action="toggle">
              {toggleLabel}
            </button>
          )}
          <button type="button" className={btn} disabled={empty} onClick={() => run(() => downloadPng(spec))} data-action="png">
            PNG
          </button>
          <button type="button" className={btn} disabled={empty || !spec.svgHref} onClick={() => run(() => downloadSvg(spec))} data-action="svg">
            SVG
          </button>
          <button type="button" className={btn} disabled={empty} onClick={() => run(() => downloadCsv(spec))} data-action="csv">
            CSV
          </button>
          <button
            type="button"
            className={`${btn} hidden sm:inline-block`}
            disabled={empty}
            onClick={() =>
              run(async () => {
                if (!(await copyPng(spec))) throw new Error('clipboard');
              })
            }
            data-action="copy"
            title="复制图片到剪贴板"
          >
            复制图片
          </button>
        </div>
      </div>
      {empty ? (
        <div className="flex h-40 items-center justify-center rounded bg-slate-50 text-sm text-slate-500" data-empty="1">
          {spec.empty ?? '所选范围内暂无数据'}
        </div>
      ) : showTable ? (
        <DataTable spec={spec} />
      ) : (
        <div
          ref={hostRef}
          style={{ height: h }}
          className="w-full"
          role="img"
          aria-label={`${spec.title}：${spec.subtitle}`}
          data-testid="chart-canvas"
        />
      )}
      {spec.note ? <p className="mt-2 text-xs leading-relaxed text-slate-500">{spec.note}</p> : null}
      {coverage ? (
        <p className="mt-1 text-xs leading-relaxed text-amber-800" data-testid="coverage-note">
          {coverage}
        </p>
      ) : null}
      {reviewSummary(spec) ? (
        <p className="mt-1 text-xs text-emerald-800" data-testid="review-summary">
          {reviewSummary(spec)}
        </p>
      ) : null}
      <p className="sr-only" aria-live="polite">
        {status === 'busy' ? '正在导出…' : status === 'error' ? '导出失败' : status === 'done' ? '已导出' : ''}
      </p>
      {!empty && spec.links ? (
        <p className="mt-1 text-xs text-slate-400" data-print="hide">
          点击图中的柱、点或扇区可查看背后的报告。
        </p>
      ) : null}
    </section>
  );
}
