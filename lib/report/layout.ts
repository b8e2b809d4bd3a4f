/**
 * Layout debris around a table row, recognised by the lines and text columns it is printed on: a
 * line of values printed before its row label, a lone page number or footnote mark beside the
 * row's line, and space-aligned rows (PDF layout text) whose blank cells show only as wider gaps.
 */
import type { Item } from './cells';
import type { RowDef } from './rows';
import type { Warning } from './types';

/** Items split into the lines they were printed on. */
function lines(text: string, items: Item[]): Item[][] {
  const out: Item[][] = [];
  let cur: Item[] = [];
  for (let i = 0; i < items.length; i++) {
    if (i > 0 && text.slice(items[i - 1].end, items[i].start).includes('\n')) {
      out.push(cur);
      cur = [];
    }
    cur.push(items[i]);
  }
  if (cur.length) out.push(cur);
  return out;
}

/**
 * A line of values printed before its row label lands at the end of the previous row's payload:
 * when a row holds its own values plus one more line that fills the next row exactly, and the
 * next row printed nothing after its label, that line is the next row's.
 */
export function moveLeadingValueLines(text: string, rows: RowDef[], items: (Item[] | null)[], order: number[], warnings: Warning[]): void {
  for (let oi = 0; oi + 1 < order.length; oi++) {
    const i = order[oi];
    const j = order[oi + 1];
    const mine = items[i];
    const next = items[j];
    if (!mine || !next || next.some((it) => it.kind === 'num')) continue;
    const prev = oi > 0 ? items[order[oi - 1]] : null;
    if (oi > 0 && !(prev && prev.some((it) => it.kind === 'num'))) continue; // labels printed first: column-major
    const ls = lines(text, mine);
    if (ls.length < 2) continue;
    const last = ls[ls.length - 1];
    const own = mine.length - last.length;
    if (own !== rows[i].keys.length || last.length !== rows[j].keys.length || !last.some((it) => it.kind === 'num')) continue;
    items[i] = mine.slice(0, own);
    items[j] = last;
    warnings.push({ code: 'values_before_label', message: `“${rows[j].label}”的数字印在行标签之前，已归入该行`, key: rows[j].id });
  }
}

/**
 * More items than cells, on several lines: when exactly one line holds the row's cells and the
 * other lines are lone numbers (a page number, a footnote mark), the lone numbers are debris.
 */
export function dropStrayNumbers(text: string, row: RowDef, items: Item[], warnings: Warning[]): Item[] | null {
  const ls = lines(text, items);
  if (ls.length < 2) return null;
  const full = ls.filter((l) => l.length === row.keys.length);
  if (full.length !== 1 || row.keys.length < 2) return null;
  if (!ls.every((l) => l === full[0] || (l.length === 1 && l[0].kind === 'num'))) return null;
  const stray = ls.filter((l) => l !== full[0]).map((l) => l[0].raw);
  warnings.push({
    code: 'stray_number',
    message: `“${row.label}”的标签与数字之间有孤立数字（${stray.join('、')}，页码或注释号），未计入`,
    key: row.id,
  });
  return full[0];
}

/**
 * Whitespace-separated numbers with gaps of very different widths and fewer numbers than cells:
 * a blank cell hides in a wide gap (space-aligned PDF text). Which column it was cannot be told
 * from the text alone, so the row is left unread rather than split ("8  18" is not 8 | 1 | 8).
 */
export function unevenGaps(text: string, items: Item[]): boolean {
  if (items.length < 2) return false;
  const gaps: number[] = [];
  for (let i = 1; i < items.length; i++) {
    const between = text.slice(items[i - 1].end, items[i].start);
    if (between.includes('\n') || between.includes('\t') || between.includes('|')) return false;
    gaps.push(between.length);
  }
  const min = Math.min(...gaps);
  const max = Math.max(...gaps);
  // Columns aligned with runs of spaces (never single spaces, which crawled glue also has), or gaps
  // of very different widths.
  return min >= 2 || (min >= 1 && max >= 3 && max >= 2 * min);
}

/** Text column (characters from the line start) where an item ends. */
function endColumn(text: string, it: Item): number {
  return it.end - (text.lastIndexOf('\n', it.start - 1) + 1);
}

/** Items all on one line, separated by spaces only (a space-aligned row). */
function spaceAligned(text: string, items: Item[]): boolean {
  for (let i = 1; i < items.length; i++) if (!/^ +$/.test(text.slice(items[i - 1].end, items[i].start))) return false;
  return items.length > 0 && items.every((it) => it.kind === 'num');
}

/**
 * Space-aligned text (PDF layout extraction) puts every figure of a column at the same text
 * column. From this table's complete rows, learns where each column's figures end, by row width —
 * only when every complete row agrees to within one character.
 */
export function learnColumnEdges(text: string, rows: RowDef[], items: (Item[] | null)[]): Map<number, number[]> {
  const seen = new Map<number, number[][]>();
  rows.forEach((r, i) => {
    const its = items[i];
    if (!its || its.length !== r.keys.length || its.length < 2 || !spaceAligned(text, its)) return;
    const list = seen.get(its.length) ?? [];
    list.push(its.map((it) => endColumn(text, it)));
    seen.set(its.length, list);
  });
  const out = new Map<number, number[]>();
  for (const [width, list] of seen) {
    if (list.length < 2) continue;
    const edges = list[0].map((_, k) => list.map((e) => e[k]).sort((x, y) => x - y)[list.length >> 1]);
    if (list.every((e) => e.every((x, k) => Math.abs(x - edges[k]) <= 1))) out.set(width, edges);
  }
  return out;
}

/** Each figure of an incomplete space-aligned row in its column (by where it ends), or null when any is not clearly in one. */
export function placeByColumns(text: string, items: Item[], edges: number[] | undefined): (Item | null)[] | null {
  if (!edges || !spaceAligned(text, items)) return null;
  const placed: (Item | null)[] = edges.map(() => null);
  let last = -1;
  for (const it of items) {
    const end = endColumn(text, it);
    const col = edges.findIndex((e) => Math.abs(e - end) <= 1);
    if (col <= last) return null;
    placed[col] = it;
    last = col;
  }
  return placed;
}
