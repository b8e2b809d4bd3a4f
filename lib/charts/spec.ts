/**
 * A chart as plain data. Server code builds a `ChartSpec` from the database; the same spec feeds
 * the on-screen chart (client), its table view, the CSV, the exported PNG/SVG and the server-side
 * SVG route — so every form of a chart shows the same numbers.
 */
import { displayText } from '../text/display';

export type ValueFormat = 'count' | 'percent';

/**
 * - `bar`: bars, stacked when series share a `stack`;
 * - `percent`: 100 % stacked bars; series data are counts, shares are computed per category;
 * - `line`: one line per series over the categories (years);
 * - `hbar`: horizontal ranked bars (categories top to bottom);
 * - `pie`: one series, one slice per category.
 */
export type ChartLayout = 'bar' | 'percent' | 'line' | 'hbar' | 'pie';

export interface SeriesSpec {
  name: string;
  color: string;
  /** Overrides the layout's mark for this series (a rate line over bars). */
  type?: 'bar' | 'line';
  stack?: string;
  /** A line series drawn as markers only (rates over categories that are not a sequence). */
  pointsOnly?: boolean;
  /** 1: the right-hand axis (rates in %). */
  axis?: 0 | 1;
  format: ValueFormat;
  /** Counts (format count) or fractions 0…1 (format percent); null = unknown. */
  data: (number | null)[];
  /**
   * Per value, why it is partial, in words (部分：N 份报告中 M 份缺此项), or null when every report
   * behind it has the figure. Shown beside the value on screen, in tooltips, tables and exports.
   */
  partial?: (string | null)[];
}

export interface ChartSpec {
  /** Chart id as the SVG route knows it, e.g. `compare-volume`. */
  id: string;
  title: string;
  /** The active filters in words (regions, years, measure). */
  subtitle: string;
  /** Definition and caveats, shown under the chart. */
  note?: string;
  layout: ChartLayout;
  /** Header of the category column in the table and the CSV, e.g. 地区 · 年度. */
  categoryName: string;
  categories: string[];
  series: SeriesSpec[];
  /** Slice colours of a pie, per category. */
  colors?: string[];
  /** Unit of counts, e.g. 件. */
  unit: string;
  /** Drill-down target per series and category (`links[s][i]`), or null where nothing is behind a mark. */
  links?: (string | null)[][];
  /** Server-rendered SVG of this chart (a stable link for briefings). */
  svgHref?: string;
  /** Message for a chart without data. */
  empty?: string;
  /**
   * Per category: figures of its reports set by a reviewer (已人工核对, used in the numbers) and
   * doubtful figures not yet reviewed. Shown beside the chart and as two columns of the table/CSV.
   */
  review?: { reviewed: number; doubtful: number }[];
}

export const REVIEW_COLUMNS = ['已人工核对（项）', '存疑未核对（项）'] as const;

/** The review counts of a whole chart in a few words, for exported images' footer ('' when none). */
export function reviewMark(spec: Pick<ChartSpec, 'review'>): string {
  if (!spec.review?.length) return '';
  const reviewed = spec.review.reduce((s, r) => s + r.reviewed, 0);
  const doubtful = spec.review.reduce((s, r) => s + r.doubtful, 0);
  return reviewed || doubtful ? `已人工核对 ${reviewed} 项，存疑未核对 ${doubtful} 项` : '';
}

/** The review counts of a whole chart, in words ('' when nothing was reviewed or is doubtful). */
export function reviewSummary(spec: Pick<ChartSpec, 'review'>): string {
  if (!spec.review?.length) return '';
  const reviewed = spec.review.reduce((s, r) => s + r.reviewed, 0);
  const doubtful = spec.review.reduce((s, r) => s + r.doubtful, 0);
  if (!reviewed && !doubtful) return '';
  return `所含报告中，已人工核对的数字 ${reviewed} 项（已按核对值计入），存疑未核对的数字 ${doubtful} 项。`;
}

/**
 * The spec as it is drawn: every text in it (title, filters, names, categories, notes) through
 * displayText, so an agency or file name with a bidirectional override is drawn in its stored
 * order in every chart image (SVG, PNG, the briefing's pictures).
 */
export function displaySpec(spec: ChartSpec): ChartSpec {
  return {
    ...spec,
    title: displayText(spec.title),
    subtitle: displayText(spec.subtitle),
    note: displayText(spec.note),
    categoryName: displayText(spec.categoryName),
    categories: spec.categories.map((c) => displayText(c)),
    series: spec.series.map((s) => ({ ...s, name: displayText(s.name) })),
    empty: displayText(spec.empty),
  };
}

export function isEmptySpec(spec: ChartSpec): boolean {
  return spec.categories.length === 0 || spec.series.every((s) => s.data.every((v) => v == null || v === 0));
}

// ---------------------------------------------------------------------------------------------
// Numbers

const intFmt = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 });
const decFmt = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 });

export function formatCount(v: number | null | undefined): string {
  if (v == null || !Number.isFinite(v)) return '—';
  return Number.isInteger(v) ? intFmt.format(v) : decFmt.format(v);
}

