/**
 * A harvest: from a list of URLs (report files, detail pages, or 年报 columns) to stored reports.
 *
 *   column page ──(paging, JPage records)──▶ entries whose title is an annual report of the years
 *   detail page ──▶ the report inline, a shell's content endpoint (lib/harvest/families), or its
 *                   attached report file
 *   file        ──▶ stored as fetched
 *
 * Every candidate's bytes are hashed: content stored before (at any URL) or met twice in one
 * harvest is stored once. The rest are written to a temporary folder and stored through the
 * import service (db/import.ts) with a manifest giving each its 原文链接 and the portal's 发布日期,
 * so a harvested report is stored exactly as the same file imported by hand. The harvest itself is
 * one audit row ('harvest') with its inputs and counts.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importFiles, type ImportOptions } from '../../db/import';
import { recordAudit, type Who } from '../../db/audit';
import { storedByContentHash } from '../../db/queries/reports';
import type { Db } from '../../db/client';
import type { ManifestEntry } from '../../lib/import/manifest';
import { readDatastore, proxyRequests } from '../../lib/harvest/datastore';
import {
  EXTENSION,
  READABLE_KINDS,
  attachmentsOf,
  chooseReportFile,
  fileKindOf,
  holdsReport,
  linkKind,
  pageText,
  type FileKind,
} from '../../lib/harvest/detail';
import { shellOf } from '../../lib/harvest/families';
import { pageLinks, pageTitle, publishedOn, type PageLink } from '../../lib/harvest/links';
import { decodeText } from '../../lib/source/decode';
import { otherPages } from '../../lib/harvest/paging';
import type { Source } from '../../lib/harvest/sources';
import type { HarvestStatus } from '../../lib/harvest/view';
import { judgeTitle, type YearRange } from '../../lib/harvest/title';
import { Fetcher, HarvestFetchError, type FetchOptions, type Fetched } from './fetch';

/** `new`: found and not stored yet (a preview stores nothing). */
export type ItemStatus = HarvestStatus;

export interface HarvestItem {
  /** The page or file URL the item was found at (its 原文链接). */
  url: string;
  /** The column it was listed in. */
  column?: string;
  title?: string;
  published?: string;
  /** The region code a sources file declared for it. */
  regionCode?: string;
  status: ItemStatus;
  /** Why it was skipped or failed, or what was noted (a second attachment, an inline copy). */
  reason?: string;
  /** The file stored: the page itself, or the attachment chosen. */
  file?: { url: string; kind: FileKind; bytes: number; sha256: string };
  reportId?: number;
}

export interface HarvestSummary {
  items: HarvestItem[];
  counts: Record<ItemStatus, number>;
  requests: number;
  bytes: number;
}

export type HarvestEvent =
  | { kind: 'fetch'; url: string; requests: number }
  | { kind: 'column'; url: string; entries: number }
  | { kind: 'item'; item: HarvestItem; done: number; total: number };

export interface HarvestOptions {
  /** Keep a column's entries of these report years (all when not given). */
  years?: YearRange;
  fetch?: FetchOptions;
  /** Who the audit row names (the command line: no account). */
  who?: Who;
  /** Passed to the import service (a parse pool, stage timings). */
  importOptions?: Pick<ImportOptions, 'parser' | 'crossYear' | 'onStage' | 'writer'>;
  /** Fetch and sort out everything, store nothing: what would be stored is `new` (the browser's preview). */
  preview?: boolean;
  onProgress?: (e: HarvestEvent) => void;
  /** Items worked on at once, across hosts (each host's own limit is FetchOptions.perHost). */
  parallel?: number;
}

/** A report file ready to store, with where it came from. */
interface Candidate {
  item: HarvestItem;
  bytes: Uint8Array;
  kind: FileKind;
}

const CLI: Who = { userId: null, userName: '命令行' };

/** One input: a URL, with what a sources file declares for the reports found from it. */
export type HarvestInput = string | Source;

