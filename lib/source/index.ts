/**
 * Report file → raw text. Chooses the reader by magic bytes first and file extension second:
 * `%PDF` → PDF; a ZIP holding `word/document.xml` → DOCX; anything else is text, read as HTML when
 * the extension says so or the content plainly is markup (a .txt saved from a web page), as
 * Markdown for .md, else as plain text.
 *
 * The text is returned as extracted, NOT normalized (the caller runs normalizeText). Bad input
 * throws ReportError with a one-line reason in Chinese and English:
 * - empty       the file has no bytes, or no text at all;
 * - binary      an image, archive, executable, a ZIP that is not a .docx, or text with NUL bytes
 *               or many control characters;
 * - unsupported legacy Word/WPS (.doc, OLE2), RTF and OFD files;
 * - too_large   over MAX_DOCUMENT_BYTES (PDF, DOCX) or MAX_TEXT_BYTES (text, HTML, Markdown), or
 *               content that inflates beyond the limits of limits.ts (decompression bombs);
 * - unreadable  scanned or undecodable PDFs, damaged PDF/DOCX files (from pdf.ts / docx.ts).
 */
import { ReportError } from '../report/types';
import { decodeText } from './decode';
import { docxToText } from './docx';
import { htmlToText } from './html';
import { fileTooLarge, MAX_DOCUMENT_BYTES, MAX_TEXT_BYTES } from './limits';
import { assertReadableText } from './pdf';
import { pdfToText } from './pdf-isolated';

export { MAX_DOCUMENT_BYTES, MAX_TEXT_BYTES } from './limits';

export type SourceKind = 'text' | 'markdown' | 'html' | 'pdf' | 'docx';

export interface Source {
  text: string;
  kind: SourceKind;
  /** The character encoding of text, Markdown and HTML files (utf-8, gb18030, utf-16le, …). */
  encoding?: string;
}

const HTML_EXT = /\.(?:html?|xhtml|shtml|jsp|asp|aspx|php)$/i;
const MD_EXT = /\.(?:md|markdown)$/i;

function startsWith(b: Uint8Array, sig: number[], at = 0): boolean {
  if (b.length < at + sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (b[at + i] !== sig[i]) return false;
  return true;
}

function asBuffer(b: Uint8Array): Buffer {
  return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

const binary = (what: string, en: string) => new ReportError(`${what}，不是年度报告文本 / ${en}, not a report`, 'binary');

/** Recognizes non-text formats by signature; returns the error to throw, or null. */
function sniffBinary(b: Uint8Array): ReportError | null {
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47])) return binary('这是 PNG 图片', 'a PNG image');
  if (startsWith(b, [0xff, 0xd8, 0xff])) return binary('这是 JPEG 图片', 'a JPEG image');
  if (startsWith(b, [0x47, 0x49, 0x46, 0x38])) return binary('这是 GIF 图片', 'a GIF image');
  if (startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a])) {
    return binary('这是 TIFF 图片', 'a TIFF image');
  }
  if (startsWith(b, [0x52, 0x49, 0x46, 0x46]) && startsWith(b, [0x57, 0x45, 0x42, 0x50], 8)) {
    return binary('这是 WebP 图片', 'a WebP image');
  }
  if (startsWith(b, [0x42, 0x4d]) && b.length > 26 && startsWith(b, [0, 0], 6)) return binary('这是 BMP 图片', 'a BMP image');
  if (startsWith(b, [0x52, 0x61, 0x72, 0x21])) return binary('这是 RAR 压缩包', 'a RAR archive');
  if (startsWith(b, [0x37, 0x7a, 0xbc, 0xaf])) return binary('这是 7z 压缩包', 'a 7z archive');
  if (startsWith(b, [0x1f, 0x8b])) return binary('这是 gzip 压缩文件', 'a gzip file');
  if (startsWith(b, [0x7f, 0x45, 0x4c, 0x46]) || startsWith(b, [0x4d, 0x5a])) {
    return binary('这是可执行程序', 'an executable');
  }
  if (startsWith(b, [0x7b, 0x5c, 0x72, 0x74, 0x66])) {
    return new ReportError('不支持 RTF 格式，请另存为 .docx 或 PDF / RTF files are not supported', 'unsupported');
  }
  if (startsWith(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    return new ReportError(
      '不支持旧版 Word/WPS/Excel 格式（.doc/.wps/.xls），请另存为 .docx 或 PDF / legacy Office (OLE2) file not supported',
      'unsupported',
    );
  }
  return null;
}

/** Finds `%PDF-` in the first KB (the spec tolerates leading junk). */
function isPdf(b: Uint8Array): boolean {
  if (startsWith(b, [0x25, 0x50, 0x44, 0x46])) return true;
  const head = asBuffer(b).subarray(0, Math.min(b.length, 1024));
  return head.indexOf('%PDF-') >= 0;
}

function isZip(b: Uint8Array): boolean {
  return startsWith(b, [0x50, 0x4b, 0x03, 0x04]) || startsWith(b, [0x50, 0x4b, 0x05, 0x06]);
}

