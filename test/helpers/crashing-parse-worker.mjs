// A stand-in parser thread for test/parse-pool.test.ts: the pool's protocol, one file at a time
// in order, echoing each file's text; it exits (as a thread out of memory would) on "crash.txt".
import { parentPort } from 'node:worker_threads';

let parsed = Promise.resolve();
parentPort.on('message', (jobs) => {
  for (const { id, bytes, file } of jobs) {
    parsed = parsed.then(async () => {
      await new Promise((r) => setTimeout(r, 5));
      if (file === 'crash.txt') process.exit(3);
      parentPort.postMessage({ id, json: JSON.stringify({ ok: true, kind: 'text', report: new TextDecoder().decode(bytes) }) });
    });
  }
});
