/**
 * Words for the consistency rules: families (t3.balance …) and single rules, from the format as
 * data, so the quality pages name rules the way the national template does.
 */
import { FORMATS, FORMAT_VERSIONS } from './index';

const TABLE_NAME: Record<string, string> = { t2: '表二', t3: '表三', t4: '表四' };

export interface RuleFamily {
  id: string;
  label: string;
}

export const RULE_FAMILIES: RuleFamily[] = (() => {
  const out: RuleFamily[] = [];
  for (const v of FORMAT_VERSIONS) {
    for (const r of FORMATS[v].rules) {
      const id = r.id.split('.').slice(0, 2).join('.');
      if (out.some((f) => f.id === id)) continue;
      out.push({ id, label: `${TABLE_NAME[id.slice(0, 2)] ?? ''} ${r.label}` });
    }
  }
  return out;
})();

const RULE_LABEL = new Map<string, string>();
for (const v of FORMAT_VERSIONS) for (const r of FORMATS[v].rules) if (!RULE_LABEL.has(r.id)) RULE_LABEL.set(r.id, r.label);

export function ruleFamilyLabel(id: string): string {
  return RULE_FAMILIES.find((f) => f.id === id)?.label ?? id;
}

/** Where a rule applies, in words: the 表三 column (勾稽, （七）总计), the row (总计列) or the 表四 group. */
export function ruleScope(id: string): string {
  const [t, fam, ...rest] = id.split('.');
  const tail = rest.join('.');
  if (t === 't3' && (fam === 'balance' || fam === 'outcomes_sum'))
    return `“${FORMATS['2021'].t3.columns.find((c) => c.key === tail)?.label ?? tail}”列`;
  if (t === 't3' && fam === 'row_total') {
    const row = FORMATS['2021'].t3.rows.find((r) => r.key === tail) ?? FORMATS['2019'].t3.rows.find((r) => r.key === tail);
    return `“${row?.label ?? tail}”行`;
  }
  if (t === 't4') return `“${FORMATS['2021'].t4.groups.find((g) => g.key === tail)?.label ?? tail}”`;
  return tail;
}

export function ruleLabel(id: string): string {
  const base = RULE_LABEL.get(id);
  const t = TABLE_NAME[id.slice(0, 2)] ?? '';
  return base ? `${t}${ruleScope(id)}：${base}` : id;
}
