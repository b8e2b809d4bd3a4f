/**
 * The rows of 表二 and 表三 as the parser walks them, derived from the format description.
 */
import type { FormatDef, ValueType } from '../format';
import { anchorSpec, type AnchorSpec } from './anchors';

export interface RowDef {
  table: 't2' | 't3';
  /** e.g. "t3.granted", "t2.rules". */
  id: string;
  label: string;
  keys: string[];
  types: ValueType[];
  /** Rows of the same group share their columns (t2 sections; all of t3). */
  group: string;
  spec: AnchorSpec;
}

const cache = new WeakMap<FormatDef, { t2: RowDef[]; t3: RowDef[] }>();

export function tableRows(format: FormatDef): { t2: RowDef[]; t3: RowDef[] } {
  let rows = cache.get(format);
  if (rows) return rows;
  const t2: RowDef[] = format.t2.rows.map((r) => ({
    table: 't2',
    id: `t2.${r.key}`,
    label: r.label,
    keys: r.columns.map((c) => `t2.${r.key}.${c.key}`),
    types: r.columns.map((c) => c.type),
    group: r.section,
    spec: anchorSpec(r.label),
  }));
  const t3: RowDef[] = format.t3.rows.map((r) => ({
    table: 't3',
    id: `t3.${r.key}`,
    label: r.label,
    keys: format.t3.columns.map((c) => `t3.${r.key}.${c.key}`),
    types: format.t3.columns.map(() => 'count' as ValueType),
    group: 't3',
    spec: anchorSpec(r.label),
  }));
  rows = { t2, t3 };
  cache.set(format, rows);
  return rows;
}
