/**
 * A cap on how far a PDF's streams inflate, checked before pdfjs sees the file. pdfjs has no
 * option to limit a decoded stream: it grows one buffer until the whole stream is decoded, so a
 * 1 MB FlateDecode stream of zeros becomes 1 GB of memory. Here every stream whose data is a zlib
 * stream (FlateDecode; the filter may be an indirect object, so the data's own header decides) is
 * inflated with zlib's maxOutputLength, which stops at the cap without holding more than it; a
 * stream nested in another (/Filter [/FlateDecode /FlateDecode]) is followed one level further.
 * Other filters (LZW, RunLength) are left to the worker's memory and time limits (pdf-worker-host.ts).
 */
import { constants, inflateSync } from 'node:zlib';
import { inflatesTooLarge, MAX_PDF_INFLATED_BYTES, MAX_PDF_STREAM_BYTES } from './limits';

export interface StreamLimits {
  stream: number;
  total: number;
}

const STREAM = Buffer.from('stream');
const END = Buffer.from('endstream');

/** A zlib header: deflate method, window ≤ 32 KB, header checksum. */
function isZlib(b: Uint8Array): boolean {
  return b.length >= 2 && (b[0] & 0x0f) === 8 && b[0] >> 4 <= 7 && ((b[0] << 8) | b[1]) % 31 === 0;
}

/** Bytes a zlib stream inflates to, counting at most `cap + 1` (-1 when the data is damaged before any output). */
function inflatedSize(data: Uint8Array, cap: number, depth: number): number {
  let out: Buffer;
  try {
    // Z_SYNC_FLUSH: a stream cut short (or followed by junk) still yields what it holds.
    out = inflateSync(data, { maxOutputLength: cap + 1, finishFlush: constants.Z_SYNC_FLUSH });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return cap + 1;
    return -1; // damaged data: pdfjs decides what to make of it
  }
  if (out.length > cap || depth >= 2 || !isZlib(out)) return out.length;
  return Math.max(out.length, inflatedSize(out, cap, depth + 1));
}

/** Throws ReportError too_large when one stream, or all together, inflate beyond the limits. */
export function assertPdfStreamsBounded(
  bytes: Uint8Array,
  limits: StreamLimits = { stream: MAX_PDF_STREAM_BYTES, total: MAX_PDF_INFLATED_BYTES },
): void {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let total = 0;
  let at = 0;
  for (;;) {
    const kw = buf.indexOf(STREAM, at);
    if (kw < 0) return;
    at = kw + STREAM.length;
    // The keyword `stream` is followed by CRLF or LF; `endstream` is not a start.
    if (kw >= 3 && buf.toString('latin1', kw - 3, kw) === 'end') continue;
    let start = at;
    if (buf[start] === 0x0d) start++;
    if (buf[start] !== 0x0a && start === at) continue;
    if (buf[start] === 0x0a) start++;
    const end = buf.indexOf(END, start);
    const data = buf.subarray(start, end < 0 ? buf.length : end);
    if (!isZlib(data)) continue;
    const size = inflatedSize(data, Math.min(limits.stream, limits.total - total), 0);
    if (size > limits.stream) throw inflatesTooLarge({ zh: 'PDF 数据流', en: 'a PDF stream' }, size, limits.stream, true);
    if (size > 0) total += size;
    if (total > limits.total) throw inflatesTooLarge({ zh: 'PDF 全部数据流', en: 'all PDF streams together' }, total, limits.total, true);
    if (end >= 0) at = end + END.length;
  }
}
