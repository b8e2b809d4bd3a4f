/**
 * Turns the text between two row labels (a row's "payload") into items: numbers, blank cells and
 * leftover text. Handles every cell layout seen in real reports: one cell per line, cells ending
 * in " |", tab-separated PDF text, Markdown table rows, HTML rows converted to tab lines, and
 * numbers glued together (split later, by the table's arithmetic).
 */

export interface Item {
  kind: 'num' | 'blank' | 'text';
  raw: string;
  start: number;
  end: number;
}

const PAGE_FURNITURE = /^\s*(?:[-—–]\s*\d{1,3}\s*[-—–]|第\s*\d{1,3}\s*页(?:\s*[,，]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*\/\s*\d{1,3})\s*$/;
const MD_RULE = /^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$/;
const ZERO_MARK = /^(?:[\/／\\\-—–－―]{1,2}|无|零|不适用)$/;
const UNIT = '(?:万元|元|件|个|项|条|次|起)';
// Numbers, possibly several separated by spaces or glued with signs ("2648-18538").
const NUMERIC_CELL = new RegExp(`^[+\\-−]?\\d[\\d,.\\s+\\-−]*${UNIT}?$`);
// A label cell that ends in its number: "政许可 421808" (PDF), "总计110024001510102" (glued).
const TEXT_THEN_NUMBER = new RegExp(`^(.*[^\\d\\s.,+\\-−])(?:\\s+([+\\-−]?\\d[\\d,]*(?:\\.\\d+)?${UNIT}?)|(?<=[\\u4e00-\\u9fff)])(\\d{2,}(?:\\.\\d+)?${UNIT}?))$`);

const NUMBER_THEN_LABEL = /^(\d[\d\s.,]*\d)\s*([\u4e00-\u9fff(].*)$/;

/** The widest row of 表二 and 表三 (表四's single row has 15). */
const MAX_ROW_CELLS = 7;
const UNIT_AT_END = new RegExp(`${UNIT}$`);
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;
const THOUSANDS = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;

interface RawCell {
  text: string;
  start: number;
  /** True when the cell came from a separator split, so an empty cell is a printed blank. */
  delimited: boolean;
}

function splitLine(line: string, offset: number): RawCell[] {
  const trimmed = line.trim();
  // A line of spaces is a blank cell (one cell per line); a line of tabs is a row of blanks.
  if (trimmed === '' && !line.includes('\t')) return line.length > 0 ? [{ text: '', start: offset, delimited: true }] : [];
  if ((line.length <= 24 && PAGE_FURNITURE.test(line)) || (line.includes('---') && MD_RULE.test(line))) return [];
  if (line.includes('\t')) {
    const cells: RawCell[] = [];
    let pos = 0;
    for (const part of line.split('\t')) {
      cells.push({ text: part, start: offset + pos, delimited: true });
      pos += part.length + 1;
    }
    return cells;
  }
  if (line.includes('|')) {
    const parts: RawCell[] = [];
    let pos = 0;
    for (const part of line.split('|')) {
      parts.push({ text: part, start: offset + pos, delimited: true });
      pos += part.length + 1;
    }
    if (/^\s*\|/.test(line)) {
      // Markdown row: drop the empty strings outside the outer pipes.
      parts.shift();
      if (/\|\s*$/.test(line)) parts.pop();
      return parts;
    }
    // "cell |" or "cell | ||": the pipes after the first are colspan filler.
    const rest = parts.slice(1);
    if (rest.every((p) => p.text.trim() === '')) return parts[0].text.trim() ? [{ ...parts[0], delimited: false }] : [];
    return parts;
  }
  return [{ text: line, start: offset, delimited: false }];
}

function pushNumbers(items: Item[], text: string, start: number): void {
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) items.push({ kind: 'num', raw: m[0], start: start + m.index, end: start + m.index + m[0].length });
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function classify(cell: RawCell, out: Item[]): void {
  const lead = cell.text.length - cell.text.trimStart().length;
  const t = cell.text.trim();
  const start = cell.start + lead;
  if (t === '') {
    if (cell.delimited) out.push({ kind: 'blank', raw: '', start: cell.start, end: cell.start });
    return;
  }
  // Cheap first/last-character tests keep the regexes off ordinary label text.
  const c0 = t.charCodeAt(0);
  const startsNumeric = isDigit(c0) || c0 === 0x2b || c0 === 0x2d || c0 === 0x2212;
  if ((t.length <= 3 && ZERO_MARK.test(t)) || (startsNumeric && NUMERIC_CELL.test(t))) {
    pushNumbers(out, t, start);
    return;
  }
  if (isDigit(c0)) {
    // Glued text: a digit run followed by the next group's label ("0000000三、本年度办理结果").
    const g = t.match(NUMBER_THEN_LABEL);
    if (g) {
      pushNumbers(out, g[1], start);
      out.push({ kind: 'text', raw: g[2], start: start + g[1].length, end: start + t.length });
      return;
    }
  }
  const last = t.charCodeAt(t.length - 1);
  const m = isDigit(last) || last === 0x5143 /* 元 */ || last === 0x4ef6 /* 件 */ ? t.match(TEXT_THEN_NUMBER) : null;
  if (m) {
    const num = m[2] ?? m[3];
    out.push({ kind: 'text', raw: m[1], start, end: start + m[1].length });
    const numStart = start + t.length - num.length;
    out.push({ kind: 'num', raw: num, start: numStart, end: numStart + num.length });
    return;
  }
  out.push({ kind: 'text', raw: t, start, end: start + t.length });
}

/** Appends a run of number and blank cells; blanks only count in a run that holds a number. */
function flushRun(run: Item[], items: Item[], maxRowCells: number): void {
  let hasNumber = false;
  for (const it of run) if (it.kind === 'num') { hasNumber = true; break; }
  if (!hasNumber) return;
  // PDF text pads rows with empty cells: past the widest row, trailing blanks are filler.
  let n = run.length;
  while (n > maxRowCells && run[n - 1].kind === 'blank') n--;
  for (let i = 0; i < n; i++) items.push(run[i]);
}

/**
 * Items of text[from, to). Blank cells are kept only where they sit in a run of number cells
 * (a blank between a row label and its numbers, or between numbers), never in header filler.
 */
export function tokenize(text: string, from: number, to: number, opts: { afterLabel?: boolean; maxRowCells?: number } = {}): Item[] {
  const maxRowCells = opts.maxRowCells ?? MAX_ROW_CELLS;
  const items: Item[] = [];
  let lineStart = from;
  let first = true;
  while (lineStart <= to) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0 || lineEnd > to) lineEnd = to;
    const line = text.slice(lineStart, lineEnd);
    const cells = splitLine(line, lineStart);
    // Right after a row label, the text up to the first separator is the rest of the label's cell.
    if (first && opts.afterLabel && cells.length > 1 && cells[0].delimited && cells[0].text.trim() === '') cells.shift();
    first = false;
    const lineItems: Item[] = [];
    for (const c of cells) classify(c, lineItems);
    if (cells.length === 1 && cells[0].text.trim() === '') {
      for (const it of lineItems) items.push(it);
    } else {
      let run: Item[] = [];
      for (const it of lineItems) {
        if (it.kind === 'text') {
          flushRun(run, items, maxRowCells);
          run = [];
          items.push(it);
        } else run.push(it);
      }
      flushRun(run, items, maxRowCells);
    }
    lineStart = lineEnd + 1;
  }
  return items;
}

export interface ParsedNumber {
  value: number;
  /** The cell printed a zero marker such as "/", "-", "无". */
  marker: boolean;
}

/** Reads one number token as printed: separators and units stripped, zero markers as 0. */
export function readNumber(raw: string): ParsedNumber | null {
  const t = raw.trim();
  if (ZERO_MARK.test(t)) return { value: 0, marker: true };
  let s = t.replace(UNIT_AT_END, '').replace(/−/g, '-');
  if (THOUSANDS.test(s)) s = s.replace(/,/g, '');
  if (!PLAIN_NUMBER.test(s)) return null;
  return { value: Number(s), marker: false };
}

/** The unit printed inside a cell, if any ("元" in "251000元"). */
export function cellUnit(raw: string): string | null {
  const m = raw.trim().match(UNIT_AT_END);
  return m ? m[0] : null;
}
