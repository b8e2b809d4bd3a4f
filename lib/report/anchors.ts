/**
 * Finds where each row of a table starts in the text, by its printed label. Rows are matched in
 * template order (a monotone chain of exact matches), then rows outside the chain by an exact label
 * that overlaps no anchored row (blocks printed out of order), then the gaps are searched fuzzily,
 * so one garbled label (seed 003's "PUTF") leaves that row unanchored without shifting the others.
 */
import { LABEL_VARIANTS } from '../format';
import { squeeze } from '../text/normalize';
import type { Squeezed } from './squeeze';

const CN_NUM = '一二三四五六七八九十';
const CN_NUMERAL_ONLY = new RegExp(`^[${CN_NUM}]+$`);
/** A printed value (not a row numbering such as "1." or "2、"). */
const VALUE = /\d+(?:\.\d+)?(?![.、\d])|[\/—–]/;

export interface AnchorSpec {
  /** The label as printed in the template. */
  label: string;
  /** Label cores to search for (numbering, notes in brackets and quotes removed), shortest first. */
  cores: string[];
  /** The numbering the template prints before the label ("1.", "(七)", "四、"), as a regex source. */
  numbering: string | null;
  /** Core too short to be told apart from header words: search it only with its numbering. */
  needsNumbering: boolean;
  /** Compiled once: numbering + core (for short cores), numbering at the end of a string. */
  withNumberingRe: RegExp | null;
  numberingAtEndRe: RegExp | null;
}

export interface Anchor {
  /** Squeezed-text positions of the label (numbering included). */
  sqStart: number;
  sqEnd: number;
  fuzzy: boolean;
}