export function formatPercent(v: number | null | undefined, digits = 1): string {
  if (v == null || !Number.isFinite(v)) return '—';
  return `${(v * 100).toFixed(digits)}%`;
}

export function formatValue(v: number | null | undefined, format: ValueFormat): string {
  return format === 'percent' ? formatPercent(v) : formatCount(v);
}

/** Per category, the sum of the count series in one stack (the 100 % base of a percent chart). */
export function categoryTotals(spec: ChartSpec, stack?: string): (number | null)[] {
  return spec.categories.map((_, i) => {
    let sum = 0;
    let known = false;
    for (const s of spec.series) {
      if (s.format !== 'count' || (s.type ?? 'bar') !== 'bar') continue;
      if (stack !== undefined && s.stack !== stack) continue;
      const v = s.data[i];
      if (v != null) {
        sum += v;
        known = true;
      }
    }
    return known ? sum : null;
  });
}

/** Share of one count within its category's total (percent charts, tooltips). */
export function shareOf(spec: ChartSpec, seriesIndex: number, dataIndex: number): number | null {
  const s = spec.series[seriesIndex];
  if (!s || s.format !== 'count') return null;
  if (spec.layout === 'pie') {
    // One series; its slices share the whole.
    const whole = s.data.reduce<number>((a, v) => a + (v ?? 0), 0);
    const v = s.data[dataIndex];
    return v == null || whole === 0 ? null : v / whole;
  }
  const total = categoryTotals(spec, s.stack)[dataIndex];
  const v = s.data[dataIndex];
  if (v == null || total == null || total === 0) return null;
  return v / total;
}

// ---------------------------------------------------------------------------------------------
// Table view (also the CSV)

export interface TableModel {
  columns: string[];
  rows: { label: string; cells: string[]; raw: (number | null)[]; links: (string | null)[]; partial: (string | null)[] }[];
}

/** The partial values of a chart as lines (category · series: why), for the note and exports. */
export function partialLines(spec: ChartSpec): string[] {
  const out: string[] = [];
  spec.series.forEach((s) =>
    s.partial?.forEach((p, i) => {
      if (p && s.data[i] !== undefined) out.push(`${spec.categories[i] ?? ''} · ${s.name}：${p}`);
    }),
  );
  return out;
}

/** One sentence for under a chart (and in its exports) when any value is partial, else null. */
export function coverageNote(spec: ChartSpec, max = 3): string | null {
  const lines = partialLines(spec);
  if (lines.length === 0) return null;
  const shown = lines.slice(0, max).join('；');
  return `含部分数据（缺项的报告未计入合计，比率只按两项齐全的报告计算）：${shown}${lines.length > max ? `；等 ${lines.length} 项` : ''}。`;
}

/**
 * The chart's numbers as a table: one row per category; one column per series, plus a share
 * column per count series for percent charts and stacked bars with more than one series.
 */
export function specToTable(spec: ChartSpec): TableModel {
  const withShares = spec.layout === 'percent' || spec.layout === 'pie';
  const columns = [spec.categoryName];
  for (const s of spec.series) {
    columns.push(s.format === 'percent' ? s.name : `${s.name}（${spec.unit}）`);
    if (withShares && s.format === 'count') columns.push(`${s.name} 占比`);
  }
  if (spec.layout === 'pie') {
    // A pie has one series: rows are its slices.
    const s = spec.series[0];
    return {
      columns: [spec.categoryName, `${s?.name ?? ''}（${spec.unit}）`, '占比'],
      rows: spec.categories.map((label, i) => {
        const v = s?.data[i] ?? null;
        const share = shareOf(spec, 0, i);
        const partial = s?.partial?.[i] ?? null;
        return {
          label,
          cells: [formatCount(v), formatPercent(share)],
          raw: [v, share],
          links: [spec.links?.[0]?.[i] ?? null],
          partial: [partial, partial],
        };
      }),
    };
  }
  const rows = spec.categories.map((label, i) => {
    const cells: string[] = [];
    const raw: (number | null)[] = [];
    const links: (string | null)[] = [];
    const partial: (string | null)[] = [];
    spec.series.forEach((s, si) => {
      const v = s.data[i] ?? null;
      cells.push(formatValue(v, s.format));
      raw.push(v);
      links.push(spec.links?.[si]?.[i] ?? null);
      partial.push(s.partial?.[i] ?? null);
      if (withShares && s.format === 'count') {
        const share = shareOf(spec, si, i);
        cells.push(formatPercent(share));
        raw.push(share);
        links.push(null);
        partial.push(s.partial?.[i] ?? null);
      }
    });
    const rv = spec.review?.[i];
    if (rv) {
      cells.push(formatCount(rv.reviewed), formatCount(rv.doubtful));
      raw.push(rv.reviewed, rv.doubtful);
      links.push(null, null);
      partial.push(null, null);
    }
    return { label, cells, raw, links, partial };
  });
  if (spec.review) columns.push(...REVIEW_COLUMNS);
  return { columns, rows };
}
