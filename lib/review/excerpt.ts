/**
 * The piece of source text a reviewer reads a doubtful cell from. A cell with offsets: its raw
 * text with some context. A cell the parser could not place (missing): the stretch between the
 * nearest placed cells of the same column in the rows above and below — where the figure must be
 * printed, whether the text runs row by row (a stretch of one row) or column by column (PDF).
 */
import type { FormatDef } from '../format';

export interface Excerpt {
  before: string;
  /** The highlighted part (the cell's raw text, or the stretch where it must be). */
  mark: string;
  after: string;
  start: number;
  end: number;
  /** Whether `mark` is the cell itself (true) or the stretch around where it should be (false). */
  exact: boolean;
}

const CONTEXT = 60;
const MAX_STRETCH = 400;

export function excerptFor(
  format: FormatDef,
  text: string,
  key: string,
  placed: Map<string, { start: number | null; end: number | null }>,
): Excerpt | null {
  const own = placed.get(key);
  const cut = (start: number, end: number, exact: boolean): Excerpt => ({
    before: text.slice(Math.max(0, start - CONTEXT), start),
    mark: text.slice(start, end),
    after: text.slice(end, end + CONTEXT),
    start,
    end,
    exact,
  });
  if (own?.start != null && own.end != null && own.end > own.start) return cut(own.start, own.end, true);
  const def = format.keyIndex.get(key);
  if (!def) return null;
  const order = format.keys.filter((k) => k.table === def.table && k.column === def.column).map((k) => k.key);
  const i = order.indexOf(key);
  let lo: number | null = null;
  for (let j = i - 1; j >= 0 && lo == null; j--) {
    const p = placed.get(order[j]);
    if (p?.end != null) lo = p.end;
  }
  let hi: number | null = null;
  for (let j = i + 1; j < order.length && hi == null; j++) {
    const p = placed.get(order[j]);
    if (p?.start != null) hi = p.start;
  }
  if (lo == null && hi == null) return null;
  let start = lo ?? Math.max(0, hi! - MAX_STRETCH);
  let end = hi ?? Math.min(text.length, lo! + MAX_STRETCH);
  if (end < start) [start, end] = [end, start];
  if (end - start > MAX_STRETCH) end = start + MAX_STRETCH;
  return cut(start, end, false);
}
