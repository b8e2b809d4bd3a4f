/**
 * The report page's data (db/queries/report-page): read once and kept while the database is
 * unchanged; a correction made in this process, or an import/edit by another process (another
 * SQLite connection), shows on the next read. On PostgreSQL nothing is kept (each read is fresh).
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../db/client';
import { importFiles } from '../db/import';
import { dataVersion, getReportPage } from '../db/queries/report-page';
import { recordCorrection } from '../db/review';
import { FIXTURES } from './helpers/fixtures';
import { freshDatabaseUrl, TEST_DIALECT } from './helpers/db';
import { writer } from './helpers/writer';

let url: string;
let drop: () => Promise<void>;
let db: Db;
let hongze: number;
const who = { userId: 'u-test', userName: 'tester' };
const sqlite = TEST_DIALECT === 'sqlite';

beforeAll(async () => {
  ({ url, drop } = await freshDatabaseUrl('reportpage'));
  db = await openDb(url);
  const out = await importFiles(db, [join(FIXTURES, 'real', '002_hongze-district-2023.txt')]);
  expect(out.map((o) => o.outcome)).toEqual(['imported']);
  hongze = out[0].reportId!;
});
afterAll(async () => {
  await db.close();
  await drop();
});

const cell = (d: Awaited<ReturnType<typeof getReportPage>>, key: string) => d!.report.values.find((v) => v.key === key);

describe('report page data', () => {
  it('reads the report (洪泽区 2023: 表三 自然人 新收 21, 逾期不补正 row unread), its corrections, findings and reuse', async () => {
    const d = await getReportPage(db, hongze);
    expect(d!.report.agency).toContain('洪泽');
    expect(cell(d, 't3.new_received.natural_person')).toMatchObject({ value: 21, status: 'printed' });
    expect(cell(d, 't3.other.overdue_correction.total')?.status).toBe('missing');
    expect(d!.inForce.size).toBe(0);
    expect(d!.crossYear).toEqual([]);
    expect(d!.reuse).toBeNull();
    expect(await getReportPage(db, 999_999)).toBeNull();
  });

  it.runIf(sqlite)('is kept between reads while nothing is written (SQLite)', async () => {
    const v = await dataVersion(db);
    expect(v).toMatch(/^\d+:\d+$/);
    const a = await getReportPage(db, hongze);
    expect(await getReportPage(db, hongze)).toBe(a);
    expect(await dataVersion(db)).toBe(v);
  });

  it('shows a correction made after it was read', async () => {
    const before = await getReportPage(db, hongze);
    expect(before!.inForce.has('t3.other.overdue_correction.total')).toBe(false);
    await recordCorrection(writer(db, who), hongze, { kind: 'entered', target: 't3.other.overdue_correction.total', entered: '0' });
    const after = await getReportPage(db, hongze);
    expect(after).not.toBe(before);
    expect(after!.inForce.get('t3.other.overdue_correction.total')).toMatchObject({ kind: 'entered', enteredValue: 0, userName: 'tester' });
    // Read again with nothing written: the same data.
    if (sqlite) expect(await getReportPage(db, hongze)).toBe(after);
  });

  it.runIf(sqlite)('shows a change committed by another connection (an import run from the command line)', async () => {
    const before = await getReportPage(db, hongze);
    const other = new Database(url.replace(/^file:/, ''));
    try {
      other.prepare('update reports set title = ? where id = ?').run('洪泽区2023年政府信息公开工作年度报告（更正）', hongze);
    } finally {
      other.close();
    }
    const after = await getReportPage(db, hongze);
    expect(after).not.toBe(before);
    expect(after!.report.title).toBe('洪泽区2023年政府信息公开工作年度报告（更正）');
  });
});
