// A parser thread (db/parse-pool.ts): parses the files the pool sends, one at a time and in the
// order sent (the pool relies on it to know which file a dying thread was parsing). After an
// import it also computes cross-year findings of bodies, reading through its own connection to
// the database. Started as dist/parse-worker.mjs (bundled by `npm run build`) from the bundled
// commands, or through db/parse-worker.mjs (which loads tsx) from source.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, type MessagePort } from 'node:worker_threads';
import { openDb, type Db } from './client';
import { computeCrossYear } from './crossyear';
import { parseFileBytes } from './import';

// The main thread stores every report in order and paces the whole import; these threads parse
// ahead. Niced (Linux: a thread's own id via /proc/thread-self), they take the CPU the storing
// thread leaves instead of competing with it. Elsewhere, or if refused, they run as they are.
try {
  setPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()), 10);
} catch {}

type Message = { id: number; kind: 'parse'; bytes: Uint8Array; file: string } | { id: number; kind: 'cross-year'; url: string; agencyIds: number[] };

const port = parentPort as MessagePort;

/** Connections by database URL, opened on first use and kept for the thread's life. */
const databases = new Map<string, Promise<Db>>();
async function crossYear(url: string, agencyIds: number[]) {
  let db = databases.get(url);
  if (!db) databases.set(url, (db = openDb(url)));
  return computeCrossYear(await db, agencyIds);
}

let done = Promise.resolve();
/** One job: a file to parse, or a chunk of bodies' cross-year findings. */
async function run(m: Message) {
  if (m.kind === 'cross-year') {
    try {
      port.postMessage({ id: m.id, result: { ok: true, rows: await crossYear(m.url, m.agencyIds) } });
    } catch (err) {
      port.postMessage({ id: m.id, result: { ok: false, reason: (err as Error).message } });
    }
  } else {
    // As one JSON string: the main thread, which stores every report, parses it in half the
    // time it takes to receive the same report as a structured clone of ~2,000 values.
    port.postMessage({ id: m.id, json: JSON.stringify(await parseFileBytes(m.bytes, m.file)) });
  }
}

// The pool sends jobs in batches; they are run one at a time, in the order received.
port.on('message', (jobs: Message[]) => {
  for (const m of jobs) done = done.then(() => run(m));
});
