/**
 * The measures the dashboard shows, in one module, every list derived from the report format as
 * data (`lib/format`): applicant groups, volume rows, outcome groups, 表四 groups and results, the
 * per-report figures the store keeps (report_metrics), the ratios and the 纠错率 definition.
 *
 * Honest figures. A per-report figure is a number only when every cell behind it was read as
 * printed (a printed number, or a blank, which the templates mean as 0); when a cell is missing,
 * or was inferred or guessed and not reviewed, the figure is null: the report *lacks* it. Sums
 * over many reports add only the reports that have the figure and say how many lack it; a ratio
 * is computed only over the reports that have both parts. Errors are values: a zero denominator
 * gives null, never NaN.
 */
import { FORMATS, FORMAT_VERSIONS, type FormatVersion, type T3Row } from '../format';

const F21 = FORMATS['2021'];

/** "（二）部分公开（区分处理的，…）" → "部分公开"; "一、本年新收政府信息公开申请数量" → "本年新收政府信息公开申请数量". */
export function shortLabel(label: string): string {
  return label
    .replace(/^[一二三四五六七八九十]+、/, '')
    .replace(/^（[一二三四五六七八九十]+）/, '')
    .replace(/^\d+\./, '')
    .replace(/（[^（）]*）$/, '')
    .trim();
}

/** a / b, or null when either is unknown or b is not positive. */
export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a == null || b == null || !Number.isFinite(a) || !Number.isFinite(b) || b <= 0) return null;
  return a / b;
}

// ---------------------------------------------------------------------------------------------
// 表三 applicant columns and rows

export const T3_COLUMNS = F21.t3.columns;
export const TOTAL_COLUMN = 'total';
const LEGAL_PARENT = T3_COLUMNS.find((c) => c.parent)?.parent ?? '';

export interface ApplicantGroup {
  key: 'natural' | 'legal';
  label: string;
  columns: string[];
}

/** 自然人 and 法人或其他组织 (the five organisation columns; the template prints no subtotal). */
export const APPLICANT_GROUPS: ApplicantGroup[] = [
  { key: 'natural', label: T3_COLUMNS.find((c) => c.key === 'natural_person')!.label, columns: ['natural_person'] },
  { key: 'legal', label: LEGAL_PARENT, columns: T3_COLUMNS.filter((c) => c.parent === LEGAL_PARENT).map((c) => c.key) },
];

/** How the store names a volume row's figures (report_metrics columns are short). */
const VOLUME_COLUMN: Record<string, string> = {
  new_received: 'received',
  carried_over: 'carried_over',
  total_processed: 'processed',
  carried_forward: 'carried_forward',
};

/** The 表三 rows outside 三、本年度办理结果, plus its （七）总计: the volume measures. */
export interface VolumeRow {
  key: string;
  label: string;
  short: string;
  /** The report_metrics column of the row's 总计, and of its two applicant groups. */
  metric: string;
  byApplicant: Record<ApplicantGroup['key'], string>;
}

export const VOLUME_ROWS: VolumeRow[] = F21.t3.rows
  .filter((r) => !r.isOutcome)
  .map((r) => {
    const metric = VOLUME_COLUMN[r.key] ?? r.key.replace(/\./g, '_');
    return {
      key: r.key,
      label: r.groups.length ? `${r.groups[0]} ${r.label}` : r.label,
      // （七）总计 alone says nothing: prefix its group (本年度办理结果总计).
      short: r.groups.map(shortLabel).join('') + shortLabel(r.label),
      metric,
      byApplicant: { natural: `${metric}_natural`, legal: `${metric}_legal` },
    };
  });

export const DEFAULT_VOLUME_ROW = 'new_received';

export function volumeRow(key: string | null | undefined): VolumeRow {
  return VOLUME_ROWS.find((r) => r.key === key) ?? VOLUME_ROWS.find((r) => r.key === DEFAULT_VOLUME_ROW)!;
}

/** The value keys of one 表三 row for an applicant group (drill-down highlights them). */
export function applicantKeys(row: string, group: ApplicantGroup): string[] {
  return group.columns.map((c) => `t3.${row}.${c}`);
}

