/**
 * Every query the pages call (db/queries/*), on a temporary database built from real reports through
 * the real import, every expected number read by hand in the source texts (quoted beside each
 * assertion: report, table and cell).
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
import { col, exec, rows as rowsOf, sql, testDb } from './helpers/db';
import { importFiles } from '../db/import';
import { getChildFigures, getYearFigures } from '../db/queries/figures';
import { filterSql, type Filter } from '../db/queries/filter';
import { getAgencies, getChildCounts, getRegionAgencies, searchPlaces } from '../db/queries/places';
import { getQualitySummary, listQualityIssues } from '../db/queries/quality';
import { getOverview, getReport, getYears, listReports } from '../db/queries/reports';
import { getChartById, getCompareView, getOverviewView, getPeerRank, getRegionView } from '../app/_data/views';
import { coveredRankSql } from '../db/coverage';
import { refreshRollups } from '../db/rollups';
import { METRIC_COLUMNS, partialLabel, reportMetrics, sumFigures, type MetricColumn } from '../lib/metrics';
import { specToCsv } from '../lib/charts/csv';
import { parseCompareState } from '../lib/charts/state';
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
  const out = await importFiles(
    db,
    names.map((n) => join(FIXTURES, PUBLISHED[n])),
  );
  names.forEach((n, i) => (ids[n] = out[i].reportId!));
  const files = DECLARED.map(([name, src]) => {
    const f = join(dir, name);
    writeFileSync(f, readFileSync(join(FIXTURES, src), 'utf8') + `\n（测试副本 ${name}）\n`);
    return f;
  });
  const manifest = parseManifest(
    ['file,agency,region_code,year', ...DECLARED.map(([name, , agency, code, year]) => `${name},${agency},${code},${year}`)].join('\n'),
  );
  const out2 = await importFiles(db, files, { manifest });
  DECLARED.forEach(([name], i) => (ids[name] = out2[i].reportId!));
  expect([...out, ...out2].filter((o) => o.outcome !== 'imported')).toEqual([]);
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A figure per year: [year, value, reports, lacking]. */
async function series(f: Filter, column: MetricColumn) {
  return (await getYearFigures(db, f)).map((y) => [y.year, y.figures.sums[column].value, y.reports, y.figures.sums[column].lacking]);
}

