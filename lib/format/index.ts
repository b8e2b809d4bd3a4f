/**
 * The national report formats, described once as data (format.json: keys and rules; labels.json:
 * the printed layout). Parser, checks, on-screen tables and CSV headers all derive from here.
 */
import formatJson from './format.json';
import labelsJson from './labels.json';

export type FormatVersion = '2021' | '2019';
export const FORMAT_VERSIONS: FormatVersion[] = ['2021', '2019'];

export type ValueType = 'count' | 'signed' | 'decimal' | 'money';
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

export interface T2Row {
  /** e.g. "rules"; its keys are `t2.<row>.<column>`. */
  key: string;
  label: string;
  section: string;
  columns: { key: string; label: string; type: ValueType; unit: string | null }[];
}

export interface T3Row {
  /** Row key (e.g. "denied.state_secret"); values are `t3.<row>.<column>`. */
  key: string;
  label: string;
  /** Labels of the enclosing group rows, outermost first (e.g. 三、本年度办理结果, （三）不予公开). */
  groups: string[];
  isOutcome: boolean;
}

export interface T3Column {
  key: string;
  label: string;
  parent: string | null;
}

export interface T4Group {
  key: string;
  label: string;
  parent: string | null;
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
  const lj = labelsJson.formats.find((f) => f.version === version)! as unknown as {
    document: string;
    cells: LabelsCell[];
    tables: {
      t2: { title: string; sections: { label: string; columns: { key: string; label: string; type: ValueType; unit: string | null }[]; rows: { key: string; label: string }[] }[] };
      t3: { title: string; columns: T3Column[]; rows: { key?: string; label: string; data: boolean; role?: string; group?: string; subgroup?: string }[] };
      t4: { title: string; groups: T4Group[]; columns: { key: string; label: string }[] };
    };
  };
  const cellByKey = new Map(lj.cells.map((c) => [c.key, c]));
  const keys: KeyDef[] = fj.keys.map(({ key, label }) => {
    const c = cellByKey.get(key);
    if (!c) throw new Error(`labels.json has no cell for ${key}`);
    return { key, table: c.table, label, row: c.row, column: c.column, section: c.section, type: c.type, unit: c.unit };
  });
  const t2rows: T2Row[] = lj.tables.t2.sections.flatMap((s) =>
    s.rows.map((r) => ({ key: r.key, label: r.label, section: s.label, columns: s.columns })),
  );
  const t3rows: T3Row[] = lj.tables.t3.rows
    .filter((r) => r.data && r.key)
    .map((r) => ({
      key: r.key!,
      label: r.label,
      groups: [r.group, r.subgroup].filter((g): g is string => Boolean(g)),
      isOutcome: Boolean(r.group) && r.role !== 'sum',
    }));
  return {
    version,
    document: lj.document,
    keys,
    keyIndex: new Map(keys.map((k) => [k.key, k])),
    rules: fj.rules,
    t2: { title: lj.tables.t2.title, rows: t2rows },
    t3: { title: lj.tables.t3.title, rows: t3rows, columns: lj.tables.t3.columns },
    t4: lj.tables.t4,
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