// ---------------------------------------------------------------------------------------------
// Outcome groups （一）…（六）

export interface OutcomeGroup {
  /** granted, partially_granted, denied, unavailable, not_processed, other: also its report_metrics column. */
  key: string;
  /** Printed label, e.g. （三）不予公开. */
  label: string;
  /** Short label, e.g. 不予公开. */
  short: string;
  /** Row keys per format (2019 has `other`, 2021 `other.*`). */
  rows: Record<FormatVersion, string[]>;
}

function groupOf(row: T3Row): { key: string; label: string } {
  // A row inside a subgroup (（三）不予公开 › 1.属于国家秘密) belongs to the subgroup; a data row
  // directly under 三、本年度办理结果 is its own group.
  return { key: row.key.split('.')[0], label: row.groups.length >= 2 ? row.groups[row.groups.length - 1] : row.label };
}

export const OUTCOME_GROUPS: OutcomeGroup[] = (() => {
  const groups: OutcomeGroup[] = [];
  for (const version of FORMAT_VERSIONS) {
    for (const row of FORMATS[version].t3.rows) {
      if (!row.isOutcome) continue;
      const { key, label } = groupOf(row);
      let g = groups.find((x) => x.key === key);
      if (!g) groups.push((g = { key, label, short: shortLabel(label), rows: { '2021': [], '2019': [] } }));
      g.rows[version].push(row.key);
    }
  }
  return groups;
})();

/** The value keys of an outcome group (both formats' rows), in a column (default 总计). */
export function outcomeKeys(group: OutcomeGroup, column = TOTAL_COLUMN): string[] {
  return [...new Set([...group.rows['2021'], ...group.rows['2019']])].map((r) => `t3.${r}.${column}`);
}

// ---------------------------------------------------------------------------------------------
// 表四 review and litigation

export const T4_RESULTS = F21.t4.columns.filter((c) => c.key !== TOTAL_COLUMN);
export const T4_COLUMNS = F21.t4.columns;
export const T4_GROUPS = F21.t4.groups;
const LITIGATION_LABEL = T4_GROUPS.find((g) => g.parent)?.parent ?? '';

/** How the store names a 表四 group's figures: `<short>_<result>`. */
const T4_COLUMN: Record<string, string> = { review: 'review', litigation_direct: 'direct', litigation_after_review: 'after' };
export function caseMetric(group: string, result: string): string {
  return `${T4_COLUMN[group] ?? group}_${result}`;
}

export interface CaseGroup {
  key: 'review' | 'litigation';
  /** 行政复议 / 行政诉讼 */
  label: string;
  /** 表四 groups summed: review, or litigation_direct + litigation_after_review. */
  groups: string[];
}

export const CASE_GROUPS: CaseGroup[] = [
  { key: 'review', label: T4_GROUPS.find((g) => g.key === 'review')!.label, groups: ['review'] },
  { key: 'litigation', label: LITIGATION_LABEL, groups: T4_GROUPS.filter((g) => g.parent === LITIGATION_LABEL).map((g) => g.key) },
];

export function caseKeys(group: CaseGroup, result: string): string[] {
  return group.groups.map((g) => `t4.${g}.${result}`);
}

const CORRECTED = T4_RESULTS.find((r) => r.key === 'corrected')!.label;
const PENDING = T4_RESULTS.find((r) => r.key === 'pending')!.label;
export const CORRECTION_RATE_DEFINITION = `纠错率 = ${CORRECTED} ÷ 已审结（总计 − ${PENDING}）；已审结为 0 时不计算`;

/** Minimum concluded applications for a unit to be ranked on a share: below it, one case swings it. */
export const MIN_APPLICATIONS_TO_RANK = 30;

// ---------------------------------------------------------------------------------------------
// Per-report figures (report_metrics)

/** The per-report figures the store keeps, one column each: volumes by applicant, outcome groups, 表四. */
export const METRIC_COLUMNS: string[] = [
  ...VOLUME_ROWS.flatMap((r) => [r.metric, r.byApplicant.natural, r.byApplicant.legal]),
  ...OUTCOME_GROUPS.map((g) => g.key),
  ...T4_GROUPS.flatMap((g) => T4_COLUMNS.map((c) => caseMetric(g.key, c.key))),
];
export type MetricColumn = string;

