/**
 * Corrections in the store (SQLite, or PostgreSQL with TEST_DATABASE=postgres): recorded with their
 * audit entry, carried into report_metrics (so every aggregate uses the reviewed value), kept by
 * `npm run import -- --reparse` where the source reading is unchanged and put back in the queue
 * where it is not; admin version pins.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../db/client';
import { importFiles, reparseStoredReports } from '../db/import';
import { listAudit } from '../db/queries/audit';
import { getYearFigures } from '../db/queries/figures';
import { reviewCounts, reviewQueue } from '../db/queries/review';
import { ensureFigures } from '../db/metrics';
import { listCorrections, recordCorrection, reviewedKeys } from '../db/review';
import { setVersionPin } from '../db/store';
import { CorrectionError } from '../lib/review/corrections';
import { FIXTURES } from './helpers/fixtures';
import { col, exec, freshDatabaseUrl, rows } from './helpers/db';
import { writer } from './helpers/writer';

let url: string;
let drop: () => Promise<void>;
let db: Db;
let hongze: number;
let jianou: number;
const who = { userId: 'u-test', userName: 'tester' };
const HONGZE = join(FIXTURES, 'real', '002_hongze-district-2023.txt');

const one = async <S extends Parameters<typeof rows>[2]>(text: string, shape: S, ...p: unknown[]) => (await rows(db, text, shape, ...p))[0];
const metric = async (c: string) => (await one(`select ${c} as v from report_metrics where report_id = ?`, { v: col.numberOrNull }, hongze)).v;

beforeAll(async () => {
  ({ url, drop } = await freshDatabaseUrl('review'));
  db = await openDb(url);
  const out = await importFiles(db, [HONGZE, join(FIXTURES, 'seeds', '000_4d303cf0b4364684.txt'), join(FIXTURES, 'source', '000-report.html')]);
  expect(out.map((o) => o.outcome)).toEqual(['imported', 'imported', 'imported']);
  [hongze, jianou] = out.map((o) => o.reportId!);
});
afterAll(async () => {
  await db.close();
  await drop();
});

const STATE = { d: col.number, c: col.number, m: col.number, r: col.number, s: col.number };
const state = (id: number) =>
  one(
    'select doubtful_cells as d, open_checks as c, open_meta as m, reviewed_cells as r, stale_corrections as s from reports where id = ?',
    STATE,
    id,
  );

describe('review state at import', () => {
  it('counts what needs a person, and queues it', async () => {
    expect(await state(hongze)).toEqual({ d: 21, c: 2, m: 0, r: 0, s: 0 });
    expect(await state(jianou)).toMatchObject({ d: 0, c: 7 });
    // 洪泽区 is in 淮安市 (320800); 建瓯市 (350783) is not.
    const huaian = await reviewQueue(db, { scope: '320800' });
    expect(huaian.map((r) => r.id)).toEqual([hongze]);
    expect((await reviewQueue(db, { scope: null, kind: 'cell' })).map((r) => r.id)).toEqual([hongze]);
    expect((await reviewQueue(db, { scope: null, year: 2023 })).map((r) => r.id)).toEqual([hongze]);
    expect(await reviewCounts(db, { scope: '320800' })).toEqual({
      reports: 1,
      doubtfulCells: 21,
      openChecks: 2,
      openMeta: 0,
      staleCorrections: 0,
      reviewedCells: 0,
    });
  });
});

describe('a correction', () => {
  it('is a new record with its audit entry; the parse stays as printed; the metrics use it', async () => {
    expect(await metric('other')).toBeNull();
    const keys = ['overdue_correction', 'overdue_fee', 'other'].map((r) => `t3.other.${r}.total`);
    for (const k of keys) await recordCorrection(writer(db, who), hongze, { kind: 'entered', target: k, entered: '0' });
    expect((await listCorrections(db, hongze)).map((c) => [c.target, c.enteredValue, c.state])).toEqual(keys.map((k) => [k, 0, 'applied']));
    expect(
      await one(
        'select value, status from report_values where report_id = ? and key = ?',
        { value: col.numberOrNull, status: col.text },
        hongze,
        keys[2],
      ),
    ).toEqual({ value: null, status: 'missing' });
    expect(await metric('other')).toBe(0);
    expect(await state(hongze)).toMatchObject({ r: 3, d: 18 });
    expect((await one("select count(*) as n from audit_log where action = 'correction' and report_id = ?", { n: col.number }, hongze)).n).toBe(3);
    const audit = await listAudit(db, { action: 'correction', reportId: hongze });
    expect(audit.map((a) => [a.target, a.userName, a.detail?.kind])).toEqual([...keys].reverse().map((k) => [k, 'tester', 'entered']));
    expect([...(await reviewedKeys(db, [hongze, jianou])).get(hongze)!.keys()]).toEqual(keys);
  });

  it('that does not fit is refused and stores nothing', async () => {
    const before = (await listCorrections(db, hongze)).length;
    await expect(recordCorrection(writer(db, who), hongze, { kind: 'entered', target: 't3.new_received.total', entered: '5' })).rejects.toThrow(
      CorrectionError,
    );
    expect((await listCorrections(db, hongze)).length).toBe(before);
  });

  it('a replaced printed figure changes the metric; the printed value stays', async () => {
    await recordCorrection(writer(db, who), hongze, {
      kind: 'replaced',
      target: 't3.new_received.total',
      entered: '22',
      reason: '测试：原文扫描件为 22',
    });
    expect(await metric('received')).toBe(22);
    expect(
      await one('select value from report_values where report_id = ? and key = ?', { value: col.number }, hongze, 't3.new_received.total'),
    ).toEqual({ value: 21 });
  });
});

describe('aggregates use the values in force (issue 9 read side)', () => {
  it('the region roll-ups follow a correction, with the review counts beside; the refill after migration 0004 keeps them', async () => {
    const at = await one('select region_code as rc, year as y from reports where id = ?', { rc: col.text, y: col.number }, hongze);
    const figures = async () => (await getYearFigures(db, { regionCode: at.rc, years: [at.y] }))[0].figures;
    const before = await figures();
    // The replaced 本年新收 (22, printed 21) and the entered 其他 (0, unread) are in the county's sum, complete.
    expect(before.sums.received).toEqual({ value: 22, reports: 1, lacking: 0 });
    expect(before.sums.other).toEqual({ value: 0, reports: 1, lacking: 0 });
    const s = await state(hongze);
    expect(before.review).toEqual({ reviewed: s.r, doubtful: s.d });
    expect(s.r).toBe(4);
    // Migration 0004 (PostgreSQL 0002) empties report_metrics; the refill before the server starts (ensureFigures; db:refresh too) rebuilds it from the values in force.
    await exec(db, 'delete from report_metrics');
    await ensureFigures(db);
    expect(await metric('received')).toBe(22);
    expect(await metric('other')).toBe(0);
    expect(
      await one('select reviewed_cells as r, doubtful_cells as d from report_metrics where report_id = ?', { r: col.number, d: col.number }, hongze),
    ).toEqual({ r: s.r, d: s.d });
    expect(await figures()).toEqual(before);
  });
});

describe('npm run import -- --reparse', () => {
  it('keeps reviewed values whose source reading is unchanged', async () => {
    await db.close();
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/import.ts', '--reparse'], {
      env: { ...process.env, DATABASE_URL: url },
      stdio: 'pipe',
    });
    db = await openDb(url);
    expect((await listCorrections(db, hongze)).every((c) => c.state === 'applied')).toBe(true);
    expect(await metric('other')).toBe(0);
    expect(await metric('received')).toBe(22);
    expect(await state(hongze)).toMatchObject({ r: 4, s: 0 });
  });

  it('puts a correction back in the queue when the text under it changed, with both values', async () => {
    // The stored text altered at the corrected cell (as a newer source conversion would): 21 → 23.
    const cell = await one(
      'select start, "end" from report_values where report_id = ? and key = ?',
      { start: col.number, end: col.number },
      hongze,
      't3.new_received.total',
    );
    const { text } = await one('select text from reports where id = ?', { text: col.text }, hongze);
    await exec(
      db,
      'update reports set text = ?, parser_version = ? where id = ?',
      text.slice(0, cell.start) + '23' + text.slice(cell.end),
      'old',
      hongze,
    );
    await reparseStoredReports(db);
    const c = (await listCorrections(db, hongze)).find((x) => x.target === 't3.new_received.total')!;
    expect(c).toMatchObject({ state: 'stale', parsedValue: 21, enteredValue: 22 });
    // The parser reads the altered row its own way; whatever it reads, the stale correction no
    // longer counts: the metric is the new reading until someone looks.
    const now = await one(
      'select value, raw from report_values where report_id = ? and key = ?',
      { value: col.numberOrNull, raw: col.textOrNull },
      hongze,
      't3.new_received.total',
    );
    expect(now.raw).not.toBe('21');
    expect(await metric('received')).toBe(now.value);
    expect(now.value).not.toBe(22);
    expect(await state(hongze)).toMatchObject({ s: 1, r: 3 });
    expect((await reviewQueue(db, { scope: null, kind: 'stale' })).map((r) => r.id)).toEqual([hongze]);
  });
});

describe('versions', () => {
  it('an admin pin withdraws a version or makes it current; nothing is deleted', async () => {
    // 建瓯市 2022 stored twice (the text seed and its HTML rendering): one counts.
    const versions = () =>
      rows(
        db,
        'select id, is_current as c from reports where agency_id = (select agency_id from reports where id = ?) order by id',
        { id: col.number, c: col.number },
        jianou,
      );
    const [a, b] = (await versions()).map((v) => v.id);
    expect((await versions()).map((v) => v.c)).toEqual([0, 1]);
    await setVersionPin(writer(db), b, 'withdrawn');
    expect((await versions()).map((v) => v.c)).toEqual([1, 0]);
    await setVersionPin(writer(db), a, 'withdrawn');
    expect((await versions()).map((v) => v.c)).toEqual([0, 0]);
    await setVersionPin(writer(db), b, 'current');
    expect((await versions()).map((v) => v.c)).toEqual([0, 1]);
    await setVersionPin(writer(db), a, null);
    await setVersionPin(writer(db), b, null);
    expect((await versions()).map((v) => v.c)).toEqual([0, 1]);
    expect(await versions()).toHaveLength(2);
  });
});
