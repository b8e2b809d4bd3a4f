/**
 * Reads the three statistical tables, step by step along the pipeline: locate each table
 * (locate.ts), anchor its rows by label (anchors.ts), assign the numbers between labels to rows
 * (assign.ts), split glued digit runs (glued.ts, split.ts), read 表四 (t4.ts) — and record for
 * every value the exact text it came from.
 */
import type { FormatDef } from '../format';
import type { Cell, Warning } from './types';
import { findAnchors } from './anchors';
import { readRows } from './assign';
import { missingCell } from './cellvalues';
import { resolveGluedT3, type PendingGlued } from './glued';
import { locateTables } from './locate';
import { tableRows } from './rows';
import { squeezeWithMap } from './squeeze';
import { readT4 } from './t4';

export interface TableRegions {
  t2: { start: number; end: number } | null;
  t3: { start: number; end: number } | null;
  t4: { start: number; end: number } | null;
}

export interface TablesResult {
  cells: Record<string, Cell>;
  warnings: Warning[];
  regions: TableRegions;
  /** How many rows of 表三 were found by their labels (0 means: no 表三 in this text). */
  t3RowsFound: number;
}

export interface ReadOptions {
  /** Blank cells may be extraction losses (PDF text): allow inferring them from a row total. */
  mayInferBlanks: boolean;
}

export function readTables(text: string, format: FormatDef, opts: ReadOptions): TablesResult {
  const sq = squeezeWithMap(text);
  const warnings: Warning[] = [];
  const cells: Record<string, Cell> = {};
  const { t2: t2Rows, t3: t3Rows } = tableRows(format);
  const loc = locateTables(sq, t3Rows);

  const orig = (p: number) => (p >= sq.at.length ? text.length : sq.at[p]);
  const span = (r: { start: number; end: number } | null) => (r ? { start: orig(r.start), end: orig(r.end) } : null);
  const regions: TableRegions = { t2: span(loc.t2), t3: span(loc.t3), t4: span(loc.t4) };

  // The report's narrative (text outside the tables) ranks splits of glued 表二 digits
  // ("制发行政规范性文件69件" decides "693665" = 69 | 3 | 665).
  let narrativeCache: string | null = null;
  const narrative = () =>
    (narrativeCache ??= text.slice(0, regions.t2?.start ?? text.length) + '\n' + text.slice(regions.t4?.end ?? regions.t3?.end ?? text.length));
  const pending: PendingGlued[] = [];
  const ctx = { warnings, opts: { mayInferBlanks: opts.mayInferBlanks, narrative }, pending };

  if (loc.t2) {
    const anchors = findAnchors(
      sq,
      t2Rows.map((r) => r.spec),
      loc.t2.start,
      loc.t2.end,
    );
    for (const r of readRows(text, sq, t2Rows, anchors, loc.t2.end, ctx)) for (const c of r.cells) cells[c.key] = c;
  } else {
    warnings.push({ code: 'missing_table', message: '未找到表二（主动公开政府信息情况）', key: 't2' });
  }

  const t3RowsFound = loc.t3Anchors.filter(Boolean).length;
  if (loc.t3 && t3RowsFound > 0) {
    const results = readRows(text, sq, t3Rows, loc.t3Anchors, loc.t3.end, ctx);
    resolveGluedT3(results, pending, format, warnings);
    for (const r of results) for (const c of r.cells) cells[c.key] = c;
  } else {
    warnings.push({ code: 'missing_table', message: '未找到表三（收到和处理政府信息公开申请情况）', key: 't3' });
  }

  if (regions.t4) {
    for (const c of readT4(text, regions.t4.start, regions.t4.end, format, warnings)) cells[c.key] = c;
  } else {
    warnings.push({ code: 'missing_table', message: '未找到表四（行政复议、行政诉讼情况）', key: 't4' });
  }

  for (const k of format.keys) if (!cells[k.key]) cells[k.key] = missingCell(k.key);
  return { cells, warnings, regions, t3RowsFound };
}