describe('getYearFigures: sums per region (or agencies, or the country) and year', () => {
  it('平潭 新收申请: 23 (2019), 70 (2021), 81 (2023), 154 (2025)', async () => {
    // real/008 表三 "一、本年新收政府信息公开申请数量230 000023" → 总计 23; real/010 "本年新收…70"; real/007 "81"; real/013 "154".
    expect(await series({ regionCode: '350128' }, 'received')).toEqual([
      [2019, 23, 1, 0],
      [2021, 70, 1, 0],
      [2023, 81, 1, 0],
      [2025, 154, 1, 0],
    ]);
  });
  it('a city sums its counties, each county counted once (临沂市 2023: 157 + 259 + 81 + 21)', async () => {
    // 表三 本年新收 总计: seed 004 罗庄区 157; seed 003 (as 兰山区) 259; real/007 (as 河东区) 81; real/002 (as 沂南县) 21.
    expect(await series({ regionCode: '371300', years: [2023] }, 'received')).toEqual([[2023, 157 + 259 + 81 + 21, 4, 0]]);
  });
  it('a report whose figure could not be read is counted as lacking, not as 0 (临沂市 2023 其他处理)', async () => {
    // （六）其他处理 总计: 罗庄区 1 + 0 + 4 (seed 004 表三 (六) rows); 兰山区 = 武威 3 + 0 + 0 (seed 003);
    // 河东区 = 平潭 2023 1 + 0 + 1 (real/007). 沂南县 = 洪泽区 2023 (real/002): its PDF text prints the
    // （六）其他处理 labels with no numbers after them, so those cells are missing: that report lacks the figure.
    const [y] = await getYearFigures(db, { regionCode: '371300', years: [2023] });
    expect(y.figures.sums.other).toEqual({ value: 5 + 3 + 2, reports: 4, lacking: 1 });
    expect(partialLabel(y.figures.sums.other)).toBe('部分：4 份报告中 1 份缺此项');
    // Figures every report printed are whole: 予以公开 106 + 164 + 22 + 0.
    expect(y.figures.sums.granted).toEqual({ value: 292, reports: 4, lacking: 0 });
    // 予以公开率 over the reports having both parts: all four (办结 157 + 260 + 81 + 21).
    expect(y.figures.ratios.granted_share).toMatchObject({ num: 292, den: 519, over: 4, reports: 4 });
    expect(y.figures.ratios.granted_share.value).toBeCloseTo(292 / 519, 10);
  });
  it('a region-wide report is not summed with its own departments (罗庄区: 157, not 157 + 8)', async () => {
    // seed 004 罗庄区人民政府: "全区共收到政府信息公开申请157件"; the department (seed 000) 办理结果总计 8.
    const [p] = await getYearFigures(db, { regionCode: '371311', years: [2023] });
    expect([p.figures.sums.processed.value, p.reports, p.onlyReportId]).toEqual([157, 1, ids.luozhuang]);
    // The department on its own still has its figure.
    expect(await series({ agencyIds: [agencyOf(ids['dept.txt'])], years: [2023] }, 'processed')).toEqual([[2023, 8, 1, 0]]);
  });
  it('a region-wide report covers only where it is counted itself (2022: 临沂市 259 over 罗庄区 157 over a department)', async () => {
    const one = async (f: Filter, column: MetricColumn) => (await series({ ...f, years: [2022] }, column)).map(([, v, n]) => [v, n]);
    // The city's figure is its own city-wide report (seed 003's 本年新收 259); the province's too.
    expect(await one({ regionCode: '371300' }, 'received')).toEqual([[259, 1]]);
    expect(await one({ regionCode: '370000' }, 'received')).toEqual([[259, 1]]);
    // The county's figure is the county's own region-wide report, although the city's covers it.
    expect(await one({ regionCode: '371311' }, 'received')).toEqual([[157, 1]]);
    // Agencies chosen by hand: the wider report covers the narrower one; a department alone is itself.
    const [city, county, dept] = ['city-2022.txt', 'luozhuang-2022.txt', 'dept-2022.txt'].map((f) => agencyOf(ids[f]));
    expect(await one({ agencyIds: [city, county] }, 'received')).toEqual([[259, 1]]);
    expect(await one({ agencyIds: [county, dept] }, 'processed')).toEqual([[157, 1]]);
    expect(await one({ agencyIds: [dept] }, 'processed')).toEqual([[8, 1]]);
    // The same rule for the drill-down list and the roll-up.
    expect((await listReports(db, { regionCode: '371300', years: [2022] })).rows.map((r) => r.agency)).toEqual(['临沂市人民政府']);
    expect((await getChildFigures(db, { regionCode: '371300', year: 2022 })).map((k) => [k.region.name, k.figures.sums.received.value])).toEqual([
      ['罗庄区', 157],
    ]);
  });
  it('outcome groups in both formats: 2021 其他处理 sums three rows, 2019 one', async () => {
    // seed 004 罗庄区 2023: "其中予以公开106件…部分公开8件…不予公开3件…无法提供34件…不予处理1件…其他处理5件".
    const [l] = await getYearFigures(db, { agencyIds: [agencyOf(ids.luozhuang)], years: [2023] });
    const groups = ['granted', 'partially_granted', 'denied', 'unavailable', 'not_processed', 'other'];
    expect(groups.map((g) => l.figures.sums[g].value)).toEqual([106, 8, 3, 34, 1, 5]);
    // real/008 平潭 2019 (2019 format): 予以公开 7, 部分公开 1, 不予公开 0, 无法提供 7 + 5, 不予处理 3, 其他 0; 办结 23.
    const [p] = await getYearFigures(db, { regionCode: '350128', years: [2019] });
    expect(groups.map((g) => p.figures.sums[g].value)).toEqual([7, 1, 0, 12, 3, 0]);
    expect(p.figures.sums.processed.value).toBe(23);
  });
  it('纠错率 = 纠正 ÷ (总计 − 尚未审结): 罗庄区 2023 and 淮安市 2024', async () => {
    // seed 004 表四: 复议 维持 1, 纠正 3, 其他 0, 尚未审结 1, 总计 5; 未经复议直接起诉 0, 0, 1, 0, 1; 复议后起诉 all 0.
    const [l] = await getYearFigures(db, { agencyIds: [agencyOf(ids.luozhuang)], years: [2023] });
    expect(['review_upheld', 'review_corrected', 'review_other', 'review_pending', 'review_total'].map((c) => l.figures.sums[c].value)).toEqual([
      1, 3, 0, 1, 5,
    ]);
    expect(l.figures.ratios.review_rate.value).toBeCloseTo(3 / 4, 10);
    expect(l.figures.ratios.litigation_rate.value).toBe(0); // 0 corrected of 1 concluded
    // real/001 淮安市 2024: "政府信息公开行政复议 351 件，其中结果维持 72 件，结果纠正 64 件，其他结果 178 件，尚未审结 37 件；
    //  政府信息公开行政诉讼 46 件，其中结果维持 25 件，结果纠正 5 件，其他结果 9 件，尚未审结 7 件。"
    const [h] = await getYearFigures(db, { regionCode: '320800', years: [2024] });
    expect(h.figures.ratios.review_rate).toMatchObject({ num: 64, den: 351 - 37, over: 1 });
    expect(h.figures.ratios.litigation_rate).toMatchObject({ num: 5, den: 46 - 7, over: 1 });
  });
  it('the SQL sums agree with the same sums in code, for every region and year with reports', async () => {
    const regions = await db.all(sql`select distinct region_code as c from reports where region_code is not null`, { c: col.text });
    const codes = new Set<string | null>([null]);
    for (const { c } of regions) for (const x of [c.slice(0, 2) + '0000', c.slice(0, 4) + '00', c]) codes.add(x);
    for (const code of codes) {
      const f: Filter = code ? { regionCode: code } : {};
      for (const y of await getYearFigures(db, f)) {
        const w = filterSql({ ...f, years: [y.year] }, { counted: true });
        const reps = await db.all(sql`select r.id as id, r.format as format from reports r where ${w}`, { id: col.number, format: col.text });
        const perReport = await Promise.all(
          reps.map(async (r) => {
            const cells = await db.all(sql`select key, value, status from report_values where report_id = ${r.id}`, {
              key: col.text,
              value: col.numberOrNull,
              status: col.text,
            });
            return reportMetrics(r.format === '2019' ? '2019' : '2021', Object.fromEntries(cells.map((c) => [c.key, c])));
          }),
        );
        const expected = sumFigures(perReport);
        expect(y.figures.sums, `${code} ${y.year}`).toEqual(expected.sums);
        for (const [id, r] of Object.entries(expected.ratios)) {
          const got = y.figures.ratios[id as keyof typeof expected.ratios];
          expect([got.over, got.num, got.den], `${code} ${y.year} ${id}`).toEqual([r.over, r.num, r.den]);
        }
      }
    }
    expect(METRIC_COLUMNS.length).toBe(12 + 6 + 15);
    // The roll-ups (country, province, city, county) give what a scan of the report rows gives.
    for (const code of codes) {
      if (code && code.length !== 6) continue;
      const viaRollups = await getYearFigures(db, code ? { regionCode: code } : {});
      const w = filterSql(code ? { regionCode: code } : {}, { counted: true });
      const viaScan = await db.all(
        sql`select r.year as year, count(*) as n, sum(m.received) as received from reports r left join report_metrics m on m.report_id = r.id where ${w} group by r.year order by r.year`,
        {
          year: col.number,
          n: col.number,
          received: col.numberOrNull,
        },
      );
      expect(
        viaRollups.map((y) => [y.year, y.reports, y.figures.sums.received.value]),
        String(code),
      ).toEqual(viaScan.map((y) => [y.year, y.n, y.received]));
    }
  });
});

