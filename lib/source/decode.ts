/**
 * Bytes → string for text-like report files (.txt, .md, .html).
 *
 * Order of evidence:
 * 1. a byte-order mark (UTF-8, UTF-16 LE/BE); failing that, UTF-16 recognised by its NUL bytes;
 * 2. strict UTF-8 validity (a browser's "save as" keeps `<meta charset=gb2312>` but writes UTF-8,
 *    so valid UTF-8 wins over the declared charset);
 * 3. a declared charset, if iconv-lite knows it: the HTTP Content-Type's (a fetched page: GBK
 *    portals often declare it only there), else the HTML's `<meta charset>` /
 *    `content="text/html; charset=…"`;
 * 4. UTF-8 with a handful of broken bytes (a file cut mid-character) stays UTF-8;
 * 5. otherwise GB18030 (a superset of GBK and GB2312), the usual legacy encoding of Chinese reports.
 *
 * Hot path: one `TextDecoder` pass for the common case (valid UTF-8); no regex over the whole input.
 */
import iconv from 'iconv-lite';

export interface Decoded {
  text: string;
  /** WHATWG-style label of the encoding used: utf-8, utf-16le, utf-16be, gb18030, big5, … */
  encoding: string;
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true });
const utf8Lossy = new TextDecoder('utf-8');
const utf16le = new TextDecoder('utf-16le');

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Maps a declared charset label to the name we decode with (GBK and GB2312 → GB18030, their superset). */
function canonicalCharset(label: string): string | null {
  const l = label
    .trim()
    .toLowerCase()
    .replace(/^["']|["']$/g, '');
  if (!l) return null;
  if (l === 'utf8' || l === 'utf-8' || l === 'unicode-1-1-utf-8') return 'utf-8';
  if (/^(gb2312|gbk|gb18030|gb_2312-80|x-gbk|cp936|ms936|windows-936|euc-cn|csgb2312|chinese|iso-ir-58)$/.test(l)) {
    return 'gb18030';
  }
  if (/^(big5|big5-hkscs|cn-big5|x-x-big5|csbig5|cp950)$/.test(l)) return 'big5';
  if (l === 'utf-16' || l === 'utf-16le') return 'utf-16le';
  if (l === 'utf-16be') return 'utf-16be';
  return iconv.encodingExists(l) ? l : null;
}

/**
 * The charset an HTML document declares in its first 4 KB: `<meta charset="gbk">` or
 * `<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`. Null when none.
 */
export function sniffHtmlCharset(bytes: Uint8Array): string | null {
  const head = toBuffer(bytes).toString('latin1', 0, Math.min(bytes.length, 4096));
  const m = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9_:.+-]+)/i.exec(head);
  return m ? canonicalCharset(m[1]) : null;
}

function hasUtf8Bom(b: Uint8Array): boolean {
  return b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
}

/**
 * True when a lossy UTF-8 decoding is UTF-8 text with a few damaged bytes: the replacement
 * characters are only at the very end (a file cut mid-character) or are under 0.5 % of many
 * non-ASCII characters. GBK read as UTF-8 yields U+FFFD for most of its byte pairs.
 */
function mostlyUtf8(text: string): boolean {
  let bad = 0;
  let nonAscii = 0;
  let lastBad = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    nonAscii++;
    if (c === 0xfffd) {
      bad++;
      lastBad = i;
    }
  }
  if (bad === 0) return true;
  const firstBad = text.indexOf('\uFFFD');
  if (lastBad === text.length - 1 && firstBad >= text.length - 3 && nonAscii > bad) return true;
  return nonAscii >= 200 && bad / nonAscii < 0.005;
}

/** A plausible character of a report: ASCII text, CJK, CJK punctuation and full-width forms. */
function plausible(c: number): boolean {
  return (
    (c >= 0x20 && c < 0x7f) ||
    c === 0x09 ||
    c === 0x0a ||
    c === 0x0d ||
    (c >= 0x3000 && c <= 0x303f) ||
    (c >= 0x3400 && c <= 0x9fff) ||
    (c >= 0xff00 && c <= 0xffef) ||
    (c >= 0x2000 && c <= 0x206f) ||
    c === 0xa0 ||
    c === 0xb7
  );
}

/**
 * UTF-16 without a byte-order mark: only considered when the first 4 KB hold NUL bytes (the high
 * bytes of ASCII characters); accepted when one byte order reads as ≥ 95 % plausible report text.
 */
function sniffUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 8) return null;
  const head = bytes.subarray(0, n);
  if (head.indexOf(0) < 0) return null;
  for (const le of [true, false]) {
    let good = 0;
    for (let i = 0; i < n; i += 2) {
      const c = le ? head[i] | (head[i + 1] << 8) : (head[i] << 8) | head[i + 1];
      if (plausible(c)) good++;
    }
    if (good >= 0.95 * (n / 2)) return le ? 'utf-16le' : 'utf-16be';
  }
  return null;
}

export function decodeText(bytes: Uint8Array, opts: { httpCharset?: string } = {}): Decoded {
  const n = bytes.length;
  if (n === 0) return { text: '', encoding: 'utf-8' };

  // 1. Byte-order marks.
  if (hasUtf8Bom(bytes)) {
    // TextDecoder strips the BOM (ignoreBOM defaults to false).
    try {
      return { text: utf8Strict.decode(bytes), encoding: 'utf-8' };
    } catch {
      return { text: utf8Lossy.decode(bytes), encoding: 'utf-8' };
    }
  }
  if (n >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: utf16le.decode(bytes), encoding: 'utf-16le' };
  }
  if (n >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: iconv.decode(toBuffer(bytes), 'utf-16be'), encoding: 'utf-16be' };
  }

  // 1b. UTF-16 without BOM (NUL is valid UTF-8, so this must come before the UTF-8 test).
  const utf16 = sniffUtf16(bytes);
  if (utf16) {
    const text = utf16 === 'utf-16le' ? utf16le.decode(bytes) : iconv.decode(toBuffer(bytes), 'utf-16be');
    return { text, encoding: utf16 };
  }

  // 2. Valid UTF-8 (this includes pure ASCII).
  try {
    return { text: utf8Strict.decode(bytes), encoding: 'utf-8' };
  } catch {
    // not UTF-8: fall through
  }

  // 3. Declared charset: the HTTP header's wins over the page's own <meta>, as in browsers.
  const declared = (opts.httpCharset ? canonicalCharset(opts.httpCharset) : null) ?? sniffHtmlCharset(bytes);
  if (declared && declared !== 'utf-8') {
    if (declared === 'utf-16le') return { text: utf16le.decode(bytes), encoding: declared };
    return { text: iconv.decode(toBuffer(bytes), declared), encoding: declared };
  }

  // 4. UTF-8 with a few broken bytes.
  const lossy = utf8Lossy.decode(bytes);
  if (mostlyUtf8(lossy)) return { text: lossy, encoding: 'utf-8' };

  // 5. Legacy Chinese encoding.
  return { text: iconv.decode(toBuffer(bytes), 'gb18030'), encoding: 'gb18030' };
}
