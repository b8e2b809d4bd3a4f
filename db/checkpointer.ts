/**
 * Checkpoints for a long SQLite import, off the importing thread. In WAL mode every commit that
 * finds the log past 1,000 pages copies it into the database file and syncs it — inside the
 * commit, on the thread that stores reports, a third of its time in a bulk import. During an
 * import the importing connection stops checkpointing (wal_autocheckpoint = 0) and a thread with
 * its own connection checkpoints in PASSIVE mode, which never blocks the writer; the log is
 * truncated when the import ends. Durability is unchanged: a commit is in the log either way.
 *
 * A checkpoint running beside a writer never catches up with it, and SQLite only rewinds the log
 * once one has: alone, the log would grow by the size of everything imported. So every 20 write
 * transactions the importing thread finishes the copy itself between two transactions — only the
 * pages written since the thread's last pass — and the next transaction starts the log afresh.
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
  try {
    const [pass] = db.pragma('wal_checkpoint(PASSIVE)');
    if (workerData.reportPasses) parentPort.postMessage(pass);
  } catch {}
  if (stopping) { db.close(); parentPort.postMessage('stopped'); } else setTimeout(tick, workerData.everyMs);
};
parentPort.on('message', () => { stopping = true; });
setTimeout(tick, workerData.everyMs);
`;

export interface BackgroundCheckpoints {
  /** Call after each write transaction of the import (keeps the log from growing). */
  afterWrite(): void;
  /** Ends the background checkpoints: the log is copied in full and truncated. */
  end(): Promise<void>;
}

/** One checkpoint of the background thread: frames in the log, and how many of them are in the database file. */
export interface CheckpointPass {
  busy: number;
  log: number;
  checkpointed: number;
}

/** Write transactions between two catch-up checkpoints on the importing thread (≈ 40 MB of log). */
const WRITES_PER_CATCH_UP = 20;

/**
 * Starts background checkpoints for `db` (SQLite files; nothing to do on PostgreSQL). `onPass` is
 * told each checkpoint the thread makes (a test waits on it instead of on the clock).
 */
export function checkpointInBackground(db: Db, everyMs = 250, onPass?: (pass: CheckpointPass) => void): BackgroundCheckpoints {
  const client = db.sqlite;
  if (!client || client.memory || client.readonly) return { afterWrite() {}, async end() {} };
  client.pragma('wal_autocheckpoint = 0');
  const worker = new Worker(CHECKPOINT_THREAD, {
    eval: true,
    workerData: { path: client.name, everyMs, driver: createRequire(import.meta.url).resolve('better-sqlite3'), reportPasses: !!onPass },
  });
  worker.on('error', () => {});
  const stopped = new Promise<void>((resolve) => {
    worker.on('message', (m: 'stopped' | CheckpointPass) => (m === 'stopped' ? resolve() : onPass?.(m)));
    worker.once('exit', () => resolve());
  });
  let writes = 0;
  let retry = false;
  return {
    afterWrite() {
      if (!client.open || (++writes % WRITES_PER_CATCH_UP !== 0 && !retry)) return;
      // Busy: the background thread was checkpointing at that moment; try again after the next write.
      const [r] = client.pragma('wal_checkpoint(PASSIVE)') as { busy: number }[];
      retry = r.busy !== 0;
    },
    async end() {
      worker.postMessage('stop');
      await stopped;
      await worker.terminate();
      if (!client.open) return;
      client.pragma('wal_autocheckpoint = 1000');
      client.pragma('wal_checkpoint(TRUNCATE)');
    },
  };
}
