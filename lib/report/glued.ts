/**
 * Rows whose digits were printed glued together ("220000022"): 表三 rows are split by the table's
 * arithmetic (row total, then the column rules over all glued rows together); 表二 rows, which
 * have no arithmetic, by plausibility — and then every cell of the row is `guessed`, with the
 * candidate splits kept, never `printed`.
 */
import type { FormatDef } from '../format';
import type { Item } from './cells';
import { missingCell, splitCells, sum } from './cellvalues';
import type { RowDef } from './rows';
import { groupedSplits, segmentations } from './split';
import type { Cell, Warning } from './types';

export interface RowResult {
  row: RowDef;
  cells: Cell[];
}

/** A 表三 row with several splits that each add up, waiting for the column rules. */
export interface PendingGlued {
  result: RowResult;
  chunks: Item[];
  candidates: string[][];
}

/** Zero marks glued between digits ("801————81", "——") are one cell each: they split as "0"s. */
export const chunkDigits = (c: Item) => (/^[—–―\/无]+$/.test(c.raw) ? '0'.repeat(c.raw.length) : c.raw);

/** Splits a glued 表三 row by its row total; several candidates are left to the column rules. */
export function splitGluedT3(row: RowDef, chunks: Item[], pending: PendingGlued[], warnings: Warning[]): RowResult | null {
  const cands = groupedSplits(chunks.map(chunkDigits), 1, row.keys.length);
  if (cands.length === 1) return { row, cells: splitCells(row.keys, chunks, cands[0], '粘连数字按行合计拆分') };
  if (cands.length > 1) {
    const result: RowResult = { row, cells: row.keys.map((k) => missingCell(k)) };
    pending.push({ result, chunks, candidates: cands });
    return result;
  }
  // No split adds up, but the digits allow one split only (one digit per cell): either the source
  // does not add up, or blank cells vanished from the run. Shown, but as a guess to review.
  const only = segmentations(chunks.map(chunkDigits), row.keys.length, {}, 2);
  if (only.length === 1) {
    warnings.push({
      code: 'unchecked_split',
      message: `“${row.label}”的数字粘连（${chunks.map((c) => c.raw).join(' ')}），只有一种拆法但行合计不符（也可能有空白单元格被吞掉），已标记为推测`,
      key: row.id,
    });
    return { row, cells: splitCells(row.keys, chunks, only[0], '粘连数字的唯一拆法（行合计不符）', { candidates: [only[0].map(Number)] }) };
  }
  return null;
}

/**
 * Glued 表三 rows with several splits that each add up: choose the combination that satisfies the
 * most column rules (勾稽关系 and （七）总计); a row stays unread when the best is not unique.
 */
export function resolveGluedT3(results: RowResult[], pending: PendingGlued[], format: FormatDef, warnings: Warning[]): void {
  if (pending.length === 0) return;
  const pendingResults = new Set(pending.map((p) => p.result));
  const values = new Map<string, number | null>();
  for (const r of results) if (!pendingResults.has(r)) for (const c of r.cells) values.set(c.key, c.value);
  const rules = format.rules.filter((ru) => ru.id.startsWith('t3.balance.') || ru.id.startsWith('t3.outcomes_sum.'));
  const total = pending.reduce((a, p) => a * p.candidates.length, 1);
  if (total > 200000) {
    for (const p of pending)
      warnings.push({ code: 'ambiguous_split', message: `“${p.result.row.label}”的数字粘连，无法唯一拆分`, key: p.result.row.id });
    return;
  }
  let best = -1;
  let bestCombos: number[][] = [];
  const choice = new Array(pending.length).fill(0);
  const score = () => {
    let ok = 0;
    for (const ru of rules) if (sum(ru.lhs.map((k) => values.get(k) ?? 0)) === sum(ru.rhs.map((k) => values.get(k) ?? 0))) ok++;
    return ok;
  };
  const rec = (i: number) => {
    if (i === pending.length) {
      const sc = score();
      if (sc > best) {
        best = sc;
        bestCombos = [[...choice]];
      } else if (sc === best) bestCombos.push([...choice]);
      return;
    }
    const g = pending[i];
    for (let k = 0; k < g.candidates.length; k++) {
      choice[i] = k;
      g.result.row.keys.forEach((key, c) => values.set(key, Number(g.candidates[k][c])));
      rec(i + 1);
    }
  };
  rec(0);
  pending.forEach((g, i) => {
    const picks = new Set(bestCombos.map((c) => c[i]));
    const row = g.result.row;
    if (picks.size === 1) {
      g.result.cells = splitCells(row.keys, g.chunks, g.candidates[[...picks][0]], '粘连数字按行合计与列勾稽关系拆分');
    } else {
      warnings.push({
        code: 'ambiguous_split',
        message: `“${row.label}”的数字粘连（${g.chunks.map((c) => c.raw).join(' ')}），有多种符合合计的拆分，未读取`,
        key: row.id,
      });
    }
  });
}

