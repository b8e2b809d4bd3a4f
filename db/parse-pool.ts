/**
 * Parsing in worker threads: a pool of parser threads sized to the machine's cores, so an import
 * parses several files at once while the main thread stores the results in input order
 * (db/import.ts). A thread that dies (out of memory on a hostile file) fails only the file it was
 * parsing, with the reason, and is replaced.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { FileParser, ParsedFile } from './import';

interface Job {
  id: number;
  bytes: Uint8Array;
  file: string;
  resolve: (r: ParsedFile) => void;
}

export interface ParsePool {
  parse: FileParser;
  /** Threads in the pool. */
  readonly size: number;
  close(): Promise<void>;
}

const WORKER = new URL('./parse-worker.mjs', import.meta.url);

export function createParsePool(size = availableParallelism()): ParsePool {
  const queue: Job[] = [];
  const idle: Worker[] = [];
  const busy = new Map<Worker, Job>();
  let nextId = 0;
  let closed = false;

  const dispatch = () => {
    while (idle.length && queue.length) {
      const w = idle.pop()!;
      const job = queue.shift()!;
      busy.set(w, job);
      // The bytes are moved to the thread, not copied.
      w.postMessage({ id: job.id, bytes: job.bytes, file: job.file }, [job.bytes.buffer as ArrayBuffer]);
    }
  };

  const spawn = () => {
    // A parse allocates a few megabytes that die at once: a larger young generation (V8's default
    // is 16 MB) makes the collector run less often — about a tenth less CPU per report.
    const w = new Worker(WORKER, { resourceLimits: { maxYoungGenerationSizeMb: 64 } });
    w.on('message', (m: { id: number; result: ParsedFile }) => {
      const job = busy.get(w);
      busy.delete(w);
      idle.push(w);
      job?.resolve(m.result);
      dispatch();
    });
    const lost = (reason: string) => {
      const job = busy.get(w);
      busy.delete(w);
      const i = idle.indexOf(w);
      if (i >= 0) idle.splice(i, 1);
      job?.resolve({ ok: false, reason: `parser thread failed: ${reason}` });
      if (!closed) {
        spawn();
        dispatch();
      }
    };
    w.on('error', (e) => lost(e.message));
    w.on('exit', (code) => {
      if (!closed && code !== 0) lost(`exit code ${code}`);
    });
    idle.push(w);
  };

  for (let i = 0; i < size; i++) spawn();
  return {
    size,
    parse(bytes, file) {
      if (closed) return Promise.reject(new Error('parse pool is closed'));
      // A private copy: the caller's buffer may be a slice of a larger pooled one.
      const own = new Uint8Array(bytes);
      return new Promise<ParsedFile>((resolve) => {
        queue.push({ id: nextId++, bytes: own, file, resolve });
        dispatch();
      });
    },
    async close() {
      closed = true;
      await Promise.all([...idle, ...busy.keys()].map((w) => w.terminate()));
    },
  };
}
