/**
 * A body's report of year N beside its report of N−1, key by key of N's format, for the tables
 * in the national layout. Keys the two formats share are compared (across the 2019/2021 change:
 * 表三, 表四 and 表二's 处理决定数量; the rest of 表二 only within one format); a blank cell counts as 0, as in the checks;
 * a missing cell gives no change. Nothing is recomputed: both values are as printed.
 */
import { FORMATS, type FormatVersion } from '../format';
import type { YearCell } from './check';

export interface ValueChange {
  previous: number | null;
  /** current − previous; null when either side could not be read. */
  change: number | null;
}

function readable(c: YearCell | undefined): number | null {
  if (!c || c.status === 'missing') return null;
  return c.value ?? 0;
}

export function compareYears(
  previous: { format: FormatVersion; cells: Record<string, YearCell | undefined> },
  current: { format: FormatVersion; cells: Record<string, YearCell | undefined> },
): Map<string, ValueChange> {
  const shared = FORMATS[previous.format].keyIndex;
  const out = new Map<string, ValueChange>();
  for (const k of FORMATS[current.format].keys) {
    if (!shared.has(k.key)) continue;
    const p = readable(previous.cells[k.key]);
    const c = readable(current.cells[k.key]);
    out.set(k.key, { previous: p, change: p === null || c === null ? null : Math.round((c - p) * 1e6) / 1e6 });
  }
  return out;
}
