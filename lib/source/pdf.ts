/**
 * PDF → text with pdfjs-dist (legacy build, Node), laid out so that a table row comes out as ONE
 * line with its cells separated by TAB, rows in reading order (row-major, never column by column).
 *
 * How lines are rebuilt from pdfjs text items:
 * 1. every item is placed in viewport space (y down, page rotation applied): left x, baseline y,
 *    width, font height h;
 * 2. items whose baselines are within 0.35 h of each other form a line; items in a line are sorted by x;
 * 3. inside a line, a gap wider than 0.6 h (about one character; Word's cell margins alone make
 *    ≈ 1 em between two cells) starts a new cell (TAB), a gap over 0.12 h is a space, anything
 *    smaller joins the glyphs;
 * 4. table cells whose text wraps: a row's numbers sit vertically centred between a label's
 *    lines, so those are "floating" lines next to a row line (see mergeFloating for when a floating
 *    line joins a row); pieces of one cell (overlapping in x) are joined top to bottom, so a label
 *    printed on two or three lines still gives `1.申请人无正当理由…申请\t0\t0…` on one line;
 * 5. ruled tables: for pages with table rows, the vertical and horizontal rules the page draws
 *    (read from the operator list) decide which floating lines share a cell with a row, and the
 *    vertical rules crossing a row give its slots, so a blank cell (which prints nothing) still
 *    comes out as an empty string between TABs, like a blank HTML cell. Slots left of the row's
 *    first text (continuations of row-spanning labels) are dropped. Rows without any number
 *    (all cells blank) are left as their label. Tables without rules keep the gap-based cells.
 * Pages are joined with "\n".
 *
 * Scans (pages but almost no text) and undecodable fonts (mostly private-use characters or
 * `(cid:NN)`) throw ReportError 'unreadable'.
 *
 * pdfjs and its worker are imported lazily on first use; nothing is read at import time. This
 * runs inside a worker thread with memory and time limits (pdf-isolated.ts): a hostile PDF costs
 * that thread, never the import.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { ReportError } from '../report/types';
import { MAX_PDF_PAGES, tooManyPages } from './limits';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

let loaded: Promise<{ pdfjs: PdfJs; cMapUrl: string; standardFontDataUrl: string }> | undefined;

function load() {
  loaded ??= (async () => {
    const require = createRequire(import.meta.url);
    const root = path.dirname(require.resolve('pdfjs-dist/package.json'));
    const pdfjs = (await import('pdfjs-dist/legacy/build/pdf.mjs')) as PdfJs;
    // Run the "worker" in this thread: pdfjs looks for globalThis.pdfjsWorker before importing one.
    const g = globalThis as { pdfjsWorker?: unknown };
    // @ts-expect-error -- the worker module ships without type declarations
    g.pdfjsWorker ??= await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    return {
      pdfjs,
      // Node reads these with fs.readFile, so plain directory paths ending in a separator.
      cMapUrl: path.join(root, 'cmaps') + path.sep,
      standardFontDataUrl: path.join(root, 'standard_fonts') + path.sep,
    };
  })();
  return loaded;
}

// ---------------------------------------------------------------- layout

interface Item {
  x: number;
  /** Baseline, y growing downwards. */
  y: number;
  w: number;
  h: number;
  str: string;
}

interface Cell {
  x0: number;
  x1: number;
  y: number;
  text: string;
}

interface Line {
  y: number;
  h: number;
  items: Item[];
  cells: Cell[];
}

const JOIN_GAP = 0.12;
const TAB_GAP = 0.6;
const SAME_LINE = 0.35;
/** Line pitch of table text relative to the font height (single spacing of CJK fonts). */
const PITCH = 1.3;
/** How far from a row a floating line may be: beside the numbers (k = 2), mirrored (k ≤ 5). */
const GAP_REACH = 0.8;
const MIRROR_NEAR = 1.1;
const MIRROR_REACH = 2.2;

function joinText(a: string, b: string): string {
  if (!a) return b;
  if (!b) return a;
  // Wrapped Chinese joins directly; wrapped English words keep a space.
  return /[A-Za-z]$/.test(a) && /^[A-Za-z]/.test(b) ? `${a} ${b}` : a + b;
}