describe('the counting rule kept with each report (covered_rank)', () => {
  const counted = async (f: Filter, o: { childrenOf?: string; live?: boolean }) => {
    const w = filterSql(f, { counted: true, ...o });
    return (await db.all(sql`select r.id as id from reports r where ${w} order by r.id`, { id: col.number })).map((r) => r.id);
  };
  const check = async () => {
    const rows = await db.all(sql`select distinct region_code as c, town_code as t from reports where region_code is not null`, {
      c: col.text,
      t: col.textOrNull,
    });
    const codes = new Set<string | undefined>([undefined]);
    for (const { c, t } of rows) for (const x of [c.slice(0, 2) + '0000', c.slice(0, 4) + '00', c, t ?? c]) codes.add(x);
    for (const regionCode of codes) {
      const f = regionCode ? { regionCode } : {};
      expect(await counted(f, {}), regionCode).toEqual(await counted(f, { live: true }));
      if (regionCode)
        expect(await counted(f, { childrenOf: regionCode }), regionCode).toEqual(await counted(f, { childrenOf: regionCode, live: true }));
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
    // Without the city-wide report, 罗庄区 counts in the city again (seed 000 本年新收 0 + 罗庄区 157).
    expect((await series({ regionCode: '371300', years: [2022] }, 'received'))[0][1]).toBe(0 + 157);
    // Moved to another year by its manifest line, the old version is current again.
    await importFiles(db, [v2], { manifest: m('city-2022-v2.txt,临沂市人民政府,371300,2021,2099-01-01') });
    await check();
    expect((await series({ regionCode: '371300', years: [2022] }, 'received'))[0][1]).toBe(259);
    // And back; then removed from the picture for the tests that follow.
    await importFiles(db, [v2], { manifest: m('city-2022-v2.txt,临沂市人民政府,371300,2022,2099-01-01') });
    await check();
    await exec(db, 'delete from reports where id = ?', o.reportId);
    await exec(db, 'update reports set is_current = 1 where id = ?', ids['city-2022.txt']);
    await exec(db, `update reports set covered_rank = ${coveredRankSql('reports')} where year = 2022`);
    await refreshRollups(db);
    await check();
  });
});

