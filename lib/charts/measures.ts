/**
 * Derived measures (spec §11), defined from the report format as data: outcome groups, applicant
 * types, review and litigation results, shares and correction rates. Nothing here retypes a
 * label list; every label comes from `lib/format`.
 *
 * Values are a plain record `key → number | null` — one report's values, or the sums of several
 * reports (a region, a year). A key that is absent or null counts as unknown; sums of only unknown
 * values are unknown (null), never 0.
 */
import { FORMATS, FORMAT_VERSIONS, type T3Row } from '../format';

export type Values = Record<string, number | null | undefined>;

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

/** Sum of the keys that are known; null when none is. */
export function sumKeys(values: Values, keys: readonly string[]): number | null {
  let sum = 0;
  let known = false;
  for (const k of keys) {
    const v = values[k];
    if (typeof v === 'number' && Number.isFinite(v)) {
      sum += v;
      known = true;
    }
  }
  return known ? sum : null;
}

/** a / b, or null when either is unknown or b is 0. */
export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a == null || b == null || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return null;
  return a / b;
}

// ---------------------------------------------------------------------------------------------
// 表三 applicant columns

export const T3_COLUMNS = F21.t3.columns;
const LEGAL_PARENT = T3_COLUMNS.find((c) => c.parent)?.parent ?? '';

export interface ApplicantGroup {
  key: 'natural' | 'legal';
  label: string;
  columns: string[];
}

/** 自然人 and 法人或其他组织 (the five organisation columns; there is no printed subtotal). */
export const APPLICANT_GROUPS: ApplicantGroup[] = [
  { key: 'natural', label: T3_COLUMNS.find((c) => c.key === 'natural_person')!.label, columns: ['natural_person'] },
  { key: 'legal', label: LEGAL_PARENT, columns: T3_COLUMNS.filter((c) => c.parent === LEGAL_PARENT).map((c) => c.key) },
];

export const TOTAL_COLUMN = 'total';

// ---------------------------------------------------------------------------------------------
// 表三 rows

/** The 表三 rows outside 三、本年度办理结果 plus its （七）总计: the volume measures. */
export interface VolumeRow {
  key: string;
  label: string;
  short: string;
}

export const VOLUME_ROWS: VolumeRow[] = F21.t3.rows
  .filter((r) => !r.isOutcome)
  .map((r) => ({
    key: r.key,
    label: r.groups.length ? `${r.groups[0]} ${r.label}` : r.label,
    // （七）总计 alone says nothing: prefix its group (本年度办理结果总计).
    short: r.groups.map(shortLabel).join('') + shortLabel(r.label),
  }));

export const DEFAULT_VOLUME_ROW = 'new_received';

export function volumeRow(key: string | null | undefined): VolumeRow {
  return VOLUME_ROWS.find((r) => r.key === key) ?? VOLUME_ROWS.find((r) => r.key === DEFAULT_VOLUME_ROW)!;
}

/** The value keys of one 表三 row for an applicant group. */
export function applicantKeys(row: string, group: ApplicantGroup): string[] {
  return group.columns.map((c) => `t3.${row}.${c}`);
}

export function applicantCounts(fig: Figures, row = DEFAULT_VOLUME_ROW): { natural: number | null; legal: number | null; total: number | null } {
  return { natural: fig[`vol.${row}.natural`] ?? null, legal: fig[`vol.${row}.legal`] ?? null, total: fig[`vol.${row}.total`] ?? null };
}

// ---------------------------------------------------------------------------------------------
// Outcome groups （一）…（六）

export interface OutcomeGroup {
  /** granted, partially_granted, denied, unavailable, not_processed, other */
  key: string;
  /** Printed label, e.g. （三）不予公开. */
  label: string;
  /** Short label, e.g. 不予公开. */
  short: string;
  /** Row keys in both formats (the union: 2019 has `other`, 2021 `other.*`). */
  rows: string[];
}

function groupOf(row: T3Row): { key: string; label: string } {
  const key = row.key.split('.')[0];
  // A row inside a subgroup (（三）不予公开 › 1.属于国家秘密) belongs to the subgroup; a data row
  // directly under 三、本年度办理结果 is its own group.
  const label = row.groups.length >= 2 ? row.groups[row.groups.length - 1] : row.label;
  return { key, label };
}

export const OUTCOME_GROUPS: OutcomeGroup[] = (() => {
  const groups: OutcomeGroup[] = [];
  for (const version of FORMAT_VERSIONS) {
    for (const row of FORMATS[version].t3.rows) {
      if (!row.isOutcome) continue;
      const { key, label } = groupOf(row);
      let g = groups.find((x) => x.key === key);
      if (!g) {
        g = { key, label, short: shortLabel(label), rows: [] };
        groups.push(g);
      }
      if (!g.rows.includes(row.key)) g.rows.push(row.key);
    }
  }
  return groups;
})();

export function outcomeKeys(group: OutcomeGroup, column = TOTAL_COLUMN): string[] {
  return group.rows.map((r) => `t3.${r}.${column}`);
}

/** The six group subtotals of the 总计 column (§11), in template order. */
export function outcomeCounts(fig: Figures): (number | null)[] {
  return OUTCOME_GROUPS.map((g) => fig[`out.${g.key}`] ?? null);
}

/** Every value key an outcome chart needs. */
export function allOutcomeKeys(column = TOTAL_COLUMN): string[] {
  return OUTCOME_GROUPS.flatMap((g) => outcomeKeys(g, column));
}

