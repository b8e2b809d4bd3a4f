/**
 * The other pages of a paged column list, from what its first page says. Three ways portals page:
 * - TRS: `createPageHTML(12, 0, "index", "html")` writes the links of index.html, index_1.html …
 *   index_11.html in script; the page count is the first argument.
 * - Numbered files linked from the page: home_0.htm … home_90.htm, index_1.html … (the highest
 *   number linked, usually 末页, tells how many there are).
 * - A query parameter: ?page=2 … (again up to the highest number linked).
 */

/** More pages than this in one column is not a 年报 column (they publish one report a year). */
export const MAX_PAGES = 200;

const TRS = /createPageHTML\(\s*['"]?(\d+)['"]?\s*,\s*['"]?(\d+)['"]?\s*,\s*['"]([\w-]+)['"]\s*,\s*['"](\w+)['"]/;
const NUMBERED = /^(.*\/)([\w-]+?)_(\d+)\.(s?html?|jsp|php|aspx?)$/;
const PAGE_PARAMS = ['page', 'pageNo', 'pageIndex', 'pageNum', 'currentPage', 'p'];

/** The URLs of the column's other pages (not the one given), in order. */
export function otherPages(html: string, pageUrl: string, links: string[]): string[] {
  const here = new URL(pageUrl);
  here.hash = '';
  const out = new Set<string>();
  const add = (u: string) => {
    if (u !== here.href && out.size < MAX_PAGES) out.add(u);
  };

  const trs = TRS.exec(html);
  if (trs) {
    const [count, , stem, ext] = [Number(trs[1]), Number(trs[2]), trs[3], trs[4]];
    for (let i = 0; i < Math.min(count, MAX_PAGES); i++) add(new URL(i === 0 ? `${stem}.${ext}` : `${stem}_${i}.${ext}`, here).href);
  }

  // Numbered files in the same folder with the same stem as the links: stem_N.ext.
  const highest = new Map<string, { min: number; max: number; prefix: string; stem: string; ext: string }>();
  const own = NUMBERED.exec(here.origin + here.pathname);
  for (const link of [here.href, ...links]) {
    let u: URL;
    try {
      u = new URL(link);
    } catch {
      continue;
    }
    if (u.origin !== here.origin || u.search) continue;
    const m = NUMBERED.exec(u.origin + u.pathname);
    if (!m) continue;
    const [, prefix, stem, n, ext] = m;
    // Only the list's own pages: the folder of this page, and its stem when this page is numbered.
    if (prefix !== here.origin + here.pathname.replace(/[^/]*$/, '')) continue;
    if (own && own[2] !== stem) continue;
    const key = `${prefix}${stem}.${ext}`;
    const h = highest.get(key) ?? { min: Infinity, max: -1, prefix, stem, ext };
    h.min = Math.min(h.min, Number(n));
    h.max = Math.max(h.max, Number(n));
    highest.set(key, h);
  }
  for (const h of highest.values()) {
    // index.html is page 0 of index_1.html …; home_0.htm is its own page 0.
    const first = h.min === 0 ? 0 : 1;
    for (let i = first; i <= Math.min(h.max, first + MAX_PAGES); i++) add(`${h.prefix}${h.stem}_${i}.${h.ext}`);
  }

  // ?page=N on this page's own path.
  for (const param of PAGE_PARAMS) {
    let max = 0;
    for (const link of links) {
      try {
        const u = new URL(link);
        if (u.origin !== here.origin || u.pathname !== here.pathname) continue;
        const n = Number(u.searchParams.get(param));
        if (Number.isInteger(n) && n > max) max = n;
      } catch {
        continue;
      }
    }
    if (max === 0) continue;
    const current = Number(here.searchParams.get(param) ?? 1) || 1;
    for (let i = 1; i <= Math.min(max, MAX_PAGES); i++) {
      if (i === current) continue;
      const u = new URL(here.href);
      u.searchParams.set(param, String(i));
      add(u.href);
    }
    break;
  }
  return [...out];
}