/** Cell statuses whose value a sum may use: printed numbers, printed blanks (0 in the templates), and values a reviewer confirmed or corrected. */
export const TRUSTED_STATUSES: ReadonlySet<string> = new Set(['printed', 'blank', 'reviewed']);

export interface CellReading {
  value: number | null;
  status: string;
}

/** The value keys behind each per-report figure, for a format. */
export function metricKeys(format: FormatVersion): Record<MetricColumn, string[]> {
  const out: Record<MetricColumn, string[]> = {};
  for (const r of VOLUME_ROWS) {
    out[r.metric] = [`t3.${r.key}.${TOTAL_COLUMN}`];
    for (const g of APPLICANT_GROUPS) out[r.byApplicant[g.key]] = applicantKeys(r.key, g);
  }
  for (const g of OUTCOME_GROUPS) out[g.key] = g.rows[format].map((row) => `t3.${row}.${TOTAL_COLUMN}`);
  for (const g of T4_GROUPS) for (const c of T4_COLUMNS) out[caseMetric(g.key, c.key)] = [`t4.${g.key}.${c.key}`];
  return out;
}
const KEYS_BY_FORMAT = Object.fromEntries(FORMAT_VERSIONS.map((v) => [v, metricKeys(v)])) as Record<FormatVersion, Record<MetricColumn, string[]>>;

/**
 * A report's figures from its cells: the sum of the cells behind each figure (a blank is 0), or
 * null when any of them is missing, inferred or guessed (the report lacks that figure).
 */
export function reportMetrics(format: FormatVersion, cells: Record<string, CellReading | undefined>): Record<MetricColumn, number | null> {
  const m: Record<MetricColumn, number | null> = {};
  for (const [column, keys] of Object.entries(KEYS_BY_FORMAT[format])) {
    let sum: number | null = keys.length ? 0 : null;
    for (const k of keys) {
      const c = cells[k];
      if (!c || !TRUSTED_STATUSES.has(c.status)) {
        sum = null;
        break;
      }
      sum! += c.value ?? 0;
    }
    m[column] = sum;
  }
  return m;
}

// ---------------------------------------------------------------------------------------------
// Sums over many reports, with their coverage

/** A figure summed over reports: the sum over those that have it, and how many lack it. */
export interface Summed {
  value: number | null;
  /** Reports summed over (all the reports the figure counts). */
  reports: number;
  /** Of those, how many lack the figure (not in `value`). */
  lacking: number;
}

/** The Chinese label of a partial sum, or null when every report has the figure. */
export function partialLabel(s: Pick<Summed, 'reports' | 'lacking'> | null | undefined): string | null {
  if (!s || s.lacking <= 0) return null;
  return s.lacking >= s.reports ? `缺此项：${s.reports} 份报告均未能读取此项` : `部分：${s.reports} 份报告中 ${s.lacking} 份缺此项`;
}

/**
 * The ratios the dashboard shows, each from report_metrics columns: numerator = sum of `num`;
 * denominator = sum of `den` minus sum of `less`. Computed only over the reports that have every
 * column involved, so a report lacking a part never shifts the rate.
 */
export interface RatioDef {
  id: string;
  label: string;
  num: MetricColumn[];
  den: MetricColumn[];
  less?: MetricColumn[];
  definition: string;
}

const PROCESSED = volumeRow('total_processed');
const out = (k: string) => OUTCOME_GROUPS.find((g) => g.key === k)!;

function correctionRatio(g: CaseGroup): RatioDef {
  return {
    id: `${g.key}_rate`,
    label: `${g.label}纠错率`,
    num: g.groups.map((x) => caseMetric(x, 'corrected')),
    den: g.groups.map((x) => caseMetric(x, TOTAL_COLUMN)),
    less: g.groups.map((x) => caseMetric(x, 'pending')),
    definition: CORRECTION_RATE_DEFINITION,
  };
}