function cellsOf(items: Item[], y: number, h: number): Cell[] {
  const cells: Cell[] = [];
  let cur: Cell | null = null;
  for (const it of items) {
    if (cur) {
      const gap = it.x - cur.x1;
      if (gap <= TAB_GAP * h) {
        cur.text += gap > JOIN_GAP * h && !/\s$/.test(cur.text) && !/^\s/.test(it.str) ? ` ${it.str}` : it.str;
        cur.x1 = Math.max(cur.x1, it.x + it.w);
        continue;
      }
    }
    cur = { x0: it.x, x1: it.x + it.w, y, text: it.str };
    cells.push(cur);
  }
  for (const c of cells) c.text = c.text.replace(/\s+/g, ' ').trim();
  return cells.filter((c) => c.text !== '');
}

function groupLines(items: Item[]): Line[] {
  items.sort((a, b) => a.y - b.y || a.x - b.x);
  const lines: Line[] = [];
  for (const it of items) {
    // Compare with the last few lines: a tall item (a big title) may come slightly out of order.
    let target: Line | undefined;
    for (let k = lines.length - 1; k >= 0 && k >= lines.length - 3; k--) {
      const l = lines[k];
      if (Math.abs(it.y - l.y) <= SAME_LINE * Math.min(l.h, it.h)) {
        target = l;
        break;
      }
    }
    if (target) {
      target.items.push(it);
      target.h = Math.max(target.h, it.h);
    } else lines.push({ y: it.y, h: it.h, items: [it], cells: [] });
  }
  for (const l of lines) {
    l.items.sort((a, b) => a.x - b.x);
    l.cells = cellsOf(l.items, l.y, l.h);
  }
  return lines.filter((l) => l.cells.length > 0);
}

function overlaps(a: { x0: number; x1: number }, b: { x0: number; x1: number }, slack: number): boolean {
  return a.x0 < b.x1 - slack && b.x0 < a.x1 - slack;
}

/** A printed number or zero marker: the content of a data cell. */
const NUMERIC = /^(?:[-+\u2212]?\d[\d,，]*(?:\.\d+)?\s*(?:%|元|万元|件|个|次|条)?|[/／\-－—–]|无)$/;

/** A table row: a number and another cell, or a lone number between the rules of a table. */
function isRow(l: Line, v: VRule[] = []): boolean {
  if (!l.cells.some((c) => NUMERIC.test(c.text))) return false;
  return l.cells.length >= 2 || ruled(l, v);
}

/**
 * Merges lines that float next to a table row (cells whose text wraps) into that row.
 *
 * A cell of k wrapped lines is centred on the row's baseline (vertical-align: middle): for even k
 * the row's numbers sit between two label lines, for odd k the middle line shares the numbers'
 * baseline. A non-row line may join the nearest row above or below when each of its pieces lies
 * under at most one cell of the row, and:
 * - in a ruled table (the page draws the table's rules): no horizontal rule separates the line
 *   from the row within the line's columns (so it is in the same cell, wrapped or top-aligned, or
 *   in a row-spanning label cell), within 2.2 line pitches;
 * - otherwise (no rules): it shares no horizontal extent with the row's cells and is within 0.8
 *   line pitch (k = 2), or another non-row line mirrors it on the other side of the row within
 *   1.1 pitches (k = 3).
 * Headings and paragraphs next to a table span several columns, are outside the rules, or have no
 * mirror line, so they stay on their own lines.
 */
