/**
 * Issue 11.2: a DOCX zip bomb (an 800 MB word/document.xml in ≈ 1 MB) is rejected from the ZIP
 * directory before anything is inflated, in the message style of the other size limits; a
 * directory that understates the part's size is caught at the declared size. Before: rejected
 * only after 28 s and 3.3 GB, with a V8 internal message.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { readSource } from '../../lib/source';
import { docxBomb, peakRssMb } from './bombs';
import { errorLines, ROOT, runScript } from './cli';
import { rejection } from '../helpers/rejection';

const dir = mkdtempSync(join(tmpdir(), 'docx-bomb-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * What the ZIP reader inflates while `work` runs: yauzl inflates each part through
 * zlib.createInflateRaw (the CommonJS module it requires, wrapped here), so the streams it opens
 * and the bytes they yield are counted — the budget the code enforces, whatever the machine's load.
 */
async function inflatedDuring<T>(work: () => Promise<T>): Promise<{ result: T; streams: number; bytes: number }> {
  const zlib = createRequire(import.meta.url)('node:zlib') as typeof import('node:zlib');
  const original = zlib.createInflateRaw;
  let streams = 0;
  let bytes = 0;
  // A read-only but configurable property of the module object.
  const set = (value: typeof original) => Object.defineProperty(zlib, 'createInflateRaw', { value, configurable: true, enumerable: true });
  set((...args) => {
    streams++;
    const stream = original(...args);
    stream.on('data', (chunk: Buffer) => (bytes += chunk.length));
    return stream;
  });
  try {
    return { result: await work(), streams, bytes };
  } finally {
    set(original);
  }
}

describe('DOCX zip bomb', () => {
  const bomb = docxBomb(800);

  test('800 MB document.xml: rejected from the directory at once, naming the part and the limit', async () => {
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const { result: e, streams } = await inflatedDuring(() => rejection(readSource(bomb, 'bomb.docx')));
    console.log(`DOCX bomb via readSource: peak RSS of the test process ${peakRssMb()} MB`);
    // Refused from the ZIP directory: not one part was inflated.
    expect(streams).toBe(0);
    expect(e.code).toBe('too_large');
    expect(e.reason).toBe(
      'word/document.xml 解压后过大（800.0 MB，上限 32 MB），疑为解压炸弹 / word/document.xml inflates to 800.0 MB (limit 32 MB): a decompression bomb',
    );
    expect(peakRssMb()).toBeLessThan(1024);
  });

  test('a directory that claims 1 KB for 800 MB is caught when the part yields more than it declared', async () => {
    const liar = docxBomb(800, 1024);
    const { result: e, bytes } = await inflatedDuring(() => rejection(readSource(liar, 'liar.docx')));
    console.log(`lying DOCX bomb: ${bytes} bytes inflated, peak RSS ${peakRssMb()} MB`);
    // Inflating stopped at the first zlib chunk (16 KB) past the 1 KB the directory declares, not at 800 MB.
    expect(bytes).toBeGreaterThan(1024);
    expect(bytes).toBeLessThanOrEqual(1024 + 16 * 1024);
    expect(e.code).toBe('too_large');
    expect(e.reason).toMatch(/^word\/document\.xml 解压后过大（超过目录所记的 1024 字节）/);
    expect(peakRssMb()).toBeLessThan(1024);
  });

  test('parse CLI: one error line naming the file; a real DOCX after it is parsed', () => {
    writeFileSync(join(dir, 'bomb.docx'), bomb);
    const r = runScript('parse', [join(dir, 'bomb.docx'), join(ROOT, 'test/fixtures/source/000-report.docx')]);
    expect(r.status).toBe(1);
    const errors = errorLines(r.stderr);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/bomb\.docx: error: word\/document\.xml 解压后过大/);
    expect(r.stdout).toContain('建瓯市人民政府办公室');
  });
});
