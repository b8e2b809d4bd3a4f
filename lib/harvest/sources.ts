/**
 * The sources file: the bodies a supervisor oversees and where each publishes its reports, so a
 * whole subtree is harvested (and re-harvested each year) with one command.
 *
 *   CSV   body,region_code,url           (a header row; url is a 年报 column, a page or a file)
 *   JSON  [{ "body": "…", "region_code": "320800", "url": "https://…" }, …]
 *
 * region_code, when given, is declared for every report harvested from that source (as an import
 * manifest declares it): a column of a body's platform lists that body's reports.
 */
import { parseCsv } from '../import/manifest';

export interface Source {
  body?: string;
  regionCode?: string;
  url: string;
}

/** Reads a sources file's text; throws a one-line error naming the line at fault. */
export function parseSources(text: string, fileName: string): Source[] {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  const rows: Record<string, string>[] = [];
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let data: unknown;
    try {
      data = JSON.parse(trimmed);
    } catch (e) {
      throw new Error(`${fileName}: not valid JSON (${(e as Error).message})`);
    }
    const list = Array.isArray(data) ? data : (data as { sources?: unknown }).sources;
    if (!Array.isArray(list)) throw new Error(`${fileName}: expected a JSON array of { body, region_code, url }`);
    for (const x of list)
      rows.push(Object.fromEntries(Object.entries((x ?? {}) as Record<string, unknown>).map(([k, v]) => [k.toLowerCase(), String(v ?? '')])));
  } else {
    const [header, ...body] = parseCsv(trimmed);
    const cols = (header ?? []).map((h) => h.trim().toLowerCase());
    if (!cols.includes('url')) throw new Error(`${fileName}: the CSV has no "url" column (columns: body, region_code, url)`);
    for (const r of body) rows.push(Object.fromEntries(cols.map((c, i) => [c, (r[i] ?? '').trim()])));
  }
  return rows.map((r, i) => {
    const where = `${fileName}: entry ${i + 1}`;
    const url = (r.url ?? '').trim();
    if (!/^https?:\/\//i.test(url)) throw new Error(`${where}: url must be an http(s) address, got "${url}"`);
    const regionCode = (r.region_code ?? '').trim();
    if (regionCode && !/^\d{6}(\d{3})?$/.test(regionCode)) throw new Error(`${where}: region_code must be 6 or 9 digits, got "${regionCode}"`);
    return { url, body: r.body?.trim() || undefined, regionCode: regionCode || undefined };
  });
}