function mergeFloating(lines: Line[], rules: Rules = NO_RULES): Line[] {
  const rows = lines.map((l) => isRow(l, rules.v));
  if (!rows.some(Boolean)) return lines;
  const into = new Map<Line, Line[]>();
  const absorbed = new Set<Line>();

  /** How `l` relates to row `r`: 'gap', 'over' (continues cells of the row), or null (crosses columns). */
  const relation = (l: Line, r: Line): 'gap' | 'over' | null => {
    let over = false;
    for (const c of l.cells) {
      const n = r.cells.filter((rc) => overlaps(c, rc, 0.5)).length;
      if (n > 1) return null;
      if (n === 1) over = true;
    }
    return over ? 'over' : 'gap';
  };

  /** A horizontal rule between the line and the row, under the line's text: different cells. */
  const separated = (l: Line, r: Line): boolean => {
    const a = Math.min(l.y, r.y) - 0.35 * l.h;
    const b = Math.max(l.y, r.y) - 0.35 * l.h;
    return rules.h.some((h) => h.y > a + 0.5 && h.y < b - 0.5 && l.cells.some((c) => h.x0 < c.x1 - 1 && h.x1 > c.x0 + 1));
  };

  lines.forEach((l, i) => {
    if (rows[i]) return;
    const pitch = PITCH * l.h;
    let best: Line | undefined;
    let bestDist = Infinity;
    for (const dir of [-1, 1]) {
      let j = i + dir;
      while (j >= 0 && j < lines.length && !rows[j]) j += dir;
      const r = lines[j];
      if (!r) continue;
      const d = l.y - r.y;
      const ad = Math.abs(d);
      if (ad > MIRROR_REACH * pitch || ad >= bestDist) continue;
      if (Math.abs(r.h - l.h) > 0.25 * Math.max(r.h, l.h)) continue;
      const rel = relation(l, r);
      if (!rel) continue;
      let ok: boolean;
      if (ruled(r, rules.v)) ok = !separated(l, r);
      else ok = rel === 'gap' && ad <= GAP_REACH * pitch;
      if (!ok && !ruled(r, rules.v) && ad <= MIRROR_NEAR * pitch) {
        // A mirror line: on the other side of the row, at the same distance, between the row and
        // its next neighbour row.
        for (let k = j + dir; k >= 0 && k < lines.length && !rows[k]; k += dir) {
          const m = lines[k];
          if (m === l) continue;
          if (Math.abs(m.y - r.y + d) <= 0.3 * pitch && relation(m, r)) ok = true;
        }
      }
      if (ok) {
        best = r;
        bestDist = ad;
      }
    }
    if (best) {
      absorbed.add(l);
      const list = into.get(best) ?? [];
      list.push(l);
      into.set(best, list);
    }
  });
  if (!absorbed.size) return lines;

  const out: Line[] = [];
  for (const l of lines) {
    if (absorbed.has(l)) continue;
    const extra = into.get(l);
    if (!extra) {
      out.push(l);
      continue;
    }
    // Cells of the row plus the floating pieces; pieces overlapping in x are one cell, read top-down.
    const pieces = [...l.cells, ...extra.flatMap((e) => e.cells)].sort((a, b) => a.x0 - b.x0);
    const merged: Array<{ x0: number; x1: number; parts: Cell[] }> = [];
    for (const p of pieces) {
      const m = merged.find((c) => overlaps(c, p, 0.5));
      if (m) {
        m.parts.push(p);
        m.x0 = Math.min(m.x0, p.x0);
        m.x1 = Math.max(m.x1, p.x1);
      } else merged.push({ x0: p.x0, x1: p.x1, parts: [p] });
    }
    merged.sort((a, b) => a.x0 - b.x0);
    const cells = merged.map((m) => ({
      x0: m.x0,
      x1: m.x1,
      y: l.y,
      text: m.parts.sort((a, b) => a.y - b.y || a.x0 - b.x0).reduce((s, p) => joinText(s, p.text), ''),
    }));
    out.push({ ...l, cells });
  }
  return out;
}

// ---------------------------------------------------------------- ruled tables

/** A vertical table rule in viewport space. */
interface VRule {
  x: number;
  y0: number;
  y1: number;
}
/** A horizontal table rule in viewport space. */
interface HRule {
  y: number;
  x0: number;
  x1: number;
}
interface Rules {
  v: VRule[];
  h: HRule[];
}
const NO_RULES: Rules = { v: [], h: [] };

/** True when vertical rules cross the line's text on both sides: the line is in a ruled table. */
function ruled(l: Line, v: VRule[]): boolean {
  if (!v.length) return false;
  const mid = l.y - 0.35 * l.h;
  const x0 = Math.min(...l.cells.map((c) => c.x0));
  const x1 = Math.max(...l.cells.map((c) => c.x1));
  let left = false;
  let right = false;
  for (const r of v) {
    if (r.y0 > mid || r.y1 < mid) continue;
    if (r.x <= x0 + 1) left = true;
    if (r.x >= x1 - 1) right = true;
  }
  return left && right;
}

type Matrix = number[];
const mul = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[2] * n[1],
  m[1] * n[0] + m[3] * n[1],
  m[0] * n[2] + m[2] * n[3],
  m[1] * n[2] + m[3] * n[3],
  m[0] * n[4] + m[2] * n[5] + m[4],
  m[1] * n[4] + m[3] * n[5] + m[5],
];
const apply = (m: Matrix, x: number, y: number): [number, number] => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];

/** pdfjs's path drawing codes (DrawOPS of pdfjs 5, not exported by its API). */
const DRAW = { moveTo: 0, lineTo: 1, curveTo: 2, quadraticCurveTo: 3, closePath: 4 } as const;

/**
 * A path's rectangles (as two corners) and straight segments, in viewport space. A rectangle is
 * what the `re` operator draws (pdfjs writes it as moveTo, three lineTo, closePath, corner by
 * corner): one box, so a thin filled rectangle gives one rule, not its two long edges. Curves
 * only move the current point.
 */
