/**
 * The national report formats, described once as data (format.json: keys and rules; labels.json:
 * the printed layout). Parser, checks, on-screen tables and CSV headers all derive from here.
 */
import formatJson from './format.json';
import labelsJson from './labels.json';
import { FORMAT_TABLES, type FormatVersion, type T2Row, type T3Column, type T3Row, type T4Group, type ValueType } from './tables';

export { type FormatVersion, type T2Row, type T3Column, type T3Row, type T4Group, type ValueType } from './tables';

export const FORMAT_VERSIONS: FormatVersion[] = ['2021', '2019'];

export type TableId = 't2' | 't3' | 't4';

export interface KeyDef {
  key: string;
  table: TableId;
  /** Printed label of the whole cell, e.g. "一、本年新收政府信息公开申请数量 / 自然人". */
  label: string;
  /** Row and column labels as printed in the template. */
  row: string;
  column: string;
  section?: string;
  type: ValueType;
  unit: string | null;
}

export interface RuleDef {
  id: string;
  label: string;
  lhs: string[];
  rhs: string[];
}

export interface FormatDef {
  version: FormatVersion;
  document: string;
  keys: KeyDef[];
  keyIndex: Map<string, KeyDef>;
  rules: RuleDef[];
  t2: { title: string; rows: T2Row[] };
  t3: { title: string; rows: T3Row[]; columns: T3Column[] };
  t4: { title: string; groups: T4Group[]; columns: { key: string; label: string }[] };
}

interface LabelsCell {
  key: string;
  table: TableId;
  section?: string;
  row: string;
  column: string;
  type: ValueType;
  unit: string | null;
}

function buildFormat(version: FormatVersion): FormatDef {
  const fj = formatJson.formats.find((f) => f.version === version)!;
  const lj = labelsJson.formats.find((f) => f.version === version)! as unknown as { cells: LabelsCell[] };
  const cellByKey = new Map(lj.cells.map((c) => [c.key, c]));
  const keys: KeyDef[] = fj.keys.map(({ key, label }) => {
    const c = cellByKey.get(key);
    if (!c) throw new Error(`labels.json has no cell for ${key}`);
    return { key, table: c.table, label, row: c.row, column: c.column, section: c.section, type: c.type, unit: c.unit };
  });
  return {
    version,
    ...FORMAT_TABLES[version],
    keys,
    keyIndex: new Map(keys.map((k) => [k.key, k])),
    rules: fj.rules,
  };
}

export const FORMATS: Record<FormatVersion, FormatDef> = {
  '2021': buildFormat('2021'),
  '2019': buildFormat('2019'),
};

/** Spelling variants seen in real reports, keyed by the official label. */
export const LABEL_VARIANTS: Record<string, string[]> = labelsJson.variants;

/** The rule family of a rule id: balance (勾稽), outcomes_sum, row_total or t4 total. */
export function ruleFamily(id: string): 'balance' | 'outcomes_sum' | 'row_total' | 't4_total' {
  if (id.startsWith('t3.balance.')) return 'balance';
  if (id.startsWith('t3.outcomes_sum.')) return 'outcomes_sum';
  if (id.startsWith('t3.row_total.')) return 'row_total';
  return 't4_total';
}
