/**
 * View state in the URL. A link reproduces the view: selection, years, measure, chart type and
 * which panels show their table. Short, readable parameters (OWID style, `~` joins lists):
 *
 *   /compare?r=620600~371311&a=12&y=2021-2023&m=new_received&t=bar&tbl=outcomes
 *
 * - r   region codes (GB/T 2260, 6 or 9 digits), in the order chosen
 * - a   agency ids
 * - y   years: a range `2021-2023`, a list `2021~2023`, or absent for every year with data
 * - m   表三 row for the volume chart (new_received, carried_over, total_processed, carried_forward)
 * - t   volume chart type: bar (stacked by applicant type) or line (one line per selection)
 * - tbl panels shown as a table instead of a chart (volume, outcomes, cases)
 * - b   where the region browser stands (a region code)
 */

import { getParam, parseIntInRange, RANGES, type SearchParams } from '../url/params';

export { getParam, type SearchParams } from '../url/params';

export const MAX_SELECTION = 12;
export const PANELS = ['volume', 'outcomes', 'cases'] as const;
export type Panel = (typeof PANELS)[number];
export const CHART_TYPES = ['bar', 'line'] as const;
export type ChartType = (typeof CHART_TYPES)[number];
export const METRICS = ['new_received', 'carried_over', 'total_processed', 'carried_forward'] as const;
export type Metric = (typeof METRICS)[number];

export interface CompareState {
  regions: string[];
  agencies: number[];
  years: number[] | null;
  metric: Metric;
  chart: ChartType;
  tables: Panel[];
  browse: string | null;
}

export const DEFAULT_STATE: CompareState = {
  regions: [],
  agencies: [],
  years: null,
  metric: 'new_received',
  chart: 'bar',
  tables: [],
  browse: null,
};

function list(v: string | null): string[] {
  if (!v) return [];
  return v
    .split(/[~,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function isRegionCode(s: string): boolean {
  return /^\d{6}$|^\d{9}$|^\d{12}$/.test(s);
}

export function isYear(n: number): boolean {
  return Number.isInteger(n) && n >= RANGES.year.min && n <= RANGES.year.max;
}

/** `2021-2023` → [2021, 2022, 2023]; `2021~2023` → [2021, 2023]; invalid parts are dropped. */
export function parseYears(v: string | null): number[] | null {
  if (!v) return null;
  const out = new Set<number>();
  for (const part of list(v)) {
    const m = /^(\d{4})-(\d{4})$/.exec(part);
    if (m) {
      const [a, b] = [Number(m[1]), Number(m[2])].sort((x, y) => x - y);
      if (isYear(a) && isYear(b) && b - a <= 50) for (let y = a; y <= b; y++) out.add(y);
    } else if (/^\d{4}$/.test(part) && isYear(Number(part))) out.add(Number(part));
  }
  return out.size ? [...out].sort((x, y) => x - y) : null;
}

/** [2021, 2022, 2023] → `2021-2023`; [2021, 2023] → `2021~2023`. */
export function formatYears(years: number[] | null): string | null {
  if (!years || years.length === 0) return null;
  const ys = [...new Set(years)].sort((a, b) => a - b);
  const contiguous = ys.every((y, i) => i === 0 || y === ys[i - 1] + 1);
  if (ys.length > 2 && contiguous) return `${ys[0]}-${ys[ys.length - 1]}`;
  return ys.join('~');
}

export function parseCompareState(sp: SearchParams): CompareState {
  const regions = [...new Set(list(getParam(sp, 'r')).filter(isRegionCode))].slice(0, MAX_SELECTION);
  const agencies = [...new Set(list(getParam(sp, 'a')).map((s) => parseIntInRange(s, RANGES.id)).filter((n) => n != null))].slice(
    0,
    Math.max(0, MAX_SELECTION - regions.length),
  );
  const m = getParam(sp, 'm');
  const t = getParam(sp, 't');
  const b = getParam(sp, 'b');
  return {
    regions,
    agencies,
    years: parseYears(getParam(sp, 'y')),
    metric: (METRICS as readonly string[]).includes(m ?? '') ? (m as Metric) : DEFAULT_STATE.metric,
    chart: (CHART_TYPES as readonly string[]).includes(t ?? '') ? (t as ChartType) : DEFAULT_STATE.chart,
    tables: list(getParam(sp, 'tbl')).filter((p): p is Panel => (PANELS as readonly string[]).includes(p)),
    browse: b && isRegionCode(b) ? b : null,
  };
}

/** The canonical query string of a state (defaults left out), without the leading `?`. */
export function compareQuery(state: Partial<CompareState>): string {
  const s = { ...DEFAULT_STATE, ...state };
  const parts: string[] = [];
  if (s.regions.length) parts.push(`r=${s.regions.join('~')}`);
  if (s.agencies.length) parts.push(`a=${s.agencies.join('~')}`);
  const y = formatYears(s.years);
  if (y) parts.push(`y=${y}`);
  if (s.metric !== DEFAULT_STATE.metric) parts.push(`m=${s.metric}`);
  if (s.chart !== DEFAULT_STATE.chart) parts.push(`t=${s.chart}`);
  if (s.tables.length) parts.push(`tbl=${[...new Set(s.tables)].join('~')}`);
  if (s.browse) parts.push(`b=${s.browse}`);
  return parts.join('&');
}

export function compareHref(state: Partial<CompareState>): string {
  const q = compareQuery(state);
  return q ? `/compare?${q}` : '/compare';
}

// ---------------------------------------------------------------------------------------------
// Drill-down: the reports behind a mark

export interface DrillTarget {
  region?: string | null;
  agency?: number | null;
  year?: number | null;
  /** Value keys to highlight: exact keys joined by `~`, `*` matching any characters. */
  keys?: string[];
}

export function drillHref(t: DrillTarget): string {
  const parts: string[] = [];
  if (t.region) parts.push(`r=${t.region}`);
  if (t.agency != null) parts.push(`a=${t.agency}`);
  if (t.year != null) parts.push(`y=${t.year}`);
  if (t.keys?.length) parts.push(`key=${t.keys.map(encodeURIComponent).join('~')}`);
  return `/reports${parts.length ? `?${parts.join('&')}` : ''}`;
}

/** Keys matched by a `key` parameter (see DrillTarget.keys), in the order of `all`. */
export function matchKeys(param: string | null, all: readonly string[]): string[] {
  if (!param) return [];
  const patterns = list(param.replace(/%7E/gi, '~')).map(
    (p) => new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`),
  );
  return all.filter((k) => patterns.some((re) => re.test(k)));
}
