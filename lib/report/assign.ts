/**
 * Assigns the numbers printed after each row label to the cells of 表二 and 表三: row by row, or
 * column by column where PDF extraction printed a block's labels first (淮安, 洪泽), chosen by
 * which reading makes the row totals add up. Rows are taken in the order the text prints them,
 * which is template order unless a converter moved blocks; layout debris (layout.ts) is removed
 * first. What cannot be placed is left unread and flagged, never read in order.
 */
import type { Anchor } from './anchors';
import { tokenize, readNumber, type Item } from './cells';
import { blankCell, itemCell, itemValue, missingCell, sum } from './cellvalues';
import { splitGluedT2, splitGluedT3, type PendingGlued, type RowResult } from './glued';
import { dropStrayNumbers, learnColumnEdges, moveLeadingValueLines, placeByColumns, unevenGaps } from './layout';
import type { RowDef } from './rows';
import type { Squeezed } from './squeeze';
import type { Warning } from './types';

export interface AssignOptions {
  /** Blank cells may be extraction losses (PDF text): allow inferring them from a row total. */
  mayInferBlanks: boolean;
  /** The report's narrative (text outside the tables), only to rank 表二 splits. */
  narrative: () => string;
}

interface Ctx {
  text: string;
  warnings: Warning[];
  opts: AssignOptions;
  /** Right-edge text columns of each cell, by row width, learned from this table's complete space-aligned rows. */
  columnEdges?: Map<number, number[]>;
  pending: PendingGlued[];
}

/** Payload items (numbers and blanks) of every anchored row: its text up to the next label printed after it. */
function payloads(text: string, sq: Squeezed, anchors: (Anchor | null)[], order: number[], endSq: number): (Item[] | null)[] {
  const out: (Item[] | null)[] = anchors.map(() => null);
  for (let oi = 0; oi < order.length; oi++) {
    const i = order[oi];
    const a = anchors[i];
    if (!a) continue;
    let nextSq = endSq;
    for (let oj = oi + 1; oj < order.length; oj++)
      if (anchors[order[oj]]) {
        nextSq = anchors[order[oj]]!.sqStart;
        break;
      }
    let from = sq.at[a.sqEnd - 1] + 1;
    // Closing quotes of the label ("危及“三安全一稳定”") are not part of the payload.
    while (from < text.length && '”"’\''.includes(text[from])) from++;
    const to = nextSq >= sq.at.length ? text.length : sq.at[nextSq];
    out[i] = from < to ? tokenize(text, from, to, { afterLabel: true }).filter((it) => it.kind !== 'text') : [];
  }
  return out;
}

/**
 * The order rows are printed in: anchored rows by position, each unanchored row right after its
 * template predecessor (its numbers follow a garbled label inside that row's payload).
 */
function printedOrder(anchors: (Anchor | null)[]): number[] {
  const anchored = anchors
    .map((a, i) => ({ a, i }))
    .filter((x) => x.a)
    .sort((x, y) => x.a!.sqStart - y.a!.sqStart)
    .map((x) => x.i);
  const order: number[] = [];
  const placed = new Set<number>();
  const lead: number[] = [];
  for (let i = 0; i < anchors.length && !anchors[i]; i++) lead.push(i);
  order.push(...lead);
  lead.forEach((i) => placed.add(i));
  for (const i of anchored) {
    order.push(i);
    placed.add(i);
    for (let j = i + 1; j < anchors.length && !anchors[j] && !placed.has(j); j++) {
      order.push(j);
      placed.add(j);
    }
  }
  return order;
}