describe('getChildFigures and ranking (the region page)', () => {
  it('rolls 临沂市 up to its counties', async () => {
    const kids = await getChildFigures(db, { regionCode: '371300', year: 2023 });
    const byName = Object.fromEntries(kids.map((k) => [k.region.name, [k.figures.sums.received.value, k.figures.sums.processed.value, k.reports]]));
    // 本年新收 / 办结 (（七）总计): 兰山 = 武威 259 / 260; 罗庄 157 / 157; 河东 = 平潭 2023 81 / 81; 沂南 = 洪泽 21 / 21.
    expect(byName).toEqual({ 兰山区: [259, 260, 1], 罗庄区: [157, 157, 1], 河东区: [81, 81, 1], 沂南县: [21, 21, 1] });
  });
  it('ranks counties of one city by 予以公开率; fewer than 30 applications: listed, not ranked', async () => {
    const v = (await getRegionView(db, '371300', 2023, 'grantedShare'))!;
    expect(v.children.map((r) => [r.region.name, r.rank])).toEqual([
      ['罗庄区', 1],
      ['兰山区', 2],
      ['河东区', 3],
      ['沂南县', null],
    ]);
    expect(v.children[0].value).toBeCloseTo(106 / 157, 10);
    expect(v.children[1].value).toBeCloseTo(164 / 260, 10);
    expect(v.children[3].unranked).toContain('30');
    const peer = await getPeerRank(db, '371311', 2023, 'received');
    expect([peer.peers, peer.me?.rank, peer.me?.value]).toEqual([4, 2, 157]);
    // The roll-up chart labels 沂南县's partial 其他处理? No: it ranks 予以公开率, which 沂南县 has whole.
    expect(v.childChart.series[0].partial?.every((p) => p === null)).toBe(true);
  });
});

