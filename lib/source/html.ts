/**
 * A small, dependency-free HTML → text converter for report pages (and for the HTML mammoth
 * makes of a .docx).
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

// ---------------------------------------------------------------- entities

// prettier-ignore
const NAMED: Record<string, string> = {
  nbsp: '\u00A0', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'",
  ensp: '\u2002', emsp: '\u2003', thinsp: '\u2009', zwnj: '\u200C', zwj: '\u200D', shy: '\u00AD',
  ldquo: '\u201C', rdquo: '\u201D', lsquo: '\u2018', rsquo: '\u2019', sbquo: '\u201A', bdquo: '\u201E',
  laquo: '\u00AB', raquo: '\u00BB', lsaquo: '\u2039', rsaquo: '\u203A',
  hellip: '\u2026', mdash: '\u2014', ndash: '\u2013', minus: '\u2212', middot: '\u00B7', bull: '\u2022',
  times: '\u00D7', divide: '\u00F7', plusmn: '\u00B1', deg: '\u00B0', permil: '\u2030', prime: '\u2032',
  Prime: '\u2033', le: '\u2264', ge: '\u2265', ne: '\u2260', asymp: '\u2248', infin: '\u221E',
  copy: '\u00A9', reg: '\u00AE', trade: '\u2122', sect: '\u00A7', para: '\u00B6', dagger: '\u2020',
  Dagger: '\u2021', yen: '\u00A5', cent: '\u00A2', pound: '\u00A3', euro: '\u20AC', curren: '\u00A4',
  larr: '\u2190', rarr: '\u2192', uarr: '\u2191', darr: '\u2193', harr: '\u2194',
  frac12: '\u00BD', frac14: '\u00BC', frac34: '\u00BE', sup1: '\u00B9', sup2: '\u00B2', sup3: '\u00B3',
  micro: '\u00B5', not: '\u00AC', macr: '\u00AF', acute: '\u00B4', cedil: '\u00B8', uml: '\u00A8',
  ordf: '\u00AA', ordm: '\u00BA', iexcl: '\u00A1', iquest: '\u00BF', brvbar: '\u00A6',
  radic: '\u221A', sum: '\u2211', prod: '\u220F', part: '\u2202', isin: '\u2208', cap: '\u2229',
  cup: '\u222A', and: '\u2227', or: '\u2228', there4: '\u2234', sim: '\u223C', equiv: '\u2261',
  loz: '\u25CA', spades: '\u2660', clubs: '\u2663', hearts: '\u2665', diams: '\u2666',
  alpha: '\u03B1', beta: '\u03B2', gamma: '\u03B3', delta: '\u03B4', mu: '\u03BC', pi: '\u03C0',
  sigma: '\u03C3', omega: '\u03C9', Delta: '\u0394', Omega: '\u03A9',
  agrave: '\u00E0', aacute: '\u00E1', eacute: '\u00E9', egrave: '\u00E8', uuml: '\u00FC', ouml: '\u00F6',
  auml: '\u00E4', szlig: '\u00DF',
};

/** Entities a browser decodes even without the closing semicolon. */
const LEGACY = new Set(['nbsp', 'amp', 'lt', 'gt', 'quot', 'copy', 'reg']);

/** Windows-1252 meanings of the C1 range, as browsers read `&#150;` etc. */
// prettier-ignore
const C1: Record<number, number> = {
  0x80: 0x20ac, 0x82: 0x201a, 0x83: 0x0192, 0x84: 0x201e, 0x85: 0x2026, 0x86: 0x2020, 0x87: 0x2021,
  0x88: 0x02c6, 0x89: 0x2030, 0x8a: 0x0160, 0x8b: 0x2039, 0x8c: 0x0152, 0x8e: 0x017d, 0x91: 0x2018,
  0x92: 0x2019, 0x93: 0x201c, 0x94: 0x201d, 0x95: 0x2022, 0x96: 0x2013, 0x97: 0x2014, 0x98: 0x02dc,
  0x99: 0x2122, 0x9a: 0x0161, 0x9b: 0x203a, 0x9c: 0x0153, 0x9e: 0x017e, 0x9f: 0x0178,
};

const ENTITY = /&(?:#(\d{1,8})|#[xX]([0-9A-Fa-f]{1,7})|([A-Za-z][A-Za-z0-9]{0,31}))(;?)/g;

function codePointToString(cp: number): string {
  if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return '\uFFFD';
  if (cp >= 0x80 && cp <= 0x9f) return String.fromCodePoint(C1[cp] ?? cp);
  return String.fromCodePoint(cp);
}

export function decodeEntities(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(ENTITY, (m, dec: string | undefined, hex: string | undefined, name: string | undefined, semi: string) => {
    if (dec !== undefined) return codePointToString(parseInt(dec, 10));
    if (hex !== undefined) return codePointToString(parseInt(hex, 16));
    const ch = NAMED[name!];
    if (ch === undefined) return m;
    if (!semi && !LEGACY.has(name!)) return m;
    return ch;
  });
}

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
  'math', 'select', 'object', 'xml', 'button', 'canvas', 'audio', 'video', 'map',
]);

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

