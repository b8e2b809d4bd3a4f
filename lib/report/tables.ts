/**
 * Reads the three statistical tables: locates each table, anchors its rows by label, assigns the
 * numbers between labels to rows (row by row, or column by column where PDF extraction printed
 * the labels first), splits glued digit runs by the table's arithmetic, and records for every
 * value the exact text it came from.
 */
import type { FormatDef } from '../format';
import type { Cell, Warning } from './types';
import { findAnchors, type Anchor } from './anchors';
import { tokenize, readNumber, type Item } from './cells';
import { tableRows, type RowDef } from './rows';
import { squeezeWithMap, type Squeezed } from './squeeze';
import { groupedSplits, segmentations } from './split';

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
  /**
   * The report's narrative (text outside the tables), used only to choose among splits that
   * arithmetic cannot decide ("制发行政规范性文件69件" decides "693665" = 69 | 3 | 665).
   */
  narrative?: () => string;
}

interface RowResult {
  row: RowDef;
  cells: Cell[];
}

const T4_MAX_CHARS = 1500;
const T4_GROUPS = ['review', 'litigation_direct', 'litigation_after_review'] as const;
const T4_COLS = ['upheld', 'corrected', 'other', 'pending', 'total'] as const;

function blankCell(key: string, item?: Item): Cell {
  return item ? { key, value: null, status: 'blank', raw: '', start: item.start, end: item.end } : { key, value: null, status: 'blank' };
}

function missingCell(key: string, note?: string): Cell {
  return note ? { key, value: null, status: 'missing', note } : { key, value: null, status: 'missing' };
}

function printedCell(key: string, item: Item): Cell | null {
  const n = readNumber(item.raw);
  if (!n) return null;
  return { key, value: n.value, status: 'printed', raw: item.raw, start: item.start, end: item.end };
}

