/**
 * Measures derived from the printed values (never printed in a report): outcome groups and their
 * shares, correction rates of 行政复议 and 行政诉讼. Definitions are stated once here and shown
 * beside the charts. Errors are values: a zero denominator gives null, never NaN.
 */
import { FORMATS, type FormatVersion } from '../format';

/** The six outcome groups of 表三, in template order, with the row keys each sums. */
export const OUTCOME_GROUPS = [
  { id: 'granted', label: '予以公开', prefix: 't3.granted' },
  { id: 'partially_granted', label: '部分公开', prefix: 't3.partially_granted' },
  { id: 'denied', label: '不予公开', prefix: 't3.denied' },
  { id: 'unavailable', label: '无法提供', prefix: 't3.unavailable' },
  { id: 'not_processed', label: '不予处理', prefix: 't3.not_processed' },
  { id: 'other', label: '其他处理', prefix: 't3.other' },
] as const;

export type OutcomeGroupId = (typeof OUTCOME_GROUPS)[number]['id'];

/** Value keys (column `total`, or another applicant column) that make up an outcome group. */
export function outcomeKeys(format: FormatVersion, group: OutcomeGroupId, column = 'total'): string[] {
  const prefix = OUTCOME_GROUPS.find((g) => g.id === group)!.prefix;
  return FORMATS[format].t3.rows
    .filter((r) => r.isOutcome && (`t3.${r.key}` === prefix || `t3.${r.key}`.startsWith(prefix + '.')))
    .map((r) => `t3.${r.key}.${column}`);
}

/** Every outcome key of either format, with its group: for summing in SQL across formats. */
export function outcomeKeyGroups(): Map<string, OutcomeGroupId> {
  const m = new Map<string, OutcomeGroupId>();
  for (const f of ['2021', '2019'] as const) for (const g of OUTCOME_GROUPS) for (const k of outcomeKeys(f, g.id)) m.set(k, g.id);
  return m;
}

export const T4_GROUPS = [
  { id: 'review', label: '行政复议' },
  { id: 'litigation_direct', label: '行政诉讼（未经复议直接起诉）' },
  { id: 'litigation_after_review', label: '行政诉讼（复议后起诉）' },
] as const;

export const CORRECTION_RATE_DEFINITION = '纠错率 = 结果纠正 ÷ 已审结（总计 − 尚未审结）；已审结为 0 时不计算';

/** 纠正 ÷ 已审结; null when nothing was concluded. */
export function correctionRate(corrected: number | null, total: number | null, pending: number | null): number | null {
  if (corrected === null || total === null) return null;
  const concluded = total - (pending ?? 0);
  return concluded > 0 ? corrected / concluded : null;
}

export function share(part: number | null, whole: number | null): number | null {
  if (part === null || whole === null || whole <= 0) return null;
  return part / whole;
}

/** Minimum applications for a unit to be ranked: below it, shares swing on one or two cases. */
export const MIN_APPLICATIONS_TO_RANK = 30;
