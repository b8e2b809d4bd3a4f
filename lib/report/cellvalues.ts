/**
 * Constructors of table cells (printed, blank, missing, split from glued digits), shared by the
 * steps that read rows, glued runs and 表四.
 */
import { readNumber, type Item } from './cells';
import type { Cell } from './types';

export function sum(xs: number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}

export function blankCell(key: string, item?: Item): Cell {
  return item ? { key, value: null, status: 'blank', raw: '', start: item.start, end: item.end } : { key, value: null, status: 'blank' };
}

export function missingCell(key: string, note?: string): Cell {
  return note ? { key, value: null, status: 'missing', note } : { key, value: null, status: 'missing' };
}

export function printedCell(key: string, item: Item): Cell | null {
  const n = readNumber(item.raw);
  if (!n) return null;
  return { key, value: n.value, status: 'printed', raw: item.raw, start: item.start, end: item.end };
}

/** The cell of a payload item: printed number, blank, or missing when the text is not a number. */
export function itemCell(key: string, item: Item): Cell {
  return item.kind === 'num' ? (printedCell(key, item) ?? missingCell(key)) : blankCell(key, item);
}

/** The value an item stands for in arithmetic tests: a blank is 0, unreadable text NaN. */
export function itemValue(item: Item | undefined): number {
  if (!item || item.kind !== 'num') return 0;
  return readNumber(item.raw)?.value ?? NaN;
}

/**
 * Cells for the pieces of glued chunks, with each piece's own offsets. `status` is `printed` when
 * the split is fixed by arithmetic, `guessed` when plausibility chose it (candidates then kept).
 */
export function splitCells(keys: string[], chunks: Item[], pieces: string[], note: string, guess?: { candidates: number[][] }): Cell[] {
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
    // A zero mark ("—") stands for the piece "0": keep the printed character as the raw text.
    const raw = chunk.raw.length === pieces[k].length ? chunk.raw.slice(pos, pos + pieces[k].length) : pieces[k];
    const n = readNumber(raw) ?? readNumber(pieces[k]);
    // A guess names its alternatives in the note too, so they travel wherever the note is stored.
    const fullNote = guess
      ? `${note}；候选拆分：${guess.candidates
          .slice(0, 4)
          .map((c) => c.join('|'))
          .join('、')}`
      : note;
    const cell: Cell = {
      key: keys[k],
      value: n ? n.value : null,
      status: n ? (guess ? 'guessed' : 'printed') : 'missing',
      raw,
      start,
      end: start + raw.length,
      note: fullNote,
    };
    if (guess) cell.candidates = guess.candidates;
    cells.push(cell);
    pos += pieces[k].length;
  }
  return cells;
}
