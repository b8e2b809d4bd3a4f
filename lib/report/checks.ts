/**
 * Evaluates the consistency rules of the format (勾稽关系, （七）总计, row totals, 表四 totals) on
 * the values as printed. A failed rule is a finding about the source, never a reason to change a
 * number. A blank cell counts as 0; a missing cell makes the rule not assessable.
 */
import { ruleFamily, type FormatDef } from '../format';
import type { Cell, CheckResult } from './types';

function describe(format: FormatDef, key: string): string {
  const k = format.keyIndex.get(key);
  if (!k) return key;
  const table = k.table === 't2' ? '表二' : k.table === 't3' ? '表三' : '表四';
  return `${table}“${k.row}”行“${k.column}”列`;
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

export function runChecks(format: FormatDef, cells: Record<string, Cell>): CheckResult[] {
  const out: CheckResult[] = [];
  for (const rule of format.rules) {
    let expected = 0;
    let actual = 0;
    let missing: string[] | null = null;
    for (const k of rule.lhs) {
      const c = cells[k];
      if (!c || c.status === 'missing') (missing ??= []).push(k);
      else expected += c.value ?? 0;
    }
    for (const k of rule.rhs) {
      const c = cells[k];
      if (!c || c.status === 'missing') (missing ??= []).push(k);
      else actual += c.value ?? 0;
    }
    // Plain literals, not spreads: this runs 42 times per report.
    if (missing) {
      const message = `无法校验：${missing.map((k) => describe(format, k)).join('、')}未能读取`;
      out.push({ id: rule.id, label: rule.label, status: 'not_assessable', expected: null, actual: null, lhs: rule.lhs, rhs: rule.rhs, message });
      continue;
    }
    expected = round(expected);
    actual = round(actual);
    if (expected === actual) out.push({ id: rule.id, label: rule.label, status: 'pass', expected, actual, lhs: rule.lhs, rhs: rule.rhs });
    else {
      const message = failureMessage(format, rule.id, rule.lhs, expected, actual);
      out.push({ id: rule.id, label: rule.label, status: 'fail', expected, actual, lhs: rule.lhs, rhs: rule.rhs, message });
    }
  }
  return out;
}

function failureMessage(format: FormatDef, id: string, lhs: string[], expected: number, actual: number): string {
  const family = ruleFamily(id);
  const diff = round(expected - actual);
  switch (family) {
    case 'balance': {
      const col = format.keyIndex.get(lhs[0])?.column ?? '';
      return `表三“${col}”列：本年新收 + 上年结转 = ${expected}，但办理结果总计 + 结转下年度 = ${actual}（相差 ${diff}）`;
    }
    case 'outcomes_sum': {
      const col = format.keyIndex.get(lhs[0])?.column ?? '';
      return `表三“${col}”列：（七）总计印为 ${expected}，但（一）至（六）各项之和为 ${actual}（相差 ${diff}）`;
    }
    case 'row_total': {
      const row = format.keyIndex.get(lhs[0])?.row ?? '';
      return `表三“${row}”行：“总计”印为 ${expected}，但各类申请人之和为 ${actual}（相差 ${diff}）`;
    }
    default: {
      const group = format.keyIndex.get(lhs[0])?.label.split(' / ')[0] ?? id;
      return `表四“${group}”：总计印为 ${expected}，但维持、纠正、其他、尚未审结之和为 ${actual}（相差 ${diff}）`;
    }
  }
}