export const RATIOS: RatioDef[] = [
  {
    id: 'granted_share',
    label: `${out('granted').short}率`,
    num: ['granted'],
    den: [PROCESSED.metric],
    definition: `${out('granted').short} ÷ 办结（${PROCESSED.short}）`,
  },
  {
    id: 'disclosed_share',
    label: `公开率（含${out('partially_granted').short}）`,
    num: ['granted', 'partially_granted'],
    den: [PROCESSED.metric],
    definition: `（${out('granted').short} + ${out('partially_granted').short}）÷ 办结`,
  },
  { id: 'denied_share', label: `${out('denied').short}占比`, num: ['denied'], den: [PROCESSED.metric], definition: `${out('denied').short} ÷ 办结` },
  ...CASE_GROUPS.map(correctionRatio),
];
export type RatioId = 'granted_share' | 'disclosed_share' | 'denied_share' | 'review_rate' | 'litigation_rate';

export function ratioDef(id: RatioId): RatioDef {
  return RATIOS.find((r) => r.id === id)!;
}

/** A ratio over the reports that have both parts: the value, its parts, and its coverage. */
export interface RatioValue {
  value: number | null;
  num: number | null;
  den: number | null;
  /** Reports the ratio is computed over (having every part), of `reports`. */
  over: number;
  reports: number;
}

export function ratioLabel(r: Pick<RatioValue, 'over' | 'reports'> | null | undefined): string | null {
  if (!r || r.over >= r.reports) return null;
  return `部分：按 ${r.reports} 份报告中 ${r.over} 份两项齐全的计算`;
}

// ---------------------------------------------------------------------------------------------
// One set of summed figures (a region and year, an agency and year)

/**
 * Review counts carried with summed figures (issue 8): of the summed reports' figures, how many a
 * reviewer set (已人工核对, already in the sums as the values in force) and how many doubtful ones
 * (missing, inferred, guessed) no one has reviewed yet.
 */
export interface ReviewCounts {
  reviewed: number;
  doubtful: number;
}

export interface Figures {
  reports: number;
  sums: Record<MetricColumn, Summed>;
  ratios: Record<RatioId, RatioValue>;
  /** Absent where the figures were not read from stored reports (one parsed report, tests). */
  review?: ReviewCounts;
}

/** Outcome group counts in template order. */
export function outcomeCounts(f: Figures | null | undefined): Summed[] {
  return OUTCOME_GROUPS.map((g) => f?.sums[g.key] ?? { value: null, reports: 0, lacking: 0 });
}

export interface CaseSummary {
  /** Per result, in T4_RESULTS order (维持, 纠正, 其他, 尚未审结). */
  results: Summed[];
  total: Summed;
  rate: RatioValue;
}

/** Sums of several columns: the sum over each; coverage is the worst column's. */
export function sumOf(f: Figures | null | undefined, columns: MetricColumn[]): Summed {
  const parts = columns.map((c) => f?.sums[c]).filter((s): s is Summed => Boolean(s));
  if (parts.length === 0) return { value: null, reports: f?.reports ?? 0, lacking: 0 };
  let value: number | null = null;
  for (const p of parts) if (p.value != null) value = (value ?? 0) + p.value;
  return { value, reports: f!.reports, lacking: Math.max(...parts.map((p) => p.lacking)) };
}

export function caseSummary(f: Figures | null | undefined, group: CaseGroup): CaseSummary {
  const empty: RatioValue = { value: null, num: null, den: null, over: 0, reports: f?.reports ?? 0 };
  return {
    results: T4_RESULTS.map((r) =>
      sumOf(
        f,
        group.groups.map((g) => caseMetric(g, r.key)),
      ),
    ),
    total: sumOf(
      f,
      group.groups.map((g) => caseMetric(g, TOTAL_COLUMN)),
    ),
    rate: f?.ratios[`${group.key}_rate` as RatioId] ?? empty,
  };
}

// ---------------------------------------------------------------------------------------------
// Ranking units (child regions, peers) on one measure

/** What a ranking orders by: a summed figure, or a ratio. */
export type RankMeasure = { id: string; label: string; format: 'count' | 'percent'; column?: MetricColumn; ratio?: RatioId; key: string };

