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

/** The per-report figures the dashboard aggregates, stored with each report (report_metrics). */
export const METRIC_COLUMNS = [
  'received', 'received_natural', 'received_legal', 'carried_over', 'processed', 'carried_forward',
  'granted', 'partially_granted', 'denied', 'unavailable', 'not_processed', 'other',
  'review_upheld', 'review_corrected', 'review_other', 'review_pending', 'review_total',
  'direct_upheld', 'direct_corrected', 'direct_other', 'direct_pending', 'direct_total',
  'after_upheld', 'after_corrected', 'after_other', 'after_pending', 'after_total',
] as const;
export type MetricColumn = (typeof METRIC_COLUMNS)[number];

const LEGAL = ['commercial', 'research', 'social_org', 'legal_service', 'other_org'];

/** Per-report figures from its values (null where the report printed nothing usable). */
export function reportMetrics(format: FormatVersion, values: Record<string, number | null>): Record<MetricColumn, number | null> {
  const sum = (keys: string[]) => {
    let s: number | null = null;
    for (const k of keys) {
      const v = values[k];
      if (v !== null && v !== undefined) s = (s ?? 0) + v;
    }
    return s;
  };
  const m = {
    received: values['t3.new_received.total'] ?? sum(['natural_person', ...LEGAL].map((c) => `t3.new_received.${c}`)),
    received_natural: values['t3.new_received.natural_person'] ?? null,
    received_legal: sum(LEGAL.map((c) => `t3.new_received.${c}`)),
    carried_over: values['t3.carried_over.total'] ?? null,
    processed: values['t3.total_processed.total'] ?? null,
    carried_forward: values['t3.carried_forward.total'] ?? null,
  } as Record<MetricColumn, number | null>;
  for (const g of OUTCOME_GROUPS) m[g.id] = sum(outcomeKeys(format, g.id));
  const t4 = { review: 'review', direct: 'litigation_direct', after: 'litigation_after_review' } as const;
  for (const [short, g] of Object.entries(t4)) for (const c of ['upheld', 'corrected', 'other', 'pending', 'total']) m[`${short}_${c}` as MetricColumn] = values[`t4.${g}.${c}`] ?? null;
  return m;
}

/** Value keys that a stored per-report figure holds as is (so series of them read one row per report). */
export const KEY_METRIC: Record<string, MetricColumn> = {
  't3.new_received.total': 'received',
  't3.new_received.natural_person': 'received_natural',
  't3.carried_over.total': 'carried_over',
  't3.total_processed.total': 'processed',
  't3.carried_forward.total': 'carried_forward',
  't3.granted.total': 'granted',
  't3.partially_granted.total': 'partially_granted',
  ...Object.fromEntries(
    (['review', 'litigation_direct', 'litigation_after_review'] as const).flatMap((g, i) =>
      ['upheld', 'corrected', 'other', 'pending', 'total'].map((c) => [`t4.${g}.${c}`, `${['review', 'direct', 'after'][i]}_${c}` as MetricColumn]),
    ),
  ),
};
