/**
 * What a fetched page or file is, and what to take from a detail page: the report inline in its
 * HTML, an attached report file, both, or nothing (with the reason).
 */
import { Parser } from 'htmlparser2';
import { judgeTitle } from './title';
import type { PageLink } from './links';

export type FileKind = 'pdf' | 'docx' | 'doc' | 'wps' | 'xls' | 'xlsx' | 'html' | 'other';

/** The kinds the parser reads today (lib/source); the others are reported as not yet readable. */
export const READABLE_KINDS: ReadonlySet<FileKind> = new Set(['pdf', 'docx', 'html']);

/** The file extension a stored file of each kind gets (lib/source picks its reader by it). */
export const EXTENSION: Record<FileKind, string> = {
  pdf: '.pdf',
  docx: '.docx',
  doc: '.doc',
  wps: '.wps',
  xls: '.xls',
  xlsx: '.xlsx',
  html: '.html',
  other: '.bin',
};

/**
 * The kind of a fetched body from its first bytes (magic numbers), then its Content-Type, then the
 * URL's extension: portals serve PDFs as application/octet-stream and pages as text/plain.
 */
export function fileKindOf(head: Uint8Array, contentType = '', url = ''): FileKind {
  const ascii = Buffer.from(head.subarray(0, 1024)).toString('latin1');
  if (ascii.startsWith('%PDF-')) return 'pdf';
  const ext = /\.(\w+)$/.exec(new URL(url, 'http://x/').pathname.toLowerCase())?.[1] ?? '';
  if (ascii.startsWith('PK\x03\x04')) {
    if (ascii.includes('word/') || ext === 'docx' || /wordprocessingml/.test(contentType)) return 'docx';
    if (ascii.includes('xl/') || ext === 'xlsx' || /spreadsheetml/.test(contentType)) return 'xlsx';
    return ext === 'docx' ? 'docx' : 'other';
  }
  if (ascii.startsWith('\xd0\xcf\x11\xe0')) return ext === 'xls' ? 'xls' : ext === 'wps' ? 'wps' : 'doc';
  const start = ascii
    .replace(/^\ufeff|^\xef\xbb\xbf/, '')
    .trimStart()
    .slice(0, 200)
    .toLowerCase();
  if (/^<(!doctype html|html|head|body|meta|div|table|p\b|!--)/.test(start) || /html/.test(contentType)) return 'html';
  return 'other';
}

/** The kind an attachment link points at, by its URL or text (before it is fetched). */
export function linkKind(link: PageLink): FileKind | null {
  const m = /\.(pdf|docx|doc|wps|xlsx|xls)(?:$|[?#])/i.exec(link.url) ?? /\.(pdf|docx|doc|wps|xlsx|xls)\s*$/i.exec(link.text);
  return m ? (m[1].toLowerCase() as FileKind) : null;
}

/** The page's links to files (PDF, Word, WPS, Excel). */
export function attachmentsOf(links: PageLink[]): (PageLink & { kind: FileKind })[] {
  const seen = new Set<string>();
  const out: (PageLink & { kind: FileKind })[] = [];
  for (const l of links) {
    const kind = linkKind(l);
    if (kind && !seen.has(l.url)) {
      seen.add(l.url);
      out.push({ ...l, kind });
    }
  }
  return out;
}

const PREFERENCE: FileKind[] = ['pdf', 'docx', 'doc', 'wps', 'xlsx', 'xls'];

/**
 * The attachment that is the report: one whose name is an annual report (正文 before 附件 tables),
 * then the one the parser reads best (PDF keeps the printed layout, then DOCX), then the first.
 */
export function chooseReportFile<T extends PageLink & { kind: FileKind }>(files: T[]): T | null {
  if (!files.length) return null;
  const named = files.filter((f) => judgeTitle(f.text.replace(/\.\w+$/, '')).report);
  const pool = named.length ? named : files;
  return [...pool].sort((a, b) => PREFERENCE.indexOf(a.kind) - PREFERENCE.indexOf(b.kind))[0];
}

/** The text of an HTML page (script and style left out), for telling whether it holds a report. */
export function pageText(html: string): string {
  let skip = 0;
  let text = '';
  const parser = new Parser(
    {
      onopentag(name) {
        if (name === 'script' || name === 'style') skip++;
      },
      ontext(t) {
        if (!skip) text += t;
      },
      onclosetag(name) {
        if (name === 'script' || name === 'style') skip = Math.max(0, skip - 1);
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  return text.replace(/\s+/g, '');
}

/**
 * Whether a page's text holds a report's statistics itself: the applications table (表三, 本年新收 /
 * 收到和处理政府信息公开申请) and the review and litigation table (表四, 行政复议). A page that only
 * introduces an attached file says neither.
 */
export function holdsReport(text: string): boolean {
  return /(本年新收|收到和处理政府信息公开申请)/.test(text) && /行政复议/.test(text);
}
