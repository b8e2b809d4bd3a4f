/**
 * Parsing in worker threads: a pool of parser threads sized to the machine's cores, so an import
 * parses several files at once while the main thread stores the results in input order
 * (db/import.ts). Each thread is handed a few files ahead: the main thread stores a batch in one
 * synchronous transaction, and a thread holding a single file would sit idle until it ends.
 * A thread that dies (out of memory on a hostile file) fails only the file it was parsing, with
 * the reason; the files it held behind that one go to its replacement.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { CrossYearRows } from './crossyear';
import type { FileParser, ParsedFile } from './import';

/** A file to parse, or a chunk of bodies whose cross-year findings to compute. */
type Job = { id: number } & (
  | { kind: 'parse'; bytes: Uint8Array; file: string; resolve: (r: ParsedFile) => void }
  | { kind: 'cross-year'; url: string; agencyIds: number[]; resolve: (r: CrossYearResult) => void }
);

type CrossYearResult = { ok: true; rows: CrossYearRows } | { ok: false; reason: string };

/** Hands a job the thread's answer (a ParsedFile or a CrossYearResult, as the job's kind says). */
function settle(job: Job, result: unknown): void {
  (job.resolve as (r: unknown) => void)(result);
}

export interface ParsePool {
  parse: FileParser;
  /**
   * Cross-year findings of some bodies, computed in a thread reading the database at `url` (the
   * one being imported into): the derived tables of a large import are computed on every core.
   */
  crossYear(url: string, agencyIds: number[]): Promise<CrossYearRows>;
  /** Threads in the pool. */
  readonly size: number;
  close(): Promise<void>;
}

const WORKER = new URL('./parse-worker.mjs', import.meta.url);

/** Files handed to one thread ahead: enough to keep it busy through a store transaction (100 reports). */
const FILES_AHEAD_PER_THREAD = 64;

export interface ParsePoolOptions {
  /** The thread's script (default db/parse-worker.mjs); tests use one that fails on purpose. */
  worker?: URL;
}

export function createParsePool(size = availableParallelism(), opts: ParsePoolOptions = {}): ParsePool {
  const queue: Job[] = [];
  /** Each live thread and the files it holds, in the order it parses them (one at a time). */
  const held = new Map<Worker, Job[]>();
  let nextId = 0;
  let closed = false;

  /** Hands queued jobs to the threads, several per message (a message costs more than copying a file). */
  const dispatch = () => {
    const batches = new Map<Worker, Omit<Job, 'resolve'>[]>();
    while (queue.length) {
      // To the thread holding the fewest jobs, so two chunks of cross-year work go to two threads.
      let target: [Worker, Job[]] | undefined;
      for (const entry of held) if (!target || entry[1].length < target[1].length) target = entry;
      if (!target || target[1].length >= FILES_AHEAD_PER_THREAD) break;
      const job = queue.shift()!;
      target[1].push(job);
      // Copied, not moved: if the thread dies, the files it held go to its replacement.
      const { resolve: _, ...message } = job;
      let batch = batches.get(target[0]);
      if (!batch) batches.set(target[0], (batch = []));
      batch.push(message);
    }
    for (const [w, jobs] of batches) w.postMessage(jobs);
  };
  /** Jobs queued in one turn of the event loop are dispatched together, after it. */
  let dispatchScheduled = false;
  const dispatchSoon = () => {
    if (dispatchScheduled) return;
    dispatchScheduled = true;
    queueMicrotask(() => {
      dispatchScheduled = false;
      dispatch();
    });
  };

  const spawn = () => {
    // A parse allocates a few megabytes that die at once: a larger young generation (V8's default
    // is 16 MB) makes the collector run less often — about a tenth less CPU per report.
    const w = new Worker(opts.worker ?? WORKER, { resourceLimits: { maxYoungGenerationSizeMb: 64 } });
    held.set(w, []);
    w.on('message', (m: { id: number; result?: unknown; json?: string }) => {
      const jobs = held.get(w);
      const i = jobs?.findIndex((j) => j.id === m.id) ?? -1;
      if (i < 0) return;
      const [job] = jobs!.splice(i, 1);
      settle(job, m.json !== undefined ? JSON.parse(m.json) : m.result);
      dispatchSoon();
    });
    const lost = (reason: string) => {
      const jobs = held.get(w);
      if (!jobs) return;
      held.delete(w);
      // The thread parses its files in order: the first it holds is the one it died on.
      const [culprit, ...rest] = jobs;
      if (culprit) settle(culprit, { ok: false, reason: `parser thread failed: ${reason}` });
      queue.unshift(...rest);
      if (!closed) {
        spawn();
        dispatch();
      }
    };
    w.on('error', (e) => lost(e.message));
    w.on('exit', (code) => {
      if (!closed && code !== 0) lost(`exit code ${code}`);
    });
  };

  for (let i = 0; i < size; i++) spawn();
  return {
    size,
    parse(bytes, file) {
      if (closed) return Promise.reject(new Error('parse pool is closed'));
      // A private copy: the caller's buffer may be a slice of a larger pooled one.
      const own = new Uint8Array(bytes);
      return new Promise<ParsedFile>((resolve) => {
        queue.push({ id: nextId++, kind: 'parse', bytes: own, file, resolve });
        dispatchSoon();
      });
    },
    async crossYear(url, agencyIds) {
      if (closed) throw new Error('parse pool is closed');
      const r = await new Promise<CrossYearResult>((resolve) => {
        queue.push({ id: nextId++, kind: 'cross-year', url, agencyIds, resolve });
        dispatchSoon();
      });
      if (!r.ok) throw new Error(`cross-year findings in a parser thread: ${r.reason}`);
      return r.rows;
    },
    async close() {
      closed = true;
      await Promise.all([...held.keys()].map((w) => w.terminate()));
    },
  };
}
