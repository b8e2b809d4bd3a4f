/**
 * Issue 11.1: a PDF decompression bomb (one FlateDecode content stream of 1 GB of zeros, ≈ 1 MB
 * on disk) fails at the stream cap with bounded memory and a one-line reason naming the file; the files
 * after it are still parsed and imported. Before: parse and import aborted out of memory.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, describe, expect, test } from 'vitest';
import { readSource } from '../../lib/source';
import { readPdfInWorker, pdfToText } from '../../lib/source/pdf-isolated';
import { peakRssMb, pdfWithContent, zlibZeros } from './bombs';
import { errorLines, ROOT, runScript } from './cli';
import { rejection } from '../helpers/rejection';

const dir = mkdtempSync(join(tmpdir(), 'pdf-bomb-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bomb = pdfWithContent(zlibZeros(1024)); // 1 GB of zeros
const goodPdf = readFileSync(join(ROOT, 'test/fixtures/source/000-report.pdf'));

/** The largest timer delay: the worker's time limit out of play, so only the memory limits can stop it, however busy the machine. */
const NO_TIME_LIMIT = 2 ** 31 - 1;

describe('PDF decompression bomb', () => {
  test('the generated bomb is what it claims: ≈ 1 MB inflating to 1 GB (checked on a 4 MB cut)', () => {
    expect(bomb.length).toBeLessThan(1.2 * 1024 * 1024);
    const small = inflateSync(zlibZeros(4)); // zlib verifies the Adler-32 too
    expect(small.length).toBe(4 * 1024 * 1024);
    expect(small.every((b) => b === 0)).toBe(true);
  });

  test('readSource rejects it at the 64 MB stream cap with bounded memory, too_large, naming the limit', async () => {
    const e = await rejection(readSource(bomb, 'bomb.pdf'));
    console.log(`PDF bomb via readSource: peak RSS of the test process ${peakRssMb()} MB`);
    expect(e.code).toBe('too_large');
    // The stream cap stopped it (inflating stops at 64 MB + 1 byte), not the worker's limits.
    expect(e.reason).toBe(
      'PDF 数据流 解压后过大（超过 64 MB 上限），疑为解压炸弹 / a PDF stream inflates to more than the 64 MB limit: a decompression bomb',
    );
    expect(peakRssMb()).toBeLessThan(1024);
  });

  test('the worker limits alone (no stream cap) stop it too, and the next PDF reads in a fresh worker', async () => {
    const e = await rejection(readPdfInWorker(bomb, { heapMb: 256, rssMb: 256, timeMs: NO_TIME_LIMIT }));
    console.log(`PDF bomb in the worker alone: ${e.reason}`);
    expect(e.code).toBe('too_large');
    expect(e.reason).toMatch(/memory|内存/);
    expect(await pdfToText(goodPdf)).toContain('建瓯市人民政府办公室');
  });

  test('a PDF over the heap limit ends its worker with the reason; the next PDF reads', async () => {
    const e = await rejection(readPdfInWorker(goodPdf, { heapMb: 8, rssMb: 1024, timeMs: NO_TIME_LIMIT }));
    expect(e.reason).toBe('读取 PDF 超出内存上限（8 MB） / reading the PDF needs more than 8 MB of memory');
    expect(await pdfToText(goodPdf)).toContain('建瓯市人民政府办公室');
  });

  test('a PDF over the time limit fails with the reason and the batch goes on', async () => {
    const e = await rejection(readPdfInWorker(goodPdf, { heapMb: 256, rssMb: 1024, timeMs: 1 }));
    expect(e.reason).toMatch(/超时|took more than/);
    expect(await pdfToText(goodPdf)).toContain('建瓯市人民政府办公室');
  });

  test('parse CLI: one line naming the bomb, the good files after it still parsed', () => {
    writeFileSync(join(dir, 'bomb.pdf'), bomb);
    copyFileSync(join(ROOT, 'data/samples/003_6790f04c403e7862.txt'), join(dir, 'after.txt'));
    const r = runScript('parse', ['--jsonl', join(dir, 'bomb.pdf'), join(dir, 'after.txt')]);
    expect(r.timedOut).toBe(false);
    expect(r.status).toBe(1);
    const errors = errorLines(r.stderr);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/bomb\.pdf: error: .*解压后过大.*64 MB/);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ code: 'too_large' });
    expect(lines[1].meta.agency).toBe('武威市人民政府');
  });

  test('import: the bomb is logged as failed, the good file is stored', () => {
    const db = join(dir, 'import.db');
    const r = runScript('import', [dir], { env: { DATABASE_URL: `file:${db}` } });
    expect(r.timedOut).toBe(false);
    expect(r.stdout).toMatch(/imported 1, unchanged 0, re-parsed 0, failed 1/);
    expect(errorLines(r.stderr).join('\n')).toMatch(/bomb\.pdf: error: .*解压后过大/);
  });
});
