/**
 * Issue 24 finding 16: a 120,000-page PDF held a parser for 30.7 s (until the time limit). The
 * page count is now a budget: read from the page tree in the file's bytes before pdfjs opens it
 * (opening alone walks every page object), and checked again from pdfjs's numPages in the worker
 * before any page is read. The time limit is set here far above what reading would take, so only
 * the page budget can be what stops the file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { readSource } from '../../lib/source';
import { MAX_DOCUMENT_BYTES, MAX_PDF_PAGES } from '../../lib/source/limits';
import { pdfToText, readPdfInWorker } from '../../lib/source/pdf-isolated';
import { declaredPageCount } from '../../lib/source/pdf-pages';
import { ROOT } from './cli';
import { rejection } from '../helpers/rejection';

/** A valid PDF of `n` empty A4 pages (one page tree, one object per page), built in memory. */
function manyPagePdf(n: number): Buffer {
  const chunks: string[] = ['%PDF-1.4\n'];
  let at = chunks[0].length;
  const offsets: number[] = [];
  const push = (s: string) => {
    chunks.push(s);
    at += s.length; // ASCII only: characters are bytes
  };
  const obj = (num: number, body: string) => {
    offsets[num] = at;
    push(`${num} 0 obj\n${body}\nendobj\n`);
  };
  obj(1, '<< /Type /Catalog /Pages 2 0 R >>');
  const kids = Array.from({ length: n }, (_, i) => `${i + 3} 0 R`).join(' ');
  obj(2, `<< /Type /Pages /Kids [${kids}] /Count ${n} >>`);
  for (let i = 0; i < n; i++) obj(i + 3, '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> >>');
  const xref = at;
  const size = n + 3;
  push(`xref\n0 ${size}\n0000000000 65535 f \n`);
  const rows: string[] = [];
  for (let i = 1; i < size; i++) rows.push(`${String(offsets[i]).padStart(10, '0')} 00000 n \n`);
  push(rows.join(''));
  push(`trailer\n<< /Size ${size} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return Buffer.from(chunks.join(''), 'latin1');
}

const generous = { heapMb: 512, rssMb: 1024, timeMs: 600_000 };

describe('PDF page budget', () => {
  test('a 120,000-page PDF (under the 20 MB size limit) is refused by its page count, before any page is read', async () => {
    const pdf = manyPagePdf(120_000);
    expect(pdf.length).toBeLessThan(MAX_DOCUMENT_BYTES);
    expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
    expect(declaredPageCount(pdf)).toBe(120_000);
    const e = await rejection(pdfToText(pdf, generous));
    expect(e.code).toBe('too_large');
    expect(e.reason).toBe(`PDF 页数过多（120000 页，上限 ${MAX_PDF_PAGES} 页） / the PDF has 120000 pages (limit ${MAX_PDF_PAGES})`);
    // The same through the import's reader, with the default limits.
    expect((await rejection(readSource(pdf, 'many-pages.pdf'))).reason).toMatch(/^PDF 页数过多（120000 页/);
  }, 120_000);

  test('the budget is the page count: a real report over a smaller budget is refused, within it read', async () => {
    const report = readFileSync(join(ROOT, 'test/fixtures/source/000-report.pdf'));
    const pages = declaredPageCount(report)!;
    expect(pages).toBeGreaterThan(1);
    expect((await rejection(pdfToText(report, { ...generous, maxPages: pages - 1 }))).reason).toMatch(`（${pages} 页，上限 ${pages - 1} 页）`);
    // The worker's own check (pdfjs's numPages, for a page tree the byte scan cannot see).
    expect((await rejection(readPdfInWorker(report, { ...generous, maxPages: pages - 1 }))).reason).toMatch(`（${pages} 页，上限 ${pages - 1} 页）`);
    expect(await pdfToText(report, { ...generous, maxPages: pages })).toContain('建瓯市人民政府办公室');
  }, 120_000);
});