export async function harvest(db: Db, inputs: HarvestInput[], opts: HarvestOptions = {}): Promise<HarvestSummary> {
  const sources = new Map<string, Source>();
  for (const i of inputs) {
    const s = typeof i === 'string' ? { url: i } : i;
    if (!sources.has(s.url)) sources.set(s.url, s);
  }
  const urls = [...sources.keys()];
  const fetcher = new OnceFetcher({ ...opts.fetch, onRequest: (url) => opts.onProgress?.({ kind: 'fetch', url, requests: fetcher.requests }) });
  const items: HarvestItem[] = [];
  const candidates: Candidate[] = [];
  let done = 0;
  const finish = (item: HarvestItem, candidate?: Omit<Candidate, 'item'>) => {
    items.push(item);
    if (candidate) candidates.push({ item, ...candidate });
    else opts.onProgress?.({ kind: 'item', item, done: ++done, total: items.length });
  };
  try {
    // Inputs first (each may be a column that lists many entries), then the entries found.
    const entries: Entry[] = [];
    const seen = new Set<string>();
    await inParallel(urls, opts.parallel ?? 4, async (url) => {
      try {
        const f = await fetcher.fetch(url);
        const regionCode = sources.get(url)?.regionCode;
        const found = await classify(fetcher, f, opts.years, { url, regionCode }, finish);
        for (const e of found) {
          if (seen.has(e.url)) continue;
          seen.add(e.url);
          entries.push(e);
        }
        if (found.length) opts.onProgress?.({ kind: 'column', url, entries: found.length });
      } catch (e) {
        finish({ url, regionCode: sources.get(url)?.regionCode, status: 'failed', reason: reasonOf(e) });
      }
    });
    await inParallel(
      entries.filter((e) => !sources.has(e.url)),
      opts.parallel ?? 4,
      async (entry) => {
        try {
          const f = await fetcher.fetch(entry.url);
          await classify(fetcher, f, opts.years, entry, finish, false);
        } catch (e) {
          finish({ ...entry, status: 'failed', reason: reasonOf(e) });
        }
      },
    );
    await store(db, candidates, opts);
    for (const c of candidates) opts.onProgress?.({ kind: 'item', item: c.item, done: ++done, total: items.length });
  } finally {
    await fetcher.close();
  }
  const counts: Record<ItemStatus, number> = { stored: 0, new: 0, unchanged: 0, skipped: 0, failed: 0 };
  for (const it of items) counts[it.status]++;
  const summary: HarvestSummary = { items, counts, requests: fetcher.requests, bytes: fetcher.bytes };
  // A preview changes nothing, so it leaves no audit row.
  if (opts.preview) return summary;
  await recordAudit(db, opts.who ?? CLI, {
    action: 'harvest',
    target: urls.length === 1 ? urls[0] : `${urls[0]} 等 ${urls.length} 个网址`,
    detail: { inputs: urls.length, urls: urls.slice(0, 20), years: opts.years ?? null, ...counts, requests: summary.requests, bytes: summary.bytes },
  });
  return summary;
}

/**
 * Each URL is fetched once per harvest: a file attached to a page and also given as an input, or
 * listed in two columns, is one request (POSTs, a content endpoint's, are keyed by their form too).
 */
class OnceFetcher extends Fetcher {
  private readonly answers = new Map<string, Promise<Fetched>>();
  override fetch(url: string, init: { method?: 'GET' | 'POST'; form?: string } = {}): Promise<Fetched> {
    const key = `${init.method ?? 'GET'} ${url} ${init.form ?? ''}`;
    let answer = this.answers.get(key);
    if (!answer) this.answers.set(key, (answer = super.fetch(url, init)));
    return answer;
  }
}

/** A page or file to fetch, as a column listed it. */
interface Entry {
  url: string;
  column?: string;
  title?: string;
  published?: string;
  regionCode?: string;
}

/**
 * What a fetched URL is: a report file, a detail page (inline report, shell, attachment), or a
 * column (returns its entries to fetch). `asColumn` is false for a column's own entries: an entry
 * is a report's page, never another column to crawl.
 */
