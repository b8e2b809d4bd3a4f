/**
 * Checkpoints for a long SQLite import, off the importing thread. In WAL mode every commit that
 * finds the log past 1,000 pages copies it into the database file and syncs it — inside the
 * commit, on the thread that stores reports, a third of its time in a bulk import. During an
 * import the importing connection stops checkpointing (wal_autocheckpoint = 0) and a thread with
 * its own connection checkpoints in PASSIVE mode, which never blocks the writer; the log is
 * truncated when the import ends. Durability is unchanged: a commit is in the log either way.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from './client';

// Plain JavaScript run with `eval`: a worker thread of its own needs no TypeScript loader.
const CHECKPOINT_THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { timeout: 1000 });
let stopping = false;
const tick = () => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
  if (stopping) { db.close(); parentPort.postMessage('stopped'); } else setTimeout(tick, workerData.everyMs);
};
parentPort.on('message', () => { stopping = true; });
setTimeout(tick, workerData.everyMs);
`;

/** Starts background checkpoints for `db` (SQLite files only); the returned function ends them. */
export function checkpointInBackground(db: Db, everyMs = 250): () => Promise<void> {
  const client = db.sqlite;
  if (!client || client.memory || client.readonly) return async () => {};
  client.pragma('wal_autocheckpoint = 0');
  const worker = new Worker(CHECKPOINT_THREAD, {
    eval: true,
    workerData: { path: client.name, everyMs, driver: createRequire(import.meta.url).resolve('better-sqlite3') },
  });
  worker.on('error', () => {});
  const stopped = new Promise<void>((resolve) => {
    worker.once('message', () => resolve());
    worker.once('exit', () => resolve());
  });
  return async () => {
    worker.postMessage('stop');
    await stopped;
    await worker.terminate();
    if (!client.open) return;
    client.pragma('wal_autocheckpoint = 1000');
    client.pragma('wal_checkpoint(TRUNCATE)');
  };
}
