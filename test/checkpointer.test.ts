/**
 * Background checkpoints of a long SQLite import (db/checkpointer.ts): while they run, the
 * importing connection never checkpoints, yet the log is copied into the database file by the
 * other thread; when they end, the log is truncated and nothing written is lost.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkpointInBackground } from '../db/checkpointer';
import { openDb } from '../db/client';
import { q } from '../db/query';

const dir = mkdtempSync(join(tmpdir(), 'gongkai-checkpoint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('background checkpoints', () => {
  it('copy the log into the database file on another thread, and truncate it at the end', async () => {
    const path = join(dir, 'x.db');
    const db = await openDb(`file:${path}`);
    const sqlite = db.sqlite!;
    const before = statSync(path).size;
    const end = checkpointInBackground(db, 50);
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    // ≈ 8 MB in 40 transactions: past the 1,000-page log where the connection would checkpoint itself.
    const reason = 'x'.repeat(2000);
    for (let t = 0; t < 40; t++) {
      await db.write(function* (tx) {
        for (let i = 0; i < 100; i++) yield* tx.run(q`insert into import_log (run_at, file, outcome, reason) values (${'t'}, ${`f${t}-${i}`}, ${'failed'}, ${reason})`);
      });
    }
    // The importing connection did not checkpoint; the other thread did, within a few intervals.
    let grown = statSync(path).size;
    for (let i = 0; i < 40 && grown < before + 4e6; i++) {
      await sleep(50);
      grown = statSync(path).size;
    }
    expect(grown).toBeGreaterThan(before + 4e6);
    await end();
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(statSync(`${path}-wal`).size).toBe(0);
    expect(sqlite.prepare('select count(*) as n from import_log').get()).toEqual({ n: 4000 });
    await db.close();
  });
});