/** Cells for the pieces of glued chunks, with each piece's own offsets. */
function splitCells(keys: string[], chunks: Item[], pieces: string[], note: string): Cell[] {
  const cells: Cell[] = [];
  let ci = 0;
  let pos = 0;
  for (let k = 0; k < pieces.length; k++) {
    while (ci < chunks.length && pos >= chunks[ci].raw.length) {
      ci++;
      pos = 0;
    }
    const chunk = chunks[ci];
    const start = chunk.start + pos;
    const raw = pieces[k];
    const n = readNumber(raw);
    cells.push({ key: keys[k], value: n ? n.value : null, status: n ? 'printed' : 'missing', raw, start, end: start + raw.length, note });
    pos += raw.length;
  }
  return cells;
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

export function readTables(text: string, format: FormatDef, opts: ReadOptions): TablesResult {
  const sq = squeezeWithMap(text);
  const warnings: Warning[] = [];
  const cells: Record<string, Cell> = {};
  const { t2: t2Rows, t3: t3Rows } = tableRows(format);
  const s = sq.text;

  // ---- Locate the tables (positions in the squeezed text).
  // 表二 begins at its first section row; 表三 at its heading after that (the narrative may
  // use the same words earlier).
  let t2Start = findFirst(s, [/第二十条第?\(?[一1]\)?项/g], 0);
  const t3Head = findFirst(s, [/收到和处理政府信息公开申请/g, /本年新收政府信息公开申请/g], Math.max(t2Start, 0));
  if (t2Start < 0) t2Start = t3Head >= 0 ? s.lastIndexOf('主动公开政府信息情况', t3Head) : -1;
  const t3Start = t3Head >= 0 ? t3Head : -1;
  const t2End = t3Start >= 0 ? t3Start : s.length;

  let t3Anchors: (Anchor | null)[] = t3Rows.map(() => null);
  let t4Start = -1;
  if (t3Start >= 0) {
    const provisionalEnd = findFirst(s, [/四、[^、。]{0,24}?行政复议/g], t3Start);
    t3Anchors = findAnchors(sq, t3Rows.map((r) => r.spec), t3Start, provisionalEnd >= 0 ? provisionalEnd : s.length);
    const lastT3 = lastAnchorEnd(t3Anchors, t3Start);
    t4Start = findFirst(s, [/四、[^、。]{0,24}?行政复议/g, /行政复议/g], lastT3);
  }
  // 表四 is one header and one row: when no 五、 heading follows, read at most a page of text.
  let t4End = t4Start >= 0 ? findFirst(s, [/五、[^、。]{0,24}?(?:问题|改进|不足)/g, /五、/g], t4Start) : -1;
  if (t4Start >= 0 && (t4End < 0 || t4End - t4Start > T4_MAX_CHARS)) t4End = Math.min(s.length, t4Start + T4_MAX_CHARS);
  const t3End = t4Start >= 0 ? t4Start : s.length;

  const orig = (p: number) => (p >= sq.at.length ? text.length : sq.at[p]);
  const regions: TableRegions = {
    t2: t2Start >= 0 ? { start: orig(t2Start), end: orig(t2End) } : null,
    t3: t3Start >= 0 ? { start: orig(t3Start), end: orig(t3End) } : null,
    t4: t4Start >= 0 ? { start: orig(t4Start), end: orig(t4End) } : null,
  };

  let narrativeCache: string | null = null;
  opts = {
    ...opts,
    narrative: () =>
      (narrativeCache ??= text.slice(0, regions.t2?.start ?? text.length) + '\n' + text.slice(regions.t4?.end ?? regions.t3?.end ?? text.length)),
  };

  // ---- 表二
  if (t2Start >= 0) {
    const anchors = findAnchors(sq, t2Rows.map((r) => r.spec), t2Start, t2End);
    const results = readRows(text, sq, t2Rows, anchors, t2End, warnings, opts);
    for (const r of results) for (const c of r.cells) cells[c.key] = c;
  } else {
    warnings.push({ code: 'missing_table', message: '未找到表二（主动公开政府信息情况）' });
  }

  // ---- 表三
  const t3RowsFound = t3Anchors.filter(Boolean).length;
  if (t3Start >= 0 && t3RowsFound > 0) {
    const results = readRows(text, sq, t3Rows, t3Anchors, t3End, warnings, opts);
    resolveGluedT3(results, format, warnings);
    for (const r of results) for (const c of r.cells) cells[c.key] = c;
  } else {
    warnings.push({ code: 'missing_table', message: '未找到表三（收到和处理政府信息公开申请情况）' });
  }

  // ---- 表四
  if (t4Start >= 0) {
    for (const c of readT4(text, regions.t4!.start, regions.t4!.end, warnings)) cells[c.key] = c;
  } else {
    warnings.push({ code: 'missing_table', message: '未找到表四（行政复议、行政诉讼情况）' });
  }

  for (const k of format.keys) if (!cells[k.key]) cells[k.key] = missingCell(k.key);
  return { cells, warnings, regions, t3RowsFound };
}

function findFirst(s: string, res: RegExp[], from: number): number {
  for (const re of res) {
    re.lastIndex = from;
    const m = re.exec(s);
    if (m) return m.index;
  }
  return -1;
}

function lastAnchorEnd(anchors: (Anchor | null)[], fallback: number): number {
  for (let i = anchors.length - 1; i >= 0; i--) if (anchors[i]) return anchors[i]!.sqEnd;
  return fallback;
}

/** Payload items (numbers and blanks) of every anchored row: the text up to the next anchored row. */
function payloads(text: string, sq: Squeezed, anchors: (Anchor | null)[], endSq: number): (Item[] | null)[] {
  const out: (Item[] | null)[] = anchors.map(() => null);
  for (let i = 0; i < anchors.length; i++) {
    const a = anchors[i];
    if (!a) continue;
    let nextSq = endSq;
    for (let j = i + 1; j < anchors.length; j++) if (anchors[j]) { nextSq = anchors[j]!.sqStart; break; }
    let from = sq.at[a.sqEnd - 1] + 1;
    // Closing quotes of the label ("危及“三安全一稳定”") are not part of the payload.
    while (from < text.length && '”"’\''.includes(text[from])) from++;
    const to = nextSq >= sq.at.length ? text.length : sq.at[nextSq];
    out[i] = from < to ? tokenize(text, from, to, { afterLabel: true }).filter((it) => it.kind !== 'text') : [];
  }
  return out;
}

function readRows(text: string, sq: Squeezed, rows: RowDef[], anchors: (Anchor | null)[], endSq: number, warnings: Warning[], opts: ReadOptions): RowResult[] {
  const items = payloads(text, sq, anchors, endSq);
  for (let i = 0; i < rows.length; i++) {
    const a = anchors[i];
    if (!a) warnings.push({ code: 'missing_row', message: `未找到行“${rows[i].label}”（标签缺失或无法识别）`, key: rows[i].id });
    else if (a.fuzzy) warnings.push({ code: 'garbled_label', message: `行“${rows[i].label}”的标签与模板不完全一致，按近似匹配定位`, key: rows[i].id, span: { start: sq.at[a.sqStart], end: sq.at[a.sqEnd - 1] + 1 } });
  }
  // Blocks: rows with no numbers of their own, ended by a row that has numbers, plus the
  // unanchored rows right after it (their numbers follow a garbled label inside its payload).
  const results: RowResult[] = [];
  let i = 0;
  let block: number[] = [];
  while (i < rows.length) {
    block.push(i);
    const its = items[i];
    if (anchors[i] && its && its.length > 0) {
      while (i + 1 < rows.length && !anchors[i + 1]) block.push(++i);
      results.push(...assignBlock(block.map((b) => rows[b]), block.map((b) => Boolean(anchors[b])), its, warnings, opts));
      block = [];
    }
    i++;
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

function assignBlock(blockRows: RowDef[], anchoredInBlock: boolean[], items: Item[], warnings: Warning[], opts: ReadOptions): RowResult[] {
  // The row whose payload holds the numbers: the last anchored row of the block.
  const p = Math.max(0, anchoredInBlock.lastIndexOf(true));
  const capacity = sum(blockRows.map((r) => r.keys.length));
  const P = blockRows[p];
  if (blockRows.length === 1) return [readRow(P, items, warnings, opts)];
  const before = blockRows.slice(0, p);
  const after = blockRows.slice(p + 1);
  if (items.length === capacity) {
    const rowMajor = distributeRowMajor([...before, P, ...after], items);
    if (before.length === 0) return rowMajor.map(([r, its]) => readRow(r, its, warnings, opts));
    const colMajor = fixTotalColumn(distributeColumnMajor([...before, P, ...after], items));
    const chosen = plausibility(colMajor) >= plausibility(rowMajor) ? colMajor : rowMajor;
    if (chosen === colMajor) {
      warnings.push({ code: 'column_major', message: `“${before[0].label}”至“${P.label}”的数字按列排列（PDF 提取顺序），已按列读取` });
    }
    return chosen.map(([r, its]) => readRow(r, its, warnings, opts));
  }
  const collapsed = collapseUnanchored(blockRows, anchoredInBlock, items.length);
  if (collapsed) {
    const sub = assignBlock(collapsed.rows, collapsed.rows.map((r) => r !== collapsed.phantom), items, warnings, opts);
    const phantomCells = sub.find((r) => r.row === collapsed.phantom)?.cells ?? [];
    warnings.push({
      code: 'collapsed_rows',
      message: `“${collapsed.replaced[0].label}”等 ${collapsed.replaced.length} 行在原文中合并为一行（${phantomCells.map((c) => c.raw ?? '').join(' ')}），分项无法读取`,
      key: collapsed.replaced[0].id,
    });
    return [
      ...sub.filter((r) => r.row !== collapsed.phantom),
      ...collapsed.replaced.map((r) => ({ row: r, cells: r.keys.map((k) => missingCell(k, '原文合并为一行')) })),
    ];
  }
  if (items.length > capacity && before.length === 0) {
    warnings.push({ code: 'extra_numbers', message: `“${P.label}”之后的数字多于表格单元格数，多余的数字未使用`, key: P.id });
    return distributeRowMajor([P, ...after], items.slice(0, capacity)).map(([r, its]) => readRow(r, its, warnings, opts));
  }
  // The numbers belong to P alone: rows before it printed nothing, rows after it are lost.
  const out: RowResult[] = before.map((r) => ({ row: r, cells: r.keys.map((k) => blankCell(k)) }));
  out.push(readRow(P, items, warnings, opts));
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
    group.forEach((r, ri) => out.push([r, Array.from({ length: a }, (_, c) => chunk[c * m + ri])]));
    g = h + 1;
  }
  return out;
}

/** How many rows read plausibly: 表三 row totals that add up; 表二 stocks not below flows. */
function plausibility(assign: [RowDef, Item[]][]): number {
  let score = 0;
  for (const [r, its] of assign) {
    const v = its.map((it) => (it.kind === 'num' ? readNumber(it.raw)?.value ?? NaN : 0));
    if (r.table === 't3') {
      if (sum(v.slice(0, 6)) === v[6]) score++;
    } else if (v.length === 3 && r.types.every((t) => t === 'count')) {
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
  const vals = t3.map(([, its]) => its.map((it) => (it.kind === 'num' ? readNumber(it.raw)?.value ?? NaN : 0)));
  const totalOk = (col: number) => vals.every((v) => sum(v.filter((_, c) => c !== col)) === v[col]);
  if (totalOk(6)) return assign;
  for (let col = 5; col >= 1; col--) {
    if (!totalOk(col)) continue;
    return assign.map(([r, its]) => {
      if (r.table !== 't3') return [r, its];
      const moved = [...its.slice(0, col), ...its.slice(col + 1), its[col]];
      return [r, moved];
    });
  }
  return assign;
}

interface GluedCandidates {
  row: RowDef;
  chunks: Item[];
  candidates: string[][];
}
const gluedPending = new WeakMap<RowResult, GluedCandidates>();

function readRow(row: RowDef, rawItems: Item[], warnings: Warning[], opts: ReadOptions): RowResult {
  const a = row.keys.length;
  let items = rawItems.filter(Boolean);
  if (items.length === 0) return { row, cells: row.keys.map((k) => blankCell(k)) };
  // Too many items: blanks at the end are layout filler, then blanks at the start.
  while (items.length > a && items[items.length - 1].kind === 'blank') items = items.slice(0, -1);
  while (items.length > a && items[0].kind === 'blank') items = items.slice(1);
  if (items.length > a) {
    warnings.push({ code: 'extra_numbers', message: `“${row.label}”一行的数字多于 ${a} 个，只取前 ${a} 个`, key: row.id });
    items = items.slice(0, a);
  }
  const nums = items.filter((it) => it.kind === 'num');
  if (items.length === a && nums.every((it) => readNumber(it.raw))) {
    const cells = items.map((it, c) => (it.kind === 'num' ? printedCell(row.keys[c], it)! : blankCell(row.keys[c], it)));
    if (row.table === 't3') inferSingleBlank(row, cells, warnings, opts);
    return { row, cells };
  }
  // Fewer cells than columns, or a cell that is not one number: digits glued together.
  const chunks = nums;
  const result: RowResult = { row, cells: [] };
  if (row.table === 't3') {
    const cands = groupedSplits(chunks.map((c) => c.raw), 1, a);
    if (cands.length === 1) {
      result.cells = splitCells(row.keys, chunks, cands[0], '粘连数字按行合计拆分');
      return result;
    }
    if (cands.length > 1) {
      result.cells = row.keys.map((k) => missingCell(k));
      gluedPending.set(result, { row, chunks, candidates: cands });
      return result;
    }
  } else {
    const choice = chooseT2Split(row, chunks, opts.narrative?.() ?? '');
    if (choice) {
      result.cells = splitCells(row.keys, chunks, choice.pieces, choice.note);
      if (choice.ambiguous) warnings.push({ code: 'ambiguous_split', message: `“${row.label}”的数字粘连（${chunks.map((c) => c.raw).join(' ')}），按合理性选择拆分：${choice.pieces.join(' | ')}，请核对原文`, key: row.id });
      return result;
    }
  }
  // Not glued: some cells were lost. Keep what is there in order, mark the rest missing.
  const cells: Cell[] = [];
  items.forEach((it, c) => cells.push(it.kind === 'num' ? printedCell(row.keys[c], it) ?? missingCell(row.keys[c]) : blankCell(row.keys[c], it)));
  for (let c = items.length; c < a; c++) cells.push(missingCell(row.keys[c]));
  warnings.push({ code: 'missing_cells', message: `“${row.label}”一行只读到 ${items.length} 个数字（应有 ${a} 个），缺失的单元格留空`, key: row.id });
  result.cells = cells;
  return result;
}

/**
 * A single blank cell in a 表三 row of PDF text is usually a cell lost in extraction: when the row
 * total fixes it to a non-zero value, infer it and mark it inferred (a zero stays blank).
 */
function inferSingleBlank(row: RowDef, cells: Cell[], warnings: Warning[], opts: ReadOptions): void {
  if (!opts.mayInferBlanks) return;
  const blanks = cells.filter((c) => c.status === 'blank');
  if (blanks.length !== 1) return;
  const idx = cells.indexOf(blanks[0]);
  const v = cells.map((c) => c.value ?? 0);
  const inferred = idx === 6 ? sum(v.slice(0, 6)) : v[6] - (sum(v.slice(0, 6)) - v[idx]);
  if (inferred <= 0) return;
  cells[idx] = { ...cells[idx], value: inferred, status: 'inferred', note: '由本行“总计”推算（原文该单元格缺失）' };
  warnings.push({ code: 'inferred_cell', message: `“${row.label}”的一个单元格在原文中缺失，按行合计推算为 ${inferred}（已标记为推算）`, key: row.keys[idx] });
}

/**
 * Glued 表三 rows with several splits that each add up: choose the combination that satisfies the
 * most column rules (勾稽关系 and （七）总计); a row stays unread when the best is not unique.
 */
function resolveGluedT3(results: RowResult[], format: FormatDef, warnings: Warning[]): void {
  const pending = results.filter((r) => gluedPending.has(r));
  if (pending.length === 0) return;
  const fixed = new Map<string, number | null>();
  for (const r of results) if (!gluedPending.has(r)) for (const c of r.cells) fixed.set(c.key, c.value);
  const rules = format.rules.filter((ru) => ru.id.startsWith('t3.balance.') || ru.id.startsWith('t3.outcomes_sum.'));
  const options = pending.map((r) => gluedPending.get(r)!.candidates);
  const total = options.reduce((a, o) => a * o.length, 1);
  if (total > 200000) {
    for (const r of pending) warnings.push({ code: 'ambiguous_split', message: `“${r.row.label}”的数字粘连，无法唯一拆分`, key: r.row.id });
    return;
  }
  let best = -1;
  let bestCombos: number[][] = [];
  const choice = new Array(pending.length).fill(0);
  const values = new Map(fixed);
  const score = () => {
    let ok = 0;
    for (const ru of rules) {
      const l = ru.lhs.map((k) => values.get(k) ?? 0);
      const rr = ru.rhs.map((k) => values.get(k) ?? 0);
      if (sum(l) === sum(rr)) ok++;
    }
    return ok;
  };
  const rec = (i: number) => {
    if (i === pending.length) {
      const sc = score();
      if (sc > best) { best = sc; bestCombos = [[...choice]]; }
      else if (sc === best) bestCombos.push([...choice]);
      return;
    }
    const g = gluedPending.get(pending[i])!;
    for (let k = 0; k < g.candidates.length; k++) {
      choice[i] = k;
      g.row.keys.forEach((key, c) => values.set(key, Number(g.candidates[k][c])));
      rec(i + 1);
    }
  };
  rec(0);
  pending.forEach((r, i) => {
    const g = gluedPending.get(r)!;
    const picks = new Set(bestCombos.map((c) => c[i]));
    if (picks.size === 1) {
      r.cells = splitCells(g.row.keys, g.chunks, g.candidates[[...picks][0]], '粘连数字按行合计与列勾稽关系拆分');
    } else {
      warnings.push({ code: 'ambiguous_split', message: `“${g.row.label}”的数字粘连（${g.chunks.map((c) => c.raw).join(' ')}），有多种符合合计的拆分，未读取`, key: g.row.id });
    }
  });
}

/**
 * 表二 rows have no arithmetic: a glued run ("77132470") is split by plausibility — document
 * stocks are not below this year's flows, item changes are usually 0 — and by numbers the
 * narrative prints. The choice is always reported as a warning.
 */
function chooseT2Split(row: RowDef, chunks: Item[], narrative: string): { pieces: string[]; note: string; ambiguous: boolean } | null {
  const a = row.keys.length;
  if (chunks.length === 0) return null;
  const signed = row.types.map((t) => t === 'signed');
  const decimalLast = row.types[a - 1] === 'decimal' || row.types[a - 1] === 'money';
  const raws = chunks.map((c) => c.raw.replace(/(万元|元)$/, ''));
  // Split signs off so "2648-18538" reads as chunks "2648", "-18538".
  const split = raws.flatMap((r) => r.split(/(?=[+-])/));
  const cands = segmentations(split, a, { signed, decimalLast });
  if (cands.length === 0) return null;
  if (cands.length === 1) return { pieces: withUnit(cands[0], chunks), note: '粘连数字拆分', ambiguous: false };
  const scored = cands.map((p) => {
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
    if (signed.some(Boolean)) {
      signed.forEach((sg, c) => { if (sg && v[c] === 0) sc += 50; });
    }
    p.forEach((piece, c) => { if (!signed[c] && mentions(narrative, row.spec.cores[0], piece)) sc += 20; });
    // Prefer pieces of similar length (cells of one row of counts are usually of one magnitude).
    if (decimalLast) return { p, sc };
    const lens = p.map((x) => x.replace(/^[+-]/, '').split('.')[0].length);
    sc -= (Math.max(...lens) - Math.min(...lens)) * 2;
    return { p, sc };
  });
  scored.sort((x, y) => y.sc - x.sc);
  return { pieces: withUnit(scored[0].p, chunks), note: '粘连数字按合理性拆分（无算术约束）', ambiguous: true };
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

/** 表四: fifteen cells in one row; the header may carry stray numbers, so the best-fitting run wins. */
function readT4(text: string, from: number, to: number, warnings: Warning[]): Cell[] {
  const keys = T4_GROUPS.flatMap((g) => T4_COLS.map((c) => `t4.${g}.${c}`));
  const items = tokenize(text, from, to, { maxRowCells: 15 }).filter((it) => it.kind !== 'text');
  const nums = items.filter((it) => it.kind === 'num');
  const groupOk = (v: number[]) => [0, 5, 10].filter((o) => sum(v.slice(o, o + 4)) === v[o + 4]).length;
  if (nums.length >= 5 && items.length >= 15) {
    // Windows of 15 consecutive cells (blanks included) starting at a number: the one whose
    // groups add up best, then with most numbers, the last on ties (headers come first).
    let best = -1;
    let bestScore = -1;
    for (let st = 0; st + 15 <= items.length; st++) {
      if (items[st].kind !== 'num') continue;
      const win = items.slice(st, st + 15);
      const v = win.map((it) => (it.kind === 'num' ? readNumber(it.raw)?.value ?? NaN : 0));
      const sc = groupOk(v) * 100 + win.filter((it) => it.kind === 'num').length;
      if (sc >= bestScore) { bestScore = sc; best = st; }
    }
    if (best >= 0) {
      if (nums.length > 15) warnings.push({ code: 'extra_numbers', message: '表四中的数字多于 15 个，取最符合“总计”关系的 15 个' });
      return items.slice(best, best + 15).map((it, i) => (it.kind === 'num' ? printedCell(keys[i], it) ?? missingCell(keys[i]) : blankCell(keys[i], it)));
    }
  }
  if (nums.length === 0) return keys.map((k) => missingCell(k));
  // Glued: split group by group so each group's 总计 is the sum of its four results.
  const digits = nums.map((n) => n.raw);
  const cands = groupedSplits(digits, 3, 5);
  if (cands.length >= 1) {
    const uniq = new Set(cands.map((c) => c.join('|')));
    if (uniq.size === 1) return splitCells(keys, nums, cands[0], '粘连数字按各组“总计”拆分');
    warnings.push({ code: 'ambiguous_split', message: `表四的数字粘连（${digits.join(' ')}），有 ${uniq.size} 种符合“总计”的拆分，未读取` });
    return keys.map((k) => missingCell(k));
  }
  warnings.push({ code: 'missing_cells', message: `表四只读到 ${nums.length} 个数字（应有 15 个）` });
  return keys.map((k, i) => (nums[i] ? printedCell(k, nums[i]) ?? missingCell(k) : missingCell(k)));
}

