/**
 * Issue 11.3: two imports at once on one database. Both start on a database that does not exist
 * yet (so migrations and region loading race too) and import the same 600 files (copies of the
 * samples, each made different by a line naming the copy). Each report must be stored exactly
 * once, with 0 failures: what one import stored first is `unchanged` for the other.
 * Runs on SQLite, and on PostgreSQL under `npm run test:pg`.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../db/client';
import { count, freshDatabaseUrl, TEST_DIALECT } from './helpers/db';

const dir = mkdtempSync(join(tmpdir(), 'gongkai-concurrent-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SAMPLES = join(process.cwd(), 'data', 'samples');

/** The import command's summary line: imported, unchanged, re-parsed, failed. */
function summaryOf(stderr: string) {
  const m = /imported (\d+), unchanged (\d+), re-parsed (\d+), failed (\d+)/.exec(stderr);
  if (!m) throw new Error(`no summary line in:\n${stderr.slice(-800)}`);
  return { imported: Number(m[1]), unchanged: Number(m[2]), reparsed: Number(m[3]), failed: Number(m[4]) };
}

/** Runs `npm run import` (the script itself) on a folder; its stdout and stderr together. */
function runImport(url: string, folder: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/import.ts', folder], {
      cwd: process.cwd(),
      env: { ...process.env, DATABASE_URL: url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stdout.on('data', (d) => (stderr += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe(`two imports at once (${TEST_DIALECT})`, () => {
  it('store each of 600 files once, with no failure, on a database neither has opened before', async () => {
    const files = join(dir, 'copies');
    mkdirSync(files);
    const samples = readdirSync(SAMPLES).filter((f) => f.endsWith('.txt'));
    for (let i = 0; i < 600; i++) {
      const src = samples[i % samples.length];
      writeFileSync(join(files, `${String(i).padStart(3, '0')}-${src}`), readFileSync(join(SAMPLES, src), 'utf8') + `\n（副本 ${i}）\n`);
    }
    const { url, drop } = await freshDatabaseUrl('concurrent');
    try {
      const [a, b] = await Promise.all([runImport(url, files), runImport(url, files)]);
      expect([a.code, b.code], a.stderr.slice(-500) + b.stderr.slice(-500)).toEqual([0, 0]);
      const sa = summaryOf(a.stderr);
      const sb = summaryOf(b.stderr);
      expect(sa.failed + sb.failed).toBe(0);
      expect(sa.imported + sb.imported).toBe(600);
      expect(sa.unchanged + sb.unchanged).toBe(600);
      const db = await openDb(url);
      try {
        expect(await count(db, 'select count(*) as n from reports')).toBe(600);
        expect(await count(db, 'select count(distinct content_hash) as n from reports')).toBe(600);
        expect(await count(db, 'select count(*) as n from report_values')).toBe(600 * 200);
        // One agency row per agency, although both imports met each new agency at once.
        expect(await count(db, 'select count(*) as n from agencies')).toBe(5);
        // The regions were loaded once.
        expect(await count(db, "select count(*) as n from regions where code = '110000'")).toBe(1);
        expect(await count(db, "select count(*) as n from import_log where outcome = 'failed'")).toBe(0);
      } finally {
        await db.close();
      }
    } finally {
      await drop();
    }
  });
});
