/**
 * DOCX → text: mammoth turns the WordprocessingML into HTML (tables stay tables, merged cells
 * become rowspan/colspan without repeats), then htmlToText gives one TAB-separated line per row.
 * mammoth is imported lazily on first use. Sizes are checked from the ZIP directory before
 * mammoth inflates anything (zip.ts): a zip bomb fails at once.
 */
import { ReportError } from '../report/types';
import { htmlToText } from './html';
import { assertZipBounded } from './zip';

export async function docxToText(bytes: Uint8Array): Promise<string> {
  await assertZipBounded(bytes);
  const mammoth = (await import('mammoth')).default;
  let html: string;
  try {
    const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    html = (await mammoth.convertToHtml({ buffer }, { ignoreEmptyParagraphs: true })).value;
  } catch (e) {
    throw new ReportError(`Word 文档损坏或无法解析 / DOCX is damaged or unreadable (${(e as Error)?.message ?? e})`, 'unreadable');
  }
  return htmlToText(html);
}
