/**
 * Decompression bombs built in the test at a bounded cost (never committed): a deflate stream of
 * N MB of one repeated byte is one 1 MB block, compressed once with a sync flush (so it ends on a
 * byte boundary and refers only to bytes it wrote itself), repeated N times, then closed. ≈ 1 KB
 * per MB: a 1 GB bomb is ≈ 1 MB and takes milliseconds to build.
 */
import { constants, crc32, deflateRawSync } from 'node:zlib';
import { deflatedPart, zip } from '../helpers/zip';

const MB = 1 << 20;

/** Raw deflate data of `mb` MB of `byte`. */
export function deflateRepeated(mb: number, byte = 0): Buffer {
  const block = deflateRawSync(Buffer.alloc(MB, byte), { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
  const end = deflateRawSync(Buffer.alloc(0)); // an empty final block
  return Buffer.concat([...Array.from({ length: mb }, () => block), end]);
}

/** The same as a zlib stream (FlateDecode), with the right Adler-32 of `mb` MB of zeros. */
export function zlibZeros(mb: number): Buffer {
  const n = mb * MB;
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE((((n % 65521) << 16) | 1) >>> 0); // a = 1 + Σ0, b = n · 1 (mod 65521)
  return Buffer.concat([Buffer.from([0x78, 0xda]), deflateRepeated(mb, 0), adler]);
}

/** A valid one-page PDF whose content stream is `stream` with the given filter. */
export function pdfWithContent(stream: Buffer, filter = '/FlateDecode'): Buffer {
  const parts: Buffer[] = [];
  const offsets: number[] = [];
  let at = 0;
  const push = (b: Buffer | string) => {
    const buf = typeof b === 'string' ? Buffer.from(b, 'latin1') : b;
    parts.push(buf);
    at += buf.length;
  };
  push('%PDF-1.4\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>',
  ];
  objects.forEach((o, i) => {
    offsets.push(at);
    push(`${i + 1} 0 obj\n${o}\nendobj\n`);
  });
  offsets.push(at);
  push(`4 0 obj\n<< /Length ${stream.length}${filter ? ` /Filter ${filter}` : ''} >>\nstream\n`);
  push(stream);
  push('\nendstream\nendobj\n');
  const xref = at;
  push(`xref\n0 5\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`);
  push(`trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return Buffer.concat(parts);
}

/** A DOCX whose word/document.xml is `mb` MB of 'A' (declared as `declaredBytes`, default the truth). */
export function docxBomb(mb: number, declaredBytes = mb * MB): Buffer {
  const block = Buffer.alloc(MB, 0x41);
  let crc = 0;
  for (let i = 0; i < mb; i++) crc = crc32(block, crc);
  return zip([
    deflatedPart('[Content_Types].xml', Buffer.from('<?xml version="1.0"?><Types/>')),
    { name: 'word/document.xml', data: deflateRepeated(mb, 0x41), size: declaredBytes, crc },
  ]);
}

/** Peak resident memory of this process so far, in MB (Linux: kilobytes from getrusage). */
export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