describe('views: overview, compare, charts by id', () => {
  it('the national overview: latest year, its reports, and a partial figure labelled in the CSV', async () => {
    const v = await getOverviewView(db, null, 2023);
    // 2023: 罗庄区, 兰山区, 河东区, 沂南县, the department (covered by 罗庄区, not counted), 洪泽区, 平潭 and 武威市.
    expect(v.year).toBe(2023);
    expect(v.point?.reports).toBe(7);
    // 其他处理 lacks in two reports: 洪泽区 2023 and its copy as 沂南县.
    expect(v.point?.figures.sums.other.lacking).toBe(2);
    const csv = specToCsv(v.outcomes);
    expect(csv.split('\r\n').find((l) => l.startsWith('其他处理,'))).toContain('部分：7 份报告中 2 份缺此项');
  });
  it('compare: two regions side by side, names and the same numbers as the queries', async () => {
    const d = await getCompareView(db, parseCompareState(new URLSearchParams('r=371311~350128&y=2023')));
    expect(d.names).toEqual(['罗庄区', '平潭县']);
    expect(d.volume.series.map((s) => s.data)).toEqual([
      // 本年新收 自然人 / 法人或其他组织: seed 004 罗庄区; real/007 平潭 2023.
      [
        truthOf('seeds/004_be8f56aee3e3e289.truth.json', 't3.new_received.natural_person'),
        truthOf('real/007_pingtan-2023.truth.json', 't3.new_received.natural_person'),
      ],
      [
        157 - truthOf('seeds/004_be8f56aee3e3e289.truth.json', 't3.new_received.natural_person'),
        81 - truthOf('real/007_pingtan-2023.truth.json', 't3.new_received.natural_person'),
      ],
    ]);
    expect(d.availableYears).toEqual([2019, 2021, 2022, 2023, 2024, 2025]);
  });
  it('any chart by id, as the SVG route serves it; an unknown id is null', async () => {
    const spec = await getChartById(db, 'region-children', new URLSearchParams('code=371300&y=2023'));
    expect(spec?.categories).toEqual(['兰山区', '罗庄区', '河东区', '沂南县']);
    expect(await getChartById(db, 'nope', new URLSearchParams())).toBeNull();
  });
});