/** Classifies a ZIP by the member names stored in clear in its headers. */
function zipKind(b: Uint8Array): 'docx' | ReportError {
  const buf = asBuffer(b);
  if (buf.indexOf('word/document.xml') >= 0) return 'docx';
  if (buf.indexOf('OFD.xml') >= 0) {
    return new ReportError('不支持 OFD 版式文件，请提供 PDF 或 DOCX / OFD documents are not supported', 'unsupported');
  }
  if (buf.indexOf('xl/workbook.xml') >= 0) return binary('这是 Excel 表格（.xlsx）', 'an Excel workbook');
  if (buf.indexOf('ppt/presentation.xml') >= 0) return binary('这是 PowerPoint 演示文稿', 'a PowerPoint file');
  return binary('这是 ZIP 压缩包，不是 Word 文档', 'a ZIP archive that is not a .docx');
}

/** Text that is really binary: NUL characters, many control characters, or mostly undecodable bytes. */
function assertTextual(text: string): void {
  const n = Math.min(text.length, 65536);
  let nul = 0;
  let control = 0;
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) nul++;
    else if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0b && c !== 0x0c) || c === 0x7f) control++;
    else if (c === 0xfffd) bad++;
  }
  // Trailing NUL padding (some download tools) is harmless; NULs inside the text are not.
  const trailingNul = text.length - text.replace(/\0+$/, '').length;
  if (nul - Math.min(nul, trailingNul) > 0 || control > Math.max(8, n * 0.01) || bad > Math.max(16, n * 0.05)) {
    throw binary('文件含有二进制内容（NUL 或大量控制字符）', 'the file holds binary data (NUL or control characters)');
  }
}

/** Markup rather than text: a doctype/html/body tag, or tags making up much of the first 4 KB. */
export function looksLikeHtml(text: string): boolean {
  const head = text.slice(0, 4096);
  if (/^\s*(?:<\?xml[^>]*>\s*)?<!doctype\s+html/i.test(head) || /<(?:html|body|head)[\s>]/i.test(head)) return true;
  const tags = head.match(/<\/?(?:table|tbody|tr|td|th|p|div|span|font|h[1-6]|li|ul|meta)\b[^>]*>/gi);
  if (!tags) return false;
  if (/<table[\s>]/i.test(head) && /<t[dr][\s>]/i.test(head)) return true;
  // Plain report text never holds several real tags; a fragment saved from a page starts with one.
  return tags.length >= 8 || (tags.length >= 4 && /^\s*<[A-Za-z]/.test(head));
}

/**
 * The size limit of a file, from its first bytes (1 KB is enough): PDF and ZIP (DOCX) files
 * MAX_DOCUMENT_BYTES, everything else MAX_TEXT_BYTES. Throws ReportError too_large when `size`
 * exceeds it, so a caller can check a file's size from `stat` before reading it.
 */
export function assertSizeWithinLimit(head: Uint8Array, size: number): void {
  if (isPdf(head) || isZip(head)) {
    if (size > MAX_DOCUMENT_BYTES) throw fileTooLarge(size, MAX_DOCUMENT_BYTES, 'PDF/DOCX ', 'PDF/DOCX');
  } else if (size > MAX_TEXT_BYTES) throw fileTooLarge(size, MAX_TEXT_BYTES, '文本/网页', 'text/HTML');
}

export async function readSource(bytes: Uint8Array, fileName: string): Promise<Source> {
  if (bytes.length === 0) throw new ReportError('文件为空 / the file is empty', 'empty');
  if (isPdf(bytes) || isZip(bytes)) assertSizeWithinLimit(bytes, bytes.length);

  if (isPdf(bytes)) return { text: await pdfToText(bytes), kind: 'pdf' };
  if (isZip(bytes)) {
    const kind = zipKind(bytes);
    if (kind instanceof ReportError) throw kind;
    const text = await docxToText(bytes);
    if (!text.trim()) throw new ReportError('Word 文档没有文字内容 / the DOCX has no text', 'empty');
    return { text, kind: 'docx' };
  }
  const bin = sniffBinary(bytes);
  if (bin) throw bin;
  assertSizeWithinLimit(bytes, bytes.length);

  const { text: decoded, encoding } = decodeText(bytes);
  assertTextual(decoded);
  if (!decoded.trim()) throw new ReportError('文件只有空白，没有文字 / the file holds only whitespace', 'empty');

  const name = fileName.toLowerCase();
  // An .html name with no markup at all is plain text saved under the wrong name.
  const html = HTML_EXT.test(name) ? /<[A-Za-z!/]/.test(decoded.slice(0, 65536)) : !MD_EXT.test(name) && looksLikeHtml(decoded);
  if (html) {
    const text = htmlToText(decoded);
    if (!text.trim()) throw new ReportError('网页没有正文文字 / the HTML page has no text', 'empty');
    return { text, kind: 'html', encoding };
  }
  // Text copied out of a PDF by another tool may carry the same undecodable glyph codes.
  if (/\(cid:\d+\)/.test(decoded.slice(0, 65536))) assertReadableText(decoded, 0);
  return { text: decoded, kind: MD_EXT.test(name) ? 'markdown' : 'text', encoding };
}