function pathPieces(data: ArrayLike<number>, ctm: Matrix): Array<[number, number, number, number]> {
  const out: Array<[number, number, number, number]> = [];
  let cx = 0;
  let cy = 0;
  for (let k = 0; k < data.length;) {
    const op = data[k];
    if (op === DRAW.moveTo) {
      const [x, y] = [data[k + 1], data[k + 2]];
      // moveTo x y, lineTo x+w y, lineTo x+w y+h, lineTo x y+h, closePath: a rectangle.
      if (
        data[k + 3] === DRAW.lineTo &&
        data[k + 6] === DRAW.lineTo &&
        data[k + 9] === DRAW.lineTo &&
        data[k + 12] === DRAW.closePath &&
        data[k + 5] === y &&
        data[k + 7] === data[k + 4] &&
        data[k + 10] === x &&
        data[k + 11] === data[k + 8]
      ) {
        out.push([...apply(ctm, x, y), ...apply(ctm, data[k + 7], data[k + 8])]);
        [cx, cy] = [x, y];
        k += 13;
        continue;
      }
      [cx, cy] = [x, y];
      k += 3;
    } else if (op === DRAW.lineTo) {
      const [nx, ny] = [data[k + 1], data[k + 2]];
      out.push([...apply(ctm, cx, cy), ...apply(ctm, nx, ny)]);
      [cx, cy] = [nx, ny];
      k += 3;
    } else if (op === DRAW.curveTo) {
      [cx, cy] = [data[k + 5], data[k + 6]];
      k += 7;
    } else if (op === DRAW.quadraticCurveTo) {
      [cx, cy] = [data[k + 3], data[k + 4]];
      k += 5;
    } else k += 1; // closePath (no segment back: a closed outline is a shape, not a rule)
  }
  return out;
}

/**
 * The rules of a page's tables: thin filled rectangles (Word, WPS, Chromium) and stroked line
 * segments, mapped to viewport space through the graphics state's matrices.
 */
function tableRules(ops: { fnArray: number[]; argsArray: unknown[] }, OPS: PdfJs['OPS'], viewport: Matrix): Rules {
  const rules: Rules = { v: [], h: [] };
  let ctm: Matrix = viewport;
  const stack: Matrix[] = [];
  const paint = new Set<number>([
    OPS.fill,
    OPS.eoFill,
    OPS.stroke,
    OPS.closeStroke,
    OPS.fillStroke,
    OPS.eoFillStroke,
    OPS.closeFillStroke,
    OPS.closeEOFillStroke,
  ]);
  const { fnArray, argsArray } = ops;
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    const args = argsArray[i] as unknown[];
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.transform) ctm = mul(ctm, args as number[]);
    else if (fn === OPS.paintFormXObjectBegin) {
      stack.push(ctm);
      if (Array.isArray(args?.[0]) && (args[0] as number[]).length === 6) ctm = mul(ctm, args[0] as number[]);
    } else if (fn === OPS.paintFormXObjectEnd) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.constructPath) {
      // pdfjs 5: one operator per painted path — [how it is painted, [its drawing as DrawOPS], bounds].
      const [how, [data]] = args as [number, [ArrayLike<number> | null]];
      const pending = data ? pathPieces(data, ctm) : [];
      if (paint.has(how)) {
        for (const [ax, ay, bx, by] of pending) {
          const w = Math.abs(bx - ax);
          const h = Math.abs(by - ay);
          if (w <= 4 && h >= 3 && h >= 4 * w) rules.v.push({ x: (ax + bx) / 2, y0: Math.min(ay, by), y1: Math.max(ay, by) });
          else if (h <= 4 && w >= 3 && w >= 4 * h) rules.h.push({ y: (ay + by) / 2, x0: Math.min(ax, bx), x1: Math.max(ax, bx) });
        }
      }
    }
  }
  return rules;
}

/**
 * Places a table row's cells between the vertical rules that cross it, so a blank cell, which
 * prints nothing, still comes out as an empty string between TABs. Slots left of the first
 * non-empty one (continuations of row-spanning labels) are dropped, as HTML rows have none.
 */
