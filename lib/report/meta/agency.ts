/** The agency from the body of the text when the title gives none. */
import { findRegionsByNameOrAlias } from '../../region/gazetteer';
import { PURE_DATE } from './dates';
import { BLANKS, PAGE_JUNK } from './lines';
import { AGENCY_SUFFIX, KIND_SUFFIX, PLACE_END, ZONE_END, cleanAgency, completeAgency } from './names';
import { resolvePlace, type Place } from './region';
import { isRelative, shortForm } from './short-forms';

export const REPORT_AS = /现将([^。;,\n]{0,40}?)(20\d{2})年度?([^。;,\n]{0,30}?)(?:政府)?(?:信息|政务)公开/;
export const COMPILED = /编制(?:了|完成)?(20\d{2})年度?([^。;,\n]{2,30}?)(?:政府)?(?:信息|政务)公开/;
const LABEL_WORDS = ['发布机构', '发文机关', '发布单位', '发文单位', '来源', '公开主体', '所属机构', '发布者'];
const LABEL = /^[\u4e00-\u9fff]{2,4}\s*[:|]\s*([^\s|:,;]{2,40})/;
const SUBJECT =
  /(?:^|总体情况|[。\n])\s*(?:20\d{2}年(?:度|以来)?,?)?([\u4e00-\u9fff]{3,30}?)(?:坚持|深入|认真|严格|全面|紧紧|始终|紧扣|紧密|围绕|高度重视|进一步|持续|以习近平|按照|聚焦|牢固|积极|不断|大力|扎实)/g;
const CONTACT =
  /(?:请与|请联系|联系单位:?|本报告由|如有疑问[^。]{0,6}?联系)([\u4e00-\u9fff]{3,30}?(?:人民政府办公[室厅]|办公[室厅]|[局委办]|委员会|中心|人民政府|管委会|办事处))/;
const HOST = /^主办(?:单位)?\s*[:]\s*([\u4e00-\u9fff()]{3,30})/;
const AGENCY_MENTION = /人民政府办公[室厅]|人民政府|管理委员会|管委会|街道办事处/g;

/** A line near the end that is only an agency name, possibly followed by a date. */
const SIGNATURE = /^([\u4e00-\u9fff()]{3,40}?)(?:\s*(20\d{2})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)?$/;

interface Candidate {
  agency: string;
  /** From the site or the contact line: a government's office there stands for the government. */
  weak: boolean;
}

/** Agency names from the body, most reliable first; generated lazily, so the first that resolves ends the search. */
function* bodyAgencies(flat: string, headLines: string[], tailLines: string[]): Generator<Candidate> {
  const make = (raw: string | undefined, weak: boolean): Candidate | null => {
    const a = cleanAgency(raw);
    return a ? { agency: a, weak } : null;
  };
  let c: Candidate | null;
  const rep = REPORT_AS.exec(flat);
  if (rep && (c = make(cleanAgency(rep[3]) ? rep[3] : rep[1], false))) yield c;
  const comp = COMPILED.exec(flat);
  if (comp && (c = make(comp[2], false))) yield c;
  // The signature: the last name-only line (the date may follow it or share its line).
  for (let i = tailLines.length - 1, seen = 0; i >= 0 && seen < 8; i--) {
    const l = tailLines[i];
    if (l.length > 60 || PAGE_JUNK.test(l)) {
      if (l.length > 60) seen++;
      continue;
    }
    const m = SIGNATURE.exec(l);
    if (m && AGENCY_SUFFIX.test(m[1])) {
      if ((c = make(m[1], false))) yield c;
      break;
    }
    if (!PURE_DATE.test(l)) seen++;
  }
  // The subject of the first sentences of 总体情况 (or of the text).
  const overview = flat.indexOf('总体情况');
  const opening = overview >= 0 ? flat.slice(overview, overview + 400) : flat.slice(0, 1500);
  SUBJECT.lastIndex = 0;
  for (let m: RegExpExecArray | null, k = 0; (m = SUBJECT.exec(opening)) && k < 6; k++) {
    // An agency (罗庄区人民政府坚持…) or a place standing for its government (武威市坚持…).
    if (!AGENCY_SUFFIX.test(m[1]) && !PLACE_END.test(m[1]) && !ZONE_END.test(m[1])) continue;
    if ((c = make(m[1], false))) {
      yield c;
      // A name relative to the region (市科委坚持…) may be followed by the full one.
      const f = shortForm(c.agency);
      if (!f || !isRelative(f)) break;
    }
  }
  // Page labels (发布机构: …, 来源: …), read around each label word.
  for (const lines of [headLines.slice(0, 30), tailLines]) {
    for (const l of lines) {
      for (const word of LABEL_WORDS) {
        for (let at = l.indexOf(word), n = 0; at >= 0 && n < 4; at = l.indexOf(word, at + word.length), n++) {
          const m = LABEL.exec(l.slice(at, at + 48));
          if (m && (c = make(m[1], true))) yield c;
        }
      }
    }
  }
  // A letterhead: a line near the top that is only an agency's name (perhaps with a date).
  for (const l of headLines.slice(0, 12)) {
    if (l.length > 40) continue;
    const m = SIGNATURE.exec(l.replace(BLANKS, ''));
    if (m && AGENCY_SUFFIX.test(m[1]) && (c = make(m[1], false))) {
      yield c;
      break;
    }
  }
  const contact = CONTACT.exec(flat);
  if (contact && (c = make(contact[1], true))) yield c;
  for (const l of headLines.length > 40 ? [...headLines.slice(0, 20), ...tailLines] : [...headLines, ...tailLines]) {
    const at = l.indexOf('主办');
    const host = at >= 0 ? HOST.exec(l.slice(at, at + 40)) : null;
    if (host && (c = make(host[1], true))) {
      yield c;
      break;
    }
  }
}

