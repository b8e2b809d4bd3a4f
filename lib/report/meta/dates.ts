/** Statistics year and publication date. */
import { PAGE_JUNK } from './lines';

const PERIOD = /(20\d{2})(?:年0?1月0?1日|[./-]0?1[./-]0?1)(?:起|0时|零时)?(?:至|到|—|-|~|－|–)+(?:20\d{2}(?:年|[./-]))?12(?:月31日|[./-]31)/;
const PERIOD_YEAR = /统计(?:期限|时限|时间|区间|范围|周期)(?:为|是|从|自)?(20\d{2})年度?/;
export const OVERVIEW_YEAR = /总体情况[^\d]{0,8}(20\d{2})年/;
const LABELLED_DATE =
  /(?<!抓取|采集|更新|访问|下载|打印|爬取|修改|截止|统计|办理|答复|受理|生成)(发布日期|发布时间|公开日期|公开时间|成文日期|印发日期|发文日期|日期|时间)\s*[:|]?\s*(20\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\s*日?\s*(?:至|到|起|—|-\s*20))/;
const DATE_LINE_CN =
  /^(?:[\u4e00-\u9fff()]{2,40}?\s*)?[(]?\s*([〇○零O一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日\s*[)]?$/;
const DATE_LINE =
  /^(?:[\u4e00-\u9fff()]{2,40}\s*)?[(]?\s*(20\d{2})\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|-(\d{1,2})-(\d{1,2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)\s*[)]?$/;
export const PURE_DATE = /^[(]?\s*20\d{2}\s*(?:年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|-\d{1,2}-\d{1,2})\s*[)]?$/;
const YEAR_ANY = /(20\d{2})\s*年/g;
const QUOTED = /《[^》]{0,60}》|〔[^〕]{0,10}〕|\[[^\]]{0,10}\]/g;

function iso(y: string, mo: string, d: string): string | null {
  const m = Number(mo);
  const day = Number(d);
  if (m < 1 || m > 12 || day < 1 || day > 31) return null;
  return `${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

export function statisticsYear(flat: string): number | null {
  const m = PERIOD.exec(flat);
  if (m) return Number(m[1]);
  const p = PERIOD_YEAR.exec(flat);
  return p ? Number(p[1]) : null;
}

/** 二〇二三年一月十七日 → 2023-01-17. */
function chineseDate(y: string, mo: string, d: string): string | null {
  const digit = (c: string) => '〇一二三四五六七八九'.indexOf(c.replace(/[○零O]/, '〇'));
  const num = (s: string) => {
    if (!s.includes('十')) return digit(s);
    const [t, u] = s.split('十');
    return (t ? digit(t) : 1) * 10 + (u ? digit(u) : 0);
  };
  const year = [...y].map(digit).join('');
  return /^20\d{2}$/.test(year) ? iso(year, String(num(mo)), String(num(d))) : null;
}

function dateOfLine(l: string): string | null {
  const last = l.charCodeAt(l.length - 1);
  // Ends in 日, ) or a digit (2023-01-18 10:00), else it is no date line.
  if (l.length > 60 || !(last === 0x65e5 || last === 0x29 || (last >= 0x30 && last <= 0x39))) return null;
  const m = DATE_LINE.exec(l);
  if (m) return m[2] ? iso(m[1], m[2], m[3]) : iso(m[1], m[4], m[5]);
  const c = DATE_LINE_CN.exec(l);
  return c ? chineseDate(c[1], c[2], c[3]) : null;
}

/**
 * Publication dates, best first: labelled dates near the top (发布日期 before a plain 日期, before
 * 成文日期), a date line under the title, the date of the signature, labelled dates at the end.
 */
export function publishedDates(headLines: string[], tailLines: string[]): string[] {
  const labelled: [number, string][] = [];
  const labels = (lines: string[], base: number) => {
    for (const l of lines) {
      // Look only around each 日期/时间 (a crawled page may be one long line).
      for (const word of ['日期', '时间']) {
        for (let at = l.indexOf(word), n = 0; at >= 0 && n < 8; at = l.indexOf(word, at + 2), n++) {
          const m = LABELLED_DATE.exec(l.slice(Math.max(0, at - 4), at + 32));
          const d = m && iso(m[2], m[3], m[4]);
          if (d) labelled.push([base + (/发布|公开/.test(m[1]) ? 0 : /成文|印发|发文/.test(m[1]) ? 2 : 1), d]);
        }
      }
    }
  };
  labels(headLines.slice(0, 40), 0);
  const out = labelled.sort((x, y) => x[0] - y[0]).map((x) => x[1]);
  for (const l of headLines.slice(0, 20)) {
    const d = dateOfLine(l);
    if (d) out.push(d);
  }
  for (let i = tailLines.length - 1, seen = 0; i >= 0 && seen < 10; i--) {
    const l = tailLines[i];
    if (PAGE_JUNK.test(l)) continue;
    seen++;
    const d = dateOfLine(l);
    if (d) out.push(d);
  }
  labelled.length = 0;
  labels(tailLines, 0);
  for (const [, d] of labelled.sort((x, y) => x[0] - y[0])) out.push(d);
  return out;
}

export function mostMentionedYear(text: string): number | null {
  const counts = new Map<number, number>();
  YEAR_ANY.lastIndex = 0;
  const t = text.replace(QUOTED, '');
  for (let m: RegExpExecArray | null; (m = YEAR_ANY.exec(t));) counts.set(Number(m[1]), (counts.get(Number(m[1])) ?? 0) + 1);
  let best: number | null = null;
  let bestN = 0;
  for (const [y, n] of counts) if (n > bestN) [best, bestN] = [y, n];
  return best;
}