export function readRows(text: string, sq: Squeezed, rows: RowDef[], anchors: (Anchor | null)[], endSq: number, ctx: Omit<Ctx, 'text'>): RowResult[] {
  const c: Ctx = { ...ctx, text };
  const order = printedOrder(anchors);
  const items = payloads(text, sq, anchors, order, endSq);
  for (let i = 0; i < rows.length; i++) {
    const a = anchors[i];
    if (!a) c.warnings.push({ code: 'missing_row', message: `未找到行“${rows[i].label}”（标签缺失或无法识别）`, key: rows[i].id });
    else if (a.fuzzy)
      c.warnings.push({
        code: 'garbled_label',
        message: `行“${rows[i].label}”的标签与模板不完全一致，按近似匹配定位`,
        key: rows[i].id,
        span: { start: sq.at[a.sqStart], end: sq.at[a.sqEnd - 1] + 1 },
      });
  }
  if (order.some((r, k) => k > 0 && r < order[k - 1])) {
    c.warnings.push({ code: 'row_order', message: '表格行的印刷顺序与模板不同，已按行标签读取' });
  }
  moveLeadingValueLines(text, rows, items, order, c.warnings);
  c.columnEdges = learnColumnEdges(text, rows, items);
  // Blocks: rows with no numbers of their own, ended by a row that has numbers, plus the
  // unanchored rows right after it (their numbers follow a garbled label inside its payload).
  const results: RowResult[] = [];
  let block: number[] = [];
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    block.push(i);
    const its = items[i];
    if (anchors[i] && its && its.length > 0) {
      while (k + 1 < order.length && !anchors[order[k + 1]]) block.push(order[++k]);
      results.push(
        ...assignBlock(
          block.map((b) => rows[b]),
          block.map((b) => Boolean(anchors[b])),
          its,
          c,
        ),
      );
      block = [];
    }
  }
  for (const b of block) results.push({ row: rows[b], cells: rows[b].keys.map((k) => (anchors[b] ? blankCell(k) : missingCell(k))) });
  return results.sort((x, y) => rows.indexOf(x.row) - rows.indexOf(y.row));
}

/**
 * When the numbers do not fill the block but would if a run of unanchored rows were one printed
 * row (洪泽 2023 prints （六）其他处理 as one row in the 2021 format), returns that arrangement.
 */
function collapseUnanchored(rows: RowDef[], anchored: boolean[], count: number): { rows: RowDef[]; phantom: RowDef; replaced: RowDef[] } | null {
  const first = anchored.indexOf(false);
  if (first < 0) return null;
  let last = first;
  while (last + 1 < rows.length && !anchored[last + 1]) last++;
  const replaced = rows.slice(first, last + 1);
  if (replaced.length < 2 || replaced.some((r) => r.keys.length !== replaced[0].keys.length)) return null;
  const phantom: RowDef = { ...replaced[0], id: `${replaced[0].id}#collapsed`, keys: replaced[0].keys.map((k) => `${k}#collapsed`) };
  const newRows = [...rows.slice(0, first), phantom, ...rows.slice(last + 1)];
  return sum(newRows.map((r) => r.keys.length)) === count ? { rows: newRows, phantom, replaced } : null;
}