function alignToRules(line: Line, rules: VRule[]): Cell[] {
  const mid = line.y - 0.3 * line.h;
  const xs = rules
    .filter((r) => r.y0 <= mid && r.y1 >= mid)
    .map((r) => r.x)
    .sort((a, b) => a - b)
    .filter((x, i, a) => i === 0 || x - a[i - 1] > 2);
  if (xs.length < 3) return line.cells;
  const slots: Cell[][] = xs.slice(1).map(() => []);
  for (const c of line.cells) {
    const cx = (c.x0 + c.x1) / 2;
    if (cx < xs[0] || cx > xs[xs.length - 1]) return line.cells; // text outside the ruled table
    let s = 0;
    while (cx > xs[s + 1]) s++;
    slots[s].push(c);
  }
  const first = slots.findIndex((s) => s.length > 0);
  return slots.slice(first).map((parts, i) => ({
    x0: xs[first + i],
    x1: xs[first + i + 1],
    y: line.y,
    text: parts.map((p) => p.text).join(' '),
  }));
}

function pageText(lines: Line[], rules: Rules): string {
  let out = mergeFloating(lines, rules);
  if (rules.v.length) out = out.map((l) => (isRow(l, rules.v) ? { ...l, cells: alignToRules(l, rules.v) } : l));
  return out.map((l) => l.cells.map((c) => c.text).join('\t')).join('\n');
}

// ---------------------------------------------------------------- quality

/** Throws when the extracted text is a scan's empty text layer or undecodable glyph codes. */
export function assertReadableText(text: string, pages: number): void {
  const chars = text.replace(/\s+/g, '');
  if (pages > 0 && chars.length < 20 * pages) {
    throw new ReportError('PDF 没有文字层（扫描件），无法读取 / PDF has no text layer (scanned)', 'unreadable');
  }
  const cid = chars.match(/\(cid:\d+\)/g);
  const cidChars = cid ? cid.reduce((n, m) => n + m.length, 0) : 0;
  let junk = 0;
  for (const ch of chars) {
    const c = ch.codePointAt(0)!;
    if ((c >= 0xe000 && c <= 0xf8ff) || c === 0xfffd || c < 0x20 || (c >= 0xf0000 && c <= 0x10ffff)) junk++;
  }
  if ((cidChars + junk) / chars.length > 0.3) {
    throw new ReportError(
      'PDF 文字无法解码（字体缺少编码表，多为私用区字符或 (cid:) 代码），无法读取 / PDF text is undecodable (font without a Unicode map)',
      'unreadable',
    );
  }
}

// ---------------------------------------------------------------- entry

/**
 * Extracts the text in this thread, with no limit on memory or time: call it only inside the
 * worker of pdf-isolated.ts (pdfToText), which bounds both.
 */
export async function extractPdfText(bytes: Uint8Array, o: { maxPages?: number } = {}): Promise<string> {
  const maxPages = o.maxPages ?? MAX_PDF_PAGES;
  const { pdfjs, cMapUrl, standardFontDataUrl } = await load();
  const task = pdfjs.getDocument({
    // A private copy: pdfjs may transfer/detach the buffer, and warns about Node Buffers.
    data: new Uint8Array(bytes),
    cMapUrl,
    cMapPacked: true,
    standardFontDataUrl,
    disableFontFace: true,
    isEvalSupported: false,
    useSystemFonts: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  try {
    let doc;
    try {
      doc = await task.promise;
    } catch (e) {
      const name = (e as { name?: string })?.name;
      if (name === 'PasswordException') {
        throw new ReportError('PDF 已加密，需要密码才能打开 / PDF is password-protected', 'unreadable');
      }
      throw new ReportError(`PDF 文件损坏或不是有效的 PDF，无法读取 / PDF is damaged or invalid (${(e as Error)?.message ?? e})`, 'unreadable');
    }
    if (doc.numPages > maxPages) throw tooManyPages(doc.numPages, maxPages);
    const pages: string[] = [];
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const viewport = page.getViewport({ scale: 1 });
      const content = await page.getTextContent();
      const items: Item[] = [];
      for (const raw of content.items) {
        if (!('str' in raw) || !raw.str || !raw.str.trim()) continue;
        const m = pdfjs.Util.transform(viewport.transform, raw.transform) as number[];
        const h = Math.hypot(m[2], m[3]) || Math.abs(raw.height) || 1;
        items.push({ x: m[4], y: m[5], w: Math.abs(raw.width) * viewport.scale, h, str: raw.str });
      }
      const lines = groupLines(items);
      // Table rules are only read for pages with table rows (reading them costs a second pass).
      const rules = lines.some((l) => isRow(l)) ? tableRules(await page.getOperatorList(), pdfjs.OPS, viewport.transform) : NO_RULES;
      pages.push(pageText(lines, rules));
      page.cleanup();
    }
    const text = pages.join('\n');
    assertReadableText(text, doc.numPages);
    return text;
  } finally {
    await task.destroy();
  }
}
