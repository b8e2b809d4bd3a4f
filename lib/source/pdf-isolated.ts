/**
 * PDF → text with bounded cost. pdfjs decodes whatever a PDF asks for: a 1 MB stream that
 * inflates to 1 GB, or content that builds millions of operators, would take the whole import
 * down (out of memory after minutes, the files after it never read). So:
 * 1. before pdfjs, every FlateDecode stream is inflated with a cap (pdf-streams.ts): a
 *    decompression bomb fails in well under a second;
 * 2. pdfjs then runs in a worker thread with a JavaScript heap limit, a time limit and a watch on
 *    the process's resident memory (typed arrays live outside the heap). A PDF over a limit ends
 *    its worker, fails with a one-line ReportError, and the next PDF gets a fresh worker.
 *
 * One worker is kept between files (starting one costs ≈ 0.3 s: pdfjs, and tsx from source, load); it does not
 * keep the process alive when idle. Requests are served one at a time.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ReportError } from '../report/types';
import { MAX_PDF_PAGES, mb, PDF_HEAP_LIMIT_MB, PDF_RSS_LIMIT_MB, PDF_TIME_LIMIT_MS, tooManyPages } from './limits';
import { declaredPageCount } from './pdf-pages';
import { assertPdfStreamsBounded } from './pdf-streams';
import type { PdfAnswer, PdfRequest } from './pdf-worker';

export interface PdfLimits {
  heapMb: number;
  rssMb: number;
  timeMs: number;
  /** Pages the PDF may have (checked before any page is read); MAX_PDF_PAGES when absent. */
  maxPages?: number;
}

const DEFAULT_LIMITS: PdfLimits = { heapMb: PDF_HEAP_LIMIT_MB, rssMb: PDF_RSS_LIMIT_MB, timeMs: PDF_TIME_LIMIT_MS, maxPages: MAX_PDF_PAGES };

let worker: Worker | undefined;
let workerHeapMb = 0;
let queue: Promise<unknown> = Promise.resolve();
let nextId = 1;

/**
 * The worker's entry file, run from source. Next bundles this module into its server chunks for
 * the upload route, where import.meta.url is the chunk's and the worker must not be bundled: there
 * the file is found from the project root, which the server runs in (scripts/serve.mjs). The boot
 * file then runs the bundled worker (dist/pdf-worker.mjs, `npm run build`) in production or where
 * tsx is not installed, else the TypeScript source through tsx. Kept to paths Next's tracer can
 * follow statically: one it cannot makes it trace the whole project into the build.
 */
function bootFile(): string {
  const here = join(dirname(fileURLToPath(import.meta.url)), BOOT);
  return existsSync(here) ? here : join(/*turbopackIgnore: true*/ process.cwd(), 'lib', 'source', BOOT);
}
const BOOT = 'pdf-worker-boot.mjs';

/** The worker is TypeScript: pdf-worker-boot.mjs registers tsx's loader in the new thread, then imports pdf-worker.ts. */
function startWorker(heapMb: number): Worker {
  const w = new Worker(bootFile(), {
    resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 32 },
    stdout: false,
    stderr: false,
  });
  w.unref();
  return w;
}

function stopWorker(): void {
  const w = worker;
  worker = undefined;
  void w?.terminate();
}

function runInWorker(bytes: Uint8Array, limits: PdfLimits): Promise<string> {
  if (!worker || workerHeapMb !== limits.heapMb) {
    stopWorker();
    worker = startWorker(limits.heapMb);
    workerHeapMb = limits.heapMb;
  }
  const w = worker;
  const id = nextId++;
  const rss0 = process.memoryUsage.rss();
  return new Promise<string>((resolve, reject) => {
    const fail = (e: ReportError) => {
      finish();
      stopWorker(); // its state is unknown: the next file gets a fresh one
      reject(e);
    };
    const onMessage = (a: PdfAnswer) => {
      if (a.id !== id) return;
      finish();
      if ('text' in a) resolve(a.text);
      else if (a.error.code === 'internal') reject(new Error(a.error.reason));
      else reject(new ReportError(a.error.reason, a.error.code));
    };
    const onError = (e: Error & { code?: string }) =>
      fail(
        e.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new ReportError(
              `读取 PDF 超出内存上限（${limits.heapMb} MB） / reading the PDF needs more than ${limits.heapMb} MB of memory`,
              'too_large',
            )
          : new ReportError(`PDF 读取进程出错 / the PDF reader failed (${e.message})`, 'unreadable'),
      );
    const onExit = () => fail(new ReportError('PDF 读取进程意外退出 / the PDF reader stopped unexpectedly', 'unreadable'));
    const timer = setTimeout(
      () =>
        fail(
          new ReportError(`读取 PDF 超时（超过 ${limits.timeMs / 1000} 秒） / reading the PDF took more than ${limits.timeMs / 1000} s`, 'too_large'),
        ),
      limits.timeMs,
    );
    // Typed arrays (decoded streams, images) are not on the worker's heap: watch the process instead.
    const watch = setInterval(() => {
      const grown = process.memoryUsage.rss() - rss0;
      if (grown > limits.rssMb * 1024 * 1024) {
        fail(
          new ReportError(
            `读取 PDF 超出内存上限（增长超过 ${mb(limits.rssMb * 1024 * 1024)}） / reading the PDF needs more than ${limits.rssMb} MB of memory`,
            'too_large',
          ),
        );
      }
    }, 50);
    function finish() {
      clearTimeout(timer);
      clearInterval(watch);
      w.off('message', onMessage).off('error', onError).off('exit', onExit);
      w.unref();
    }
    w.on('message', onMessage).on('error', onError).on('exit', onExit);
    w.ref();
    const copy = new Uint8Array(bytes);
    w.postMessage({ id, bytes: copy, maxPages: limits.maxPages ?? MAX_PDF_PAGES } satisfies PdfRequest, [copy.buffer]);
  });
}

/** PDF → text (see pdf.ts for the layout), with the limits above; throws ReportError on bad input. */
export async function pdfToText(bytes: Uint8Array, limits: PdfLimits = DEFAULT_LIMITS): Promise<string> {
  assertPdfStreamsBounded(bytes);
  const maxPages = limits.maxPages ?? MAX_PDF_PAGES;
  const declared = declaredPageCount(bytes);
  if (declared != null && declared > maxPages) throw tooManyPages(declared, maxPages);
  return readPdfInWorker(bytes, limits);
}

/** Step 2 alone (no stream cap): pdfjs in the worker under the limits. */
export function readPdfInWorker(bytes: Uint8Array, limits: PdfLimits = DEFAULT_LIMITS): Promise<string> {
  const run = queue.then(() => runInWorker(bytes, limits));
  queue = run.catch(() => undefined);
  return run;
}
