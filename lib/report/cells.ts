/**
 * Turns the text between two row labels (a row's "payload") into items: numbers, blank cells and
 * leftover text. Handles every cell layout seen in real reports: one cell per line, cells ending
 * in " |", tab-separated PDF text, Markdown table rows, HTML rows converted to tab lines, and
 * numbers glued together (split later, by the table's arithmetic).
 */
import { FORMATS } from '../format';

export interface Item {
  kind: 'num' | 'blank' | 'text';
  raw: string;
  start: number;
  end: number;
}

const PAGE_FURNITURE = /^\s*(?:[-—–]\s*\d{1,3}\s*[-—–]|第\s*\d{1,3}\s*页(?:\s*[,，]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*\/\s*\d{1,3})\s*$/;
const MD_ROW_START = /^\s*\|/;
const MD_RULE = /^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$/;
const ZERO_MARK = /^(?:[\/／\\\-—–－―]{1,2}|无|零|不适用)$/;
const UNIT = '(?:万元|元|件|个|项|条|次|起)';
// Numbers, possibly several separated by spaces or glued with signs ("2648-18538").
const NUMERIC_CELL = new RegExp(`^[+\\-−]?\\d[\\d,.\\s+\\-−]*${UNIT}?$`);
// A label cell that ends in its number: "政许可 421808" (PDF), "总计110024001510102" (glued).
const TEXT_THEN_NUMBER = new RegExp(
  `^(.*[^\\d\\s.,+\\-−])(?:\\s+([+\\-−]?\\d[\\d,]*(?:\\.\\d+)?${UNIT}?)|(?<=[\\u4e00-\\u9fff)])(\\d{2,}(?:\\.\\d+)?${UNIT}?))$`,
);

// Crawled text glues a row's last figure to the next label: "0000000三、本年度办理结果", a single
// digit ("行政强制0第二十条…"), a negative change ("35-15第二十条…"), zero marks ("———第二十条").
const GLUED_MARKS = '—–―/／';
const NUMBER_THEN_LABEL = new RegExp(
  `^((?:[+\\-−]?\\d[\\d.,]*|[${GLUED_MARKS}]|无(?=[\\d${GLUED_MARKS}无第(一二三四五六七八九十]))(?:\\s*(?:[+\\-−]?\\d[\\d.,]*|[${GLUED_MARKS}]|无(?=[\\d${GLUED_MARKS}无第(一二三四五六七八九十])))*)\\s*([\\u4e00-\\u9fff(].*)$`,
);
/** A token of glued cells holding zero marks ("801————81", "———"): each mark is one cell. */
const GLUED_TOKEN_WITH_MARKS = new RegExp(`^(?:[+\\-−]?\\d[\\d.,]*|[${GLUED_MARKS}无])+$`);
const TEXT_THEN_MARKS = new RegExp(`^(.*[\\u4e00-\\u9fff)])((?:\\d|[${GLUED_MARKS}])*[${GLUED_MARKS}](?:\\d|[${GLUED_MARKS}])*)$`);
const MARK_SPLIT = new RegExp(`([${GLUED_MARKS}无])`);

/** The widest row of 表二 and 表三 (表四's single row is read with its own width). */
const MAX_ROW_CELLS = Math.max(...Object.values(FORMATS).flatMap((f) => [f.t3.columns.length, ...f.t2.rows.map((r) => r.columns.length)]));
const UNIT_AT_END = new RegExp(`${UNIT}$`);
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;
const THOUSANDS = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;

interface RawCell {
  text: string;
  start: number;
  /** True when the cell came from a separator split, so an empty cell is a printed blank. */
  delimited: boolean;
}

function splitLine(line: string, offset: number, keepTrailingBlank = false): RawCell[] {
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
      // A " | "-separated row ending in an empty cell ("… | 1 | ") keeps it: readRow drops
      // a surplus trailing blank, but cannot restore a lost one.
      if (/\|\s*$/.test(line) && !(keepTrailingBlank && /\|[ \t]+$/.test(line))) parts.pop();
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
  while ((m = re.exec(text))) {
    const tok = m[0];
    const at = start + m.index;
    if (tok.length > 2 && GLUED_TOKEN_WITH_MARKS.test(tok) && MARK_SPLIT.test(tok)) {
      // Glued cells with zero marks: digit runs stay glued (split later), each mark is a zero cell.
      let pos = 0;
      for (const part of tok.split(MARK_SPLIT)) {
        if (part) items.push({ kind: 'num', raw: part, start: at + pos, end: at + pos + part.length });
        pos += part.length;
      }
    } else items.push({ kind: 'num', raw: tok, start: at, end: at + tok.length });
  }
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
  if (
    (t.length <= 3 && ZERO_MARK.test(t)) ||
    (startsNumeric && NUMERIC_CELL.test(t)) ||
    (!cell.delimited && t.length > 2 && GLUED_TOKEN_WITH_MARKS.test(t))
  ) {
    pushNumbers(out, t, start);
    return;
  }
  if (startsNumeric || GLUED_MARKS.includes(t[0]) || (c0 === 0x65e0 /* 无 */ && t.length > 1)) {
    // Glued text: figures followed by the next label ("0000000三、本年度办理结果", "行政强制0第二十条").
    const g = t.match(NUMBER_THEN_LABEL);
    // A lone figure is glued only when it touches the label; "5 政处罚 351867" is a garbled label cell.
    if (g && (g[1].length > 1 || t[1] !== ' ')) {
      pushNumbers(out, g[1], start);
      out.push({ kind: 'text', raw: g[2], start: start + g[1].length, end: start + t.length });
      return;
    }
  }
  const lastCh = t[t.length - 1];
  if (GLUED_MARKS.includes(lastCh) || (isDigit(t.charCodeAt(t.length - 1)) && MARK_SPLIT.test(t))) {
    // A header glued to the row's zero marks (crawled 表四: "…尚未审结总计———…").
    const mk = t.match(TEXT_THEN_MARKS);
    if (mk) {
      out.push({ kind: 'text', raw: mk[1], start, end: start + mk[1].length });
      pushNumbers(out, mk[2], start + mk[1].length);
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
  for (const it of run)
    if (it.kind === 'num') {
      hasNumber = true;
      break;
    }
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
    const cells = splitLine(line, lineStart, first && opts.afterLabel);
    // Right after a row label, the text up to the first separator is the rest of the label's cell
    // (a Markdown row has already lost the piece before its leading pipe).
    if (first && opts.afterLabel && cells.length > 1 && cells[0].delimited && cells[0].text.trim() === '' && !MD_ROW_START.test(line)) cells.shift();
    const lineItems: Item[] = [];
    for (const c of cells) classify(c, lineItems);
    if (first && opts.afterLabel && lineItems.length >= 2 && lineItems.every((it) => it.kind === 'blank')) {
      // The label's own line printed only empty cells: a blank row, not header filler.
      for (const it of lineItems) items.push(it);
    } else if (cells.length === 1 && cells[0].text.trim() === '') {
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
    first = false;
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
