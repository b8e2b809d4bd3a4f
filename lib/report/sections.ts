/**
 * Locates the six narrative parts of a report (一、总体情况 … 六、其他需要报告的事项) so the
 * dashboard can link into them. Headings are matched at line starts with the words each part's
 * heading uses, which skips table rows such as "四、结转下年度继续办理".
 */
import type { Section } from './types';

const HEADINGS: { index: number; re: RegExp }[] = [
  { index: 1, re: /^[ \t#]*一[、,.]\s*[^\n]{0,12}?(?:总体|概述|基本)情况[^\n]{0,20}$/gm },
  { index: 2, re: /^[ \t#]*二[、,.]\s*[^\n]{0,12}?主动公开[^\n]{0,30}$/gm },
  { index: 3, re: /^[ \t#]*三[、,.]\s*[^\n]{0,12}?(?:收到和处理|依申请|申请)[^\n]{0,30}$/gm },
  { index: 4, re: /^[ \t#]*四[、,.]\s*[^\n]{0,20}?(?:行政复议|复议)[^\n]{0,30}$/gm },
  { index: 5, re: /^[ \t#]*五[、,.]\s*[^\n]{0,20}?(?:问题|改进|不足)[^\n]{0,30}$/gm },
  { index: 6, re: /^[ \t#]*六[、,.]\s*[^\n]{0,12}?其他[^\n]{0,30}$/gm },
];

export function findSections(text: string): Section[] {
  const found: { index: number; start: number; title: string }[] = [];
  let from = 0;
  for (const h of HEADINGS) {
    h.re.lastIndex = from;
    const m = h.re.exec(text);
    if (!m) continue;
    found.push({ index: h.index, start: m.index, title: m[0].replace(/^[ \t#]+/, '').trim() });
    from = m.index + m[0].length;
  }
  return found.map((f, i) => ({ index: f.index, title: f.title, start: f.start, end: i + 1 < found.length ? found[i + 1].start : text.length }));
}