/**
 * 表二 rows have no arithmetic: a glued run ("77132470") is split by plausibility — document
 * stocks are not below this year's flows, item changes are usually 0 — and by numbers the
 * narrative prints. A unique split is printed; otherwise the best is `guessed` and warned about.
 */
export function splitGluedT2(row: RowDef, chunks: Item[], narrative: string, warnings: Warning[]): Cell[] | null {
  const a = row.keys.length;
  if (chunks.length === 0) return null;
  const signed = row.types.map((t) => t === 'signed');
  const decimalLast = row.types[a - 1] === 'decimal' || row.types[a - 1] === 'money';
  const raws = chunks.map((c) => chunkDigits(c).replace(/(万元|元)$/, ''));
  // Split signs off so "2648-18538" reads as chunks "2648", "-18538".
  const split = raws.flatMap((r) => r.split(/(?=[+-])/));
  const cands = segmentations(split, a, { signed, decimalLast });
  if (cands.length === 0) return null;
  if (cands.length === 1) return splitCells(row.keys, chunks, withUnit(cands[0], chunks), '粘连数字拆分');
  const scored = cands.map((p) => ({ p, sc: plausibility(row, p, signed, decimalLast, narrative) }));
  scored.sort((x, y) => y.sc - x.sc);
  const candidates = scored.slice(0, 8).map((s) => s.p.map(Number));
  const tie = scored[1].sc === scored[0].sc ? '（至少两种拆分同样合理）' : '';
  warnings.push({
    code: 'ambiguous_split',
    message: `“${row.label}”的数字粘连（${chunks.map((c) => c.raw).join(' ')}），按合理性选择拆分：${scored[0].p.join(' | ')}${tie}，已标记为推测，请核对原文`,
    key: row.id,
  });
  return splitCells(row.keys, chunks, withUnit(scored[0].p, chunks), '粘连数字按合理性拆分（无算术约束）', { candidates });
}

function plausibility(row: RowDef, p: string[], signed: boolean[], decimalLast: boolean, narrative: string): number {
  const a = row.keys.length;
  const v = p.map(Number);
  let sc = 0;
  if (a === 3 && row.types.every((t) => t === 'count')) {
    if (v[2] >= v[0] && v[2] >= v[1]) sc += 100;
    sc -= Math.log10(v[2] + 1) * 10;
    // Documents made this year usually outnumber those repealed (or published) this year.
    if (v[0] >= v[1]) sc += 5;
  }
  if (a === 2 && row.types[0] === 'count' && row.types[1] === 'money' && v[0] > 0) {
    // Count and total amount: prefer an amount per item nearest a typical contract (~300,000 元).
    sc -= Math.abs(Math.log10(v[1] / v[0]) - 5.5) * 10;
  }
  signed.forEach((sg, c) => {
    if (sg && v[c] === 0) sc += 50;
  });
  p.forEach((piece, c) => {
    if (!signed[c] && mentions(narrative, row.spec.cores[0], piece)) sc += 20;
  });
  if (decimalLast) return sc;
  // Prefer pieces of similar length (cells of one row of counts are usually of one magnitude).
  const lens = p.map((x) => x.replace(/^[+-]/, '').split('.')[0].length);
  return sc - (Math.max(...lens) - Math.min(...lens)) * 2;
}

/** Whether the narrative prints `value` shortly after the row's label ("规范性文件69件"). */
function mentions(narrative: string, core: string, value: string): boolean {
  if (!narrative) return false;
  const esc = value.replace('.', '\\.');
  return new RegExp(`${core}[^。；;\\d]{0,12}?(?<![\\d.])${esc}(?![\\d.])`).test(narrative);
}

/** Keeps a unit printed at the end of the last glued chunk on the last piece. */
function withUnit(pieces: string[], chunks: Item[]): string[] {
  const m = chunks[chunks.length - 1].raw.match(/(万元|元)$/);
  if (!m) return pieces;
  return [...pieces.slice(0, -1), pieces[pieces.length - 1] + m[1]];
}
