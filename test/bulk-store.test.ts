/**
 * The PostgreSQL bulk store (db/store.ts storeIndependentSteps, used by db/import.ts storeBatch)
 * stores exactly what storing the reports one by one stores: the same files imported into a
 * SQLite file (one savepoint per report) and into PostgreSQL (a batch's independent reports in a
 * few multi-row statements) give the same rows in every table, derived ones included. And a
 * report failing half-way through a batch (a test seam, no timing) leaves nothing of it behind:
 * the batch's other reports are stored whole. The comparison runs under `npm run test:pg`; the
 * failure test on both databases.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../db/client';
import type { Step, Tx, Work } from '../db/driver';
import { importFiles } from '../db/import';
import { renderReport, rng, synthValues } from '../scripts/synth';
import { count, TEST_DIALECT, testDb } from './helpers/db';

const dir = mkdtempSync(join(tmpdir(), 'gongkai-bulk-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SAMPLES = join(process.cwd(), 'data', 'samples');

/**
 * Report files around one county (淳化县, 咸阳市, 陕西省), in an order that exercises what one
 * report's storing does to another's: region-wide reports before and after the reports they
 * cover, the same agency in two years, a corrected re-publication and a copy of a file in the
 * middle of the batch (both must be stored after the reports before them), then the samples.
 */
function corpus(): string[] {
  const r = rng(25);
  const files: string[] = [];
  const write = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    files.push(file);
  };
  const report = (agency: string, year: number, published: string, scale: number, wide?: string) =>
    renderReport(agency, year, published, synthValues(r, scale, false), { wide });
  const town = (name: string, year: number, published: string) => report(`咸阳市淳化县${name}人民政府`, year, published, 4);
  write('01-guanzhuang-2023.txt', town('官庄镇', 2023, '2024-01-12'));
  write('02-county-2023.txt', report('咸阳市淳化县人民政府', 2023, '2024-01-15', 300, '县'));
  const fangli = town('方里镇', 2023, '2024-01-13');
  write('03-fangli-2023.txt', fangli);
  write('04-education-2023.txt', report('咸阳市淳化县教育局', 2023, '2024-01-20', 15));
  write('05-city-2023.txt', report('陕西省咸阳市人民政府', 2023, '2024-01-25', 1800, '市'));
  write('06-guanzhuang-2024.txt', town('官庄镇', 2024, '2025-01-12'));
  write('07-county-2024.txt', report('咸阳市淳化县人民政府', 2024, '2025-01-15', 300, '县'));
  write('08-guanzhuang-2023-v2.txt', town('官庄镇', 2023, '2024-06-12'));
  write('09-fangli-2023-copy.txt', fangli);
  write('10-province-2023.txt', report('陕西省', 2023, '2024-01-28', 9000, '省'));
  write('11-civil-affairs-2024.txt', report('咸阳市淳化县民政局', 2024, '2025-01-20', 15));
  write('12-civil-affairs-2023.txt', report('咸阳市淳化县民政局', 2023, '2024-01-20', 15));
  for (const s of readdirSync(SAMPLES).sort()) write(`20-${s}`, readFileSync(join(SAMPLES, s), 'utf8'));
  return files;
}

/** Every table's rows, sorted, without what differs by nature (the time of the import). */
async function dump(db: Db): Promise<Record<string, string[]>> {
  const tables = [
    'agencies',
    'reports',
    'report_values',
    'report_checks',
    'report_sections',
    'report_metrics',
    'import_log',
    'region_rollups',
    'cross_year_findings',
    'text_reuse',
    'cross_year_summary',
    'coverage_summary',
  ];
  const out: Record<string, string[]> = {};
  for (const t of tables) {
    const raw: Record<string, unknown>[] =
      db.dialect === 'postgres' ? (await db.pgPool!.query(`select * from ${t}`)).rows : db.sqlite!.prepare(`select * from ${t}`).all();
    out[t] = raw
      .map((row) => {
        const rest = { ...row };
        delete rest.imported_at;
        delete rest.run_at;
        // import_log's own ids are not compared: the log is written in other transactions than the reports.
        if (t === 'import_log') delete rest.id;
        return JSON.stringify(rest, Object.keys(rest).sort());
      })
      .sort();
  }
  return out;
}

