// A parser thread (db/parse-pool.ts): loads the TypeScript parser through tsx, then parses the
// files the pool sends, one at a time and in the order sent (the pool relies on it to know which
// file a dying thread was parsing). Plain JavaScript so it starts under any host (tsx, Vitest).
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { parseFileBytes } = await import('./import.ts');

let parsed = Promise.resolve();
parentPort.on('message', ({ id, bytes, file }) => {
  parsed = parsed.then(async () => parentPort.postMessage({ id, result: await parseFileBytes(bytes, file) }));
});
