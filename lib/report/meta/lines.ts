/** Where metadata is looked for: the head and tail of the text, as trimmed non-empty lines. */

export const HEAD_CHARS = 6000;
export const TAIL_CHARS = 2500;
/** Non-empty lines at the top searched for the title. */
export const TITLE_LINES = 150;
/** Non-empty lines at the end searched for the signature, its date and the site footer. */
export const TAIL_LINES = 25;
export const BLANKS = /[ \t\u3000]+/g;
/** Page furniture at the end of a crawled page (print/share links, page numbers, attachments). */
export const PAGE_JUNK =
  /^(?:[-—–\s\d]+|第?\d+页|打印|分享|返回列表|返回|关闭|关闭窗口|打印本页|收藏|附件.*|PDF下载.*|扫一扫.*|【.*】|相关链接.*|上一篇.*|下一篇.*|微信|微博|附件下载)$/;

/** The first `max` non-empty lines of `s`, trimmed. */
export function firstLines(s: string, max: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length && out.length < max;) {
    let j = s.indexOf('\n', i);
    if (j < 0) j = s.length;
    const t = s.slice(i, j).trim();
    if (t) out.push(t);
    i = j + 1;
  }
  return out;
}

/** The last `max` non-empty lines of `s`, trimmed, in text order. */
export function lastLines(s: string, max: number): string[] {
  const out: string[] = [];
  for (let j = s.length; j > 0 && out.length < max;) {
    const i = s.lastIndexOf('\n', j - 1);
    const t = s.slice(i + 1, j).trim();
    if (t) out.push(t);
    j = i;
  }
  return out.reverse();
}