/** A Db counting the per-report savepoints its write transactions open (the one-by-one path). */
function countingSavepoints(db: Db): { db: Db; savepoints: () => number } {
  let n = 0;
  function* watch<T>(g: Generator<Step, T, unknown>): Generator<Step, T, unknown> {
    let r = g.next();
    while (!r.done) {
      const step = r.value;
      if ('text' in step.query && step.query.text === 'savepoint report') n++;
      let answer: unknown;
      try {
        answer = yield step;
      } catch (err) {
        r = g.throw(err);
        continue;
      }
      r = g.next(answer);
    }
    return r.value;
  }
  return { db: { ...db, write: <T>(work: Work<T>) => db.write((tx: Tx) => watch(work(tx))) }, savepoints: () => n };
}

const OPTS = { batchWaitMs: Infinity, logFlushMs: Infinity };

describe.runIf(TEST_DIALECT === 'postgres')('the PostgreSQL bulk store', () => {
  it('stores the same rows as SQLite one report at a time, the derived tables included', async () => {
    const files = corpus();
    const sqlite = await openDb(join(dir, 'one-by-one.db'));
    const pg = await testDb('bulk');
    const counted = countingSavepoints(pg);
    const [a, b] = [await importFiles(sqlite, files, OPTS), await importFiles(counted.db, files, OPTS)];
    expect(b).toEqual(a);
    // The copy is unchanged, every other file imported, in one batch.
    expect(a.filter((o) => o.outcome === 'imported')).toHaveLength(files.length - 1);
    expect(a.find((o) => o.file.endsWith('09-fangli-2023-copy.txt'))!.outcome).toBe('unchanged');
    // Only the re-publication went one by one (the copy's original was stored by then, in the
    // bulk before it); the other reports in bulk.
    expect(counted.savepoints()).toBe(1);
    const [x, y] = [await dump(sqlite), await dump(pg)];
    for (const t of Object.keys(x)) expect({ table: t, rows: y[t] }).toEqual({ table: t, rows: x[t] });
    // Not vacuous: region-wide reports covered others, and the re-publication replaced its first version.
    expect(await count(pg, 'select count(*) as n from reports where covered_rank is not null')).toBeGreaterThan(5);
    expect(await count(pg, 'select count(*) as n from reports where is_current = 0')).toBe(1);
    await sqlite.close();
    await pg.close();
  });
});

describe('a report failing half-way through a batch', () => {
  it('leaves nothing of it, and the rest of the batch stored whole', async () => {
    const files = corpus();
    const db = await testDb('bulk_fault');
    const failing = files.find((f) => f.endsWith('04-education-2023.txt'))!;
    const outcomes = await importFiles(db, files, { ...OPTS, failAfterValues: (file) => file.endsWith('04-education-2023.txt') });
    const failed = outcomes.filter((o) => o.outcome === 'failed');
    expect(failed.map((o) => [o.file.endsWith('04-education-2023.txt'), o.reason])).toEqual([
      [true, 'simulated failure after the values were written'],
    ]);
    expect(await count(db, 'select count(*) as n from reports')).toBe(files.length - 2); // the failed one and the copy
    expect(await count(db, 'select count(*) as n from reports where source_file like ?', `%${failing.slice(-24)}`)).toBe(0);
    // Its agency (met in no other file) went with it, and no detail row is left without its report.
    expect(await count(db, "select count(*) as n from agencies where name = '咸阳市淳化县教育局'")).toBe(0);
    for (const t of ['report_values', 'report_checks', 'report_sections', 'report_metrics'])
      expect(await count(db, `select count(*) as n from ${t} where report_id not in (select id from reports)`)).toBe(0);
    // The others whole: every report with its values, checks and figures.
    expect(await count(db, 'select count(*) as n from reports r where (select count(*) from report_values v where v.report_id = r.id) < 150')).toBe(
      0,
    );
    expect(await count(db, 'select count(*) as n from reports r where not exists (select 1 from report_checks c where c.report_id = r.id)')).toBe(0);
    expect(await count(db, 'select count(*) as n from reports r where not exists (select 1 from report_metrics m where m.report_id = r.id)')).toBe(0);
    await db.close();
  });
});
