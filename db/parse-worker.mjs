// A parser thread (db/parse-pool.ts): loads the TypeScript parser through tsx, then parses the
// files the pool sends, one at a time. Plain JavaScript so it starts under any host (tsx, Vitest).
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { parseFileBytes } = await import('./import.ts');

parentPort.on('message', async ({ id, bytes, file }) => {
  parentPort.postMessage({ id, result: await parseFileBytes(bytes, file) });
});
