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

import { formatYears, getParam, isRegionCode, list, MAX_SELECTION, parseFilterParams, type SearchParams } from '../url/params';

export { getParam, MAX_SELECTION, type SearchParams };

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

export function parseCompareState(sp: SearchParams): CompareState {
  const f = parseFilterParams(sp);
  const m = getParam(sp, 'm');
  const t = getParam(sp, 't');
  const b = getParam(sp, 'b');
  return {
    ...f,
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
  const patterns = list(param.replace(/%7E/gi, '~')).map((p) => new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`));
  return all.filter((k) => patterns.some((re) => re.test(k)));
}
