/**
 * Corrections in the store: recorded with their audit entry, carried into report_metrics (so every
 * aggregate uses the reviewed value), kept by `npm run import -- --reparse` where the source reading
 * is unchanged and put back in the queue where it is not; admin version pins.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../db/client';
import { importFiles, reparseStoredReports } from '../db/import';
import { listCorrections, recordCorrection, reviewedKeys } from '../db/review';
import { setVersionPin } from '../db/store';
import { CorrectionError } from '../lib/review/corrections';
import { FIXTURES } from './helpers/fixtures';

const dir = mkdtempSync(join(tmpdir(), 'gongkai-review-'));
const dbFile = join(dir, 'review.db');
let db: Db;
let hongze: number;
let jianou: number;
const who = { userId: 'u-test', userName: 'tester' };
const HONGZE = join(FIXTURES, 'real', '002_hongze-district-2023.txt');

const row = <T>(sql: string, ...p: unknown[]) => db.$client.prepare(sql).get(...p) as T;

beforeAll(async () => {
  db = openDb(dbFile);
  const out = await importFiles(db, [HONGZE, join(FIXTURES, 'seeds', '000_4d303cf0b4364684.txt'), join(FIXTURES, 'source', '000-report.html')]);
  expect(out.map((o) => o.outcome)).toEqual(['imported', 'imported', 'imported']);
  [hongze, jianou] = out.map((o) => o.reportId!);
});
afterAll(() => {
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('review state at import', () => {
  it('counts what needs a person', () => {
    expect(row(`select doubtful_cells as d, open_checks as c, open_meta as m, reviewed_cells as r from reports where id = ?`, hongze)).toEqual({ d: 21, c: 2, m: 0, r: 0 });
    expect(row(`select doubtful_cells as d, open_checks as c from reports where id = ?`, jianou)).toEqual({ d: 0, c: 7 });
  });
});

describe('a correction', () => {
  it('is a new record with its audit entry; the parse stays as printed; the metrics use it', () => {
    expect(row<{ other: number | null }>('select other from report_metrics where report_id = ?', hongze).other).toBeNull();
    const keys = ['overdue_correction', 'overdue_fee', 'other'].map((r) => `t3.other.${r}.total`);
    for (const k of keys) recordCorrection(db, who, hongze, { kind: 'entered', target: k, entered: '0' });
    expect(listCorrections(db, hongze).map((c) => [c.target, c.enteredValue, c.state])).toEqual(keys.map((k) => [k, 0, 'applied']));
    expect(row('select value, status from report_values where report_id = ? and key = ?', hongze, keys[2])).toEqual({ value: null, status: 'missing' });
    expect(row<{ other: number | null }>('select other from report_metrics where report_id = ?', hongze).other).toBe(0);
    expect(row('select reviewed_cells as r, doubtful_cells as d from reports where id = ?', hongze)).toEqual({ r: 3, d: 18 });
    expect(row<{ n: number }>("select count(*) as n from audit_log where action = 'correction' and report_id = ?", hongze).n).toBe(3);
    expect([...reviewedKeys(db, [hongze, jianou]).get(hongze)!.keys()]).toEqual(keys);
  });

  it('that does not fit is refused and stores nothing', () => {
    const before = listCorrections(db, hongze).length;
    expect(() => recordCorrection(db, who, hongze, { kind: 'entered', target: 't3.new_received.total', entered: '5' })).toThrow(CorrectionError);
    expect(listCorrections(db, hongze).length).toBe(before);
  });

  it('a replaced printed figure changes the metric; the printed value stays', () => {
    recordCorrection(db, who, hongze, { kind: 'replaced', target: 't3.new_received.total', entered: '22', reason: '测试：原文扫描件为 22' });
    expect(row<{ received: number }>('select received from report_metrics where report_id = ?', hongze).received).toBe(22);
    expect(row('select value from report_values where report_id = ? and key = ?', hongze, 't3.new_received.total')).toEqual({ value: 21 });
  });
});

describe('npm run import -- --reparse', () => {
  it('keeps reviewed values whose source reading is unchanged', () => {
    db.$client.close();
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/import.ts', '--reparse'], { env: { ...process.env, DATABASE_URL: `file:${dbFile}` }, stdio: 'pipe' });
    db = openDb(dbFile);
    expect(listCorrections(db, hongze).every((c) => c.state === 'applied')).toBe(true);
    expect(row<{ other: number; received: number }>('select other, received from report_metrics where report_id = ?', hongze)).toEqual({ other: 0, received: 22 });
    expect(row('select reviewed_cells as r, stale_corrections as s from reports where id = ?', hongze)).toEqual({ r: 4, s: 0 });
  });

  it('puts a correction back in the queue when the text under it changed, with both values', () => {
    // The stored text altered at the corrected cell (as a newer source conversion would): 21 → 23.
    const cell = row<{ start: number; end: number }>('select start, "end" from report_values where report_id = ? and key = ?', hongze, 't3.new_received.total');
    const text = row<{ text: string }>('select text from reports where id = ?', hongze).text;
    db.$client.prepare('update reports set text = ?, parser_version = ? where id = ?').run(text.slice(0, cell.start) + '23' + text.slice(cell.end), 'old', hongze);
    reparseStoredReports(db);
    const c = listCorrections(db, hongze).find((x) => x.target === 't3.new_received.total')!;
    expect(c).toMatchObject({ state: 'stale', parsedValue: 21, enteredValue: 22 });
    // The parser reads the altered row its own way (the row no longer adds up around 23); whatever it
    // reads, the stale correction no longer counts: the metric is the new reading until someone looks.
    const now = row<{ value: number; raw: string }>('select value, raw from report_values where report_id = ? and key = ?', hongze, 't3.new_received.total');
    expect(now.raw).not.toBe('21');
    expect(row<{ received: number }>('select received from report_metrics where report_id = ?', hongze).received).toBe(now.value);
    expect(now.value).not.toBe(22);
    expect(row('select stale_corrections as s, reviewed_cells as r from reports where id = ?', hongze)).toEqual({ s: 1, r: 3 });
  });
});

describe('versions', () => {
  it('an admin pin withdraws a version or makes it current; nothing is deleted', () => {
    // 建瓯市 2022 stored twice (text seed and its HTML rendering): one counts.
    const versions = () => db.$client.prepare("select id, is_current as c from reports where agency_id = (select agency_id from reports where id = ?) order by id").all(jianou) as { id: number; c: number }[];
    const [a, b] = versions().map((v) => v.id);
    expect(versions().map((v) => v.c)).toEqual([0, 1]);
    setVersionPin(db, b, 'withdrawn');
    expect(versions().map((v) => v.c)).toEqual([1, 0]);
    setVersionPin(db, a, 'withdrawn');
    expect(versions().map((v) => v.c)).toEqual([0, 0]);
    setVersionPin(db, b, 'current');
    expect(versions().map((v) => v.c)).toEqual([0, 1]);
    setVersionPin(db, a, null);
    setVersionPin(db, b, null);
    expect(versions().map((v) => v.c)).toEqual([0, 1]);
    expect(versions()).toHaveLength(2);
  });
});
