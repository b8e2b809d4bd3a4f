/**
 * ChartSpec → ECharts option. One builder for the screen chart (client, canvas), the exported
 * PNG/SVG (client) and the server-rendered SVG (ECharts SSR), so all of them are the same chart.
 * Pure: no DOM, no I/O. Tooltip formatters are functions (ignored by the SVG renderer).
 */
import { EXPORT_WIDTH, FONT_STACK, GRID_COLOR, MUTED_COLOR, PALETTE, SOURCE_LINE, TEXT_COLOR } from './theme';
import { categoryTotals, coverageNote, displaySpec, formatCount, formatPercent, isEmptySpec, reviewMark, shareOf, type ChartSpec } from './spec';

// ECharts options are deeply typed; the builder works on plain objects and the caller hands them
// to setOption. Keeping them plain also keeps this module free of echarts imports.
export type Option = Record<string, unknown>;

export interface OptionContext {
  /** Drawing width in CSS pixels (decides phone layout). */
  width: number;
  height: number;
  /** export: a self-contained image with title, filters and source line; no animation. */
  mode: 'screen' | 'export';
  /** Footer text after the source line in exports (date, link back to the view). */
  footer?: string;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function marker(color: string): string {
  return `<span style="display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px;background:${color}"></span>`;
}

/** Tooltip HTML for one category: every series with its exact number and, where meaningful, its share. */
export function tooltipHtml(spec: ChartSpec, dataIndex: number): string {
  const rows: string[] = [];
  const stacks = new Map<string, number>();
  for (const s of spec.series) if (s.stack) stacks.set(s.stack, (stacks.get(s.stack) ?? 0) + 1);
  spec.series.forEach((s, si) => {
    const v = s.data[dataIndex];
    let text: string;
    if (s.format === 'percent') text = formatPercent(v);
    else {
      text = `${formatCount(v)} ${spec.unit}`;
      const share = shareOf(spec, si, dataIndex);
      const showShare = spec.layout === 'percent' || spec.layout === 'pie' || (s.stack !== undefined && (stacks.get(s.stack) ?? 0) > 1);
      if (showShare && share != null) text += `（${formatPercent(share)}）`;
    }
    rows.push(
      `<div style="display:flex;justify-content:space-between;gap:16px"><span>${marker(s.color)}${escapeHtml(s.name)}</span><b>${text}</b></div>`,
    );
    const partial = s.partial?.[dataIndex];
    if (partial) rows.push(`<div style="color:#b45309;font-size:11px">${escapeHtml(partial)}</div>`);
  });
  if (spec.layout === 'percent' || spec.series.filter((s) => s.format === 'count' && s.stack).length > 1) {
    const total = categoryTotals(spec)[dataIndex];
    if (total != null && spec.layout !== 'line')
      rows.push(
        `<div style="border-top:1px solid #e5e7eb;margin-top:4px;padding-top:4px;display:flex;justify-content:space-between"><span>合计</span><b>${formatCount(total)} ${spec.unit}</b></div>`,
      );
  }
  const head = `<div style="font-weight:600;margin-bottom:4px">${escapeHtml(spec.categories[dataIndex] ?? '')}</div>`;
  return head + rows.join('');
}

function ariaDescription(spec: ChartSpec): string {
  const parts = [`图表：${spec.title}。${spec.subtitle}。`];
  if (isEmptySpec(spec)) parts.push(spec.empty ?? '暂无数据。');
  else parts.push(`共 ${spec.categories.length} 个${spec.categoryName}，系列：${spec.series.map((s) => s.name).join('、')}。`);
  if (reviewMark(spec)) parts.push(`${reviewMark(spec)}。`);
  return parts.join('');
}

const baseText = { fontFamily: FONT_STACK, color: TEXT_COLOR };

export function buildOption(drawn: ChartSpec, ctx: OptionContext): Option {
  const spec = displaySpec(drawn);
  const exporting = ctx.mode === 'export';
  const narrow = !exporting && ctx.width < 560;
  const fontSize = exporting ? 14 : narrow ? 11 : 12;
  const empty = isEmptySpec(spec);

  // Vertical space: export title block on top, source footer at the bottom.
  const top = exporting ? 96 : 8;
  const legendNames = [...new Set(spec.series.map((s) => s.name))];
  const legendHeight =
    spec.layout === 'pie' || spec.series.length <= 1
      ? 0
      : legendRows(legendNames, exporting ? ctx.width - 48 : ctx.width, fontSize) * (fontSize + 12) + 6;
  const coverage = exporting ? coverageNote(spec, 2) : null;
  const bottomFooter = exporting ? (coverage ? 62 : 40) : 0;

  const option: Option = {
    animation: !exporting,
    backgroundColor: exporting ? '#ffffff' : 'transparent',
    textStyle: { ...baseText, fontSize },
    aria: { enabled: true, label: { enabled: true, description: ariaDescription(spec) } },
    color: spec.series.map((s) => s.color),
  };

  const graphics: Option[] = [];
  if (exporting) {
    option.title = [
      {
        text: spec.title,
        subtext: spec.subtitle,
        left: 24,
        top: 18,
        textStyle: { ...baseText, fontSize: 24, fontWeight: 'bold' },
        subtextStyle: { fontFamily: FONT_STACK, fontSize: 15, color: MUTED_COLOR, width: ctx.width - 48, overflow: 'truncate' },
        itemGap: 10,
      },
    ];
    graphics.push({
      type: 'text',
      left: 24,
      bottom: 14,
      style: { text: [SOURCE_LINE, reviewMark(spec), ctx.footer].filter(Boolean).join('　'), fill: MUTED_COLOR, font: `13px ${FONT_STACK}` },
    });
    if (coverage) {
      graphics.push({
        type: 'text',
        left: 24,
        bottom: 36,
        style: { text: coverage, fill: '#b45309', font: `13px ${FONT_STACK}`, width: ctx.width - 48, overflow: 'truncate' },
      });
    }
  }

  if (empty) {
    graphics.push({
      type: 'text',
      left: 'center',
      top: 'middle',
      style: { text: spec.empty ?? '所选范围内暂无数据', fill: MUTED_COLOR, font: `${exporting ? 20 : 14}px ${FONT_STACK}` },
    });
    option.graphic = graphics;
    option.series = [];
    return option;
  }
  if (graphics.length) option.graphic = graphics;

  const legend = {
    show: spec.layout !== 'pie' && spec.series.length > 1,
    type: 'plain',
    top: top,
    left: exporting ? 24 : 0,
    itemWidth: 14,
    itemHeight: 10,
    textStyle: { ...baseText, fontSize },
    // Series sharing a name (one per stack) toggle together and appear once.
    data: legendNames,
  };
  option.legend = legend;
  option.tooltip = {
    trigger: spec.layout === 'pie' ? 'item' : 'axis',
    axisPointer: { type: spec.layout === 'line' ? 'line' : 'shadow' },
    confine: true,
    textStyle: { fontFamily: FONT_STACK, fontSize: 12, color: TEXT_COLOR },
    formatter: (params: unknown) => {
      const p = (Array.isArray(params) ? params[0] : params) as { dataIndex?: number } | undefined;
      return p?.dataIndex == null ? '' : tooltipHtml(spec, p.dataIndex);
    },
  };

  if (spec.layout === 'pie') {
    const s = spec.series[0];
    if (narrow) {
      // No room for outside labels on a phone: a legend names the slices, the tooltip gives numbers.
      option.legend = { ...legend, show: true, data: spec.categories, top: 0 };
      option.series = [
        {
          type: 'pie',
          name: s.name,
          radius: ['38%', '66%'],
          center: ['50%', '58%'],
          label: { show: false },
          data: spec.categories.map((name, i) => ({ name, value: s.data[i], itemStyle: { color: colorAt(i, spec) } })),
        },
      ];
      option.color = spec.categories.map((_, i) => colorAt(i, spec));
      return option;
    }
    option.series = [
      {
        type: 'pie',
        name: s.name,
        radius: ['38%', '68%'],
        center: ['50%', exporting ? '56%' : '52%'],
        avoidLabelOverlap: true,
        label: {
          fontFamily: FONT_STACK,
          fontSize,
          formatter: (p: { dataIndex: number; name: string }) => `${p.name}\n${formatPercent(shareOf(spec, 0, p.dataIndex))}`,
        },
        data: spec.categories.map((name, i) => ({ name, value: s.data[i], itemStyle: { color: colorAt(i, spec) } })),
      },
    ];
    option.color = spec.categories.map((_, i) => colorAt(i, spec));
    return option;
  }

  const horizontal = isHorizontal(spec, exporting ? EXPORT_WIDTH : ctx.width, exporting);
  const percentAxis = spec.layout === 'percent';
  const hasRightAxis = spec.series.some((s) => s.axis === 1);

  const categoryAxis = {
    type: 'category',
    data: spec.categories,
    inverse: horizontal,
    axisTick: { alignWithLabel: true },
    axisLine: { lineStyle: { color: '#9ca3af' } },
    axisLabel: {
      fontFamily: FONT_STACK,
      fontSize,
      color: TEXT_COLOR,
      interval: 0,
      hideOverlap: !horizontal,
      rotate: !horizontal && spec.categories.length > 6 && !exporting ? 30 : 0,
      width: horizontal ? (narrow ? 96 : 160) : Math.max(48, ((exporting ? EXPORT_WIDTH : ctx.width) - 120) / Math.max(1, spec.categories.length)),
      overflow: 'truncate',
    },
  };
  const valueAxis = (right: boolean) => ({
    type: 'value',
    min: 0,
    max: percentAxis || right ? 100 : undefined,
    name: horizontal ? '' : right ? spec.series.find((s) => s.axis === 1)?.name : percentAxis ? '' : spec.unit,
    nameTextStyle: { fontFamily: FONT_STACK, fontSize: fontSize - 1, color: MUTED_COLOR },
    nameGap: 8,
    splitLine: { show: !right, lineStyle: { color: GRID_COLOR } },
    axisLabel: {
      fontFamily: FONT_STACK,
      fontSize,
      color: MUTED_COLOR,
      formatter: percentAxis || right ? '{value}%' : (v: number) => compactNumber(v),
    },
  });

  const values = [valueAxis(false), ...(hasRightAxis ? [valueAxis(true)] : [])];
  option.grid = {
    left: exporting ? 24 : 4,
    right: exporting ? 32 : hasRightAxis ? 8 : 16,
    top: top + legendHeight + 8,
    bottom: bottomFooter + 8,
    outerBoundsMode: 'same',
    outerBoundsContain: 'axisLabel',
  };
  option.xAxis = horizontal ? values : categoryAxis;
  option.yAxis = horizontal ? categoryAxis : values;

  const totals = spec.layout === 'percent' ? categoryTotals(spec) : null;
  option.series = spec.series.map((s) => {
    const type = s.type ?? (spec.layout === 'line' ? 'line' : 'bar');
    const data = s.data.map((v, i) => {
      if (v == null) return null;
      if (s.format === 'percent') return round(v * 100, 2);
      if (totals) {
        const t = totals[i];
        return t ? round((v / t) * 100, 2) : null;
      }
      return v;
    });
    const base: Option = {
      type,
      name: s.name,
      data,
      itemStyle: { color: s.color },
      emphasis: { focus: spec.layout === 'line' && spec.series.length > 2 ? 'series' : 'none' },
    };
    if (type === 'bar') {
      if (s.stack) base.stack = s.stack;
      base.barMaxWidth = exporting ? 56 : 40;
      if (s.stack && spec.layout !== 'percent') base.barMinHeight = 0;
    } else {
      base.symbolSize = s.pointsOnly ? 11 : spec.categories.length === 1 ? 10 : 7;
      base.connectNulls = false;
      base.lineStyle = s.pointsOnly ? { width: 0, opacity: 0 } : { width: 2.5, color: s.color };
      if (s.pointsOnly) base.symbol = 'diamond';
      base.z = 5;
    }
    if (s.axis === 1) base[horizontal ? 'xAxisIndex' : 'yAxisIndex'] = 1;
    return base;
  });
  return option;
}

/**
 * Bars run horizontally (categories down the side, labels readable) for rankings, on phones when
 * there are more than three categories, and anywhere with more than eight.
 */
export function isHorizontal(spec: ChartSpec, width: number, exporting = false): boolean {
  if (spec.layout === 'hbar') return true;
  if (spec.layout !== 'bar' && spec.layout !== 'percent') return false;
  const n = spec.categories.length;
  return n > 8 || (!exporting && width < 560 && n > 3);
}

/** Rows a plain legend wraps into (ECharts wraps items that do not fit the width). */
export function legendRows(names: string[], width: number, fontSize: number): number {
  let rows = 1;
  let x = 0;
  for (const n of names) {
    const w = 14 + 5 + [...n].reduce((a, c) => a + (c.charCodeAt(0) > 255 ? fontSize : fontSize * 0.6), 0) + 10;
    if (x > 0 && x + w > width) {
      rows++;
      x = 0;
    }
    x += w;
  }
  return rows;
}

function colorAt(i: number, spec: ChartSpec): string {
  return spec.colors?.[i] ?? PALETTE[i % PALETTE.length];
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** Axis labels: 12000 → 1.2万. */
export function compactNumber(v: number): string {
  if (Math.abs(v) >= 1e8) return `${round(v / 1e8, 1)}亿`;
  if (Math.abs(v) >= 1e4) return `${round(v / 1e4, 1)}万`;
  return String(v);
}
