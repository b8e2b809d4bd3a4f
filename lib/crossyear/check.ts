/**
 * Evaluates the cross-year rules (rules.ts) on a body's reports for two consecutive years. Like
 * the within-report checks, a failure is a finding about the sources, never a correction: both
 * printed values stay as printed. A blank cell counts as 0; a missing cell makes the rule not
 * assessable; an inferred or guessed cell makes the finding doubtful (said in the message).
 */
import { FORMATS, type FormatVersion } from '../format';
import { crossYearRulesFor, type CrossYearKind, type CrossYearRule, type CrossYearSeverity } from './rules';

/** The part of a cell a cross-year rule reads (status as in lib/report/types, plus `guessed`). */
export interface YearCell {
  value: number | null;
  status: string;
}

export interface YearReport {
  /** The stored report's id (for links); absent for reports not stored. */
  id?: number;
  year: number;
  format: FormatVersion;
  /** How messages name the report, e.g. 平潭综合实验区管委会2023年度报告; default “2023年度报告”. */
  label?: string;
  scope?: 'agency' | 'region' | null;
  cells: Record<string, YearCell | undefined>;
}

export type CrossYearStatus = 'pass' | 'fail' | 'not_assessable';

export interface CrossYearFinding {
  ruleId: string;
  kind: CrossYearKind;
  severity: CrossYearSeverity;
  status: CrossYearStatus;
  previous: { id?: number; year: number };
  current: { id?: number; year: number };
  /** What the identity predicts for year N, and what year N printed. */
  expected: number | null;
  actual: number | null;
  /** An inferred or guessed cell took part. */
  doubtful: boolean;
  /** Plain Chinese, naming both reports (absent when the rule holds). */
  message?: string;
}

const DOUBTFUL = new Set(['inferred', 'guessed']);

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

function reportName(r: YearReport): string {
  return r.label ?? `${r.year}年度报告`;
}

function columnLabel(format: FormatVersion, key: string): string {
  return FORMATS[format].keyIndex.get(key)?.column ?? key;
}

function rowLabel(format: FormatVersion, key: string): string {
  return FORMATS[format].keyIndex.get(key)?.row ?? key;
}

function unitOf(format: FormatVersion, key: string): string {
  return FORMATS[format].keyIndex.get(key)?.unit ?? '';
}

function signed(x: number): string {
  return x > 0 ? `+${x}` : String(x);
}

/** The findings for reports of years N−1 and N of one body; [] when the years are not consecutive. */
export function checkCrossYear(previous: YearReport, current: YearReport): CrossYearFinding[] {
  if (current.year !== previous.year + 1) return [];
  return crossYearRulesFor(previous.format, current.format).map((rule) => evaluate(rule, previous, current));
}

function evaluate(rule: CrossYearRule, prev: YearReport, cur: YearReport): CrossYearFinding {
  const terms: { report: YearReport; key: string; sign: 1 | -1 }[] = [
    ...rule.previous.map((key) => ({ report: prev, key, sign: 1 as const })),
    ...rule.plus.map((key) => ({ report: cur, key, sign: 1 as const })),
    ...rule.minus.map((key) => ({ report: cur, key, sign: -1 as const })),
  ];
  const base = {
    ruleId: rule.id,
    kind: rule.kind,
    severity: rule.severity,
    previous: { id: prev.id, year: prev.year },
    current: { id: cur.id, year: cur.year },
  };
  const unreadable: string[] = [];
  let doubtful = false;
  let expected = 0;
  for (const t of terms) {
    const c = t.report.cells[t.key];
    if (!c || c.status === 'missing') unreadable.push(`${reportName(t.report)}${describe(rule, t.report.format, t.key)}`);
    else {
      expected += t.sign * (c.value ?? 0);
      doubtful ||= DOUBTFUL.has(c.status);
    }
  }
  const printed = cur.cells[rule.current];
  if (!printed || printed.status === 'missing') unreadable.push(`${reportName(cur)}${describe(rule, cur.format, rule.current)}`);
  else doubtful ||= DOUBTFUL.has(printed.status);
  if (unreadable.length) {
    return { ...base, status: 'not_assessable', expected: null, actual: null, doubtful, message: `无法跨年核对：${unreadable.join('、')}未能读取` };
  }
  expected = round(expected);
  const actual = round(printed!.value ?? 0);
  if (expected === actual) return { ...base, status: 'pass', expected, actual, doubtful };
  return { ...base, status: 'fail', expected, actual, doubtful, message: failureMessage(rule, prev, cur, expected, actual, doubtful) };
}

