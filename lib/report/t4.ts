/**
 * 表四 (复议/诉讼): one data row of groups × results cells (three groups of five in both formats),
 * no row label. The header may carry stray numbers, PDF text pads the row with empty cells, and
 * crawled text glues the digits together: the reading that makes the most groups add up wins.
 */
import type { FormatDef } from '../format';
import { tokenize, type Item } from './cells';
import { itemCell, itemValue, missingCell, splitCells, sum } from './cellvalues';
import { chunkDigits } from './glued';
import { groupedSplits, segmentations } from './split';
import type { Cell, Warning } from './types';

export function t4Keys(format: FormatDef): string[] {
  return format.t4.groups.flatMap((g) => format.t4.columns.map((c) => `t4.${g.key}.${c.key}`));
}

export function readT4(text: string, from: number, to: number, format: FormatDef, warnings: Warning[]): Cell[] {
  const keys = t4Keys(format);
  const width = keys.length;
  const groupSize = format.t4.columns.length;
  const groups = format.t4.groups.length;
  const tokens = tokenize(text, from, to, { maxRowCells: width });
  // The row is the first run of cells (between two texts) with cells or digits enough for the
  // row; figures in the text after it ("2025 年度…" where no part 五 heading follows) are not the table's.
  const runs: Item[][] = [[]];
  for (const it of tokens) {
    if (it.kind === 'text') {
      if (runs[runs.length - 1].length) runs.push([]);
    } else runs[runs.length - 1].push(it);
  }
  const digitsOf = (r: Item[]) => sum(r.filter((n) => n.kind === 'num').map((n) => chunkDigits(n).replace(/\D/g, '').length));
  const rowRun = runs.find((r) => r.length >= width || digitsOf(r) >= width);
  const items = rowRun ?? tokens.filter((it) => it.kind !== 'text');
  const nums = items.filter((it) => it.kind === 'num');
  // Groups whose last cell (总计) is the sum of the others.
  const groupsOk = (win: Item[]) => {
    const v = win.map(itemValue);
    let ok = 0;
    for (let o = 0; o < width; o += groupSize) if (sum(v.slice(o, o + groupSize - 1)) === v[o + groupSize - 1]) ok++;
    return ok;
  };
  if (items.length === width) return items.map((it, i) => itemCell(keys[i], it));
  if (nums.length === width && items.length > width) {
    // Exactly one figure per cell among empty cells: the empty ones are layout padding (PDF text).
    warnings.push({ code: 'padding_blanks', message: `表四的数字之间夹有空白单元格（排版填充），按印出的 ${width} 个数字读取`, key: 't4' });
    return nums.map((it, i) => itemCell(keys[i], it));
  }
  if (nums.length >= 1 && items.length > width) {
    // Windows of `width` consecutive cells (blanks included) starting at a number: the one whose
    // groups add up best, then with most numbers, the last on ties (headers come first).
    let best: Item[] | null = null;
    let bestScore = -1;
    for (let st = 0; st + width <= items.length; st++) {
      if (items[st].kind !== 'num') continue;
      const win = items.slice(st, st + width);
      const sc = groupsOk(win) * 100 + win.filter((it) => it.kind === 'num').length;
      if (sc >= bestScore) {
        bestScore = sc;
        best = win;
      }
    }
    if (best) {
      if (nums.length > width)
        warnings.push({ code: 'extra_numbers', message: `表四中的数字多于 ${width} 个，取最符合“总计”关系的 ${width} 个`, key: 't4' });
      return best.map((it, i) => itemCell(keys[i], it));
    }
  }
  if (nums.length === 0) {
    warnings.push({ code: 'missing_cells', message: '表四中未读到数字', key: 't4' });
    return keys.map((k) => missingCell(k));
  }
  const separate = nums.length > 1 && nums.every((n, i) => i === 0 || /\s/.test(text.slice(nums[i - 1].end, n.start)));
  if (separate && nums.every((n) => n.raw.length <= 3)) {
    // Separate short numbers, fewer than the cells: blank cells vanished, so none can be placed.
    warnings.push({
      code: 'missing_cells',
      message: `表四只印出 ${nums.length} 个数字（应有 ${width} 个），空白单元格的位置无法确定，未读取`,
      key: 't4',
    });
    return keys.map((k) => missingCell(k));
  }
  // Glued: split group by group so each group's 总计 is the sum of its results.
  const digits = nums.map(chunkDigits);
  const cands = groupedSplits(digits, groups, groupSize);
  if (cands.length >= 1) {
    const uniq = new Set(cands.map((c) => c.join('|')));
    if (uniq.size === 1) return splitCells(keys, nums, cands[0], '粘连数字按各组“总计”拆分');
    warnings.push({
      code: 'ambiguous_split',
      message: `表四的数字粘连（${digits.join(' ')}），有 ${uniq.size} 种符合“总计”的拆分，未读取`,
      key: 't4',
    });
    return keys.map((k) => missingCell(k));
  }
  // No split adds up, but the digits allow one split only: the source's totals do not add up, or
  // blank cells vanished. Shown as a guess to review.
  const only = segmentations(digits, width, {}, 2);
  if (only.length === 1) {
    warnings.push({
      code: 'unchecked_split',
      message: `表四的数字粘连（${nums.map((n) => n.raw).join(' ')}），只有一种拆法但“总计”不符，已标记为推测`,
      key: 't4',
    });
    return splitCells(keys, nums, only[0], '粘连数字的唯一拆法（总计不符）', { candidates: [only[0].map(Number)] });
  }
  warnings.push({ code: 'missing_cells', message: `表四只读到 ${nums.length} 个数字（应有 ${width} 个），未读取`, key: 't4' });
  return keys.map((k) => missingCell(k));
}