async function classify(
  fetcher: Fetcher,
  f: Fetched,
  years: YearRange | undefined,
  entry: Entry,
  finish: (item: HarvestItem, candidate?: Omit<Candidate, 'item'>) => void,
  asColumn = true,
): Promise<Entry[]> {
  const base: HarvestItem = { ...entry, status: 'skipped' };
  if (fileKindOf(f.bytes, f.contentType, f.finalUrl) !== 'html') {
    finish(...fileItem(base, f));
    return [];
  }
  const html = pageOf(f);
  const text = pageText(html);
  const title = pageTitle(html);
  const item: HarvestItem = { ...base, title: entry.title ?? title, published: entry.published ?? publishedOn(text) };

  const shell = shellOf(new URL(f.finalUrl), html);
  if (shell) {
    const answer = await fetcher.fetch(shell.request.url, { method: shell.request.method, form: shell.request.form });
    const content = shell.family.readContent(pageOf(answer), new URL(f.finalUrl));
    // The endpoint's title over the shell's generic one (详情); a column's entry title over both.
    const shown = { ...item, title: entry.title ?? content.title ?? title };
    if (content.html && holdsReport(pageText(content.html))) {
      // The endpoint's HTML, as a page of its own (its title kept for the parser's metadata).
      const heading = escapeHtml(content.title ?? shown.title ?? '');
      const page = `<!doctype html><html><head><meta charset="utf-8"><title>${heading}</title></head><body><h1>${heading}</h1>${content.html}</body></html>`;
      const bytes = new TextEncoder().encode(page);
      finish({ ...shown, file: fileOf(f.finalUrl, 'html', bytes), reason: `${shell.family.name}：正文来自内容接口` }, { bytes, kind: 'html' });
      return [];
    }
    const chosen = chooseReportFile(content.files.map((x) => ({ url: x.url, text: x.name, kind: linkKind({ url: x.url, text: x.name }) ?? 'pdf' })));
    if (!chosen) {
      finish({ ...shown, reason: `${shell.family.name}：内容接口没有报告` });
      return [];
    }
    const file = await fetcher.fetch(chosen.url);
    finish(...fileItem({ ...shown, reason: `${shell.family.name}：附件来自内容接口` }, file));
    return [];
  }

  const links = pageLinks(html, f.finalUrl);
  const attachments = attachmentsOf(links);
  if (holdsReport(text)) {
    const note = attachments.length ? `正文中有报告表格，已解析正文；另有附件 ${attachments.map((a) => a.url).join('、')}` : undefined;
    finish({ ...item, file: fileOf(f.finalUrl, 'html', f.bytes), reason: note }, { bytes: f.bytes, kind: 'html' });
    return [];
  }

  if (asColumn) {
    const listed = await columnEntries(fetcher, html, f.finalUrl, links, years);
    const pageIsReport = judgeTitle(title).report;
    if (listed.entries.length || listed.outOfRange.length || (!pageIsReport && !attachments.length && listed.paged)) {
      for (const o of listed.outOfRange) finish({ ...o, status: 'skipped', reason: o.reason });
      return listed.entries.map((e) => ({ ...e, column: entry.url, regionCode: entry.regionCode }));
    }
  }

  const chosen = chooseReportFile(attachments);
  if (!chosen) {
    finish({ ...item, reason: '页面中没有报告表格，也没有报告附件' });
    return [];
  }
  const file = await fetcher.fetch(chosen.url);
  const others = attachments.filter((a) => a !== chosen).map((a) => a.url);
  finish(...fileItem({ ...item, reason: others.length ? `另有附件 ${others.join('、')}` : undefined }, file));
  return [];
}

/** A fetched report file as an item, its kind told from its bytes (skipped when the parser cannot read that kind yet). */
function fileItem(item: HarvestItem, f: Fetched): [HarvestItem, Omit<Candidate, 'item'>?] {
  const kind = fileKindOf(f.bytes, f.contentType, f.finalUrl);
  const withFile = { ...item, file: fileOf(f.finalUrl, kind, f.bytes) };
  if (!READABLE_KINDS.has(kind)) {
    return [{ ...withFile, status: 'skipped', reason: kind === 'other' ? '不是报告文件（无法识别的格式）' : `${EXTENSION[kind]} 文件暂不能解析` }];
  }
  return [withFile, { bytes: f.bytes, kind }];
}

