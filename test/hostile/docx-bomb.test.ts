/**
 * Issue 11.2: a DOCX zip bomb (an 800 MB word/document.xml in ≈ 1 MB) is rejected from the ZIP
 * directory before anything is inflated, in the message style of the other size limits; a
 * directory that understates the part's size is caught at the declared size. Before: rejected
 * only after 28 s and 3.3 GB, with a V8 internal message.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { ReportError } from '../../lib/report/types';
import { readSource } from '../../lib/source';
import { docxBomb, peakRssMb } from './bombs';
import { errorLines, ROOT, runScript } from './cli';

const dir = mkdtempSync(join(tmpdir(), 'docx-bomb-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function rejection(p: Promise<unknown>): Promise<ReportError> {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(ReportError);
  return e as ReportError;
}

describe('DOCX zip bomb', () => {
  const bomb = docxBomb(800);

  test('800 MB document.xml: rejected from the directory at once, naming the part and the limit', async () => {
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const t0 = performance.now();
    const e = await rejection(readSource(bomb, 'bomb.docx'));
    const secs = (performance.now() - t0) / 1000;
    console.log(`DOCX bomb via readSource: ${secs.toFixed(2)} s, peak RSS of the test process ${peakRssMb()} MB`);
    expect(e.code).toBe('too_large');
    expect(e.reason).toBe(
      'word/document.xml 解压后过大（800.0 MB，上限 32 MB），疑为解压炸弹 / word/document.xml inflates to 800.0 MB (limit 32 MB): a decompression bomb',
    );
    expect(secs).toBeLessThan(2);
    expect(peakRssMb()).toBeLessThan(1024);
  });

  test('a directory that claims 1 KB for 800 MB is caught when the part yields more than it declared', async () => {
    const liar = docxBomb(800, 1024);
    const t0 = performance.now();
    const e = await rejection(readSource(liar, 'liar.docx'));
    console.log(`lying DOCX bomb: ${((performance.now() - t0) / 1000).toFixed(2)} s, peak RSS ${peakRssMb()} MB`);
    expect(e.code).toBe('too_large');
    expect(e.reason).toMatch(/^word\/document\.xml 解压后过大（超过目录所记的 1024 字节）/);
    expect(peakRssMb()).toBeLessThan(1024);
  });

  test('parse CLI: ≤ 10 s, one error line naming the file; a real DOCX after it is parsed', () => {
    writeFileSync(join(dir, 'bomb.docx'), bomb);
    const r = runScript('parse', [join(dir, 'bomb.docx'), join(ROOT, 'test/fixtures/source/000-report.docx')]);
    console.log(`parse CLI with the DOCX bomb: ${r.seconds.toFixed(1)} s`);
    expect(r.seconds).toBeLessThan(10);
    const errors = errorLines(r.stderr);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/bomb\.docx: error: word\/document\.xml 解压后过大/);
    expect(r.stdout).toContain('建瓯市人民政府办公室');
  });
});
