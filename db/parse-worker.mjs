// A parser thread (db/parse-pool.ts): loads the TypeScript parser through tsx, then parses the
// files the pool sends, one at a time and in the order sent (the pool relies on it to know which
// file a dying thread was parsing). After an import it also computes cross-year findings of
// bodies, reading through its own connection to the database. Plain JavaScript so it starts
// under any host (tsx, Vitest).
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

// The main thread stores every report in order and paces the whole import; these threads parse
// ahead. Niced (Linux: a thread's own id via /proc/thread-self), they take the CPU the storing
// thread leaves instead of competing with it. Elsewhere, or if refused, they run as they are.
try {
  setPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()), 10);
} catch {}

register();
const { parseFileBytes } = await import('./import.ts');

/** Connections by database URL, opened on first use and kept for the thread's life. */
const databases = new Map();
async function crossYear(url, agencyIds) {
  const [{ openDb }, { computeCrossYear }] = await Promise.all([import('./client.ts'), import('./crossyear.ts')]);
  if (!databases.has(url)) databases.set(url, openDb(url));
  return computeCrossYear(await databases.get(url), agencyIds);
}

let done = Promise.resolve();
/** One job: a file to parse, or a chunk of bodies' cross-year findings. */
async function run(m) {
  if (m.kind === 'cross-year') {
    try {
      parentPort.postMessage({ id: m.id, result: { ok: true, rows: await crossYear(m.url, m.agencyIds) } });
    } catch (err) {
      parentPort.postMessage({ id: m.id, result: { ok: false, reason: err.message } });
    }
  } else {
    // As one JSON string: the main thread, which stores every report, parses it in half the
    // time it takes to receive the same report as a structured clone of ~2,000 values.
    parentPort.postMessage({ id: m.id, json: JSON.stringify(await parseFileBytes(m.bytes, m.file)) });
  }
}

// The pool sends jobs in batches; they are run one at a time, in the order received.
parentPort.on('message', (jobs) => {
  for (const m of jobs) done = done.then(() => run(m));
});
