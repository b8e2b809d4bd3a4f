/**
 * The import manifest: a CSV with the columns file, agency, region_code, year, url, published,
 * by which a supervisor declares exactly which agency, region and year a file belongs to. Any
 * non-empty cell overrides what the parser read.
 */
import { basename } from 'node:path';

export interface ManifestEntry {
  file: string;
  agency?: string;
  region_code?: string;
  year?: number;
  url?: string;
  published?: string;
}

const COLUMNS = ['file', 'agency', 'region_code', 'year', 'url', 'published'] as const;

/** Splits CSV text into rows (RFC 4180 quoting; a BOM is ignored). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      row.push(cell);
      if (row.some((x) => x.trim() !== '')) rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  row.push(cell);
  if (row.some((x) => x.trim() !== '')) rows.push(row);
  return rows;
}

export function parseManifest(text: string): Map<string, ManifestEntry> {
  const [header, ...rows] = parseCsv(text);
  if (!header) throw new Error('manifest is empty');
  const cols = header.map((h) => h.trim().toLowerCase());
  if (!cols.includes('file')) throw new Error(`manifest has no "file" column (columns: ${COLUMNS.join(', ')})`);
  const out = new Map<string, ManifestEntry>();
  rows.forEach((r, n) => {
    const get = (name: string) => {
      const i = cols.indexOf(name);
      const v = i >= 0 ? r[i]?.trim() : undefined;
      return v ? v : undefined;
    };
    const file = get('file');
    if (!file) return;
    const year = get('year');
    if (year !== undefined && !/^(19|20)\d{2}$/.test(year)) throw new Error(`manifest line ${n + 2}: year "${year}" is not a year`);
    const region = get('region_code');
    if (region !== undefined && !/^\d{6}(\d{3})?$/.test(region))
      throw new Error(`manifest line ${n + 2}: region_code "${region}" is not a GB/T 2260 code`);
    out.set(basename(file), {
      file,
      agency: get('agency'),
      region_code: region,
      year: year ? Number(year) : undefined,
      url: get('url'),
      published: get('published'),
    });
  });
  return out;
}

/** The manifest fields a supervisor can set in the browser, as typed (empty = not declared). */
export type ManifestFields = Partial<Record<Exclude<(typeof COLUMNS)[number], 'file'>, string | null | undefined>>;

export const MANIFEST_FIELDS = COLUMNS.filter((c) => c !== 'file') as Exclude<(typeof COLUMNS)[number], 'file'>[];

/**
 * A manifest entry from fields typed in the browser, validated as the CSV is (plus URL and date
 * shapes); throws one Chinese line naming the field. Returns undefined when nothing is declared.
 */
export function manifestEntryFrom(file: string, fields: ManifestFields): ManifestEntry | undefined {
  const get = (k: keyof ManifestFields) => {
    const v = fields[k]?.normalize('NFKC').trim();
    return v ? v : undefined;
  };
  const agency = get('agency');
  if (agency && agency.length > 100) throw new Error('单位名称过长（上限 100 字）');
  const year = get('year');
  if (year !== undefined && !/^(19|20)\d{2}$/.test(year)) throw new Error(`统计年度“${year}”不是年份`);
  const region = get('region_code');
  if (region !== undefined && !/^\d{6}(\d{3})?$/.test(region)) throw new Error(`地区代码“${region}”不是 6 或 9 位 GB/T 2260 代码`);
  const url = get('url');
  if (url !== undefined && !/^https?:\/\/[^\s]{3,2000}$/.test(url)) throw new Error('来源网址须以 http:// 或 https:// 开头');
  const published = get('published');
  if (published !== undefined && !/^(19|20)\d{2}-\d{2}-\d{2}$/.test(published)) throw new Error(`发布日期“${published}”应写作 YYYY-MM-DD`);
  const e: ManifestEntry = { file, agency, region_code: region, year: year ? Number(year) : undefined, url, published };
  return agency || region || year || url || published ? e : undefined;
}
