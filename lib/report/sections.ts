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

// Crawled pages run the whole report into a few lines: then headings are found anywhere.
const INLINE: { index: number; re: RegExp }[] = [
  { index: 1, re: /一[、,.]\s*(?:总体|概述|基本)情况/g },
  { index: 2, re: /二[、,.]\s*主动公开政府信息情况/g },
  { index: 3, re: /三[、,.]\s*收到和处理政府信息公开申请情况/g },
  { index: 4, re: /四[、,.]\s*(?:因)?政府信息公开(?:工作被申请)?行政复议/g },
  { index: 5, re: /五[、,.]\s*(?:政府信息公开工作)?存在的?主要问题/g },
  { index: 6, re: /六[、,.]\s*其他需要报告的事项/g },
];

function scan(text: string, headings: { index: number; re: RegExp }[]): { index: number; start: number; title: string }[] {
  const found: { index: number; start: number; title: string }[] = [];
  let from = 0;
  for (const h of headings) {
    h.re.lastIndex = from;
    const m = h.re.exec(text);
    if (!m) continue;
    found.push({ index: h.index, start: m.index, title: m[0].replace(/^[ \t#]+/, '').trim() });
    from = m.index + m[0].length;
  }
  return found;
}

export function findSections(text: string): Section[] {
  let found = scan(text, HEADINGS);
  if (found.length < 4) {
    const inline = scan(text, INLINE);
    if (inline.length > found.length) found = inline;
  }
  return found.map((f, i) => ({ index: f.index, title: f.title, start: f.start, end: i + 1 < found.length ? found[i + 1].start : text.length }));
}
