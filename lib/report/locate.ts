/**
 * Finds where 表二, 表三 and 表四 stand in a report (positions in the squeezed text). 表二 begins
 * at its first 第二十条 section label after its heading (a converter may print its sections in
 * another order); 表三 at its heading after that (the narrative may use the same words earlier);
 * 表四 after the last anchored 表三 row, at its heading, ended by part 五 or a page of text.
 */
import { findAnchors, type Anchor } from './anchors';
import type { RowDef } from './rows';
import type { Squeezed } from './squeeze';

/** 表四 is one header and one row: when no 五、 heading follows, read at most a page of text. */
const T4_MAX_CHARS = 1500;

export interface Located {
  t2: { start: number; end: number } | null;
  t3: { start: number; end: number } | null;
  t4: { start: number; end: number } | null;
  /** 表三's anchors, found while locating its end. */
  t3Anchors: (Anchor | null)[];
}

export function findFirst(s: string, res: RegExp[], from: number): number {
  for (const re of res) {
    re.lastIndex = from;
    const m = re.exec(s);
    if (m) return m.index;
  }
  return -1;
}

function lastAnchorEnd(anchors: (Anchor | null)[], fallback: number): number {
  for (let i = anchors.length - 1; i >= 0; i--) if (anchors[i]) return anchors[i]!.sqEnd;
  return fallback;
}

const FIRST_SECTION = /第二十条第?\(?[一1]\)?项/g;
const ANY_SECTION = /第二十条第?\(?[一二三四五六七八九十\d]+\)?项/g;

export function locateTables(sq: Squeezed, t3Rows: RowDef[]): Located {
  const s = sq.text;
  let t2Start = findFirst(s, [FIRST_SECTION], 0);
  const t3Head = findFirst(s, [/收到和处理政府信息公开申请/g, /本年新收政府信息公开申请/g], Math.max(t2Start, 0));
  const t2Heading = t3Head >= 0 ? s.lastIndexOf('主动公开政府信息情况', t3Head) : -1;
  // Sections printed before the first one (moved by a converter) still belong to 表二.
  const anySection = t2Heading >= 0 ? findFirst(s, [ANY_SECTION], t2Heading) : -1;
  if (anySection >= 0 && anySection < t3Head && (t2Start < 0 || anySection < t2Start)) t2Start = anySection;
  if (t2Start < 0) t2Start = t2Heading;
  const t3Start = t3Head >= 0 ? t3Head : -1;
  const t2End = t3Start >= 0 ? t3Start : s.length;

  let t3Anchors: (Anchor | null)[] = t3Rows.map(() => null);
  let t4Start = -1;
  if (t3Start >= 0) {
    const provisionalEnd = findFirst(s, [/四、[^、。]{0,24}?行政复议/g], t3Start);
    t3Anchors = findAnchors(
      sq,
      t3Rows.map((r) => r.spec),
      t3Start,
      provisionalEnd >= 0 ? provisionalEnd : s.length,
    );
    const lastT3 = lastAnchorEnd(t3Anchors, t3Start);
    t4Start = findFirst(s, [/四、[^、。]{0,24}?行政复议/g, /行政复议/g], lastT3);
  }
  let t4End = t4Start >= 0 ? findFirst(s, [/五、[^、。]{0,24}?(?:问题|改进|不足)/g, /五、/g], t4Start) : -1;
  if (t4Start >= 0 && (t4End < 0 || t4End - t4Start > T4_MAX_CHARS)) t4End = Math.min(s.length, t4Start + T4_MAX_CHARS);
  const t3End = t4Start >= 0 ? t4Start : s.length;
  return {
    t2: t2Start >= 0 ? { start: t2Start, end: t2End } : null,
    t3: t3Start >= 0 ? { start: t3Start, end: t3End } : null,
    t4: t4Start >= 0 ? { start: t4Start, end: t4End } : null,
    t3Anchors,
  };
}
