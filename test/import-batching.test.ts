/**
 * A bulk import stores its reports in few write transactions even when the parser answers one
 * file at a time (as parser threads do). Storing each answer as it arrived made transactions of
 * one or two reports, which cost half of a large import's time (db/import.ts, BATCH_WAIT_MS).
 * Runs on SQLite, and on PostgreSQL under `npm run test:pg`.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importFiles, parseFileBytes, type FileParser } from '../db/import';
import type { Db } from '../db/client';
import { count, testDb } from './helpers/db';

const dir = mkdtempSync(join(tmpdir(), 'gongkai-batching-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SAMPLES = join(process.cwd(), 'data', 'samples');

/** 60 distinct report files: the samples, each copy made different by a line naming it. */
function copies(n: number): string[] {
  const samples = readdirSync(SAMPLES).sort();
  return Array.from({ length: n }, (_, i) => {
    const file = join(dir, `copy-${String(i).padStart(3, '0')}.txt`);
    writeFileSync(file, readFileSync(join(SAMPLES, samples[i % samples.length]), 'utf8') + `\n（副本 ${i}）\n`);
    return file;
  });
}

/** A parser answering one file at a time, 2 ms apart, like a parser thread working through its files. */
function oneAtATime(): FileParser {
  let last = Promise.resolve();
  return (bytes, file) => {
    const answer = last.then(() => new Promise<void>((r) => setTimeout(r, 2))).then(() => parseFileBytes(bytes, file));
    last = answer.then(() => undefined);
    return answer;
  };
}

describe('bulk import batching', () => {
  it('stores 60 files parsed one at a time in one write transaction, every report whole', async () => {
    const db = await testDb('batching');
    let writes = 0;
    const counted: Db = { ...db, write: (work) => (writes++, db.write(work)) };
    const files = copies(60);
    let storedAt = -1;
    // The batch waits for each next file however long its parse takes, and the import log is
    // written once at the end: the count below depends on the code only, not on the machine's load
    // (with the 100 ms window a busy machine cut the batch wherever a parse stalled).
    const outcomes = await importFiles(counted, files, {
      parser: oneAtATime(),
      batchWaitMs: Infinity,
      logFlushMs: Infinity,
      onStage: (stage) => stage === 'stored' && storedAt < 0 && (storedAt = writes),
    });
    expect(outcomes.map((o) => o.outcome)).toEqual(new Array(60).fill('imported'));
    // Before the derived tables: one batch of all 60 reports (BATCH is 100) and one write of the
    // import log. Storing each parser answer as it arrived made 60 + 1.
    expect(storedAt).toBe(2);
    expect(await count(db, 'select count(*) as n from reports')).toBe(60);
    expect(await count(db, 'select count(*) as n from import_log')).toBe(60);
    // Each report whole: its ~200 values (2021 format) and its checks.
    expect(await count(db, 'select count(*) as n from reports r where (select count(*) from report_values v where v.report_id = r.id) < 150')).toBe(
      0,
    );
    expect(await count(db, 'select count(*) as n from reports r where not exists (select 1 from report_checks c where c.report_id = r.id)')).toBe(0);
    await db.close();
  });
});