describe('reports, places and quality', () => {
  it('overview counts current reports, agencies, regions and years', async () => {
    const o = await getOverview(db);
    expect(o.reports).toBe(15);
    expect(o.agencies).toBe(10); // 平潭 is one agency with four reports; 罗庄区 and its department have two each
    expect(o.years).toEqual([2019, 2021, 2022, 2023, 2024, 2025]);
    expect(await getYears(db)).toEqual(o.years);
  });
  it('a report with its values, cells (offsets into its text), checks, warnings and sections', async () => {
    const r = (await getReport(db, ids.luozhuang))!;
    expect(r.agency).toBe('罗庄区人民政府');
    expect(r.year).toBe(2023);
    expect(r.format).toBe('2021');
    // seed 004 表三 (六)3 其他 自然人: 4.
    const cell = r.values.find((v) => v.key === 't3.other.other.natural_person')!;
    expect([cell.value, cell.status]).toEqual([4, 'printed']);
    expect(r.text.slice(cell.start!, cell.end!)).toBe('4');
    expect(r.values.length).toBe(200);
    expect(r.checks.length).toBe(42);
    expect(r.sections.map((s) => s.index)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(r.text.slice(r.sections[4].start, r.sections[4].end)).toContain('存在的主要问题');
    expect(Array.isArray(r.warningList)).toBe(true);
    expect(await getReport(db, 999_999)).toBeNull();
  });
  it('lists the reports behind a figure, and every report, paged', async () => {
    expect((await listReports(db, { regionCode: '350128' })).rows.map((r) => r.year)).toEqual([2025, 2023, 2021, 2019]);
    expect((await listReports(db, { regionCode: '371300', years: [2023] })).rows.map((r) => r.agency).sort()).toEqual(
      ['临沂市兰山区人民政府', '临沂市河东区人民政府', '沂南县人民政府', '罗庄区人民政府'].sort(),
    );
    const page = await listReports(db, {}, { counted: false, limit: 4, offset: 4 });
    expect([page.total, page.rows.length]).toEqual([15, 4]);
  });
  it('finds regions down to townships, and agencies including departments, by name', async () => {
    const hits = await searchPlaces(db, '罗庄');
    expect(hits).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'region', id: '371311', reports: 4 }),
        expect.objectContaining({ kind: 'agency', name: '罗庄区人民政府', reports: 2 }),
        expect.objectContaining({ kind: 'agency', name: '临沂市罗庄区教育和体育局' }),
      ]),
    );
    expect((await searchPlaces(db, '彰武镇')).some((h) => h.kind === 'region' && h.id === '210922100')).toBe(true);
    expect(await searchPlaces(db, '   ')).toEqual([]);
    expect(await searchPlaces(db, '%')).toEqual([]);
  });
  it('the region browser: children with report counts, agencies of a region, agencies by id', async () => {
    const cities = await getChildCounts(db, '370000');
    // 2023: four counties and the department; 2022: the city, 罗庄区 and the department.
    expect(cities.find((c) => c.code === '371300')).toMatchObject({ name: '临沂市', reports: 8 });
    const provinces = await getChildCounts(db, null);
    expect(
      provinces
        .filter((p) => p.reports > 0)
        .map((p) => p.name)
        .sort(),
    ).toEqual(['山东省', '江苏省', '甘肃省', '福建省'].sort());
    const here = await getRegionAgencies(db, '371311');
    expect(here.map((a) => [a.name, a.reports])).toEqual([
      ['临沂市罗庄区教育和体育局', 2],
      ['罗庄区人民政府', 2],
    ]);
    const [a] = await getAgencies(db, [agencyOf(ids.luozhuang), 999_999]);
    expect(a).toMatchObject({ name: '罗庄区人民政府', regionCode: '371311', reports: 2 });
  });
  it('lists reports with failed checks by region, year and rule; summarises them by rule and region', async () => {
    // Seed 000's 表三 row totals do not add up (e.g. 本年新收: total 0 beside a non-zero applicant column).
    const rows = await listQualityIssues(db, { regionCode: '371311', years: [2023], ruleId: 't3.row_total' });
    expect(rows.map((r) => r.agency)).toEqual(['临沂市罗庄区教育和体育局']);
    expect(rows[0].failedRules).toEqual(expect.arrayContaining(['t3.row_total.new_received']));
    expect(await listQualityIssues(db, { regionCode: '350128', ruleId: 't3.row_total' })).toEqual([]);
    const q = await getQualitySummary(db, { years: [2023] });
    expect(q.byRule.find((r) => r.family === 't3.row_total')?.reports).toBe(1);
    expect(q.byRegion.find((r) => r.regionCode === '371311')).toMatchObject({ reports: 2 });
  });
});

const agencies: Record<number, number> = {};
beforeAll(async () => {
  for (const a of await rowsOf(db, 'select id, agency_id from reports', { id: col.number, agency_id: col.number })) agencies[a.id] = a.agency_id;
});
function agencyOf(reportId: number): number {
  return agencies[reportId];
}

function truthOf(file: string, key: string): number {
  return (JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as { values: Record<string, number> }).values[key];
}
