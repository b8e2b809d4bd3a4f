/**
 * Background checkpoints of a long SQLite import (db/checkpointer.ts): while they run, the
 * importing connection never checkpoints, yet the log is copied into the database file by the
 * other thread, and rewound as the import goes; when they end, the log is truncated and nothing
 * written is lost.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkpointInBackground, type CheckpointPass } from '../db/checkpointer';
import { openDb } from '../db/client';
import { q } from '../db/query';

const dir = mkdtempSync(join(tmpdir(), 'gongkai-checkpoint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('background checkpoints', () => {
  it('copy the log into the database file on another thread, and truncate it at the end', async () => {
    const path = join(dir, 'x.db');
    const db = await openDb(`file:${path}`);
    const sqlite = db.sqlite!;
    sqlite.pragma('wal_checkpoint(TRUNCATE)'); // the log of creating the database, out of the way
    const before = statSync(path).size;
    // Each pass of the other thread is told here: the test waits for one instead of on the clock.
    const passes: CheckpointPass[] = [];
    let onPass = () => {};
    const checkpoints = checkpointInBackground(db, 50, (pass) => (passes.push(pass), onPass()));
    const firstPass = (done: (p: CheckpointPass) => boolean) =>
      new Promise<CheckpointPass>((resolve) => {
        const found = passes.find(done);
        if (found) return resolve(found);
        onPass = () => done(passes.at(-1)!) && resolve(passes.at(-1)!);
      });
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    // ≈ 8 MB in 40 transactions: past the 1,000-page log where the connection would checkpoint itself.
    const reason = 'x'.repeat(2000);
    let halfway = 0;
    for (let t = 0; t < 40; t++) {
      await db.write(function* (tx) {
        for (let i = 0; i < 100; i++)
          yield* tx.run(q`insert into import_log (run_at, file, outcome, reason) values (${'t'}, ${`f${t}-${i}`}, ${'failed'}, ${reason})`);
      });
      checkpoints.afterWrite();
      if (t === 4) {
        // Five transactions in, before the importing thread's first catch-up (after 20), the other
        // thread's first pass that finds frames in the log copies them into the database file.
        const pass = await firstPass((p) => p.log > 0);
        expect(pass.busy).toBe(0);
        expect(pass.checkpointed).toBeGreaterThan(0);
        expect(statSync(path).size).toBeGreaterThan(before);
      }
      if (t === 19) halfway = statSync(`${path}-wal`).size;
    }
    // The importing thread caught up after 20 transactions, so the log was rewound: the next 20
    // reused it instead of doubling it.
    expect(halfway).toBeGreaterThan(3e6);
    expect(statSync(`${path}-wal`).size).toBeLessThan(halfway * 1.5);
    await checkpoints.end();
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(statSync(`${path}-wal`).size).toBe(0);
    expect(statSync(path).size).toBeGreaterThan(before + 8e6);
    expect(sqlite.prepare('select count(*) as n from import_log').get()).toEqual({ n: 4000 });
    await db.close();
  });
});