function fileOf(url: string, kind: FileKind, bytes: Uint8Array): HarvestItem['file'] {
  return { url, kind, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** A column's entries over all its pages: those of the years asked for, and the annual reports left out. */
async function columnEntries(
  fetcher: Fetcher,
  html: string,
  pageUrl: string,
  links: PageLink[],
  years: YearRange | undefined,
): Promise<{ entries: Entry[]; outOfRange: (Entry & { reason: string })[]; paged: boolean }> {
  const all: PageLink[] = [...links];
  const pages = otherPages(
    html,
    pageUrl,
    links.map((l) => l.url),
  );
  for (const page of pages) {
    try {
      const f = await fetcher.fetch(page);
      all.push(...pageLinks(pageOf(f), f.finalUrl));
    } catch (e) {
      // A page of the list that is gone (404) loses its entries, not the column's others.
      if (!(e instanceof HarvestFetchError)) throw e;
    }
  }
  const store = readDatastore(html, pageUrl);
  if (store) {
    for (const r of store.records) all.push(...pageLinks(r, pageUrl));
    for (const req of proxyRequests(store)) {
      const f = await fetcher.fetch(req.url, { method: 'POST', form: req.form });
      const more = readDatastore(pageOf(f), f.finalUrl);
      for (const r of more?.records ?? []) all.push(...pageLinks(r, f.finalUrl));
    }
  }
  const entries: Entry[] = [];
  const outOfRange: (Entry & { reason: string })[] = [];
  const seen = new Set<string>();
  for (const l of all) {
    if (seen.has(l.url)) continue;
    seen.add(l.url);
    const j = judgeTitle(l.text, years);
    if (j.report) entries.push({ url: l.url, title: l.text, published: l.date });
    else if (judgeTitle(l.text).report) outOfRange.push({ url: l.url, title: l.text, published: l.date, reason: j.reason });
  }
  return { entries, outOfRange, paged: pages.length > 0 || store !== null };
}

/**
 * Stores the candidates: once per content (against what is stored and within this harvest), the
 * rest through the import service with a manifest of their 原文链接 and 发布日期.
 */
async function store(db: Db, candidates: Candidate[], opts: HarvestOptions): Promise<void> {
  if (!candidates.length) return;
  const stored = await storedByContentHash(
    db,
    candidates.map((c) => c.item.file!.sha256),
  );
  const fresh: Candidate[] = [];
  const firstOf = new Map<string, Candidate>();
  const copies: [Candidate, Candidate][] = [];
  for (const c of candidates) {
    const hash = c.item.file!.sha256;
    const id = stored.get(hash);
    if (id !== undefined) {
      Object.assign(c.item, { status: 'unchanged', reportId: id, reason: joinReason(c.item.reason, '已存储（内容相同）') });
    } else if (firstOf.has(hash)) {
      Object.assign(c.item, { status: 'unchanged', reason: joinReason(c.item.reason, `与 ${firstOf.get(hash)!.item.url} 内容相同`) });
      copies.push([c, firstOf.get(hash)!]);
    } else {
      firstOf.set(hash, c);
      fresh.push(c);
    }
  }
  if (opts.preview) {
    for (const c of fresh) c.item.status = 'new';
    return;
  }
  if (!fresh.length) return;
  const dir = await mkdtemp(join(tmpdir(), 'gongkai-harvest-'));
  try {
    const manifest = new Map<string, ManifestEntry>();
    const files: string[] = [];
    const sourceNames = new Map<string, string>();
    for (const [i, c] of fresh.entries()) {
      const name = `${String(i + 1).padStart(5, '0')}${EXTENSION[c.kind]}`;
      await writeFile(join(dir, name), c.bytes);
      files.push(join(dir, name));
      sourceNames.set(join(dir, name), c.item.file!.url);
      manifest.set(name, { file: name, url: c.item.url, published: c.item.published, region_code: c.item.regionCode });
    }
    let outcomes;
    try {
      outcomes = await importFiles(db, files, { ...opts.importOptions, manifest, sourceNames });
    } catch (e) {
      // The database failed (not one file): none of these is stored, each says why.
      for (const c of fresh) Object.assign(c.item, { status: 'failed', reason: joinReason(c.item.reason, reasonOf(e)) });
      throw e;
    }
    outcomes.forEach((out, i) => {
      const item = fresh[i].item;
      item.reportId = out.reportId;
      if (out.outcome === 'failed') Object.assign(item, { status: 'failed', reason: joinReason(item.reason, out.reason) });
      else item.status = out.outcome === 'imported' ? 'stored' : 'unchanged';
    });
    for (const [copy, original] of copies) copy.item.reportId = original.item.reportId;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const joinReason = (a: string | undefined, b: string | undefined) => [a, b].filter(Boolean).join('；') || undefined;

function reasonOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** A fetched page's text: the HTTP header's charset counts, then lib/source's own rules. */
function pageOf(f: Fetched): string {
  return decodeText(f.bytes, { httpCharset: f.charset }).text;
}

/** Runs `work` on each item, at most `parallel` at a time. */
async function inParallel<T>(list: T[], parallel: number, work: (x: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, list.length) }, async () => {
      while (next < list.length) await work(list[next++]);
    }),
  );
}
