/**
 * Coverage, deadlines, cross-year findings and text reuse through the database: the seeds and the
 * real 平潭 series imported into a fresh database, read back through db/queries.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/client';
import { col, sql, testDb } from './helpers/db';
import { importFiles } from '../db/import';
import { storeUnits } from '../db/units';
import { computeCoverage, coveragePrecomputed, getCoverageView } from '../db/queries/coverage';
import {
  countCrossYear,
  getAgencyCrossYear,
  getAgencyYears,
  getReportCrossYear,
  getReportReuse,
  getReuseDistribution,
  listCrossYearFindings,
} from '../db/queries/crossyear';
import { parseUnits } from '../lib/import/units';
import { recordCorrection } from '../db/review';
import { FIXTURES } from './helpers/fixtures';
import { writer } from './helpers/writer';

const dir = mkdtempSync(join(tmpdir(), 'gongkai-yoy-'));
let db: Db;
const ids = new Map<string, number>();

beforeAll(async () => {
  db = await testDb('yoy');
  const files = [
    ...[
      '000_4d303cf0b4364684.txt',
      '001_3e09011248c3275f.txt',
      '002_3bb274d1443478a1.txt',
      '003_6790f04c403e7862.txt',
      '004_be8f56aee3e3e289.txt',
    ].map((f) => join(FIXTURES, 'seeds', f)),
    ...['007_pingtan-2023.txt', '012_pingtan-2024.txt', '013_pingtan-2025.txt', '008_pingtan-2019.txt'].map((f) =>
      join(FIXTURES, f.startsWith('012_') ? 'meta' : 'real', f),
    ),
  ];
  const out = await importFiles(db, files);
  for (const o of out) {
    expect(o.outcome).toBe('imported');
    ids.set(o.file.split('/').pop()!.slice(0, 3), o.reportId!);
  }
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('cross-year findings in the database', () => {
  it('平潭 2024 report: the 表二 stock finding against 2023 (470 + 62 − 33 = 499, printed 440), both reports linked', async () => {
    const rows = await getReportCrossYear(db, ids.get('012')!);
    const mine = rows.filter((r) => r.reportId === ids.get('012'));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      previousReportId: ids.get('007'),
      previousYear: 2023,
      year: 2024,
      ruleId: 'xy.t2.stock.normative_docs',
      severity: 'verify',
      expected: 499,
      actual: 440,
    });
    expect(mine[0].message).toContain('平潭综合实验区管委会2023年度报告现行有效 470 件');
    // As year N−1 of 2025's pair it shows 2025's finding too (440 + 58 − 45 = 453, printed 546).
    expect(rows.find((r) => r.reportId === ids.get('013'))).toMatchObject({ expected: 453, actual: 546 });
  });
  it("the body page lists both years' findings; 2019 → 2023 is no pair", async () => {
    const agencyId = (await getReportCrossYear(db, ids.get('012')!))[0].agencyId;
    expect((await getAgencyCrossYear(db, agencyId)).map((r) => r.year)).toEqual([2025, 2024]);
    const body = await getAgencyYears(db, agencyId);
    expect(body!.reports.map((r) => r.year)).toEqual([2019, 2023, 2024, 2025]);
  });
  it('the quality page lists them for 平潭, none for 彰武县', async () => {
    const q = await listCrossYearFindings(db, { regionCode: '350128' });
    expect(q.summary).toEqual({ errors: 0, hints: 2, pairs: 2 });
    expect((await listCrossYearFindings(db, { regionCode: '210922' })).rows).toHaveLength(0);
  });
  it('the precomputed counts (cross_year_summary) equal the counts from the findings, for the country, a province, a city, a county and years', async () => {
    for (const f of [
      {},
      { regionCode: '350000' },
      { regionCode: '350100' },
      { regionCode: '350128' },
      { regionCode: '350128', years: [2024] },
      { years: [2024, 2025] },
      { regionCode: '320000' },
    ]) {
      const [direct] = await countCrossYear(db, f);
      expect((await listCrossYearFindings(db, f)).summary, JSON.stringify(f)).toEqual({
        errors: direct?.errors ?? 0,
        hints: direct?.hints ?? 0,
        pairs: direct?.pairs ?? 0,
      });
    }
    expect((await listCrossYearFindings(db, {})).summary).toEqual({ errors: 0, hints: 2, pairs: 2 });
    expect((await listCrossYearFindings(db, { years: [2025] })).summary).toEqual({ errors: 0, hints: 1, pairs: 1 });
  });
  it('text reuse of 2024 against 2023: 1 sentence of 23, in 六', async () => {
    const r = await getReportReuse(db, ids.get('012')!);
    expect(r).toMatchObject({ previousReportId: ids.get('007'), previousYear: 2023, total: { sentences: 23, reused: 1 } });
    expect(r!.sections.find((s) => s.section === 6)).toMatchObject({ sentences: 1, reused: 1, rate: 1 });
    const d = await getReuseDistribution(db, { regionCode: '350128' });
    expect(d.reports).toBe(2);
    expect(d.bins[0].count).toBe(2);
  });
});

describe('coverage and deadlines in the database', () => {
  it('平潭: 8 expected bodies a year, its government published in 2019, 2023, 2024, 2025, all on time', async () => {
    const v = await getCoverageView(db, '350128', null, {});
    expect(v.years.map((y) => [y.year, y.published, y.expected, y.onTime, y.late])).toEqual([
      [2019, 1, 8, 1, 0],
      [2023, 1, 8, 1, 0],
      [2024, 1, 8, 1, 0],
      [2025, 1, 8, 1, 0],
    ]);
    expect(v.year).toBe(2025);
    expect(v.groups.map((g) => [g.label, g.published, g.expected, g.missingTotal])).toEqual([
      ['县级政府', 1, 1, 0],
      ['乡镇政府、街道办事处', 0, 7, 7],
    ]);
    expect(v.groups[1].missing.map((b) => b.name)).toContain('海坛街道办事处');
    expect(v.late).toEqual([]);
  });
  it('彰武县 2022: 1 of 25 published; with a 01-31 township deadline 彰武镇 (2023-01-18) is still on time', async () => {
    const v = await getCoverageView(db, '210922', null, { GONGKAI_DEADLINE_TOWNSHIP: '01-31' });
    expect(v.years).toEqual([{ year: 2022, expected: 25, published: 1, share: 1 / 25, onTime: 1, late: 0, unknown: 0, onTimeShare: 1 }]);
  });
  it('the late list: with governments due 01-31, 武威市 (2024-02-21) is 21 days late', async () => {
    const v = await getCoverageView(db, '620600', 2023, { GONGKAI_DEADLINE_GOVERNMENT: '01-31' });
    expect(v.late).toMatchObject([{ agency: '武威市人民政府', year: 2023, published: '2024-02-21', due: '2024-01-31', daysLate: 21 }]);
    expect(v.children.map((c) => c.region.name)).toEqual(['凉州区', '民勤县', '古浪县', '天祝藏族自治县']);
  });
  it('an imported list changes the expected bodies (and is replaced by a new import of the same file)', async () => {
    const csv = 'name,region_code,kind,expected\n平潭综合实验区经济发展局,350128,department,1\n屿头乡人民政府,350128201,government,0\n';
    const file = join(dir, 'units.csv');
    writeFileSync(file, csv);
    await storeUnits(db, 'units.csv', parseUnits(csv));
    let v = await getCoverageView(db, '350128', 2025, {});
    expect(v.years.at(-1)).toMatchObject({ expected: 8, published: 1 });
    expect(v.groups.find((g) => g.label === '县级部门')!.missing.map((b) => b.name)).toEqual(['平潭综合实验区经济发展局']);
    expect(v.groups.find((g) => g.label === '乡镇政府、街道办事处')!.expected).toBe(6);
    expect(await storeUnits(db, 'units.csv', [])).toEqual({ replaced: 2, stored: 0 });
    v = await getCoverageView(db, '350128', 2025, {});
    expect(v.groups.find((g) => g.label === '乡镇政府、街道办事处')!.expected).toBe(7);
  });
  it('the whole country (precomputed at import): every government of the gazetteer is expected', async () => {
    const v = await getCoverageView(db, null, 2023, {});
    expect(coveragePrecomputed(null)).toBe(true);
    const stored = await db.all(sql`select count(*) as n from coverage_summary where region_code = ''`, { n: col.number });
    expect(stored[0].n).toBe(6); // 2019, 2021, 2022, 2023, 2024, 2025
    expect(v.years).toEqual((await computeCoverage(db, null, {})).years.map(({ groups, children, lateList, ...y }) => y));
    expect(v.children.find((c) => c.region.name === '福建省')).toMatchObject({ published: 1 });
    const y = v.years.find((x) => x.year === 2023)!;
    expect(y.published).toBe(3); // 武威市, 罗庄区, 平潭
    expect(y.expected).toBe(44_691);
  });
});

describe('cross-year findings use the values in force', () => {
  it('confirming the guessed 表二 行政规范性文件 cells of 平潭 2023 and 2024 leaves the 2024 finding failing but no longer doubtful', async () => {
    const finding = async () => (await getReportCrossYear(db, ids.get('012')!)).find((r) => r.reportId === ids.get('012'))!;
    expect(await finding()).toMatchObject({ expected: 499, actual: 440, doubtful: true });
    expect((await finding()).message).toContain('涉及推断或存疑的数值');
    const who = { userId: 'u-test', userName: 'tester' };
    await recordCorrection(writer(db, who), ids.get('007')!, { kind: 'confirmed', target: 't2.normative_docs.in_force' });
    for (const k of ['in_force', 'issued', 'repealed'])
      await recordCorrection(writer(db, who), ids.get('012')!, { kind: 'confirmed', target: `t2.normative_docs.${k}` });
    const after = await finding();
    expect(after).toMatchObject({ expected: 499, actual: 440, doubtful: false });
    expect(after.message).not.toContain('涉及推断或存疑的数值');
  });
});
