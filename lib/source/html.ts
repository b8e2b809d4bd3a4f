/**
 * HTML → text for report pages (and for the HTML mammoth makes of a .docx): htmlparser2's
 * tokenizer (every HTML5 named and numeric character reference, raw-text elements, comments),
 * a small tree builder for where rows and cells end, and a renderer for the table layout.
 *
 * Output contract (what the table parser relies on):
 * - script, style, head (and similar non-content elements) are dropped;
 * - block elements (p, div, br, h1–h6, li, …) end a line; blank lines are dropped;
 * - a data table gives ONE line per `<tr>`: its cells in document order, separated by TAB; a cell's
 *   inner line breaks become spaces; empty cells (whitespace, `&nbsp;`) stay as empty strings, so
 *   `a\t\t3` keeps the blank cell; rowspan/colspan cells are NOT repeated;
 * - layout tables (a table holding another table, a single-column table, or a cell holding whole
 *   paragraphs of prose) are read as ordinary flowing text instead, so a page wrapped in a layout
 *   table still gives its report tables as rows;
 * - runs of spaces within a line collapse to one; lines are trimmed of spaces (never of TABs).
 *
 * The text is not normalized (full-width characters, U+3000 etc. are kept): the caller normalizes.
 */

import { Tokenizer } from 'htmlparser2';

// ---------------------------------------------------------------- tree

interface El {
  tag: string;
  children: Array<El | string>;
}

// prettier-ignore
const VOID = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source',
  'track', 'wbr', 'keygen', 'basefont', 'bgsound', 'frame', 'spacer',
]);

/** Elements whose content is never report text. */
// prettier-ignore
const SKIP = new Set([
  'script', 'style', 'noscript', 'template', 'textarea', 'title', 'iframe', 'noframes', 'svg',
  'math', 'select', 'object', 'xml', 'button', 'canvas', 'audio', 'video', 'map', 'noembed',
]);

/** SKIP elements whose content htmlparser2's tokenizer reads as raw text up to the end tag, even after `/>`. */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'iframe', 'noframes', 'noembed']);

// prettier-ignore
const BLOCK = new Set([
  'p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'blockquote',
  'pre', 'section', 'article', 'header', 'footer', 'nav', 'aside', 'main', 'figure', 'figcaption',
  'address', 'hr', 'center', 'form', 'fieldset', 'legend', 'caption', 'details', 'summary', 'body',
  'html', 'table', 'tr', 'td', 'th', 'option', 'menu', 'dir', 'listing', 'xmp', 'plaintext',
]);

/** Tags that close an open `<p>` when they start. */
const CLOSES_P = new Set([...BLOCK].filter((t) => !['td', 'th', 'tr', 'caption', 'option', 'body', 'html'].includes(t)));

const CELL = new Set(['td', 'th']);
const SECTION = new Set(['tbody', 'thead', 'tfoot']);
/** Elements an ordinary end tag never closes past (roughly the HTML "scope" boundaries). */
const SCOPE = new Set(['td', 'th', 'table', 'caption']);
const NONE = new Set<string>();
const TABLE_SCOPE = new Set(['table']);
const LIST_SCOPE = new Set([...SCOPE, 'ul', 'ol']);
const DL_SCOPE = new Set([...SCOPE, 'dl']);
const DT_DD = new Set(['dt', 'dd']);

/**
 * Builds the element tree from start tags, end tags and text, with the few HTML tree-construction
 * rules that decide where table rows and cells end (an unclosed `<td>` or `<tr>` ends at the next
 * one, an end tag never closes past a cell or table, …). htmlparser2's own Parser closes elements
 * by simpler rules (any end tag pops up to its name), which would merge the rows of a sloppy
 * table, so only its tokenizer is used.
 */
class TreeBuilder {
  readonly root: El = { tag: '#root', children: [] };
  private readonly stack: El[] = [this.root];

  private top(): El {
    return this.stack[this.stack.length - 1];
  }

  text(s: string): void {
    if (!s) return;
    const kids = this.top().children;
    const last = kids[kids.length - 1];
    if (typeof last === 'string') kids[kids.length - 1] = last + s;
    else kids.push(s);
  }

  private push(tag: string): void {
    const el: El = { tag, children: [] };
    this.top().children.push(el);
    if (!VOID.has(tag)) this.stack.push(el);
  }

  /** Index of the nearest open `tag`, not looking past `boundary` elements; -1 if none. */
  private find(tag: string | Set<string>, boundary: Set<string>): number {
    const stack = this.stack;
    for (let i = stack.length - 1; i > 0; i--) {
      const t = stack[i].tag;
      if (typeof tag === 'string' ? t === tag : tag.has(t)) return i;
      if (boundary.has(t)) return -1;
    }
    return -1;
  }

