/**
 * A cap on how far a DOCX inflates, checked before mammoth (which inflates parts whole with jszip
 * and only then compares their size with the directory). The ZIP central directory is read with
 * yauzl without inflating anything: a part declaring more than MAX_DOCX_PART_BYTES, or all parts
 * together more than MAX_DOCX_INFLATED_BYTES, is rejected at once. Then each part is inflated as a
 * stream into nothing, with yauzl's check that it yields exactly its declared size, so a directory
 * that understates a part (to slip past the first check) is caught at the declared size, too.
 */
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { ReportError } from '../report/types';
import { inflatesTooLarge, MAX_DOCX_INFLATED_BYTES, MAX_DOCX_PARTS, MAX_DOCX_PART_BYTES } from './limits';

export interface ZipLimits {
  part: number;
  total: number;
  parts: number;
}

const DOCX_LIMITS: ZipLimits = { part: MAX_DOCX_PART_BYTES, total: MAX_DOCX_INFLATED_BYTES, parts: MAX_DOCX_PARTS };

const damaged = (e: unknown) =>
  new ReportError(`Word 文档损坏或无法解析 / DOCX is damaged or unreadable (${(e as Error)?.message ?? e})`, 'unreadable');

function open(buf: Buffer): Promise<ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.fromBuffer(buf, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (err, zip) =>
      err ? reject(damaged(err)) : resolve(zip),
    ),
  );
}

const understated = (entry: Entry) =>
  new ReportError(
    `${entry.fileName} 解压后过大（超过目录所记的 ${entry.uncompressedSize} 字节），疑为解压炸弹 / ${entry.fileName} inflates to more than the ${entry.uncompressedSize} bytes its directory declares: a decompression bomb`,
    'too_large',
  );

/** Inflates one part into nothing; rejects when it yields more (or less) than the directory says. */
function drain(zip: ZipFile, entry: Entry): Promise<void> {
  return new Promise((resolve, reject) =>
    zip.openReadStream(entry, (err, stream) => {
      if (err) return reject(damaged(err));
      stream.on('error', (e) => reject(/too many bytes/.test(e.message) ? understated(entry) : damaged(e)));
      stream.on('end', () => resolve());
      stream.resume();
    }),
  );
}

/** Throws ReportError too_large for a ZIP that inflates beyond the limits, 'unreadable' for a damaged one. */
export async function assertZipBounded(bytes: Uint8Array, limits: ZipLimits = DOCX_LIMITS): Promise<void> {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const zip = await open(buf);
  try {
    if (zip.entryCount > limits.parts) {
      throw new ReportError(
        `Word 文档部件过多（${zip.entryCount} 个，上限 ${limits.parts}） / the DOCX holds ${zip.entryCount} parts (limit ${limits.parts})`,
        'too_large',
      );
    }
    const entries: Entry[] = [];
    let total = 0;
    await new Promise<void>((resolve, reject) => {
      zip.on('error', (e) => reject(damaged(e)));
      zip.on('end', () => resolve());
      zip.on('entry', (entry: Entry) => {
        const size = entry.uncompressedSize;
        if (size > limits.part) return reject(inflatesTooLarge(entry.fileName, size, limits.part));
        total += size;
        if (total > limits.total) return reject(inflatesTooLarge({ zh: 'Word 文档全部部件', en: 'all DOCX parts together' }, total, limits.total));
        entries.push(entry);
        zip.readEntry();
      });
      zip.readEntry();
    });
    for (const entry of entries) if (!entry.fileName.endsWith('/')) await drain(zip, entry);
  } finally {
    zip.close();
  }
}
