/**
 * The links of a page (htmlparser2, a maintained HTML parser): each anchor's absolute URL, its text
 * and title attribute, and the date printed in the same list item (a column's 发布日期).
 */
import { Parser } from 'htmlparser2';

export interface PageLink {
  url: string;
  /** The anchor's text, or its title attribute when that is longer (lists cut long titles with …). */
  text: string;
  /** A date printed in the anchor's list item or table row, as YYYY-MM-DD. */
  date?: string;
}

const DATE = /((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})/;

/** The first date in a text, as YYYY-MM-DD. */
export function dateIn(text: string): string | undefined {
  const m = DATE.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The 发布日期 a detail page prints (发布日期：2025-01-24, 发布时间 2025年1月24日). */
export function publishedOn(text: string): string | undefined {
  const label = /(?:发布|成文|公开)(?:日期|时间)\s*[:：]?\s*/.exec(text);
  return label ? dateIn(text.slice(label.index + label[0].length, label.index + label[0].length + 20)) : undefined;
}

/** An href made absolute against the page's URL; null for script links, anchors and other schemes. */
export function resolveHref(href: string, base: string): string | null {
  const h = href.trim();
  if (!h || h.startsWith('#') || /^(javascript|mailto|tel|data):/i.test(h)) return null;
  try {
    const u = new URL(h, base);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    u.hash = '';
    return u.href;
  } catch {
    return null;
  }
}

/** Elements that hold one entry of a list: its link and its date. */
const ITEM = new Set(['li', 'tr', 'dd', 'dl']);

export function pageLinks(html: string, base: string): PageLink[] {
  const links: PageLink[] = [];
  // Open list items, each gathering its text; the links inside wait for the item's date.
  const items: { text: string; links: PageLink[] }[] = [];
  let anchor: { link: PageLink; title: string } | null = null;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (ITEM.has(name)) items.push({ text: '', links: [] });
        else if (name === 'a' && attrs.href !== undefined) {
          const url = resolveHref(attrs.href, base);
          anchor = url ? { link: { url, text: '' }, title: (attrs.title ?? '').trim() } : null;
        }
      },
      ontext(text) {
        if (anchor) anchor.link.text += text;
        if (items.length) items[items.length - 1].text += text;
      },
      onclosetag(name) {
        if (name === 'a' && anchor) {
          const { link, title } = anchor;
          link.text = link.text.replace(/\s+/g, ' ').trim();
          if (title.length > link.text.length) link.text = title;
          links.push(link);
          items[items.length - 1]?.links.push(link);
          anchor = null;
        } else if (ITEM.has(name)) {
          const item = items.pop();
          if (!item) return;
          const date = dateIn(item.text);
          for (const l of item.links) l.date ??= date;
          items[items.length - 1]?.links.push(...item.links);
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.end(html);
  return links;
}

/** The page's own title: its <title>, or failing that its first <h1>. */
export function pageTitle(html: string): string {
  let inTag: 'title' | 'h1' | null = null;
  const found: Record<'title' | 'h1', string> = { title: '', h1: '' };
  const parser = new Parser(
    {
      onopentag(name) {
        if ((name === 'title' || name === 'h1') && !found[name]) inTag = name;
      },
      ontext(text) {
        if (inTag) found[inTag] += text;
      },
      onclosetag(name) {
        if (name === inTag) inTag = null;
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  const clean = (s: string) => s.replace(/\s+/g, ' ').trim();
  return clean(found.h1) || clean(found.title);
}