  /** Closes the open elements from index `i` up. */
  private cut(i: number): void {
    this.stack.length = i;
  }

  open(tag: string): void {
    if (SECTION.has(tag) || tag === 'colgroup' || tag === 'col') {
      // tbody/thead/tfoot are transparent, but they end an open row.
      if (SECTION.has(tag)) {
        const t = this.find('table', NONE);
        if (t > 0) this.cut(t + 1);
      }
      return;
    }
    if (CLOSES_P.has(tag)) {
      const p = this.find('p', SCOPE);
      if (p > 0) this.cut(p);
    }
    if (tag === 'li') {
      const li = this.find('li', LIST_SCOPE);
      if (li > 0) this.cut(li);
    } else if (tag === 'dt' || tag === 'dd') {
      const d = this.find(DT_DD, DL_SCOPE);
      if (d > 0) this.cut(d);
    } else if (tag === 'option') {
      const o = this.find('option', SCOPE);
      if (o > 0) this.cut(o);
    }
    if (CELL.has(tag) || tag === 'tr') {
      const t = this.find('table', NONE);
      if (t < 0) {
        this.push('div'); // stray cell or row outside any table
        return;
      }
      if (tag === 'tr') {
        this.cut(t + 1);
        this.push('tr');
        return;
      }
      const tr = this.find('tr', TABLE_SCOPE);
      if (tr > 0) this.cut(tr + 1);
      else {
        this.cut(t + 1);
        this.push('tr');
      }
    }
    this.push(tag);
  }

  close(tag: string): void {
    if (tag === 'br') {
      this.push('br'); // `</br>` is read as `<br>`, as browsers do
      return;
    }
    if (VOID.has(tag) || SECTION.has(tag) || tag === 'colgroup') {
      if (SECTION.has(tag)) {
        const t = this.find('table', NONE);
        if (t > 0) this.cut(t + 1);
      }
      return;
    }
    let i: number;
    if (CELL.has(tag) || tag === 'tr') i = this.find(tag, TABLE_SCOPE);
    else if (tag === 'table') i = this.find('table', NONE);
    else i = this.find(tag, SCOPE);
    if (i > 0) this.cut(i);
    else if (tag === 'p') this.push('br'); // `</p>` without `<p>`: browsers make an empty paragraph
  }
}

/**
 * Tokenizes with htmlparser2 (all HTML5 named and numeric character references, raw-text and
 * RCDATA elements, comments, doctypes) and builds the tree. Non-content elements (SKIP) are
 * dropped with everything up to their end tag; an unclosed one drops the rest of the document.
 * `<head>` tags are ignored: what a head holds (title, style, script) is dropped anyway, and an
 * unclosed head must not swallow the report.
 */
function parse(html: string): El {
  const tree = new TreeBuilder();
  /** The non-content element being dropped, if any. */
  let skipping: string | null = null;
  /** The start tag being read: its name (lower case) until its `>`. */
  let opening = '';
  const name = (start: number, end: number) => html.slice(start, end).toLowerCase();
  const endOpen = (selfClosing: boolean) => {
    const tag = opening;
    opening = '';
    if (skipping !== null || !tag || tag === 'head') return;
    if (SKIP.has(tag)) {
      // `<svg/>` is empty, but `<script/>` is not: the tokenizer reads on to `</script>` as text.
      if (!selfClosing || RAW_TEXT.has(tag)) skipping = tag;
      return;
    }
    tree.open(tag);
  };
  const ignore = () => {};
  const tokenizer = new Tokenizer(
    { decodeEntities: true },
    {
      ontext(start, end) {
        if (skipping === null) tree.text(html.slice(start, end));
      },
      ontextentity(codepoint) {
        if (skipping === null) tree.text(String.fromCodePoint(codepoint));
      },
      oncdata(start, end) {
        if (skipping === null) tree.text(html.slice(start, end)); // CDATA: literal text
      },
      onopentagname(start, end) {
        opening = name(start, end);
      },
      onopentagend() {
        endOpen(false);
      },
      onselfclosingtag() {
        endOpen(true);
      },
      onclosetag(start, end) {
        const tag = name(start, end);
        if (skipping !== null) {
          if (tag === skipping) skipping = null;
          return;
        }
        if (tag !== 'head') tree.close(tag);
      },
      onattribdata: ignore,
      onattribentity: ignore,
      onattribend: ignore,
      onattribname: ignore,
      oncomment: ignore,
      ondeclaration: ignore,
      onprocessinginstruction: ignore,
      onend: ignore,
    },
  );
  tokenizer.write(html);
  tokenizer.end();
  return tree.root;
}