function labelCore(label: string): string {
  return squeeze(
    label
      .normalize('NFKC')
      .replace(new RegExp(`^(?:[${CN_NUM}]+、|\\([${CN_NUM}]+\\)|\\d+[.、])`), '')
      .replace(/\([^)]*\)/g, '')
      .replace(/[“”"‘’']/g, ''),
  );
}

function numberingPattern(label: string): string | null {
  const l = label.normalize('NFKC');
  let m = l.match(new RegExp(`^([${CN_NUM}]+)、`));
  if (m) return `${m[1]}[、,.]`;
  m = l.match(new RegExp(`^\\(([${CN_NUM}]+)\\)`));
  if (m) return `\\(?${m[1]}\\)`;
  m = l.match(/^(\d+)[.、]/);
  if (m) return `${m[1]}[.、,]`;
  return null;
}

export function anchorSpec(label: string): AnchorSpec {
  const variants = [label, ...(LABEL_VARIANTS[label] ?? [])];
  let cores = [...new Set(variants.map(labelCore).filter((c) => c.length > 0))];
  // A core that contains another adds nothing: the shorter one finds both spellings.
  cores = cores.filter((c) => !cores.some((o) => o !== c && c.includes(o))).sort((a, b) => a.length - b.length);
  const numbering = numberingPattern(label);
  const needsNumbering = numbering !== null && cores[0].length <= 3;
  return {
    label,
    cores,
    numbering,
    needsNumbering,
    withNumberingRe: needsNumbering ? new RegExp(`${numbering}(?:${cores.map(escapeRe).join('|')})`, 'g') : null,
    numberingAtEndRe: numbering ? new RegExp(`(?:${numbering})$`) : null,
  };
}

interface Occurrence {
  start: number;
  end: number;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function exactOccurrences(sq: string, spec: AnchorSpec, from: number, to: number, limit = 24): Occurrence[] {
  const out: Occurrence[] = [];
  if (spec.needsNumbering) {
    const re = spec.withNumberingRe!;
    re.lastIndex = from;
    let m: RegExpExecArray | null;
    while ((m = re.exec(sq)) && m.index < to && out.length < limit) {
      if (m.index + m[0].length <= to) out.push({ start: m.index, end: m.index + m[0].length });
      re.lastIndex = m.index + 1;
    }
    return out;
  }
  for (const core of spec.cores) {
    let i = sq.indexOf(core, from);
    while (i >= 0 && i + core.length <= to && out.length < limit) {
      out.push({ start: i, end: i + core.length });
      i = sq.indexOf(core, i + 1);
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/**
 * Extends an anchor over what the label prints after its core: a closing quote, or a note in
 * brackets ("部分公开(区分处理的,只计这一情形,不计其他情形)"), so glued numbers after it are free.
 */
function withNote(sq: string, occ: Occurrence): Occurrence {
  let end = occ.end;
  while (end < sq.length && '”"’\''.includes(sq[end])) end++;
  if (sq[end] === '(') {
    const close = sq.indexOf(')', end);
    const note = sq.slice(end + 1, close);
    // "(四)" after a label is the next group's numbering, not a note.
    if (close > end && close - end <= 40 && !/\d/.test(note) && !CN_NUMERAL_ONLY.test(note)) end = close + 1;
  }
  return end === occ.end ? occ : { start: occ.start, end };
}

/** Moves an anchor's start back over the numbering printed before the label ("2." in "…00002.其他…"). */
function withNumbering(sq: string, spec: AnchorSpec, found: Occurrence): Occurrence {
  const occ = withNote(sq, found);
  if (!spec.numbering || spec.needsNumbering) return occ;
  const before = sq.slice(Math.max(0, occ.start - 6), occ.start);
  const m = before.match(spec.numberingAtEndRe!);
  return m ? { start: occ.start - m[0].length, end: occ.end } : occ;
}

/**
 * Local alignment of `core` against `hay` (match +2, mismatch/gap −1): the best-matching window,
 * accepted when it scores at least 0.8 per core character (e.g. 14 of 30 in one run).
 */
function fuzzyFind(hay: string, core: string, from: number, to: number): Occurrence | null {
  const m = core.length;
  if (m < 4 || to - from < 2) return null;
  const n = to - from;
  let prev = new Int32Array(m + 1);
  let prevStart = new Int32Array(m + 1);
  let cur = new Int32Array(m + 1);
  let curStart = new Int32Array(m + 1);
  let best = 0;
  let bestEnd = -1;
  let bestStart = -1;
  for (let j = 1; j <= n; j++) {
    const ch = hay.charCodeAt(from + j - 1);
    cur[0] = 0;
    curStart[0] = j;
    for (let i = 1; i <= m; i++) {
      const diag = prev[i - 1] + (core.charCodeAt(i - 1) === ch ? 2 : -1);
      const up = cur[i - 1] - 1;
      const left = prev[i] - 1;
      let v = 0;
      let s = j;
      if (diag > v) {
        v = diag;
        s = prev[i - 1] > 0 ? prevStart[i - 1] : j - 1;
      }
      if (up > v) {
        v = up;
        s = curStart[i - 1];
      }
      if (left > v) {
        v = left;
        s = prevStart[i];
      }
      cur[i] = v;
      curStart[i] = s;
      if (v > best) {
        best = v;
        bestEnd = j;
        bestStart = s;
      }
    }
    [prev, cur] = [cur, prev];
    [prevStart, curStart] = [curStart, prevStart];
  }
  if (best < Math.max(8, 0.8 * m)) return null;
  return { start: from + bestStart, end: from + bestEnd };
}

/**
 * Anchors every spec in order inside squeezed[from, to). Returns one entry per spec, null where
 * the label could not be found.
 */
export function findAnchors(sq: Squeezed, specs: AnchorSpec[], from: number, to: number): (Anchor | null)[] {
  const text = sq.text;
  const occs = specs.map((s) => exactOccurrences(text, s, from, to));
  // Longest chain of increasing positions, one occurrence per row at most.
  type Node = { row: number; occ: Occurrence; score: number; prev: Node | null };
  const nodes: Node[] = [];
  let bestNode: Node | null = null;
  for (let r = 0; r < specs.length; r++) {
    const rowNodes: Node[] = [];
    for (const occ of occs[r]) {
      let bestPrev: Node | null = null;
      for (const nd of nodes) {
        if (nd.occ.end <= occ.start && (!bestPrev || nd.score > bestPrev.score || (nd.score === bestPrev.score && nd.occ.end > bestPrev.occ.end)))
          bestPrev = nd;
      }
      const node: Node = { row: r, occ, score: (bestPrev?.score ?? 0) + 1, prev: bestPrev };
      rowNodes.push(node);
      if (!bestNode || node.score > bestNode.score) bestNode = node;
    }
    nodes.push(...rowNodes);
  }
  const result: (Anchor | null)[] = specs.map(() => null);
  for (let nd = bestNode; nd; nd = nd.prev) {
    const o = withNumbering(text, specs[nd.row], nd.occ);
    result[nd.row] = { sqStart: o.start, sqEnd: o.end, fuzzy: false };
  }
  // Rows printed out of template order (a converter moved a block) fall outside the chain: an
  // exact label that overlaps no anchored row is theirs when numbers follow it before the next
  // label (a label fragment printed apart from its row, as broken PDF tables do, is not).
  const taken = () => result.filter((a): a is Anchor => a !== null);
  for (let r = 0; r < specs.length; r++) {
    if (result[r]) continue;
    const anchored = taken();
    const occ = occs[r].find((o) => {
      if (!anchored.every((a) => o.end <= a.sqStart || o.start >= a.sqEnd)) return false;
      let next = to;
      for (const a of anchored) if (a.sqStart >= o.end && a.sqStart < next) next = a.sqStart;
      return VALUE.test(text.slice(o.end, next));
    });
    if (!occ) continue;
    const o = withNumbering(text, specs[r], occ);
    result[r] = { sqStart: o.start, sqEnd: o.end, fuzzy: false };
  }
  // Fuzzy search in the gaps left between anchored neighbours.
  for (let r = 0; r < specs.length; r++) {
    if (result[r]) continue;
    let lo = from;
    for (let p = r - 1; p >= 0; p--)
      if (result[p]) {
        lo = result[p]!.sqEnd;
        break;
      }
    let hi = to;
    for (let q = r + 1; q < specs.length; q++)
      if (result[q]) {
        hi = result[q]!.sqStart;
        break;
      }
    const core = specs[r].cores[specs[r].cores.length - 1];
    // Best local alignment first: a fragment of this label beats an exact head or tail that a
    // neighbouring row shares ("…行政机关不再处理其政府信息公开申请" ends both （六）1 and 2).
    let found: Occurrence | null = fuzzyFind(text, core, lo, hi);
    if (!found && core.length >= 8) {
      const head = core.slice(0, 6);
      const tail = core.slice(-6);
      const h = text.indexOf(head, lo);
      if (h >= 0 && h + head.length <= hi) found = { start: h, end: h + head.length };
      else {
        const t = text.indexOf(tail, lo);
        if (t >= 0 && t + tail.length <= hi) found = { start: t, end: t + tail.length };
      }
    }
    if (found) {
      // A label wrapped around its own row's values ("…处理其政 2 0 0 … 府信息公开申请", PDF cells):
      // the alignment skipped the figures; the label ends where they begin.
      const digit = text.slice(found.start, found.end).search(/\d/);
      if (digit >= 4) found = { start: found.start, end: found.start + digit };
      const o = withNumbering(text, specs[r], found);
      result[r] = { sqStart: o.start, sqEnd: o.end, fuzzy: true };
    }
  }
  return result;
}