/** The agency the text names most often, as a last resort. */
function mostNamedAgency(flat: string): string | null {
  const counts = new Map<string, number>();
  AGENCY_MENTION.lastIndex = 0;
  for (let m: RegExpExecArray | null; (m = AGENCY_MENTION.exec(flat));) {
    const from = Math.max(0, m.index - 12);
    // Not the sender of a document the text cites (《临沂市人民政府办公室关于…》).
    const open = flat.lastIndexOf('《', m.index);
    if (open >= 0 && open > flat.lastIndexOf('》', m.index) && m.index - open < 40) continue;
    const raw = flat.slice(from, m.index + m[0].length);
    const a = cleanAgency(raw);
    if (a && a.length > m[0].length) counts.set(a, (counts.get(a) ?? 0) + 1);
  }
  let best: string | null = null;
  let bestN = 0;
  for (const [a, n] of counts) if (n > bestN || (n === bestN && best !== null && a.length < best.length)) [best, bestN] = [a, n];
  return best;
}

const SELF = /我(县|市|区|镇|乡|旗)|全(县|市|区|镇|乡|旗)/;

/**
 * A text that calls its region 我县/全县 and names one county most often (淳化县 in 《淳化县…》):
 * that county's government; null on a tie.
 */
function selfPlace(flat: string): string | null {
  const self = SELF.exec(flat);
  if (!self) return null;
  const suffix = self[1] ?? self[2];
  const counts = new Map<string, number>();
  for (let at = flat.indexOf(suffix, 1), n = 0; at >= 0 && n < 200; at = flat.indexOf(suffix, at + 1), n++) {
    for (let l = Math.min(8, at + 1); l >= 2; l--) {
      const name = flat.slice(at + 1 - l, at + 1);
      const regions = findRegionsByNameOrAlias(name);
      if (regions.length && regions.some((r) => r.level !== 'township' || suffix === '镇' || suffix === '乡')) {
        counts.set(name, (counts.get(name) ?? 0) + 1);
        break;
      }
    }
  }
  let best: string | null = null;
  let bestN = 0;
  let tie = false;
  for (const [name, n] of counts) {
    if (n > bestN) [best, bestN, tie] = [name, n, false];
    else if (n === bestN) tie = true;
  }
  return best && !tie ? completeAgency(best) : null;
}

/** The agency from the body when the title gives none (or one that resolves to no place). */
export function agencyFromBody(
  titleAgency: string | null,
  text: string,
  flat: string,
  headLines: string[],
  tailLines: string[],
): { agency: string | null; place: Place | null; weak: boolean } {
  let first: Candidate | null = null;
  // A department the writer names relative to its region (signature 市科委): no place of its own,
  // but better than the last-resort guesses below.
  let relative: Candidate | null = null;
  for (const c of bodyAgencies(flat, headLines, tailLines)) {
    first ??= c;
    if (!relative && !c.weak) {
      const f = shortForm(c.agency);
      if (f && isRelative(f)) relative = c;
    }
    if (titleAgency) {
      // The title's name, unresolved (朝阳区人民政府), printed in full in the body (长春市朝阳区…).
      const at = c.agency.indexOf(titleAgency.replace(KIND_SUFFIX, ''));
      if (at <= 0) continue;
      const fuller = c.agency.slice(0, at) + titleAgency;
      const place = resolvePlace(fuller, text);
      if (place) return { agency: fuller, place, weak: false };
      continue;
    }
    const place = resolvePlace(c.agency, text);
    if (place) return { agency: c.agency, place, weak: c.weak };
  }
  if (titleAgency) return { agency: titleAgency, place: null, weak: false };
  if (relative) return { agency: relative.agency, place: null, weak: false };
  const named = mostNamedAgency(flat) ?? selfPlace(flat);
  if (named) return { agency: named, place: resolvePlace(named, text), weak: true };
  return first ? { agency: first.agency, place: null, weak: first.weak } : { agency: null, place: null, weak: false };
}
