/**
 * Every limit on what a report file may hold or cost to read, in one place, and the one message
 * style for a file over a limit. README "Hostile input" lists the same figures.
 *
 * Annual reports are a few hundred KB to a few MB; each limit leaves a wide margin above the
 * largest real report seen while keeping a hostile file (a decompression bomb, a huge text, a
 * device file) from costing more than seconds and a few hundred MB.
 */
import { ReportError } from '../report/types';

/** Largest PDF or DOCX file accepted: 20 MB. */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;
/** Largest text, HTML or Markdown file accepted: 5 MB. */
export const MAX_TEXT_BYTES = 5 * 1024 * 1024;

/** One PDF stream may inflate to at most 64 MB (a page's text is kilobytes; a full-page image tens of MB). */
export const MAX_PDF_STREAM_BYTES = 64 * 1024 * 1024;
/** All FlateDecode streams of one PDF together may inflate to at most 512 MB. */
export const MAX_PDF_INFLATED_BYTES = 512 * 1024 * 1024;
/** A PDF is read in a worker thread with this JavaScript heap … */
export const PDF_HEAP_LIMIT_MB = 512;
/** … this much growth of the process's resident memory (typed arrays live outside the heap) … */
export const PDF_RSS_LIMIT_MB = 1024;
/** … and this much time. */
export const PDF_TIME_LIMIT_MS = 30_000;
/**
 * Pages a PDF may have: annual reports run to a few dozen. Checked from the page tree's count
 * before any page is read, so a 120,000-page file is refused at once instead of holding a parser
 * until the time limit.
 */
export const MAX_PDF_PAGES = 1000;

/** A PDF with more pages than the limit: `PDF 页数过多（120000 页，上限 1000 页） / …`. */
export function tooManyPages(pages: number, limit: number): ReportError {
  return new ReportError(`PDF 页数过多（${pages} 页，上限 ${limit} 页） / the PDF has ${pages} pages (limit ${limit})`, 'too_large');
}

/** One part of a DOCX (document.xml, styles.xml, an image) may inflate to at most 32 MB. */
export const MAX_DOCX_PART_BYTES = 32 * 1024 * 1024;
/** All parts of a DOCX together may inflate to at most 128 MB. */
export const MAX_DOCX_INFLATED_BYTES = 128 * 1024 * 1024;
/** A DOCX holds a few dozen parts; thousands mean a crafted archive. */
export const MAX_DOCX_PARTS = 2000;

export const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;
const mb1 = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/** A file over its size limit: `文件过大（30.0 MB，PDF/DOCX 上限 20 MB） / file too large (…)`. */
export function fileTooLarge(size: number, limit: number, zh: string, en: string): ReportError {
  return new ReportError(
    `文件过大（${mb1(size)}，${zh}上限 ${mb(limit)}） / file too large (${mb1(size)}; limit ${mb(limit)} for ${en})`,
    'too_large',
  );
}

/**
 * Content that inflates beyond a limit (a decompression bomb), in the same style:
 * `word/document.xml 解压后过大（800.0 MB，上限 32 MB），疑为解压炸弹 / word/document.xml inflates to 800.0 MB (limit 32 MB): …`.
 * `size` is the declared or measured size; `atLeast` when reading stopped at the limit.
 */
export function inflatesTooLarge(what: string | { zh: string; en: string }, size: number, limit: number, atLeast = false): ReportError {
  const { zh, en } = typeof what === 'string' ? { zh: what, en: what } : what;
  const zhSize = atLeast ? `超过 ${mb(limit)} 上限` : `${mb1(size)}，上限 ${mb(limit)}`;
  const enSize = atLeast ? `more than the ${mb(limit)} limit` : `${mb1(size)} (limit ${mb(limit)})`;
  return new ReportError(`${zh} 解压后过大（${zhSize}），疑为解压炸弹 / ${en} inflates to ${enSize}: a decompression bomb`, 'too_large');
}
