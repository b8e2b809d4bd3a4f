/**
 * The store and the import on a real SQLite file built from real reports: schema, idempotent
 * import, manifest override, rollback of a failing report, GBK / PDF / DOCX input, and the
 * dashboard's queries checked against numbers read by hand in the source texts.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/client';
import { col, count as countIn, exec, rows, testDb, TEST_DIALECT } from './helpers/db';
import { collectFiles, importFiles, reparseStored, storeBatch, type BatchItem } from '../db/import';
import { getChildFigures, getYearFigures } from '../db/queries/figures';
import { searchPlaces } from '../db/queries/places';
import { listQualityIssues } from '../db/queries/quality';
import { getOverview, getReport, listReports } from '../db/queries/reports';
import { getPeerRank } from '../app/_data/views';
import { prepareReport, storeReport } from '../db/store';
import { parseManifest } from '../lib/import/manifest';
import { parseReport, PARSER_VERSION } from '../lib/report/parse';
import { FIXTURES } from './helpers/fixtures';

let db: Db;
const count = (text: string, ...p: unknown[]) => countIn(db, text, ...p);

beforeAll(async () => {
  db = await testDb('db');
  const { files } = await collectFiles([join(FIXTURES, 'seeds'), join(FIXTURES, 'real')]);
  const out = await importFiles(db, files);
  expect(out.filter((o) => o.outcome === 'failed')).toEqual([]);
});
afterAll(async () => {
  await db.close();
});

describe('schema', () => {
  it('has the tables other tools rely on, and the GB/T 2260 regions', async () => {
    const tables = (
      await rows(
        db,
        TEST_DIALECT === 'postgres'
          ? "select table_name as name from information_schema.tables where table_schema = 'public'"
          : "select name from sqlite_master where type = 'table'",
        { name: col.text },
      )
    ).map((t) => t.name);
    for (const t of ['regions', 'agencies', 'reports', 'report_values', 'report_checks', 'report_sections', 'import_log'])
      expect(tables).toContain(t);
    expect(await count("select count(*) n from regions where level = 'county'")).toBe(2974);
    expect(await count("select count(*) n from regions where code = '210922100' and parent_code = '210922'")).toBe(1);
  });
  it('stores one row per report and key, with the cell offsets', async () => {
    expect(await count('select count(*) n from reports')).toBe(14);
    expect(await count('select count(*) n from report_values')).toBe(12 * 200 + 2 * 198);
    const [row] = await rows(
      db,
      "select v.value, v.start, v.\"end\", r.text from report_values v join reports r on r.id = v.report_id where r.source_file like '%000_4d303cf0b4364684%' and v.key = 't3.granted.natural_person'",
      { value: col.number, start: col.number, end: col.number, text: col.text },
    );
    expect(row.value).toBe(4);
    expect(row.text.slice(row.start, row.end)).toBe('4');
  });
});

describe('import', () => {
  it('is idempotent: the same content is stored once', async () => {
    const { files } = await collectFiles([join(FIXTURES, 'seeds')]);
    const out = await importFiles(db, files);
    expect(out.every((o) => o.outcome === 'unchanged')).toBe(true);
    expect(await count('select count(*) n from reports')).toBe(14);
  });

  it('keeps other versions of a report but counts one (seed 000 as PDF, DOCX, HTML, UTF-16)', async () => {
    const src = join(FIXTURES, 'source');
    const out = await importFiles(
      db,
      ['000-report.pdf', '000-report.docx', '000-report.html', '000-utf16le.txt'].map((f) => join(src, f)),
    );
    expect(out.map((o) => o.outcome)).toEqual(['imported', 'imported', 'imported', 'imported']);
    const versions = await rows(
      db,
      "select r.is_current as c from reports r join agencies a on a.id = r.agency_id where a.name = '建瓯市人民政府办公室' and r.year = 2022",
      { c: col.flag },
    );
    expect(versions.length).toBe(5);
    expect(versions.filter((v) => v.c).length).toBe(1);
    // Each reading gives the same printed values.
    const v = await rows(
      db,
      "select distinct v.value from report_values v join reports r on r.id = v.report_id where v.key = 't3.total_processed.natural_person' and r.source_file like '%000%'",
      { value: col.numberOrNull },
    );
    expect(v).toEqual([{ value: 10 }]);
  });

  it('reads GBK text', async () => {
    const [o] = await importFiles(db, [join(FIXTURES, 'source', '004-gbk.txt')]);
    // Same text as seed 004 in UTF-8, so a different file but the same report.
    expect(o.outcome).toBe('imported');
    const r = (await getReport(db, o.reportId!))!;
    expect(r.agency).toBe('罗庄区人民政府');
    expect(r.values.find((x) => x.key === 't3.new_received.total')?.value).toBe(157);
  });

  it('logs a bad file with its reason and goes on with the batch', async () => {
    const src = join(FIXTURES, 'source');
    const out = await importFiles(db, [join(src, 'empty.txt'), join(src, 'junk.png'), join(src, 'not-a-report.txt')]);
    expect(out.map((o) => o.outcome)).toEqual(['failed', 'failed', 'failed']);
    expect(out[2].reason).toContain('不是政府信息公开工作年度报告');
    expect(await count("select count(*) n from import_log where outcome = 'failed'")).toBe(3);
  });

  it('applies a manifest: the declared agency, region and year win, and survive a re-parse', async () => {
    const d2 = mkdtempSync(join(tmpdir(), 'gongkai-manifest-'));
    const db2 = await testDb('manifest');
    const file = join(d2, 'report.txt');
    writeFileSync(file, readFileSync(join(FIXTURES, 'seeds', '002_3bb274d1443478a1.txt')));
    const manifest = parseManifest(
      'file,agency,region_code,year,url,published\nreport.txt,淳化县数据服务中心,610430,2021,https://example.org/r,2022-02-09\n',
    );
    const [o] = await importFiles(db2, [file], { manifest });
    const r = (await getReport(db2, o.reportId!))!;
    expect(r.agency).toBe('淳化县数据服务中心');
    expect(r.published).toBe('2022-02-09');
    expect(await reparseStored(db2, true)).toBe(1);
    expect((await getReport(db2, o.reportId!))!.agency).toBe('淳化县数据服务中心');
    await db2.close();
    rmSync(d2, { recursive: true, force: true });
  });

  it('rolls back a report that fails half-way: nothing of it is stored', async () => {
    const before = await count('select count(*) n from report_values');
    const parsed = parseReport(readFileSync(join(FIXTURES, 'seeds', '001_3e09011248c3275f.txt'), 'utf8'));
    await expect(storeReport(db, parsed, { file: 'x.txt', kind: 'text', contentHash: 'simulated' }, PARSER_VERSION, undefined, true)).rejects.toThrow(
      /simulated/,
    );
    expect(await count("select count(*) n from reports where content_hash = 'simulated'")).toBe(0);
    expect(await count('select count(*) n from report_values')).toBe(before);
  });

  it('in a batch, rolls back only the report that fails (a database error half-way), keeping the others', async () => {
    const before = await count('select count(*) n from report_values');
    const text = readFileSync(join(FIXTURES, 'seeds', '002_3bb274d1443478a1.txt'), 'utf8');
    const item = (n: number, broken = false): BatchItem => {
      const report = prepareReport(parseReport(`${text}\n（批次 ${n}）\n`));
      // An agency of its own, so the reports stored here touch no other report's current version.
      report.meta = { ...report.meta, agency: `批次测试单位${n}` };
      // A NOT NULL column (source_kind) left empty: the database refuses the report after its agency was written.
      return {
        pl: { file: `b${n}.txt`, name: `b${n}.txt`, hash: `batch-${n}`, bytes: new Uint8Array() },
        report,
        kind: broken ? (null as unknown as string) : 'text',
      };
    };
    const out = await storeBatch(db, [item(1), item(2, true), item(3)]);
    expect(out.map((o) => o.outcome)).toEqual(['imported', 'failed', 'imported']);
    expect(out[1].reason).toMatch(/null|NOT NULL/i);
    expect(await count("select count(*) n from reports where content_hash like 'batch-%'")).toBe(2);
    expect(await count('select count(*) n from report_values')).toBe(before + 2 * 200);
    await exec(db, "delete from reports where content_hash like 'batch-%'");
  });

  it('in a batch, rolls back only the report whose detail rows fail (statements PostgreSQL sends without waiting)', async () => {
    const before = await count('select count(*) n from report_values');
    const text = readFileSync(join(FIXTURES, 'seeds', '002_3bb274d1443478a1.txt'), 'utf8');
    const item = (n: number, broken = false): BatchItem => {
      const report = prepareReport(parseReport(`${text}\n（明细批次 ${n}）\n`));
      report.meta = { ...report.meta, agency: `明细批次测试单位${n}` };
      // The 2nd report's first value has no key (NOT NULL): its report_values insert fails after its report row was written.
      if (broken) report.values = [null, ...report.values.slice(1)];
      return { pl: { file: `d${n}.txt`, name: `d${n}.txt`, hash: `detail-${n}`, bytes: new Uint8Array() }, report, kind: 'text' };
    };
    const out = await storeBatch(db, [item(1), item(2, true), item(3), item(4)]);
    expect(out.map((o) => o.outcome)).toEqual(['imported', 'failed', 'imported', 'imported']);
    expect(out[1].reason).toMatch(/null|NOT NULL/i);
    expect(await count("select count(*) n from reports where content_hash like 'detail-%'")).toBe(3);
    expect(await count("select count(*) n from agencies where name = '明细批次测试单位2'")).toBe(0);
    expect(await count('select count(*) n from report_values')).toBe(before + 3 * 200);
    await exec(db, "delete from reports where content_hash like 'detail-%'");
    await exec(db, "delete from agencies where name like '明细批次测试单位%'");
  });
});

describe('queries, checked against the source texts', () => {
  it('overview counts current reports only', async () => {
    const o = await getOverview(db);
    expect(o.reports).toBe(14);
    expect(o.years).toEqual([2019, 2021, 2022, 2023, 2024, 2025]);
    expect(o.failedReports).toBe(3);
  });
  it('a figure per year (平潭: 新收 70 in 2021, 81 in 2023)', async () => {
    const s = await getYearFigures(db, { regionCode: '350128' });
    expect(s.map((p) => [p.year, p.figures.sums.received.value])).toEqual([
      [2019, 23],
      [2021, 70],
      [2023, 81],
      [2025, 154],
    ]);
  });
  it('outcome groups and 予以公开率 of （七）总计 (平潭 2023: 予以公开 22 and 部分公开 20 of 81)', async () => {
    const [y] = await getYearFigures(db, { regionCode: '350128', years: [2023] });
    expect(y.figures.sums.processed.value).toBe(81);
    expect(y.figures.sums.granted.value).toBe(22);
    expect(y.figures.sums.partially_granted.value).toBe(20);
    expect(y.figures.ratios.granted_share.value).toBeCloseTo(22 / 81, 10);
  });
  it('correction rates = 纠正 ÷ 已审结 (平潭 2025: 复议 3 of 36; 诉讼: 直接起诉 and 复议后起诉 9 cases)', async () => {
    const [y] = await getYearFigures(db, { regionCode: '350128', years: [2025] });
    expect(y.figures.ratios.review_rate.value).toBeCloseTo(3 / 36, 10);
    expect(y.figures.sums.direct_total.value! + y.figures.sums.after_total.value!).toBe(9);
  });
  it('rolls a city up to its counties and ranks peers only with enough applications', async () => {
    const kids = await getChildFigures(db, { regionCode: '320800', year: 2023 });
    expect(kids.map((k) => [k.region.name, k.figures.sums.received.value])).toEqual([['洪泽区', 21]]);
    const { me } = await getPeerRank(db, '320813', 2023, 'grantedShare');
    expect(me?.rank).toBeNull();
    expect(me?.unranked).toContain('30');
  });
  it('a province figure counts its region-wide report and not the departments inside it twice', async () => {
    // 淮安市人民政府 2024 reports for the whole city (全市共受理…).
    const [y] = await getYearFigures(db, { regionCode: '320000', years: [2024] });
    expect(y.figures.sums.received.value).toBe(3119);
  });
  it('lists the reports behind a chart element, and finds townships and agencies by name', async () => {
    expect((await listReports(db, { regionCode: '350128', years: [2023] })).rows.map((r) => r.agency)).toEqual(['平潭综合实验区管委会']);
    expect((await searchPlaces(db, '彰武镇')).some((h) => h.kind === 'region' && h.id === '210922100' && h.reports === 1)).toBe(true);
    expect((await searchPlaces(db, '洪泽')).some((h) => h.kind === 'agency' && h.name === '淮安市洪泽区人民政府')).toBe(true);
  });
  it('lists reports with failed checks, by rule (seed 000 fails four row totals)', async () => {
    const rows = await listQualityIssues(db, { ruleId: 't3.row_total' });
    const jianou = rows.find((r) => r.agency === '建瓯市人民政府办公室')!;
    expect(jianou.failedRules).toEqual(expect.arrayContaining(['t3.row_total.new_received', 't3.row_total.total_processed']));
  });
});
