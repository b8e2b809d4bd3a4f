/**
 * Issue 11.4: files are checked from `stat` before they are read. /dev/zero and a FIFO named
 * .txt in a folder are refused at once with a clear reason (before: /dev/zero grew without limit
 * and the FIFO hung the import); a 1.5 GB .txt is refused from its size without reading it
 * (before: read whole, 3.2 GB RSS).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { ReportError } from '../../lib/report/types';
import { checkReportFile, readReportFile } from '../../lib/source/file';
import { peakRssMb } from './bombs';
import { errorLines, ROOT, runScript } from './cli';

const dir = mkdtempSync(join(tmpdir(), 'special-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function reason(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ReportError);
  return (e as ReportError).reason;
}

describe('stat before reading', () => {
  test('/dev/zero, a FIFO and a folder are refused without reading; a real report reads', async () => {
    const fifo = join(dir, 'pipe.txt');
    execFileSync('mkfifo', [fifo]);
    expect(await reason(readReportFile('/dev/zero'))).toBe('不是普通文件（设备文件），不读取 / not a regular file (a device): not read');
    expect(await reason(readReportFile(fifo))).toBe('不是普通文件（命名管道），不读取 / not a regular file (a FIFO): not read');
    expect(await reason(readReportFile(dir))).toMatch(/is a directory/);
    expect(await reason(readReportFile(join(dir, 'none.txt')))).toMatch(/no such file/);
    const sample = join(ROOT, 'data/samples/003_6790f04c403e7862.txt');
    expect(Buffer.from(await readReportFile(sample)).toString('utf8')).toContain('武威市');
  });

  test('a 1.5 GB .txt (sparse) is refused from its size, without reading it', async () => {
    const big = join(dir, 'big.txt');
    writeFileSync(big, '政府信息公开');
    truncateSync(big, 1536 * 1024 * 1024);
    expect(await reason(readReportFile(big))).toBe(
      '文件过大（1536.0 MB，文本/网页上限 5 MB） / file too large (1536.0 MB; limit 5 MB for text/HTML)',
    );
    console.log(`1.5 GB text file refused, peak RSS ${peakRssMb()} MB`);
    expect(peakRssMb()).toBeLessThan(1024);
    rmSync(big);
  });

  test('a PDF may be up to 20 MB, a text file 5 MB: the kind is read from the first bytes', async () => {
    const pdf = join(dir, 'x.txt');
    writeFileSync(pdf, '%PDF-1.7\n');
    truncateSync(pdf, 10 * 1024 * 1024);
    await expect(checkReportFile(pdf)).resolves.toBeUndefined();
    truncateSync(pdf, 21 * 1024 * 1024);
    expect(await reason(checkReportFile(pdf))).toMatch(/limit 20 MB for PDF\/DOCX/);
    rmSync(pdf);
  });

  test('parse CLI: /dev/zero and a FIFO fail at once, one line each; the next file is parsed', () => {
    const r = runScript('parse', ['/dev/zero', join(dir, 'pipe.txt'), join(ROOT, 'data/samples/003_6790f04c403e7862.txt')]);
    expect(r.timedOut).toBe(false);
    expect(errorLines(r.stderr)).toEqual([
      '/dev/zero: error: 不是普通文件（设备文件），不读取 / not a regular file (a device): not read',
      `${join(dir, 'pipe.txt')}: error: 不是普通文件（命名管道），不读取 / not a regular file (a FIFO): not read`,
    ]);
    expect(r.stdout).toContain('武威市人民政府');
  });

  test('import of a folder holding a FIFO named .txt: the FIFO is refused, the report stored, no hang', () => {
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    execFileSync('mkfifo', [join(folder, 'a-pipe.txt')]);
    copyFileSync(join(ROOT, 'data/samples/003_6790f04c403e7862.txt'), join(folder, 'b-report.txt'));
    const r = runScript('import', [folder, '/dev/zero'], { env: { DATABASE_URL: `file:${join(dir, 'fifo.db')}` } });
    expect(r.timedOut).toBe(false);
    expect(r.stdout).toMatch(/imported 1, unchanged 0, re-parsed 0, failed 2/);
    const errors = errorLines(r.stderr).join('\n');
    expect(errors).toMatch(/a-pipe\.txt: error: 不是普通文件（命名管道）/);
    expect(errors).toMatch(/zero: error: 不是普通文件（设备文件）/);
  });
});