// ---------------------------------------------------------------- rendering

const SPACES = /[ \u00A0]+/g;
const EDGE_SPACES = /^[ \u00A0\u3000]+|[ \u00A0\u3000]+$/g;

class Lines {
  readonly lines: string[] = [];
  private cur = '';

  text(s: string) {
    this.cur += s;
  }
  /** Ends the current line (dropped when blank). */
  newline() {
    const line = this.cur.replace(SPACES, ' ').replace(EDGE_SPACES, '');
    if (line) this.lines.push(line);
    this.cur = '';
  }
  /** Emits a finished line verbatim (a table row). */
  line(s: string) {
    this.newline();
    this.lines.push(s);
  }
}

const HTML_WS = /[ \t\n\r\f]+/g;

function renderFlow(el: El, out: Lines, pre: boolean): void {
  for (const child of el.children) {
    if (typeof child === 'string') {
      if (!pre) out.text(child.replace(HTML_WS, ' '));
      else {
        const parts = child.replace(/\r\n?/g, '\n').split('\n');
        parts.forEach((p, i) => {
          if (i > 0) out.newline();
          out.text(p);
        });
      }
      continue;
    }
    const tag = child.tag;
    if (tag === 'br') {
      out.newline();
    } else if (tag === 'table') {
      out.newline();
      renderTable(child, out);
      out.newline();
    } else if (tag === 'pre' || tag === 'listing' || tag === 'plaintext') {
      out.newline();
      renderFlow(child, out, true);
      out.newline();
    } else if (BLOCK.has(tag)) {
      out.newline();
      renderFlow(child, out, pre);
      out.newline();
    } else {
      renderFlow(child, out, pre);
    }
  }
}

function containsTable(el: El): boolean {
  for (const c of el.children) {
    if (typeof c !== 'string' && (c.tag === 'table' || containsTable(c))) return true;
  }
  return false;
}

/** A cell's lines, rendered as flowing text. */
function cellLines(cell: El): string[] {
  const out = new Lines();
  renderFlow(cell, out, false);
  out.newline();
  return out.lines;
}

const textLength = (lines: string[]) => lines.reduce((n, l) => n + l.length, 0);

/** Prose rather than a table cell: whole paragraphs of text. */
function isProse(lines: string[]): boolean {
  const n = textLength(lines);
  return n > 300 || (lines.length >= 5 && n > 150);
}

function renderTable(table: El, out: Lines): void {
  const rows: El[][] = [];
  const captions: El[] = [];
  const loose: El = { tag: 'div', children: [] };
  for (const c of table.children) {
    if (typeof c === 'string') {
      if (c.trim()) loose.children.push(c);
    } else if (c.tag === 'tr') {
      const cells: El[] = [];
      for (const x of c.children) {
        if (typeof x !== 'string' && CELL.has(x.tag)) cells.push(x);
        else if (typeof x !== 'string' || x.trim()) loose.children.push(x); // misplaced content
      }
      rows.push(cells);
    } else if (c.tag === 'caption') {
      captions.push(c);
    } else {
      loose.children.push(c); // content browsers would move out of the table
    }
  }
  if (loose.children.length) {
    renderFlow(loose, out, false);
    out.newline();
  }
  for (const cap of captions) {
    renderFlow(cap, out, false);
    out.newline();
  }

  let layout = rows.every((r) => r.length <= 1);
  if (!layout) layout = rows.some((r) => r.some(containsTable));
  const rendered = rows.map((r) => r.map(cellLines));
  if (!layout) {
    // A table used as a box for the text: most of its text is in cells holding whole paragraphs.
    // (A long note in one cell of a data table does not make the table a layout table.)
    let prose = 0;
    let all = 0;
    for (const r of rendered)
      for (const c of r) {
        const n = textLength(c);
        all += n;
        if (isProse(c)) prose += n;
      }
    layout = prose > 0.5 * all;
  }

  if (layout) {
    rows.forEach((r, i) =>
      r.forEach((cell, j) => {
        if (containsTable(cell)) {
          renderFlow(cell, out, false);
          out.newline();
        } else for (const l of rendered[i][j]) out.line(l);
      }),
    );
    return;
  }
  for (const r of rendered) {
    const cells = r.map((lines) => lines.join(' ').replace(/\t/g, ' ').replace(SPACES, ' ').replace(EDGE_SPACES, ''));
    if (cells.every((c) => c === '')) continue;
    out.line(cells.join('\t'));
  }
}

export function htmlToText(html: string): string {
  const root = parse(html);
  const out = new Lines();
  renderFlow(root, out, false);
  out.newline();
  return out.lines.join('\n');
}
