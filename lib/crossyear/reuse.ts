/**
 * Text reuse between a body's reports for consecutive years: for each narrative section of year
 * N, the share of its sentences that repeat the report of year N−1, with the reused passages as
 * character ranges of N's text for highlighting. Deterministic:
 *
 * 1. Narrative: each section (一 … 六) without its heading and without the statistical tables.
 *    A table runs from its section's start (二 for 表二, 三 for 表三, 四 for 表四, when its first
 *    cell lies there) or else from its first cell, to its last cell.
 * 2. Sentences: split at 。！？；!?; and line breaks. Normalized: whitespace, punctuation and
 *    symbols removed, every run of digits replaced by “#” — a sentence copied with only its
 *    figures or year updated still counts as repeated. Left out: sentences under 10 normalized
 *    characters, and numbered sub-headings of under 20 characters without a comma
 *    (（四）信息公开平台建设方面) — the template's structure, not copied prose.
 * 3. Repeated: at least 80 % of a sentence's 5-character shingles occur in the normalized
 *    narrative of the year before (any section: text moves between sections). Small edits do
 *    not hide a copy; two sentences that merely share a phrase are not one.
 *
 * A section's rate = repeated sentences ÷ sentences (null without sentences).
 */
import type { Section, Span } from '../report/types';

export const REUSE_SHINGLE = 5;
export const REUSE_THRESHOLD = 0.8;
export const REUSE_MIN_CHARS = 10;

export interface ReuseInput {
  text: string;
  sections: Section[];
  /** The report's cells with their offsets (keys `t2.…`, `t3.…`, `t4.…`); only offsets are read. */
  cells: Record<string, Partial<Span> | undefined>;
}

export interface SectionReuse {
  index: number;
  title: string;
  sentences: number;
  reused: number;
  /** reused ÷ sentences; null when the section has no sentence to compare. */
  rate: number | null;
  /** Ranges of year N's text, merged across neighbouring repeated sentences. */
  passages: Span[];
}

export interface ReuseResult {
  sections: SectionReuse[];
  sentences: number;
  reused: number;
  rate: number | null;
  passages: Span[];
}

interface Sentence extends Span {
  norm: string;
}

const SPLIT = /[。！？；!?;\n]/g;
const NOT_COMPARED = /[\s\p{P}\p{S}]/gu;
const DIGITS = /\d+(?:\.\d+)?/g;
const ONLY_SEPARATORS = /^[\s\p{P}\p{S}]*$/u;
const SUB_HEADING = /^[（(][一二三四五六七八九十]{1,3}[)）][^，,]{0,18}[。：:]?$/;
const TABLE_SECTION: Record<string, number> = { t2: 2, t3: 3, t4: 4 };

export function normalizeSentence(s: string): string {
  return s.replace(NOT_COMPARED, '').replace(DIGITS, '#');
}

/** The ranges the tables occupy (see the method above). */
export function tableSpans(input: ReuseInput): Span[] {
  const bounds = new Map<string, Span>();
  for (const [key, c] of Object.entries(input.cells)) {
    if (c?.start === undefined || c.end === undefined) continue;
    const table = key.slice(0, 2);
    const b = bounds.get(table);
    if (!b) bounds.set(table, { start: c.start, end: c.end });
    else {
      b.start = Math.min(b.start, c.start);
      b.end = Math.max(b.end, c.end);
    }
  }
  return [...bounds.entries()].map(([table, b]) => {
    const home = input.sections.find((s) => s.start <= b.start && b.start < s.end);
    return { start: home && home.index === TABLE_SECTION[table] ? home.start : b.start, end: b.end };
  });
}

/** A section's narrative ranges: after its heading, outside the tables. */
function narrativeRanges(input: ReuseInput, section: Section, tables: Span[]): Span[] {
  const at = input.text.indexOf(section.title, section.start);
  let ranges: Span[] = [{ start: at >= 0 && at < section.end ? at + section.title.length : section.start, end: section.end }];
  for (const t of tables) {
    ranges = ranges.flatMap((r) => {
      if (t.end <= r.start || t.start >= r.end) return [r];
      const out: Span[] = [];
      if (t.start > r.start) out.push({ start: r.start, end: t.start });
      if (t.end < r.end) out.push({ start: t.end, end: r.end });
      return out;
    });
  }
  return ranges;
}

function sentencesIn(text: string, range: Span): Sentence[] {
  const out: Sentence[] = [];
  const slice = text.slice(range.start, range.end);
  let from = 0;
  const push = (end: number) => {
    let s = from;
    let e = end;
    while (s < e && /\s/.test(slice[s])) s++;
    while (e > s && /\s/.test(slice[e - 1])) e--;
    const raw = slice.slice(s, e);
    const norm = normalizeSentence(raw);
    if (norm.length >= REUSE_MIN_CHARS && !SUB_HEADING.test(raw)) out.push({ start: range.start + s, end: range.start + e, norm });
  };
  for (const m of slice.matchAll(SPLIT)) {
    push(m.index + 1);
    from = m.index + 1;
  }
  push(slice.length);
  return out;
}

function sectionSentences(input: ReuseInput): { section: Section; sentences: Sentence[] }[] {
  const tables = tableSpans(input);
  return input.sections.map((section) => ({
    section,
    sentences: narrativeRanges(input, section, tables).flatMap((r) => sentencesIn(input.text, r)),
  }));
}

function shingles(norm: string): string[] {
  if (norm.length <= REUSE_SHINGLE) return [norm];
  const out: string[] = [];
  for (let i = 0; i + REUSE_SHINGLE <= norm.length; i++) out.push(norm.slice(i, i + REUSE_SHINGLE));
  return out;
}

/** Year N's narrative against year N−1's. */
export function textReuse(previous: ReuseInput, current: ReuseInput): ReuseResult {
  const known = new Set<string>();
  for (const { sentences } of sectionSentences(previous)) for (const s of sentences) for (const sh of shingles(s.norm)) known.add(sh);

  const sections: SectionReuse[] = sectionSentences(current).map(({ section, sentences }) => {
    const passages: Span[] = [];
    let reused = 0;
    for (const s of sentences) {
      const sh = shingles(s.norm);
      const hits = sh.filter((x) => known.has(x)).length;
      if (hits < REUSE_THRESHOLD * sh.length) continue;
      reused++;
      const last = passages.at(-1);
      if (last && ONLY_SEPARATORS.test(current.text.slice(last.end, s.start))) last.end = s.end;
      else passages.push({ start: s.start, end: s.end });
    }
    return {
      index: section.index,
      title: section.title,
      sentences: sentences.length,
      reused,
      rate: sentences.length ? reused / sentences.length : null,
      passages,
    };
  });
  const sentences = sections.reduce((n, s) => n + s.sentences, 0);
  const reused = sections.reduce((n, s) => n + s.reused, 0);
  return { sections, sentences, reused, rate: sentences ? reused / sentences : null, passages: sections.flatMap((s) => s.passages) };
}

export interface ReuseBin {
  /** Lower and upper bound of the bin, as shares (0.9 – 1 includes 1). */
  from: number;
  to: number;
  count: number;
}

/** A region's reuse rates in ten bins of 10 % (the last one includes 100 %). */
export function reuseDistribution(rates: number[]): ReuseBin[] {
  const bins: ReuseBin[] = Array.from({ length: 10 }, (_, i) => ({ from: i / 10, to: (i + 1) / 10, count: 0 }));
  for (const r of rates) bins[Math.min(9, Math.max(0, Math.floor(r * 10 + 1e-9)))].count++;
  return bins;
}
