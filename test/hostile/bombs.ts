/**
 * Decompression bombs built in the test at a bounded cost (never committed): a deflate stream of
 * N MB of one repeated byte is one 1 MB block, compressed once with a sync flush (so it ends on a
 * byte boundary and refers only to bytes it wrote itself), repeated N times, then closed. ≈ 1 KB
 * per MB: a 1 GB bomb is ≈ 1 MB and takes milliseconds to build.
 */
import { constants, crc32, deflateRawSync } from 'node:zlib';

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

export interface ZipPart {
  name: string;
  /** Raw deflate data, or the stored bytes when `stored`. */
  data: Buffer;
  /** Size and CRC-32 the directory declares (a hostile file may lie about the size). */
  size: number;
  crc: number;
  stored?: boolean;
}

export function deflatedPart(name: string, content: Buffer): ZipPart {
  return { name, data: deflateRawSync(content), size: content.length, crc: crc32(content) };
}

/** A ZIP (local headers, central directory, end record) of the parts, as a DOCX is. */
export function zip(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name, 'utf8');
    const method = p.stored ? 0 : 8;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(p.crc >>> 0, 14);
    local.writeUInt32LE(p.data.length, 18);
    local.writeUInt32LE(p.size, 22);
    local.writeUInt16LE(name.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x0800, 8);
    dir.writeUInt16LE(method, 10);
    dir.writeUInt32LE(p.crc >>> 0, 16);
    dir.writeUInt32LE(p.data.length, 20);
    dir.writeUInt32LE(p.size, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    locals.push(local, name, p.data);
    central.push(dir, name);
    offset += local.length + name.length + p.data.length;
  }
  const dirBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(dirBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dirBytes, end]);
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
