/**
 * Reads a report file from disk, refusing what must never be read whole or at all: anything but
 * a regular file (a FIFO would block forever, /dev/zero never ends, a socket or device is not a
 * report) and files over their size limit, both decided from `stat` and the first kilobyte before
 * the rest is read. The file is opened non-blocking and checked again on the open handle, so a
 * path swapped for a FIFO after the first check cannot hang the reader; reading stops at the
 * limit even if the file grows meanwhile.
 */
import { constants, type Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { ReportError } from '../report/types';
import { assertSizeWithinLimit } from './index';
import { MAX_DOCUMENT_BYTES } from './limits';

const HEAD = 1024;

function kindOf(st: Stats): string {
  if (st.isFIFO()) return '命名管道 / a FIFO';
  if (st.isCharacterDevice() || st.isBlockDevice()) return '设备文件 / a device';
  if (st.isSocket()) return '套接字 / a socket';
  return '特殊文件 / a special file';
}

function assertRegularFile(st: Stats): void {
  if (st.isDirectory()) throw new ReportError('是目录，不是文件 / is a directory', 'unreadable');
  if (!st.isFile()) {
    const [zh, en] = kindOf(st).split(' / ');
    throw new ReportError(`不是普通文件（${zh}），不读取 / not a regular file (${en}): not read`, 'unreadable');
  }
}

/**
 * Checks a path without reading more than its first kilobyte: it exists, is a regular file, and
 * its size is within the limit for its kind. Throws ReportError.
 */
export async function checkReportFile(path: string): Promise<void> {
  await readChecked(path, true);
}

/**
 * Splits files into those safe to read and those refused with the reason (checkReportFile), so a
 * batch can skip a FIFO or an oversized file before it reads anything.
 */
export async function screenReportFiles(paths: string[]): Promise<{ files: string[]; refused: { file: string; reason: string }[] }> {
  const files: string[] = [];
  const refused: { file: string; reason: string }[] = [];
  for (const file of paths) {
    try {
      await checkReportFile(file);
      files.push(file);
    } catch (e) {
      refused.push({ file, reason: e instanceof ReportError ? e.reason : (e as Error).message });
    }
  }
  return { files, refused };
}

/**
 * Paths that exist but are neither files nor folders (/dev/zero, a FIFO): a folder walk skips
 * them silently, but a path the user named deserves a reason.
 */
export async function namedSpecialFiles(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    const st = await stat(p).catch(() => null);
    if (st && !st.isFile() && !st.isDirectory()) out.push(p);
  }
  return out;
}

/** The bytes of a report file, after the checks of checkReportFile. Throws ReportError. */
export function readReportFile(path: string): Promise<Uint8Array> {
  return readChecked(path, false);
}

async function readChecked(path: string, headOnly: boolean): Promise<Uint8Array> {
  const st = await stat(path).catch(() => null);
  if (!st) throw new ReportError('文件不存在或无法访问 / no such file, or not accessible', 'unreadable');
  assertRegularFile(st);
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY).catch((e: Error) => {
    throw new ReportError(`无法打开文件 / cannot open the file (${e.message})`, 'unreadable');
  });
  try {
    const now = await handle.stat();
    assertRegularFile(now);
    const head = Buffer.alloc(Math.min(HEAD, now.size));
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    assertSizeWithinLimit(head.subarray(0, bytesRead), now.size);
    if (headOnly) return head.subarray(0, bytesRead);
    // Read what stat promised, plus one byte to notice a file that grew past its limit.
    const limit = Math.min(now.size, MAX_DOCUMENT_BYTES) + 1;
    const out = Buffer.alloc(limit);
    let n = 0;
    while (n < limit) {
      const r = await handle.read(out, n, limit - n, n);
      if (r.bytesRead === 0) break;
      n += r.bytesRead;
    }
    assertSizeWithinLimit(out.subarray(0, Math.min(n, HEAD)), n);
    return new Uint8Array(out.buffer, out.byteOffset, Math.min(n, now.size));
  } finally {
    await handle.close();
  }
}