/**
 * 予以公开率 and 公开率 (予以公开 + 部分公开), on （七）总计 as the spec proposes.
 */
export function disclosureRates(fig: Figures): { grantedRate: number | null; disclosedRate: number | null; processed: number | null } {
  const processed = fig[`vol.total_processed.total`] ?? null;
  const granted = fig['out.granted'] ?? null;
  const partial = fig['out.partially_granted'] ?? null;
  const disclosed = granted == null && partial == null ? null : (granted ?? 0) + (partial ?? 0);
  return { grantedRate: ratio(granted, processed), disclosedRate: ratio(disclosed, processed), processed };
}

// ---------------------------------------------------------------------------------------------
// 表四 review and litigation

export const T4_RESULTS = F21.t4.columns.filter((c) => c.key !== 'total');
export const T4_GROUPS = F21.t4.groups;
const LITIGATION_LABEL = T4_GROUPS.find((g) => g.parent)?.parent ?? '';

export interface CaseGroup {
  key: 'review' | 'litigation';
  /** 行政复议 / 行政诉讼 */
  label: string;
  /** 表四 groups summed: review, or litigation_direct + litigation_after_review (§11). */
  groups: string[];
}

export const CASE_GROUPS: CaseGroup[] = [
  { key: 'review', label: T4_GROUPS.find((g) => g.key === 'review')!.label, groups: ['review'] },
  { key: 'litigation', label: LITIGATION_LABEL, groups: T4_GROUPS.filter((g) => g.parent === LITIGATION_LABEL).map((g) => g.key) },
];

export function caseKeys(group: CaseGroup, result: string): string[] {
  return group.groups.map((g) => `t4.${g}.${result}`);
}

export function allCaseKeys(): string[] {
  return CASE_GROUPS.flatMap((g) => [...T4_RESULTS.map((r) => r.key), 'total'].flatMap((r) => caseKeys(g, r)));
}

export interface CaseSummary {
  /** Counts per result, in T4_RESULTS order (维持, 纠正, 其他, 尚未审结). */
  results: (number | null)[];
  total: number | null;
  corrected: number | null;
  /** Concluded cases: total − pending. */
  concluded: number | null;
  /** 纠错率 = corrected / (total − pending); null when nothing was concluded. */
  correctionRate: number | null;
}

export function caseSummary(fig: Figures, group: CaseGroup): CaseSummary {
  const results = T4_RESULTS.map((r) => sumKeys(fig, group.groups.map((g) => `case.${g}.${r.key}`)));
  const total = sumKeys(fig, group.groups.map((g) => `case.${g}.total`));
  const corrected = results[T4_RESULTS.findIndex((r) => r.key === 'corrected')];
  const pending = results[T4_RESULTS.findIndex((r) => r.key === 'pending')];
  const concluded = total == null ? null : total - (pending ?? 0);
  return { results, total, corrected, concluded, correctionRate: ratio(corrected, concluded) };
}

// ---------------------------------------------------------------------------------------------
// Figures: what the charts show, per report or summed over many

/**
 * The dashboard's figures under derived keys, summable across reports and formats:
 * - `vol.<row>.natural | legal | total` — a 表三 row (new_received, carried_over, total_processed,
 *   carried_forward) by applicant type;
 * - `out.<group>` — an outcome group's subtotal in the 总计 column;
 * - `case.<t4 group>.<result>` — 表四 (review, litigation_direct, litigation_after_review ×
 *   upheld, corrected, other, pending, total).
 */
export type Figures = Record<string, number | null | undefined>;

/** A report's (or summed) values → figures. */
export function figuresFromValues(values: Values): Figures {
  const fig: Figures = {};
  for (const r of VOLUME_ROWS) {
    fig[`vol.${r.key}.natural`] = sumKeys(values, applicantKeys(r.key, APPLICANT_GROUPS[0]));
    fig[`vol.${r.key}.legal`] = sumKeys(values, applicantKeys(r.key, APPLICANT_GROUPS[1]));
    fig[`vol.${r.key}.total`] = values[`t3.${r.key}.${TOTAL_COLUMN}`] ?? null;
  }
  for (const g of OUTCOME_GROUPS) fig[`out.${g.key}`] = sumKeys(values, outcomeKeys(g));
  for (const g of T4_GROUPS) for (const c of F21.t4.columns) fig[`case.${g.key}.${c.key}`] = values[`t4.${g.key}.${c.key}`] ?? null;
  return fig;
}

/** The raw value keys behind the applicant split of a 表三 row (for figures the store does not keep). */
export function applicantRowKeys(row: string): string[] {
  return T3_COLUMNS.filter((c) => c.key !== TOTAL_COLUMN).map((c) => `t3.${row}.${c.key}`);
}

/** Adds the known figures of `f` into `into` (unknown stays unknown). */
export function addFigures(into: Figures, f: Figures): Figures {
  for (const [k, v] of Object.entries(f)) {
    if (v == null || !Number.isFinite(v)) continue;
    into[k] = ((into[k] as number | null | undefined) ?? 0) + v;
  }
  return into;
}

/**
 * Review counts carried with the figures (issue 8): how many of the summed reports' figures a
 * reviewer set (已人工核对, already in the sums) and how many doubtful ones no one has reviewed.
 */
export const REVIEWED_FIGURE = 'review.reviewed';
export const DOUBTFUL_FIGURE = 'review.doubtful';
