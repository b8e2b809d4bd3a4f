/**
 * The worker thread of pdf-isolated.ts: reads one PDF per message with pdfjs and answers with
 * its text or its ReportError. Runs under the limits its host set (heap, time, memory growth).
 */
import { parentPort } from 'node:worker_threads';
import { ReportError } from '../report/types';
import { extractPdfText } from './pdf';

export type PdfRequest = { id: number; bytes: Uint8Array; maxPages: number };
export type PdfAnswer = { id: number; text: string } | { id: number; error: { reason: string; code: ReportError['code'] | 'internal' } };

parentPort!.on('message', async ({ id, bytes, maxPages }: PdfRequest) => {
  let answer: PdfAnswer;
  try {
    answer = { id, text: await extractPdfText(bytes, { maxPages }) };
  } catch (e) {
    answer =
      e instanceof ReportError
        ? { id, error: { reason: e.reason, code: e.code } }
        : { id, error: { reason: (e as Error)?.message ?? String(e), code: 'internal' } };
  }
  parentPort!.postMessage(answer);
});
