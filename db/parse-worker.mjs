// A parser thread (db/parse-pool.ts): loads the TypeScript parser through tsx, then parses the
// files the pool sends, one at a time and in the order sent (the pool relies on it to know which
// file a dying thread was parsing). After an import it also computes cross-year findings of
// bodies, reading through its own connection to the database. Plain JavaScript so it starts
// under any host (tsx, Vitest).
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

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
parentPort.on('message', (m) => {
  done = done.then(async () => {
    if (m.kind === 'cross-year') {
      try {
        parentPort.postMessage({ id: m.id, result: { ok: true, rows: await crossYear(m.url, m.agencyIds) } });
      } catch (err) {
        parentPort.postMessage({ id: m.id, result: { ok: false, reason: err.message } });
      }
    } else parentPort.postMessage({ id: m.id, result: await parseFileBytes(m.bytes, m.file) });
  });
});
