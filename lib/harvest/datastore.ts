/**
 * Columns of the 大汉 (Hanweb) JCMS platform do not list their entries in HTML: the first page
 * embeds some as XML records in script and a JPage widget asks `dataproxy.jsp` for the rest:
 *
 *   <script type="text/xml"><datastore>
 *     <nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=1&columnid=123…"></a>]]></nextgroup>
 *     <recordset><record><![CDATA[<li><a href="…">…</a><span>2025-01-24</span></li>]]></record>…</recordset>
 *   </datastore></script>
 *   … totalRecord: 60 … perpage: 15 …
 *
 * The proxy answers the same datastore XML for `startrecord=…&endrecord=…&perpage=…`.
 */
import { resolveHref } from './links';

export interface Datastore {
  /** Each record's HTML (a list item with a link and a date). */
  records: string[];
  /** How many records the column holds in all, when the page says. */
  total?: number;
  perPage: number;
  /** The proxy to ask for the rest (its query parameters are sent as the form, as JPage does). */
  proxy?: URL;
}

const RECORD = /<record>\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*<\/record>/g;
const NEXTGROUP = /<nextgroup>\s*<!\[CDATA\[[\s\S]*?href\s*=\s*["']([^"']+)["']/;
const TOTAL = /(?:<totalrecord>\s*(\d+)\s*<\/totalrecord>|totalRecord\s*[:=]\s*["']?(\d+))/i;
const PER_PAGE = /perpage\s*[:=]\s*["']?(\d+)/i;

/** The datastore embedded in a page (or a proxy's answer); null when it has none. */
export function readDatastore(text: string, pageUrl: string): Datastore | null {
  if (!text.includes('<datastore>') && !text.includes('<recordset>')) return null;
  const records = [...text.matchAll(RECORD)].map((m) => m[1]);
  const total = TOTAL.exec(text);
  const per = PER_PAGE.exec(text);
  const next = NEXTGROUP.exec(text);
  const proxyHref = next ? resolveHref(next[1].replace(/&amp;/g, '&'), pageUrl) : null;
  return {
    records,
    total: total ? Number(total[1] ?? total[2]) : undefined,
    perPage: per ? Math.max(1, Number(per[1])) : 15,
    proxy: proxyHref ? new URL(proxyHref) : undefined,
  };
}

/** How many records one proxy request asks for (JPage asks for three pages at a time). */
const GROUP = 3;
/** A 年报 column holds a report a year: more records than this is something else. */
const MAX_RECORDS = 3000;

/** The proxy requests that fetch the records after the embedded ones: URL and form body each. */
export function proxyRequests(store: Datastore): { url: string; form: string }[] {
  if (!store.proxy || store.total === undefined) return [];
  const out: { url: string; form: string }[] = [];
  const total = Math.min(store.total, MAX_RECORDS);
  const step = store.perPage * GROUP;
  for (let start = store.records.length + 1; start <= total; start += step) {
    const url = new URL(store.proxy.origin + store.proxy.pathname);
    url.searchParams.set('startrecord', String(start));
    url.searchParams.set('endrecord', String(Math.min(start + step - 1, total)));
    url.searchParams.set('perpage', String(store.perPage));
    const form = new URLSearchParams(store.proxy.searchParams);
    form.delete('page');
    out.push({ url: url.href, form: form.toString() });
  }
  return out;
}
