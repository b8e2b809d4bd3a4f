/**
 * A fetched page's text. The HTTP header's charset counts when the bytes are not valid UTF-8 (GBK
 * portals that declare it only in the header); otherwise lib/source's rules (BOM, valid UTF-8,
 * <meta charset>, GB18030) decide, as they do for an imported file.
 */
import iconv from 'iconv-lite';
import { decodeText } from '../source/decode';

const utf8Strict = new TextDecoder('utf-8', { fatal: true });

export function decodePage(bytes: Uint8Array, headerCharset?: string): string {
  if (headerCharset && !/^utf-?8$/i.test(headerCharset) && iconv.encodingExists(headerCharset)) {
    try {
      return utf8Strict.decode(bytes);
    } catch {
      return iconv.decode(Buffer.from(bytes), /^(gb2312|gbk|x-gbk)$/i.test(headerCharset) ? 'gb18030' : headerCharset);
    }
  }
  return decodeText(bytes).text;
}

/** The 发布日期 a detail page prints (发布日期：2025-01-24, 发布时间 2025年1月24日). */
export function publishedOn(text: string): string | undefined {
  const m = /(?:发布|成文|公开)(?:日期|时间)\s*[:：]?\s*((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})/.exec(text);
  if (!m) return undefined;
  return `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
}