function assignBlock(blockRows: RowDef[], anchoredInBlock: boolean[], items: Item[], c: Ctx): RowResult[] {
  // The row whose payload holds the numbers: the last anchored row of the block.
  const p = Math.max(0, anchoredInBlock.lastIndexOf(true));
  const capacity = sum(blockRows.map((r) => r.keys.length));
  const P = blockRows[p];
  if (blockRows.length === 1) return [readRow(P, items, c)];
  const before = blockRows.slice(0, p);
  const after = blockRows.slice(p + 1);
  if (items.length === capacity) {
    const rowMajor = distributeRowMajor([...before, P, ...after], items);
    if (before.length === 0) return rowMajor.map(([r, its]) => readRow(r, its, c));
    const colMajor = fixTotalColumn(distributeColumnMajor([...before, P, ...after], items));
    const chosen = plausibility(colMajor) >= plausibility(rowMajor) ? colMajor : rowMajor;
    if (chosen === colMajor) {
      c.warnings.push({ code: 'column_major', message: `“${before[0].label}”至“${P.label}”的数字按列排列（PDF 提取顺序），已按列读取` });
    }
    return chosen.map(([r, its]) => readRow(r, its, c));
  }
  const collapsed = collapseUnanchored(blockRows, anchoredInBlock, items.length);
  if (collapsed) {
    const sub = assignBlock(
      collapsed.rows,
      collapsed.rows.map((r) => r !== collapsed.phantom),
      items,
      c,
    );
    const phantomCells = sub.find((r) => r.row === collapsed.phantom)?.cells ?? [];
    c.warnings.push({
      code: 'collapsed_rows',
      message: `“${collapsed.replaced[0].label}”等 ${collapsed.replaced.length} 行在原文中合并为一行（${phantomCells.map((x) => x.raw ?? '').join(' ')}），分项无法读取`,
      key: collapsed.replaced[0].id,
    });
    return [
      ...sub.filter((r) => r.row !== collapsed.phantom),
      ...collapsed.replaced.map((r) => ({ row: r, cells: r.keys.map((k) => missingCell(k, '原文合并为一行')) })),
    ];
  }
  if (items.length > capacity && before.length === 0) {
    c.warnings.push({ code: 'extra_numbers', message: `“${P.label}”之后的数字多于表格单元格数，多余的数字未使用`, key: P.id });
    return distributeRowMajor([P, ...after], items.slice(0, capacity)).map(([r, its]) => readRow(r, its, c));
  }
  if (before.length > 0 && items.length < capacity && items.length > P.keys.length) {
    // Labels printed first but fewer numbers than cells: a blank vanished, so no column can be placed.
    c.warnings.push({
      code: 'column_major_incomplete',
      message: `“${before[0].label}”至“${P.label}”的数字按列排列但少于单元格数（${items.length}/${capacity}），空白单元格位置无法确定，未读取`,
      key: P.id,
    });
    for (const r of before)
      c.warnings.push({ code: 'column_major_incomplete', message: `“${r.label}”所在的按列排列区块数字不全，未读取`, key: r.id });
    return [...before, P, ...after].map((r) => ({ row: r, cells: r.keys.map((k) => missingCell(k)) }));
  }
  // The numbers belong to P alone: rows before it printed nothing, rows after it are lost.
  const out: RowResult[] = before.map((r) => ({ row: r, cells: r.keys.map((k) => blankCell(k)) }));
  out.push(readRow(P, items, c));
  for (const r of after) out.push({ row: r, cells: r.keys.map((k) => missingCell(k)) });
  return out;
}

function distributeRowMajor(rows: RowDef[], items: Item[]): [RowDef, Item[]][] {
  let pos = 0;
  return rows.map((r) => {
    const its = items.slice(pos, pos + r.keys.length);
    pos += r.keys.length;
    return [r, its];
  });
}

/** Consecutive rows of one group take their numbers column by column. */
function distributeColumnMajor(rows: RowDef[], items: Item[]): [RowDef, Item[]][] {
  const out: [RowDef, Item[]][] = [];
  let pos = 0;
  let g = 0;
  while (g < rows.length) {
    let h = g;
    while (h + 1 < rows.length && rows[h + 1].group === rows[g].group && rows[h + 1].keys.length === rows[g].keys.length) h++;
    const group = rows.slice(g, h + 1);
    const m = group.length;
    const a = group[0].keys.length;
    const chunk = items.slice(pos, pos + m * a);
    pos += m * a;
    group.forEach((r, ri) => out.push([r, Array.from({ length: a }, (_, col) => chunk[col * m + ri])]));
    g = h + 1;
  }
  return out;
}

/** How many rows read plausibly: 表三 row totals that add up; 表二 stocks not below flows. */
function plausibility(assign: [RowDef, Item[]][]): number {
  let score = 0;
  for (const [r, its] of assign) {
    const v = its.map(itemValue);
    const a = r.keys.length;
    if (r.table === 't3') {
      if (sum(v.slice(0, a - 1)) === v[a - 1]) score++;
    } else if (a === 3 && r.types.every((t) => t === 'count')) {
      if (v[2] >= v[0] && v[2] >= v[1]) score++;
    }
  }
  return score;
}

/**
 * Column-major 表三 text sometimes prints the 总计 column before another column (洪泽 2023): when
 * the last column is not the sum of the others but exactly one other column is, move it last.
 */
function fixTotalColumn(assign: [RowDef, Item[]][]): [RowDef, Item[]][] {
  const t3 = assign.filter(([r]) => r.table === 't3');
  if (t3.length < 2) return assign;
  const last = t3[0][0].keys.length - 1;
  const vals = t3.map(([, its]) => its.map(itemValue));
  const totalOk = (col: number) => vals.every((v) => sum(v.filter((_, k) => k !== col)) === v[col]);
  if (totalOk(last)) return assign;
  for (let col = last - 1; col >= 1; col--) {
    if (!totalOk(col)) continue;
    return assign.map(([r, its]) => (r.table !== 't3' ? [r, its] : [r, [...its.slice(0, col), ...its.slice(col + 1), its[col]]]));
  }
  return assign;
}