const TOKEN = /<(?:!--[\s\S]*?(?:--!?>|$)|!\[CDATA\[([\s\S]*?)(?:\]\]>|$)|[!?][^>]*>?|(\/?)([A-Za-z][A-Za-z0-9:_-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>)/g;

function parse(html: string): El {
  const root: El = { tag: '#root', children: [] };
  const stack: El[] = [root];
  const top = () => stack[stack.length - 1];

  const addText = (s: string) => {
    if (!s) return;
    const kids = top().children;
    const last = kids[kids.length - 1];
    if (typeof last === 'string') kids[kids.length - 1] = last + s;
    else kids.push(s);
  };
  const push = (tag: string) => {
    const el: El = { tag, children: [] };
    top().children.push(el);
    if (!VOID.has(tag)) stack.push(el);
    return el;
  };
  /** Index of the nearest open `tag`, not looking past `boundary` elements; -1 if none. */
  const find = (tag: string | Set<string>, boundary: Set<string>): number => {
    for (let i = stack.length - 1; i > 0; i--) {
      const t = stack[i].tag;
      if (typeof tag === 'string' ? t === tag : tag.has(t)) return i;
      if (boundary.has(t)) return -1;
    }
    return -1;
  };
  const tableIndex = () => find('table', NONE);

  let pos = 0;
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN.exec(html))) {
    if (m.index > pos) addText(decodeEntities(html.slice(pos, m.index)));
    pos = TOKEN.lastIndex;
    if (m[1] !== undefined) {
      addText(m[1]); // CDATA: literal text
      continue;
    }
    const name = m[3];
    if (name === undefined) continue; // comment, doctype, processing instruction
    const tag = name.toLowerCase();
    const closing = m[2] === '/';

    if (!closing) {
      if (tag === 'head') {
        // Skip to </head> or <body>, whichever comes first; keep going if neither exists.
        const re = /<\/head\s*>|<body[\s>]/gi;
        re.lastIndex = pos;
        const end = re.exec(html);
        if (end) {
          pos = end[0][1] === '/' ? re.lastIndex : end.index;
          TOKEN.lastIndex = pos;
        }
        continue;
      }
      if (SKIP.has(tag)) {
        // Raw or non-content element: jump past its end tag (or drop the rest if unclosed).
        if (m[4] && /\/\s*$/.test(m[4])) continue; // self-closing <svg/> etc.
        const re = new RegExp(`</${tag}\\s*>`, 'gi');
        re.lastIndex = pos;
        const end = re.exec(html);
        pos = end ? re.lastIndex : html.length;
        TOKEN.lastIndex = pos;
        continue;
      }
      if (SECTION.has(tag) || tag === 'colgroup' || tag === 'col') {
        // tbody/thead/tfoot are transparent, but they end an open row.
        if (SECTION.has(tag)) {
          const t = tableIndex();
          if (t > 0) stack.length = t + 1;
        }
        continue;
      }
      if (CLOSES_P.has(tag)) {
        const p = find('p', SCOPE);
        if (p > 0) stack.length = p;
      }
      if (tag === 'li') {
        const li = find('li', LIST_SCOPE);
        if (li > 0) stack.length = li;
      } else if (tag === 'dt' || tag === 'dd') {
        const d = find(DT_DD, DL_SCOPE);
        if (d > 0) stack.length = d;
      } else if (tag === 'option') {
        const o = find('option', SCOPE);
        if (o > 0) stack.length = o;
      }
      if (CELL.has(tag) || tag === 'tr') {
        const t = tableIndex();
        if (t < 0) {
          push('div'); // stray cell or row outside any table
          continue;
        }
        if (tag === 'tr') {
          stack.length = t + 1;
          push('tr');
          continue;
        }
        const tr = find('tr', TABLE_SCOPE);
        if (tr > 0) stack.length = tr + 1;
        else {
          stack.length = t + 1;
          push('tr');
        }
        push(tag);
        continue;
      }
      push(tag);
      continue;
    }

    // End tags.
    if (tag === 'br') {
      push('br');
      continue;
    }
    if (VOID.has(tag) || SECTION.has(tag) || tag === 'colgroup') {
      if (SECTION.has(tag)) {
        const t = tableIndex();
        if (t > 0) stack.length = t + 1;
      }
      continue;
    }
    let i: number;
    if (CELL.has(tag) || tag === 'tr') i = find(tag, TABLE_SCOPE);
    else if (tag === 'table') i = tableIndex();
    else i = find(tag, SCOPE);
    if (i > 0) stack.length = i;
    else if (tag === 'p') push('br'); // `</p>` without `<p>`: browsers make an empty paragraph
  }
  if (pos < html.length) addText(decodeEntities(html.slice(pos)));
  return root;
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