function describe(rule: CrossYearRule, format: FormatVersion, key: string): string {
  return rule.table === 't3'
    ? `表三“${rowLabel(format, key)}”行“${columnLabel(format, key)}”列`
    : `表二“${rowLabel(format, key)}”“${columnLabel(format, key)}”`;
}

function failureMessage(rule: CrossYearRule, prev: YearReport, cur: YearReport, expected: number, actual: number, doubtful: boolean): string {
  const diff = round(actual - expected);
  const notes: string[] = [];
  if (doubtful) notes.push('涉及推断或存疑的数值');
  if (prev.scope && cur.scope && prev.scope !== cur.scope) notes.push('两份报告的统计口径不同（全地区/本机关）');
  const note = notes.length ? `（注意：${notes.join('；')}）` : '';
  if (rule.kind === 'carry') {
    const [prevKey] = rule.previous;
    return (
      `表三“${rule.subject}”列：${reportName(cur)}的“${rowLabel(cur.format, rule.current)}”为 ${actual}，` +
      `但${reportName(prev)}的“${rowLabel(prev.format, prevKey)}”为 ${expected}（相差 ${signed(diff)}），两者应当相等。${note}`
    );
  }
  const unit = unitOf(cur.format, rule.current);
  const v = (r: YearReport, key: string) => r.cells[key]?.value ?? 0;
  const name = (key: string) => columnLabel(cur.format, key).replace(/件数$/, '');
  const inflow = rule.plus.map((k) => `加${reportName(cur)}${name(k)} ${v(cur, k)} ${unit}`).join('，');
  const outflow = rule.minus.map((k) => `减${name(k)} ${v(cur, k)} ${unit}`).join('，');
  return (
    `请核实：表二“${rule.subject}”：${reportName(prev)}${name(rule.previous[0])} ${v(prev, rule.previous[0])} ${unit}，` +
    `${inflow}，${outflow}，应为 ${expected} ${unit}，但${reportName(cur)}印为 ${actual} ${unit}（相差 ${signed(diff)} ${unit}）。` +
    `集中清理等也会改变${name(rule.current)}件数，此项仅提示核实，不一定是差错。${note}`
  );
}

/** Errors before hints, then by year and rule. */
export function rankFindings(findings: CrossYearFinding[]): CrossYearFinding[] {
  const order: Record<CrossYearStatus, number> = { fail: 0, not_assessable: 1, pass: 2 };
  const sev: Record<CrossYearSeverity, number> = { error: 0, verify: 1 };
  return [...findings].sort(
    (a, b) =>
      order[a.status] - order[b.status] || sev[a.severity] - sev[b.severity] || b.current.year - a.current.year || a.ruleId.localeCompare(b.ruleId),
  );
}

/**
 * Pairs each report with the body's report for the year before, when there is one (one report
 * per year: the caller passes the current versions). Years with a gap are not paired.
 */
export function consecutivePairs<T extends { year: number }>(reports: T[]): [T, T][] {
  const byYear = new Map(reports.map((r) => [r.year, r]));
  return [...byYear.values()]
    .sort((a, b) => a.year - b.year)
    .flatMap((r) => {
      const before = byYear.get(r.year - 1);
      return before ? [[before, r] as [T, T]] : [];
    });
}