export function readRow(row: RowDef, rawItems: Item[], c: Ctx): RowResult {
  const a = row.keys.length;
  let items = rawItems.filter(Boolean);
  if (items.length === 0) return { row, cells: row.keys.map((k) => blankCell(k)) };
  // Too many items: lone numbers on lines of their own beside the row's line are debris; then
  // blanks at the end are layout filler, then blanks at the start.
  if (items.length > a) items = dropStrayNumbers(c.text, row, items, c.warnings) ?? items;
  while (items.length > a && items[items.length - 1].kind === 'blank') items = items.slice(0, -1);
  while (items.length > a && items[0].kind === 'blank') items = items.slice(1);
  if (items.length > a) {
    c.warnings.push({ code: 'extra_numbers', message: `“${row.label}”一行的数字多于 ${a} 个，只取前 ${a} 个`, key: row.id });
    items = items.slice(0, a);
  }
  const nums = items.filter((it) => it.kind === 'num');
  if (items.length === a && nums.every((it) => readNumber(it.raw))) {
    const cells = items.map((it, k) => itemCell(row.keys[k], it));
    if (row.table === 't3') inferSingleBlank(row, cells, c);
    return { row, cells };
  }
  if (items.length < a && unevenGaps(c.text, items)) {
    const placed = placeByColumns(c.text, items, c.columnEdges?.get(a));
    if (placed) {
      const cells = placed.map((it, k) =>
        it ? itemCell(row.keys[k], it) : { ...blankCell(row.keys[k]), note: '空格对齐的行中的空白单元格（按本表各列位置确定）' },
      );
      return { row, cells };
    }
    c.warnings.push({
      code: 'uneven_gaps',
      message: `“${row.label}”一行只印出 ${items.length} 个数字（应有 ${a} 个），空白单元格藏在不等宽的空格中，位置无法确定，未读取`,
      key: row.id,
    });
    return { row, cells: row.keys.map((k) => missingCell(k, '空格对齐的行中有空白单元格，列位置无法确定')) };
  }
  // Fewer cells than columns, or a cell that is not one number: digits glued together.
  if (row.table === 't3') {
    const r = splitGluedT3(row, nums, c.pending, c.warnings);
    if (r) return r;
  } else {
    const cells = splitGluedT2(row, nums, c.opts.narrative(), c.warnings);
    if (cells) return { row, cells };
  }
  // Neither a full row nor a split that fits: which cells were lost cannot be told, so none is
  // placed (reading them in order would shift every figure after the gap).
  c.warnings.push({
    code: 'missing_cells',
    message: `“${row.label}”一行只读到 ${items.length} 个数字（${items.map((it) => it.raw || '空').join(' ')}，应有 ${a} 个），无法确定各数字所在列，未读取`,
    key: row.id,
  });
  return { row, cells: row.keys.map((k) => missingCell(k)) };
}

/**
 * A single blank cell in a 表三 row of PDF text is usually a cell lost in extraction: when the row
 * total fixes it to a non-zero value, infer it and mark it inferred (a zero stays blank).
 */
function inferSingleBlank(row: RowDef, cells: RowResult['cells'], c: Ctx): void {
  if (!c.opts.mayInferBlanks) return;
  const blanks = cells.filter((x) => x.status === 'blank');
  if (blanks.length !== 1) return;
  const idx = cells.indexOf(blanks[0]);
  const last = cells.length - 1;
  const v = cells.map((x) => x.value ?? 0);
  const inferred = idx === last ? sum(v.slice(0, last)) : v[last] - (sum(v.slice(0, last)) - v[idx]);
  if (inferred <= 0) return;
  cells[idx] = { ...cells[idx], value: inferred, status: 'inferred', note: '由本行“总计”推算（原文该单元格缺失）' };
  c.warnings.push({
    code: 'inferred_cell',
    message: `“${row.label}”的一个单元格在原文中缺失，按行合计推算为 ${inferred}（已标记为推算）`,
    key: row.keys[idx],
  });
}