export const RANK_MEASURES: RankMeasure[] = [
  {
    id: 'received',
    label: volumeRow('new_received').short.replace(/政府信息公开申请数量$/, '申请'),
    format: 'count',
    column: volumeRow('new_received').metric,
    key: 't3.new_received.total',
  },
  { id: 'grantedShare', label: ratioDef('granted_share').label, format: 'percent', ratio: 'granted_share', key: 't3.granted.total' },
  { id: 'reviewRate', label: ratioDef('review_rate').label, format: 'percent', ratio: 'review_rate', key: 't4.review.corrected' },
];

export function rankMeasure(id: string | null | undefined): RankMeasure {
  return RANK_MEASURES.find((m) => m.id === id) ?? RANK_MEASURES[0];
}

/** The value a ranking shows for one unit, with its partial-coverage label. */
export function measureValue(f: Figures, m: RankMeasure): { value: number | null; partial: string | null } {
  if (m.column) {
    const s = f.sums[m.column];
    return { value: s?.value ?? null, partial: partialLabel(s) };
  }
  const r = f.ratios[m.ratio!];
  return { value: r?.value ?? null, partial: ratioLabel(r) };
}

export interface Ranked {
  rank: number | null;
  /** Why the unit is not ranked, in words. */
  unranked?: string;
  value: number | null;
  partial: string | null;
}

/**
 * Ranks units on a measure, largest first. On a share, units with fewer than
 * MIN_APPLICATIONS_TO_RANK concluded applications (in the reports the share is computed over) are
 * listed but not ranked.
 */
export function rankUnits<T extends { figures: Figures }>(units: T[], m: RankMeasure): (T & Ranked)[] {
  const withValue = units.map((u) => ({ ...u, ...measureValue(u.figures, m) }));
  const rankable = (u: T) => !m.ratio || (u.figures.sums[PROCESSED.metric]?.value ?? 0) >= MIN_APPLICATIONS_TO_RANK;
  const sorted = withValue.filter((u) => rankable(u) && u.value != null).sort((a, b) => b.value! - a.value!);
  return withValue
    .map((u) => {
      const i = sorted.indexOf(u);
      if (i >= 0) return { ...u, rank: i + 1 };
      return { ...u, rank: null, unranked: rankable(u) ? '无数据' : `办结申请少于 ${MIN_APPLICATIONS_TO_RANK} 件，不参与排名` };
    })
    .sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9) || (b.value ?? -1) - (a.value ?? -1));
}

/**
 * The same sums as the database's aggregate (db/queries/figures.ts), in code: for one report's
 * figures, or to check the SQL against (test/queries.test.ts).
 */
export function sumFigures(reports: Record<MetricColumn, number | null>[]): Figures {
  const n = reports.length;
  const sums: Figures['sums'] = {};
  for (const c of METRIC_COLUMNS) {
    let value: number | null = null;
    let lacking = 0;
    for (const r of reports) {
      const v = r[c];
      if (v == null) lacking++;
      else value = (value ?? 0) + v;
    }
    sums[c] = { value, reports: n, lacking };
  }
  const ratios = {} as Figures['ratios'];
  for (const q of RATIOS) {
    let num: number | null = null;
    let den: number | null = null;
    let over = 0;
    for (const r of reports) {
      const cols = [...q.num, ...q.den, ...(q.less ?? [])];
      if (cols.some((c) => r[c] == null)) continue;
      over++;
      num = (num ?? 0) + q.num.reduce((s, c) => s + r[c]!, 0);
      den = (den ?? 0) + q.den.reduce((s, c) => s + r[c]!, 0) - (q.less ?? []).reduce((s, c) => s + r[c]!, 0);
    }
    ratios[q.id as RatioId] = { value: ratio(num, den), num, den, over, reports: n };
  }
  return { reports: n, sums, ratios };
}

/** One parsed report's figures (as if summed over that report alone). */
export function reportFigures(r: { format: FormatVersion; cells: Record<string, CellReading | undefined> }): Figures {
  return sumFigures([reportMetrics(r.format, r.cells)]);
}
