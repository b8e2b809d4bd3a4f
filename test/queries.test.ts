/**
 * The dashboard's queries on a temporary database built from real reports, every expected number
 * read by hand in the source texts (quoted beside each assertion).
 *
 * Besides the reports as published, four real reports are declared by a manifest into one city
 * (临沂市, 371300) for 2023, so that peers can be ranked and rolled up:
 *   罗庄区 371311  罗庄区人民政府 (seed 004, as published; region-wide: 全区共收到 157 件)
 *   兰山区 371302  the text of 武威市 2023 (seed 003)      办理结果总计 260, 予以公开 164
 *   河东区 371312  the text of 平潭 2023 (real 007)        总计 81, 予以公开 22
 *   沂南县 371321  the text of 洪泽区 2023 (real 002)      总计 21 (too few to rank)
 * and one department inside 罗庄区: the text of seed 000 (建瓯市人民政府办公室 2022, 办理结果总计 8)
 * declared as 临沂市罗庄区教育和体育局 for 2023.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/client';
import { col, exec, rows as rowsOf, testDb } from './helpers/db';
import { importFiles } from '../db/import';
import { getChildRollup, getCorrectionRates, getOutcomeShares, getValueSeries, rankPeers } from '../db/queries/metrics';
import { getOverview, getQualitySummary, getReport, listQualityIssues, listReports, searchPlaces } from '../db/queries/reports';
import { countedReports } from '../db/queries/scope';
import { coveredRankSql } from '../db/coverage';
import { parseManifest } from '../lib/import/manifest';
import { FIXTURES } from './helpers/fixtures';

const dir = mkdtempSync(join(tmpdir(), 'gongkai-queries-'));
let db: Db;
const ids: Record<string, number> = {};

const PUBLISHED = {
  luozhuang: 'seeds/004_be8f56aee3e3e289.txt',
  wuwei: 'seeds/003_6790f04c403e7862.txt',
  huaian: 'real/001_huaian-city-2024.txt',
  hongze: 'real/002_hongze-district-2023.txt',
  pingtan2019: 'real/008_pingtan-2019.txt',
  pingtan2021: 'real/010_pingtan-2021.txt',
  pingtan2023: 'real/007_pingtan-2023.txt',
  pingtan2025: 'real/013_pingtan-2025.txt',
};
// Copies of real reports placed by the manifest (a trailing line makes each a different file).
const DECLARED = [
  ['lanshan.txt', 'seeds/003_6790f04c403e7862.txt', '临沂市兰山区人民政府', '371302', 2023],
  ['hedong.txt', 'real/007_pingtan-2023.txt', '临沂市河东区人民政府', '371312', 2023],
  ['yinan.txt', 'real/002_hongze-district-2023.txt', '沂南县人民政府', '371321', 2023],
  ['dept.txt', 'seeds/000_4d303cf0b4364684.txt', '临沂市罗庄区教育和体育局', '371311', 2023],
  // 2022: a city-wide report (武威's text: 全市共收到 261…, 本年新收 259) above 罗庄区's own region-wide report and its department.
  ['city-2022.txt', 'seeds/003_6790f04c403e7862.txt', '临沂市人民政府', '371300', 2022],
  ['luozhuang-2022.txt', 'seeds/004_be8f56aee3e3e289.txt', '罗庄区人民政府', '371311', 2022],
  ['dept-2022.txt', 'seeds/000_4d303cf0b4364684.txt', '临沂市罗庄区教育和体育局', '371311', 2022],
] as const;

beforeAll(async () => {
  db = await testDb('queries');
  const names = Object.keys(PUBLISHED) as (keyof typeof PUBLISHED)[];
  const out = await importFiles(db, names.map((n) => join(FIXTURES, PUBLISHED[n])));
  names.forEach((n, i) => (ids[n] = out[i].reportId!));
  const files = DECLARED.map(([name, src]) => {
    const f = join(dir, name);
    writeFileSync(f, readFileSync(join(FIXTURES, src), 'utf8') + `\n（测试副本 ${name}）\n`);
    return f;
  });
  const manifest = parseManifest(['file,agency,region_code,year', ...DECLARED.map(([name, , agency, code, year]) => `${name},${agency},${code},${year}`)].join('\n'));
  const out2 = await importFiles(db, files, { manifest });
  DECLARED.forEach(([name], i) => (ids[name] = out2[i].reportId!));
  expect([...out, ...out2].filter((o) => o.outcome !== 'imported')).toEqual([]);
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('series of any value key per region and year', () => {
  it('平潭 新收申请: 23 (2019), 70 (2021), 81 (2023), 154 (2025)', async () => {
    // 2019: "一、本年新收政府信息公开申请数量230 000023" → 23; 2021 "本年新收…70"; 2023 "81"; 2025 "154".
    const s = await getValueSeries(db, { key: 't3.new_received.total', regionCode: '350128' });
    expect(s.map((p) => [p.year, p.value, p.reports])).toEqual([[2019, 23, 1], [2021, 70, 1], [2023, 81, 1], [2025, 154, 1]]);
  });
  it('a key not among the stored figures (表二 规范性文件 制发 of 平潭 2019: 89)', async () => {
    // "规范性文件898989": 本年新制作 89, 本年新公开 89, 对外公开总数量 89.
    const [p] = await getValueSeries(db, { key: 't2.normative_docs.new_made', regionCode: '350128', years: [2019] });
    expect(p.value).toBe(89);
  });
  it('a city sums its counties, each county counted once (临沂市 2023: 157 + 259 + 81 + 21)', async () => {
    const [p] = await getValueSeries(db, { key: 't3.new_received.total', regionCode: '371300', years: [2023] });
    expect(p.value).toBe(157 + 259 + 81 + 21);
    expect(p.reports).toBe(4);
  });
  it('a region-wide report is not summed with its own departments (罗庄区: 157, not 157 + 8)', async () => {
    // 罗庄区人民政府: "全区共收到政府信息公开申请157件"; the department's 办理结果总计 is 8.
    const [p] = await getValueSeries(db, { key: 't3.total_processed.total', regionCode: '371311', years: [2023] });
    expect(p.value).toBe(157);
    expect(p.reportIds).toEqual([ids.luozhuang]);
    // The department on its own still has its figure.
    const [d] = await getValueSeries(db, { key: 't3.total_processed.total', agencyIds: [await agencyOf(ids['dept.txt'])], years: [2023] });
    expect(d.value).toBe(8);
  });
  it('a region-wide report covers only where it is counted itself (2022: 临沂市 259 over 罗庄区 157 over a department)', async () => {
    const one = async (f: Parameters<typeof getValueSeries>[1]) => (await getValueSeries(db, { ...f, years: [2022] })).map((p) => [p.value, p.reports]);
    // The city's figure is its own city-wide report; the province's too.
    expect(await one({ key: 't3.new_received.total', regionCode: '371300' })).toEqual([[259, 1]]);
    expect(await one({ key: 't3.new_received.total', regionCode: '370000' })).toEqual([[259, 1]]);
    // The county's figure is the county's own region-wide report, although the city's covers it.
    expect(await one({ key: 't3.new_received.total', regionCode: '371311' })).toEqual([[157, 1]]);
    expect(await one({ key: 't3.total_processed.total', regionCode: '371311' })).toEqual([[157, 1]]);
    // Agencies chosen by hand: the wider report covers the narrower one; a department alone is itself.
    const [city, county, dept] = await Promise.all(['city-2022.txt', 'luozhuang-2022.txt', 'dept-2022.txt'].map((f) => agencyOf(ids[f])));
    expect(await one({ key: 't3.new_received.total', agencyIds: [city, county] })).toEqual([[259, 1]]);
    expect(await one({ key: 't3.total_processed.total', agencyIds: [county, dept] })).toEqual([[157, 1]]);
    expect(await one({ key: 't3.total_processed.total', agencyIds: [dept] })).toEqual([[8, 1]]);
    // The same rule for the other figures and for the drill-down list.
    expect((await getOutcomeShares(db, { regionCode: '371300', years: [2022] }))[0].processed).toBe(260);
    expect((await listReports(db, { regionCode: '371300', years: [2022] })).map((r) => r.agency)).toEqual(['临沂市人民政府']);
    expect((await getChildRollup(db, { regionCode: '371300', year: 2022 })).map((k) => [k.region.name, k.received])).toEqual([['罗庄区', 157]]);
  });
});

describe('the counting rule kept with each report (covered_rank)', () => {
  const check = async () => {
    const rows = await rowsOf(db, 'select distinct region_code as c, town_code as t from reports where region_code is not null', { c: col.text, t: col.textOrNull });
    const codes = new Set<string | undefined>([undefined]);
    for (const { c, t } of rows) for (const x of [c.slice(0, 2) + '0000', c.slice(0, 4) + '00', c, t ?? c]) codes.add(x);
    for (const regionCode of codes) {
      const f = regionCode ? { regionCode } : {};
      const ids = async (o: Parameters<typeof countedReports>[3]) => (await countedReports(db, f, [], o)).map((r) => r.id).sort((a, b) => a - b);
      expect(await ids({}), regionCode).toEqual(await ids({ live: true }));
      if (regionCode) expect(await ids({ childrenOf: regionCode }), regionCode).toEqual(await ids({ childrenOf: regionCode, live: true }));
    }
  };
  it('agrees with the rule evaluated afresh, for every region with reports and its parents', check);
  it('stays right when a region-wide report is re-published, moved by a manifest, and moved back', async () => {
    // A later version of 临沂市人民政府 2022 that is no longer region-wide (the department's text).
    const v2 = join(dir, 'city-2022-v2.txt');
    writeFileSync(v2, readFileSync(join(FIXTURES, 'seeds/000_4d303cf0b4364684.txt'), 'utf8') + '\n（更正版）\n');
    const m = (line: string) => parseManifest(`file,agency,region_code,year,published\n${line}`);
    const [o] = await importFiles(db, [v2], { manifest: m('city-2022-v2.txt,临沂市人民政府,371300,2022,2099-01-01') });
    expect(o.outcome).toBe('imported');
    await check();
    // Without the city-wide report, 罗庄区 counts in the city again (157, its department covered by it).
    expect((await getValueSeries(db, { key: 't3.new_received.total', regionCode: '371300', years: [2022] }))[0].value).toBe(0 + 157);
    // Moved to another year by its manifest line, the old version is current again.
    await importFiles(db, [v2], { manifest: m('city-2022-v2.txt,临沂市人民政府,371300,2021,2099-01-01') });
    await check();
    expect((await getValueSeries(db, { key: 't3.new_received.total', regionCode: '371300', years: [2022] }))[0].value).toBe(259);
    // And back; then removed from the picture for the tests that follow.
    await importFiles(db, [v2], { manifest: m('city-2022-v2.txt,临沂市人民政府,371300,2022,2099-01-01') });
    await check();
    await exec(db, 'delete from reports where id = ?', o.reportId);
    await exec(db, 'update reports set is_current = 1 where id = ?', ids['city-2022.txt']);
    await exec(db, `update reports set covered_rank = ${coveredRankSql('reports')} where year = 2022`);
    await check();
  });
});

describe('outcome shares', () => {
  it('2021 format: 其他处理 is the sum of its three rows (罗庄区 2023: 1 + 0 + 4 = 5)', async () => {
    // "其中予以公开106件…部分公开8件…不予公开3件…无法提供34件…不予处理1件…其他处理5件"; 表三 (六) rows 1 / 0 / 4.
    const [y] = await getOutcomeShares(db, { agencyIds: [await agencyOf(ids.luozhuang)], years: [2023] });
    expect(y.processed).toBe(157);
    expect(y.counts).toEqual({ granted: 106, partially_granted: 8, denied: 3, unavailable: 34, not_processed: 1, other: 5 });
    expect(y.shares.granted).toBeCloseTo(106 / 157, 10);
    expect(y.shares.other).toBeCloseTo(5 / 157, 10);
  });
  it('2019 format: 其他处理 is its one row (平潭 2019: 予以公开 7, 部分公开 1, 无法提供 7 + 5, 不予处理 3, 其他 0)', async () => {
    const [y] = await getOutcomeShares(db, { regionCode: '350128', years: [2019] });
    expect(y.processed).toBe(23);
    expect(y.counts).toEqual({ granted: 7, partially_granted: 1, denied: 0, unavailable: 12, not_processed: 3, other: 0 });
  });
  it('per region: shares of the summed counts, never averaged shares', async () => {
    const [y] = await getOutcomeShares(db, { regionCode: '371300', years: [2023] });
    // 罗庄 106 + 兰山 (武威 text) 164 + 河东 (平潭 text) 22 + 沂南 (洪泽 text) 0, of 157 + 260 + 81 + 21.
    expect(y.counts.granted).toBe(106 + 164 + 22 + 0);
    expect(y.processed).toBe(157 + 260 + 81 + 21);
    expect(y.shares.granted).toBeCloseTo(292 / 519, 10);
  });
});

describe('correction rates = 纠正 ÷ (总计 − 尚未审结)', () => {
  it('罗庄区 2023: 复议 3 of 5 − 1; 直接起诉 0 of 1', async () => {
    // 表四: 复议 维持 1, 纠正 3, 其他 0, 尚未审结 1, 总计 5; 未经复议直接起诉 0, 0, 1, 0, 1.
    const [y] = await getCorrectionRates(db, { agencyIds: [await agencyOf(ids.luozhuang)], years: [2023] });
    expect(y.groups.review).toMatchObject({ upheld: 1, corrected: 3, other: 0, pending: 1, total: 5 });
    expect(y.groups.review.rate).toBeCloseTo(3 / 4, 10);
    expect(y.groups.litigation_direct.rate).toBe(0);
    expect(y.groups.litigation_after_review.rate).toBeNull(); // nothing concluded: no rate, not 0
  });
  it('淮安市 2024: 复议 64 of 351 − 37; 诉讼 5 of 46 − 7 (numbers of the narrative)', async () => {
    // "政府信息公开行政复议 351 件，其中结果维持 72 件，结果纠正 64 件，其他结果 178 件，尚未审结 37 件；
    //  政府信息公开行政诉讼 46 件，其中结果维持 25 件，结果纠正 5 件，其他结果 9 件，尚未审结 7 件。"
    const [y] = await getCorrectionRates(db, { regionCode: '320800', years: [2024] });
    expect(y.groups.review).toMatchObject({ upheld: 72, corrected: 64, other: 178, pending: 37, total: 351 });
    expect(y.groups.review.rate).toBeCloseTo(64 / 314, 10);
    expect(y.groups.litigation).toMatchObject({ upheld: 25, corrected: 5, other: 9, pending: 7, total: 46 });
    expect(y.groups.litigation.rate).toBeCloseTo(5 / 39, 10);
  });
});

describe('peers and roll-ups', () => {
  it('rolls 临沂市 up to its counties', async () => {
    const kids = await getChildRollup(db, { regionCode: '371300', year: 2023 });
    const byName = Object.fromEntries(kids.map((k) => [k.region.name, [k.received, k.processed, k.reports]]));
    expect(byName).toEqual({ 兰山区: [259, 260, 1], 罗庄区: [157, 157, 1], 河东区: [81, 81, 1], 沂南县: [21, 21, 1] });
  });
  it('ranks counties of one city by 予以公开 share; fewer than 30 applications: listed, not ranked', async () => {
    const ranks = await rankPeers(db, { regionCode: '371311', year: 2023 });
    expect(ranks.map((r) => [r.region.name, r.rank])).toEqual([['罗庄区', 1], ['兰山区', 2], ['河东区', 3], ['沂南县', null]]);
    expect(ranks[0].grantedShare).toBeCloseTo(106 / 157, 10);
    expect(ranks[1].grantedShare).toBeCloseTo(164 / 260, 10);
    expect(ranks[3].unranked).toContain('30');
    expect((await rankPeers(db, { regionCode: '371311', year: 2023, by: 'received' })).map((r) => r.rank)).toEqual([1, 2, 3, 4]);
  });
});

describe('pages', () => {
  it('overview counts current reports, agencies, regions and years', async () => {
    const o = await getOverview(db);
    expect(o.reports).toBe(15);
    expect(o.agencies).toBe(10); // 平潭 is one agency with four reports; 罗庄区 and its department have two each
    expect(o.years).toEqual([2019, 2021, 2022, 2023, 2024, 2025]);
  });
  it('a report with its values, cells (offsets into its text), checks, warnings and sections', async () => {
    const r = (await getReport(db, ids.luozhuang))!;
    expect(r.agency).toBe('罗庄区人民政府');
    expect(r.year).toBe(2023);
    expect(r.format).toBe('2021');
    const cell = r.values.find((v) => v.key === 't3.other.other.natural_person')!;
    expect([cell.value, cell.status]).toEqual([4, 'printed']);
    expect(r.text.slice(cell.start!, cell.end!)).toBe('4');
    expect(r.values.length).toBe(200);
    expect(r.checks.length).toBeGreaterThan(20);
    expect(r.sections.map((s) => s.index)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(r.text.slice(r.sections[4].start, r.sections[4].end)).toContain('存在的主要问题');
    expect(Array.isArray(r.warningList)).toBe(true);
    expect((await getReport(db, 999_999))).toBeNull();
  });
  it('lists the reports behind a chart element', async () => {
    expect((await listReports(db, { regionCode: '350128' })).map((r) => r.year)).toEqual([2025, 2023, 2021, 2019]);
    expect((await listReports(db, { regionCode: '371300', years: [2023] })).map((r) => r.agency).sort()).toEqual(
      ['临沂市兰山区人民政府', '临沂市河东区人民政府', '沂南县人民政府', '罗庄区人民政府'].sort(),
    );
  });
  it('finds regions down to townships, and agencies including departments, by name', async () => {
    const hits = await searchPlaces(db, '罗庄');
    expect(hits).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: 'region', id: '371311' }),
      expect.objectContaining({ kind: 'agency', name: '罗庄区人民政府' }),
      expect.objectContaining({ kind: 'agency', name: '临沂市罗庄区教育和体育局' }),
    ]));
    expect((await searchPlaces(db, '彰武镇')).some((h) => h.kind === 'region' && h.id === '210922100')).toBe(true);
    expect((await searchPlaces(db, '   '))).toEqual([]);
  });
  it('lists reports with failed checks by region, year and rule; summarises them by rule and region', async () => {
    // Seed 000's 表三 row totals do not add up (e.g. 本年新收: total 0 beside a non-zero applicant column).
    const rows = await listQualityIssues(db, { regionCode: '371311', year: 2023, ruleId: 't3.row_total' });
    expect(rows.map((r) => r.agency)).toEqual(['临沂市罗庄区教育和体育局']);
    expect(rows[0].failedRules).toEqual(expect.arrayContaining(['t3.row_total.new_received']));
    expect((await listQualityIssues(db, { regionCode: '350128', ruleId: 't3.row_total' }))).toEqual([]);
    const q = await getQualitySummary(db, { year: 2023 });
    expect(q.byRule.some((r) => r.family.startsWith('t3.row_total') && r.reports >= 1)).toBe(true);
    expect(q.byRegion.find((r) => r.regionCode === '371311')).toMatchObject({ reports: 2 });
  });
});

async function agencyOf(reportId: number): Promise<number> {
  return (await rowsOf(db, 'select agency_id as a from reports where id = ?', { a: col.number }, reportId))[0].a;
}
