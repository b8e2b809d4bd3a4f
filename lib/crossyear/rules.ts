/**
 * The cross-year identities between a body's reports for consecutive years, derived from the
 * format description (lib/format), never typed out by hand. They are kept apart from the
 * within-report rules of format.json: they need two reports, and one of them is only a hint.
 *
 * - carry (表三, every applicant column the formats share): 上年结转(N) = 结转下年度(N−1).
 *   An application carried into year N was, by definition, left open at the end of N−1, so a
 *   difference is an error in one of the two reports.
 * - stock (表二 of the 2021 format, every row printing a stock and its two flows):
 *   现行有效(N) = 现行有效(N−1) + 本年制发(N) − 本年废止(N). Weaker: a clean-up of the stock
 *   (清理) changes 现行有效 without any 废止, so a difference asks for verification (请核实).
 */
import { FORMATS, FORMAT_VERSIONS, type FormatVersion } from '../format';

export type CrossYearKind = 'carry' | 'stock';
/** error: one of the two reports must be wrong; verify: worth checking, may be legitimate. */
export type CrossYearSeverity = 'error' | 'verify';

export interface CrossYearRule {
  /** e.g. `xy.t3.carry.natural_person`, `xy.t2.stock.normative_docs`. */
  id: string;
  kind: CrossYearKind;
  severity: CrossYearSeverity;
  table: 't2' | 't3';
  /** The column (表三) or row (表二) the rule is about, as printed: 自然人, 行政规范性文件. */
  subject: string;
  /** Formats the earlier and the later report must have for the rule to apply. */
  previousFormats: FormatVersion[];
  currentFormats: FormatVersion[];
  /** The printed value of year N the identity predicts … */
  current: string;
  /** … as the sum of these values of year N−1, plus these of N, minus those of N. */
  previous: string[];
  plus: string[];
  minus: string[];
  /** One line in Chinese, e.g. 表三“自然人”列：上年结转 = 上年报告的结转下年度. */
  label: string;
}

const T3_CARRIED_IN = 't3.carried_over.';
const T3_CARRIED_OUT = 't3.carried_forward.';
/** The 表二 columns of one row that form a stock and its flows (2021 format: 第二十条第（一）项). */
const T2_STOCK = { stock: 'in_force', inflow: 'issued', outflow: 'repealed' } as const;

function versionsWith(key: string): FormatVersion[] {
  return FORMAT_VERSIONS.filter((v) => FORMATS[v].keyIndex.has(key));
}

function rowLabel(key: string): string {
  for (const v of FORMAT_VERSIONS) {
    const k = FORMATS[v].keyIndex.get(key);
    if (k) return k.row;
  }
  return key;
}

function deriveRules(): CrossYearRule[] {
  const rules: CrossYearRule[] = [];
  const seen = new Set<string>();
  for (const v of FORMAT_VERSIONS) {
    const f = FORMATS[v];
    for (const col of f.t3.columns) {
      const current = T3_CARRIED_IN + col.key;
      const previous = T3_CARRIED_OUT + col.key;
      const id = `xy.t3.carry.${col.key}`;
      if (seen.has(id) || !f.keyIndex.has(current)) continue;
      const previousFormats = versionsWith(previous);
      if (previousFormats.length === 0) continue;
      seen.add(id);
      rules.push({
        id,
        kind: 'carry',
        severity: 'error',
        table: 't3',
        subject: col.label,
        previousFormats,
        currentFormats: versionsWith(current),
        current,
        previous: [previous],
        plus: [],
        minus: [],
        label: `表三“${col.label}”列：${rowLabel(current)} = 上年报告的${rowLabel(previous)}`,
      });
    }
    for (const row of f.t2.rows) {
      const cols = new Set(row.columns.map((c) => c.key));
      if (!Object.values(T2_STOCK).every((c) => cols.has(c))) continue;
      const key = (col: string) => `t2.${row.key}.${col}`;
      const id = `xy.t2.stock.${row.key}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const label = (col: string) => f.keyIndex.get(key(col))!.column.replace(/件数$/, '');
      rules.push({
        id,
        kind: 'stock',
        severity: 'verify',
        table: 't2',
        subject: row.label,
        // The 2019 format's 表二 has other columns (新制作/新公开/对外公开总数量): same format only.
        previousFormats: [v],
        currentFormats: [v],
        current: key(T2_STOCK.stock),
        previous: [key(T2_STOCK.stock)],
        plus: [key(T2_STOCK.inflow)],
        minus: [key(T2_STOCK.outflow)],
        label: `表二“${row.label}”：${label(T2_STOCK.stock)} = 上年${label(T2_STOCK.stock)} + ${label(T2_STOCK.inflow)} − ${label(T2_STOCK.outflow)}`,
      });
    }
  }
  return rules;
}

export const CROSS_YEAR_RULES: CrossYearRule[] = deriveRules();

/** Rules that apply to a pair of reports of these formats (earlier, later). */
export function crossYearRulesFor(previous: FormatVersion, current: FormatVersion): CrossYearRule[] {
  return CROSS_YEAR_RULES.filter((r) => r.previousFormats.includes(previous) && r.currentFormats.includes(current));
}
