/** The title line(s): agency and year around "…政府信息公开工作年度报告". */
import { BLANKS, TITLE_LINES } from './lines';
import { AGENCY_SUFFIX, DELIMS, LEAD_WORDS, cleanAgency } from './names';

const REPORT_PHRASE = /(?:政府)?(?:信息|政务)公开(?:工作)?的?(?:年度)?(?:报告|年报)|(?:政府)?信息公开工作(20\d{2})年度?报告/g;
const YEAR_BEFORE = /(20\d{2})年度?/g;
const YEAR_AFTER = /^[(]?(20\d{2})年度?[)]?/;

export interface TitleCandidate {
  line: number;
  /** Inside 《》: a document the text cites, not the text's own title. */
  quoted: boolean;
  title: string;
  agency: string | null;
  year: number | null;
  score: number;
}

/** One title-like line: the agency and year around "…政府信息公开工作年度报告". */
function parseTitleLine(line: string, index: number, prev: string | undefined): TitleCandidate | null {
  REPORT_PHRASE.lastIndex = 0;
  let r: RegExpExecArray | null;
  for (let k = 0; k < 4 && (r = REPORT_PHRASE.exec(line)); k++) {
    // Only the words just before the phrase matter (a crawled page may be one long line).
    const before = line.slice(Math.max(0, r.index - 80), r.index);
    let after = line.slice(r.index + r[0].length);
    if (after.startsWith('格式') || after.startsWith('编制')) continue;
    let year: number | null = r[1] ? Number(r[1]) : null;
    let raw = before;
    if (year === null) {
      let yb: RegExpExecArray | null = null;
      YEAR_BEFORE.lastIndex = 0;
      for (let m: RegExpExecArray | null; (m = YEAR_BEFORE.exec(before));) yb = m;
      if (yb && before.length - (yb.index + yb[0].length) <= 32) {
        year = Number(yb[1]);
        const pre = before.slice(Math.max(0, yb.index - 40), yb.index);
        const mid = before.slice(yb.index + yb[0].length);
        raw = mid.length >= 2 && cleanAgency(mid) ? mid : pre;
      } else {
        const ya = YEAR_AFTER.exec(after);
        if (ya) {
          year = Number(ya[1]);
          after = after.slice(ya[0].length);
        }
      }
    }
    raw = raw.slice(-40);
    let agency = cleanAgency(raw);
    // Quoted, unless the quote is the whole line (《X2022年度…报告》 printed as the title).
    const quoted = before.lastIndexOf('《') > before.lastIndexOf('》') && !(line.startsWith('《') && /^》\s*$/.test(after));
    // A title line: nothing but agency, year and phrase (the 《》 of a quoted title allowed).
    const bare = raw.replace(/^[#\s]*(?:标题|正文)?[:]?/, '').replace(/\s+/g, '');
    const standalone = /^[》)\s]*$/.test(after) && (bare === '' || (agency !== null && agency.startsWith(bare.replace(/关于$/, '')))) && !quoted;
    // The title as printed: the line, or the phrase with its agency and year in a longer line.
    let title = standalone ? line : line.slice(Math.max(0, r.index - before.length), line.length - after.length);
    if (!standalone) {
      let cut = 0;
      for (let i = title.length - r[0].length - 1; i >= 0; i--) {
        if (DELIMS.test(title[i])) {
          cut = i + 1;
          break;
        }
      }
      title = title.slice(cut).replace(LEAD_WORDS, '');
    }
    title = title.replace(/^[#\s]*(?:标题|正文)?[:]?\s*/, '');
    if (!agency && bare === '' && prev && prev.length <= 30) {
      // The agency on the line above: "洪泽区人民政府" / "2023年政府信息公开工作年度报告".
      const a = cleanAgency(prev);
      if (a && prev.replace(/^[#\s]+/, '').length <= a.length + 1) {
        agency = a;
        title = prev.replace(/^[#\s]*(?:标题|正文|题目)?[:]?/, '') + title;
      }
    }
    if (year === null && agency === null) continue;
    let score = 0;
    if (standalone) score += 4;
    if (!quoted) score += 2;
    if (year !== null) score += 1;
    if (agency !== null) score += 1;
    return { line: index, quoted, title, agency: quoted ? null : agency, year, score };
  }
  return null;
}

const YEAR_LINE = /^[(]?(20\d{2})年度?[)]?$/;
/** A cheap test on a raw line (blanks allowed between characters) before squeezing it. */
const REPORT_LOOSE = /公\s*开\s*(?:工\s*作\s*)?(?:的\s*)?(?:(?:年\s*度\s*)?(?:报\s*告|年\s*报)|2\s*0\s*\d\s*\d)/g;
const REPORT_START = /报\s*告|年\s*报|工\s*作/;

function squeezedLine(lines: string[], k: number): string {
  return k >= 0 && k < lines.length ? lines[k].replace(BLANKS, '') : '';
}

/** The title candidate of line `i` read on its own (with a year or agency line next to it), or null. */
function titleAt(lines: string[], i: number): TitleCandidate | null {
  const raw = lines[i];
  REPORT_LOOSE.lastIndex = 0;
  const hit = REPORT_LOOSE.exec(raw);
  let line: string;
  if (!hit) {
    // A title broken after 信息公开: "…政府信息公开" / "工作年度报告".
    if (raw.length > 60 || !/公\s*开\s*$/.test(raw) || i + 1 >= lines.length || lines[i + 1].length > 24 || !REPORT_START.test(lines[i + 1]))
      return null;
    line = squeezedLine(lines, i) + squeezedLine(lines, i + 1);
  } else if (raw.length > 300) {
    // A long line (a crawled page run together): only the words around the phrase.
    line = raw.slice(Math.max(0, hit.index - 120), hit.index + 60).replace(BLANKS, '');
  } else {
    line = squeezedLine(lines, i);
    // The year on the next line: "…工作年度报告" / "(2023年度)".
    if (YEAR_LINE.test(squeezedLine(lines, i + 1))) line += squeezedLine(lines, i + 1);
  }
  // Lines above: the agency ("洪泽区人民政府"), perhaps then the year alone ("2023年度").
  let prev = raw.length > 300 ? '' : squeezedLine(lines, i - 1);
  if (YEAR_LINE.test(prev) && !/20\d{2}/.test(line)) {
    line = prev + line;
    prev = squeezedLine(lines, i - 2);
  }
  return parseTitleLine(line, i, prev || undefined);
}

/** A short line that may be the first part of a title broken by a line end (no label, no sentence). */
const TITLE_PIECE = /^[\u4e00-\u9fff\d()]{1,30}$/;
const LABEL_PREFIX = /^[#\s]*(?:标题|正文|题目)?[:]?/;
const TITLE_PIECE_RAW = /^(?:#+\s*)?(?:(?:标题|正文|题目)\s*:\s*)?[\u4e00-\u9fff\d()\s]{1,30}$/;
/** Punctuation of a sentence or a list, never inside a title. */
const SENTENCE = /[。,;、]/;

/**
 * Line `i` read together with the line above, for a title broken by a line end anywhere: inside
 * the agency (建瓯市人民政府 / 办公室2022年度…), after it or the year (平潭综合实验区2023年度 /
 * 政府信息公开…), inside 政府信息公开 (…政府信 / 息公开工作…) or before its last word (…公开工作 /
 * 年度报告). Null unless the joined text holds the report phrase.
 */
function joinedTitleAt(lines: string[], i: number): TitleCandidate | null {
  // Cheap tests on the raw lines first: most short lines are table cells or wrapped sentences.
  if (i === 0 || lines[i].length > 40 || lines[i - 1].length > 30 || SENTENCE.test(lines[i]) || !TITLE_PIECE_RAW.test(lines[i - 1])) return null;
  const prev = squeezedLine(lines, i - 1).replace(LABEL_PREFIX, '');
  if (!TITLE_PIECE.test(prev)) return null;
  REPORT_LOOSE.lastIndex = 0;
  if (REPORT_LOOSE.test(prev)) return null;
  let line = prev + squeezedLine(lines, i);
  REPORT_LOOSE.lastIndex = 0;
  if (!REPORT_LOOSE.test(line)) return null;
  if (YEAR_LINE.test(squeezedLine(lines, i + 1))) line += squeezedLine(lines, i + 1);
  return parseTitleLine(line, i, squeezedLine(lines, i - 2) || undefined);
}

/**
 * Whether the joined reading `joined` (line above + line) beats the line's own reading `own`:
 * it names an agency that resolves to a place, or gives the year, where the line alone does not;
 * or, as good otherwise, it completes the line's name with the place above it (彰武县 /
 * 彰武镇2022年… → 彰武县彰武镇人民政府) — not when the line above is a name of its own (a banner).
 */
function joinedIsBetter(joined: TitleCandidate, own: TitleCandidate | null, above: string, resolves: (agency: string) => boolean): boolean {
  if (!own) return true;
  const score = (t: TitleCandidate) => (t.agency && resolves(t.agency) ? 2 : 0) + (t.year !== null ? 1 : 0);
  const j = score(joined);
  const o = score(own);
  if (j !== o) return j > o;
  return j >= 2 && joined.agency!.length > own.agency!.length && joined.agency!.endsWith(own.agency!) && !AGENCY_SUFFIX.test(above);
}

/**
 * Title candidates among `lines`, one per line at most, in line order. `resolves` tells whether an
 * agency name resolves to a place: it settles between a line read alone and read with the line
 * above. Lines are joined only where needed (most titles stand on one line): below each title
 * found, and everywhere when no title gives both a year and an agency that resolves.
 */
export function findTitles(lines: string[], resolves: (agency: string) => boolean): TitleCandidate[] {
  const out: TitleCandidate[] = [];
  for (let i = 0; i < lines.length && i < TITLE_LINES; i++) {
    const raw = lines[i];
    if (!raw.includes('公') || !raw.includes('开')) continue;
    const c = titleAt(lines, i);
    if (c) out.push(c);
  }
  const joinAt = (i: number, own: TitleCandidate | null): TitleCandidate | null => {
    const joined = joinedTitleAt(lines, i);
    return joined && joinedIsBetter(joined, own, squeezedLine(lines, i - 1), resolves) ? joined : null;
  };
  if (out.some((c) => !c.quoted && c.agency !== null && c.year !== null && resolves(c.agency))) {
    // The agency may still begin on the line above (彰武县 / 彰武镇2022年…).
    for (let k = 0; k < out.length; k++) out[k] = joinAt(out[k].line, out[k]) ?? out[k];
    return out;
  }
  // No complete title: it may be broken anywhere. Every title ends in 报告 or 年报, so a line with
  // 报 or 告 (or 公开) may be its end.
  const byLine = new Map(out.map((c, k) => [c.line, k]));
  let added = false;
  for (let i = 1; i < lines.length && i < TITLE_LINES; i++) {
    const raw = lines[i];
    if (raw.length > 40 || lines[i - 1].length > 30) continue;
    if (!raw.includes('报') && !raw.includes('告') && !(raw.includes('公') && raw.includes('开'))) continue;
    const k = byLine.get(i);
    const joined = joinAt(i, k === undefined ? null : out[k]);
    if (!joined) continue;
    if (k === undefined) {
      out.push(joined);
      added = true;
    } else out[k] = joined;
  }
  return added ? out.sort((x, y) => x.line - y.line) : out;
}
