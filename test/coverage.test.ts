/**
 * Coverage and deadlines on the seed and real reports: who was expected to publish in a region
 * and year (gazetteer governments + departments that reported + an imported list), who did, and
 * whether on time. Publication dates as printed in the fixtures (read by hand): 建瓯市人民政府办公室
 * 2022 → 2023年1月17日; 彰武镇 2022 → 2023-01-18; 淳化县 2021 → 2022-02-08; 武威市 2023 →
 * 2024年2月21日; 平潭 2023 → 2024-03-08; 罗庄区 2023 prints no date.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  bodyKeyOf,
  coverageByChild,
  coverageOf,
  expectedBodies,
  gazetteerGovernments,
  unevenCoverageYears,
  type AgencyForCoverage,
} from '../lib/coverage/expected';
import { DEFAULT_DEADLINES, deadlineFor, deadlineSettingsFrom, summarizeTimeliness, timeliness, timelinessLabel } from '../lib/coverage/deadlines';
import { parseUnits } from '../lib/import/units';
import { coverageLine, withCoverage } from '../lib/charts/coverage';
import type { ChartSpec } from '../lib/charts/spec';
import { childRegions } from '../lib/region/gazetteer';
import type { ParsedReport } from '../lib/report/types';
import { FIXTURES, parseFixture } from './helpers/fixtures';

const SEEDS = [
  '000_4d303cf0b4364684.txt',
  '001_3e09011248c3275f.txt',
  '002_3bb274d1443478a1.txt',
  '003_6790f04c403e7862.txt',
  '004_be8f56aee3e3e289.txt',
];
// 平潭 2024 is kept with the metadata fixtures (test/fixtures/meta), the others with the real ones.
const PINGTAN = ['008_pingtan-2019.txt', '010_pingtan-2021.txt', '007_pingtan-2023.txt', '012_pingtan-2024.txt', '013_pingtan-2025.txt'];

let reports: ParsedReport[];
const agency = (r: ParsedReport): AgencyForCoverage => ({
  name: r.meta.agency!,
  kind: r.meta.kind,
  regionCode: r.meta.region_code,
  townCode: r.meta.town_code,
});
const publishedIn = (year: number) => new Set(reports.filter((r) => r.meta.year === year).map((r) => bodyKeyOf(agency(r))!));
const byAgency = (name: string, year?: number) => reports.find((r) => r.meta.agency === name && (year === undefined || r.meta.year === year))!;

beforeAll(async () => {
  reports = await Promise.all(
    [...SEEDS.map((f) => join(FIXTURES, 'seeds', f)), ...PINGTAN.map((f) => join(FIXTURES, f.startsWith('012_') ? 'meta' : 'real', f))].map((p) =>
      parseFixture(p),
    ),
  );
});

describe('expected bodies and coverage', () => {
  it('彰武县 2022: its government and its 24 townships are expected; only 彰武镇 published', () => {
    const expected = expectedBodies('210922', 2022, reports.map(agency));
    expect(childRegions('210922')).toHaveLength(24);
    expect(expected).toHaveLength(25);
    expect(expected[0]).toMatchObject({ key: 'gov:210922', name: '彰武县人民政府', placeLevel: 'county', kind: 'government' });
    const c = coverageOf(expected, publishedIn(2022));
    expect([c.published, c.expected]).toEqual([1, 25]);
    expect(c.missing.map((b) => b.name)).toContain('彰武县人民政府');
    expect(c.missing.map((b) => b.name)).not.toContain('彰武镇人民政府');
    expect(c.groups.map((g) => [g.label, g.published, g.expected])).toEqual([
      ['县级政府', 0, 1],
      ['乡镇政府、街道办事处', 1, 24],
    ]);
    // A year without any report: every body missing.
    expect(coverageOf(expected, publishedIn(2023)).published).toBe(0);
  });

  it('建瓯市 2022: the 办公室 that reported is an expected department, in 2021 too, where it is missing', () => {
    const office = bodyKeyOf(agency(byAgency('建瓯市人民政府办公室')));
    expect(office).toBe('dept:350783:建瓯市人民政府办公室');
    const e2022 = expectedBodies('350783', 2022, reports.map(agency));
    expect(e2022.find((b) => b.key === office)).toMatchObject({ kind: 'office', placeLevel: 'county', source: 'reported' });
    expect(e2022).toHaveLength(1 + 18 + 1);
    const c2022 = coverageOf(e2022, publishedIn(2022));
    expect(c2022.groups.find((g) => g.label === '县级部门')).toMatchObject({ expected: 1, published: 1 });
    const c2021 = coverageOf(expectedBodies('350783', 2021, reports.map(agency)), publishedIn(2021));
    expect(c2021.missing.map((b) => b.key)).toContain(office);
    // The department of 建瓯市 is not expected in 彰武县.
    expect(expectedBodies('210922', 2022, reports.map(agency)).some((b) => b.key === office)).toBe(false);
  });

  it('平潭 (350128): 平潭综合实验区管委会 is the government of 平潭县; published 2019, 2021, 2023–2025, not 2020, 2022', () => {
    const gov = bodyKeyOf(agency(byAgency('平潭综合实验区管委会', 2023)));
    expect(gov).toBe('gov:350128');
    const years = [2019, 2020, 2021, 2022, 2023, 2024, 2025];
    const series = years.map((y) => ({ year: y, ...coverageOf(expectedBodies('350128', y, reports.map(agency)), publishedIn(y)) }));
    expect(series.map((s) => s.published)).toEqual([1, 0, 1, 0, 1, 1, 1]);
    expect(series.every((s) => s.expected === 8)).toBe(true);
    expect(unevenCoverageYears(series)).toEqual([2020, 2022]);
  });

  it("a coverage table of a city's children: 武威市 counties, none complete", () => {
    const expected = expectedBodies('620600', 2023, reports.map(agency));
    const rows = coverageByChild('620600', expected, publishedIn(2023));
    expect(rows.map((r) => r.region.name)).toEqual(['凉州区', '民勤县', '古浪县', '天祝藏族自治县']);
    // Each row counts the county's government and townships; 武威市's own report is the city's.
    const liangzhou = gazetteerGovernments('620602').length;
    expect(rows[0]).toMatchObject({ expected: liangzhou, published: 0, share: 0 });
    expect(coverageOf(expected, publishedIn(2023)).published).toBe(1);
  });

  it('an imported list adds bodies and removes those marked not expected, for the years given', () => {
    const units = parseUnits(
      [
        'name,region_code,kind,expected,from_year,to_year,deadline,note',
        '彰武县教育局,210922,department,1,,,,',
        '彰武县大德镇人民政府,210922120,government,0,2022,,,并入他镇（示例）',
        '彰武县彰武镇人民政府,210922100,government,1,,,02-28,',
      ].join('\n'),
    );
    const e2022 = expectedBodies('210922', 2022, reports.map(agency), units);
    expect(e2022).toHaveLength(25);
    expect(e2022.find((b) => b.name === '彰武县教育局')).toMatchObject({ key: 'dept:210922:彰武县教育局', source: 'imported', kind: 'department' });
    expect(e2022.some((b) => b.key === 'gov:210922120')).toBe(false);
    expect(e2022.find((b) => b.key === 'gov:210922100')!.deadline).toBe('02-28');
    expect(expectedBodies('210922', 2021, reports.map(agency), units).some((b) => b.key === 'gov:210922120')).toBe(true);
  });
});

describe('the expected-units list', () => {
  const header = 'name,region_code,kind,expected,from_year,to_year,deadline,note';
  it('reads 中文 kinds and yes/no words', () => {
    const [u] = parseUnits(`${header}\n"平潭综合实验区经济发展局",350128,部门,是,2021,2025,,`);
    expect(u).toEqual({
      name: '平潭综合实验区经济发展局',
      placeCode: '350128',
      kind: 'department',
      expected: true,
      fromYear: 2021,
      toYear: 2025,
      deadline: null,
      note: null,
    });
  });
  it('rejects a bad line with its number and the problem', () => {
    expect(() => parseUnits(`${header}\nA,35012,department,1,,,,`)).toThrow('line 2: region_code "35012" is not a GB/T 2260 code');
    expect(() => parseUnits(`${header}\nA,350128,department,1,,,,\nB,350128,agency,1,,,,`)).toThrow('line 3: kind "agency"');
    expect(() => parseUnits(`${header}\nA,350128,department,maybe,,,,`)).toThrow('line 2: expected "maybe" is not 1 or 0');
    expect(() => parseUnits(`${header}\nA,350128,department,1,2025,2021,,`)).toThrow('from_year 2025 is after to_year 2021');
    expect(() => parseUnits(`${header}\nA,350128,department,1,,,02-30,`)).toThrow('deadline "02-30"');
    expect(() => parseUnits(`${header}\nA,999999,department,1,,,,`)).toThrow('not in the gazetteer');
    expect(() => parseUnits('agency,region\nA,350128')).toThrow('no "name" column');
  });
});

describe('deadlines (条例第四十九条)', () => {
  const status = (name: string, year: number, settings = DEFAULT_DEADLINES) => {
    const r = byAgency(name, year);
    const d = deadlineFor({ kind: r.meta.kind, level: r.meta.level, townCode: r.meta.town_code }, year, settings);
    return { deadline: d, t: timeliness(r.meta.published, year, d) };
  };
  it('departments by 1月31日, governments by 3月31日, townships by the setting (default 3月31日)', () => {
    expect(status('建瓯市人民政府办公室', 2022).deadline).toMatchObject({ date: '2023-01-31', rule: 'department' });
    expect(status('淳化县人民政府', 2021).deadline).toMatchObject({ date: '2022-03-31', rule: 'government' });
    expect(status('彰武县彰武镇人民政府', 2022).deadline).toMatchObject({ date: '2023-03-31', rule: 'township' });
  });
  it('every dated seed and 平潭 report was on time; 罗庄区 prints no date', () => {
    expect(status('建瓯市人民政府办公室', 2022).t).toEqual({ status: 'on_time' });
    expect(status('武威市人民政府', 2023).t).toEqual({ status: 'on_time' });
    for (const y of [2019, 2021, 2023, 2024, 2025]) expect(status('平潭综合实验区管委会', y).t.status).toBe('on_time');
    const luozhuang = status('罗庄区人民政府', 2023).t;
    expect(luozhuang).toEqual({ status: 'unknown', reason: '报告未注明发布日期' });
    expect(timelinessLabel(luozhuang)).toBe('发布日期不详');
  });
  it('with a stricter setting, 淳化县 (2022-02-08) is 8 days late and 武威市 (2024-02-21) 21 days', () => {
    const strict = deadlineSettingsFrom({ GONGKAI_DEADLINE_GOVERNMENT: '01-31' });
    expect(status('淳化县人民政府', 2021, strict).t).toEqual({ status: 'late', daysLate: 8 });
    expect(timelinessLabel(status('武威市人民政府', 2023, strict).t)).toBe('逾期 21 天');
    const all = [
      status('淳化县人民政府', 2021, strict).t,
      status('武威市人民政府', 2023, strict).t,
      status('建瓯市人民政府办公室', 2022, strict).t,
      status('罗庄区人民政府', 2023, strict).t,
    ];
    expect(summarizeTimeliness(all)).toEqual({ onTime: 1, late: 2, unknown: 1, onTimeShare: 1 / 3 });
  });
  it("a body's own deadline wins; a date before the year ended is not trusted; bad settings are errors", () => {
    expect(deadlineFor({ kind: 'government', level: 'county', deadline: '01-15' }, 2023)).toMatchObject({ date: '2024-01-15', rule: 'body' });
    expect(timeliness('2023-06-01', 2023, deadlineFor({ kind: 'government', level: 'county' }, 2023)).status).toBe('unknown');
    expect(timeliness('2024-02-30', 2023, deadlineFor({ kind: 'government', level: 'county' }, 2023)).status).toBe('unknown');
    expect(() => deadlineSettingsFrom({ GONGKAI_DEADLINE_TOWNSHIP: '3-31' })).toThrow(
      'GONGKAI_DEADLINE_TOWNSHIP="3-31" is not a date of the form MM-DD',
    );
  });
});

describe('coverage on cross-year charts', () => {
  const years = [
    { year: 2022, published: 1, expected: 15 },
    { year: 2023, published: 15, expected: 15 },
    { year: 2024, published: 14, expected: 15 },
  ];
  it('states published / expected per year and marks the uneven years on the axis', () => {
    expect(unevenCoverageYears(years.map((y) => ({ year: y.year, share: y.published / y.expected })))).toEqual([2022]);
    expect(coverageLine(years, [2022])).toBe(
      '报告覆盖（已发布/应报）：2022 年 1/15（覆盖不同） · 2023 年 15/15 · 2024 年 14/15。标出的年度报告覆盖面与其他年度不同，跨年变化可能来自报告数量的变化，而非实际增减。',
    );
    const spec = {
      id: 'x',
      title: 't',
      subtitle: 's',
      note: '定义。',
      layout: 'bar',
      categoryName: '年度',
      categories: ['2022年', '2023年', '2024年 行政复议'],
      series: [],
      unit: '件',
    } as unknown as ChartSpec;
    const out = withCoverage(spec, years, [2022]);
    expect(out.categories).toEqual(['2022年（覆盖不同）', '2023年', '2024年 行政复议']);
    expect(out.note!.startsWith('定义。 报告覆盖')).toBe(true);
    expect(withCoverage(spec, [], [])).toBe(spec);
  });
});
