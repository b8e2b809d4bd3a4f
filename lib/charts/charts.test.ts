import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parseReport } from '../report/parse';
import { specToCsv, exportFileName } from './csv';
import { finishSvg } from './export';
import {
  APPLICANT_GROUPS,
  CASE_GROUPS,
  caseSummary,
  OUTCOME_GROUPS,
  outcomeCounts,
  partialLabel,
  ratio,
  reportMetrics,
  sumFigures,
  VOLUME_ROWS,
} from '../metrics';
import { buildOption, legendRows } from './option';
import { categoryTotals, isEmptySpec, shareOf, specToTable, type ChartSpec } from './spec';
import { casesSpec, categoriesOf, outcomePieSpec, outcomesSpec, volumeSpec, yearsText, type EntityInput } from './specs';
import { compareHref, compareQuery, drillHref, matchKeys, parseCompareState } from './state';
import { formatYears, parseYears } from '../url/params';
import { renderChartSvg } from './svg';

const wuwei = parseReport(readFileSync('data/samples/003_6790f04c403e7862.txt', 'utf8'));
const luozhuang = parseReport(readFileSync('data/samples/004_be8f56aee3e3e289.txt', 'utf8'));

function input(name: string, r: typeof wuwei | (typeof wuwei)[], year = 2023): EntityInput {
  const reports = Array.isArray(r) ? r : [r];
  const figures = sumFigures(reports.map((x) => reportMetrics(x.format, x.cells)));
  return { name, points: [{ year, figures, reports: reports.length, link: (keys) => `/reports/1?key=${keys.join('~')}` }] };
}

/** A copy of a parsed report with some cells unread (as if extraction had lost them). */
function withMissing(r: typeof wuwei, keys: string[]): typeof wuwei {
  const cells = { ...r.cells };
  for (const k of keys) cells[k] = { ...cells[k], status: 'missing', value: null };
  return { ...r, cells };
}

describe('URL state', () => {
  test('round trip, defaults left out, invalid parts dropped', () => {
    const s = parseCompareState(
      new URLSearchParams('r=620600~371311~bad~620600&a=12&y=2021-2023&m=carried_forward&t=line&tbl=outcomes~nope&b=620000'),
    );
    expect(s).toEqual({
      regions: ['620600', '371311'],
      agencies: [12],
      years: [2021, 2022, 2023],
      metric: 'carried_forward',
      chart: 'line',
      tables: ['outcomes'],
      browse: '620000',
    });
    expect(compareQuery(s)).toBe('r=620600~371311&a=12&y=2021-2023&m=carried_forward&t=line&tbl=outcomes&b=620000');
    expect(parseCompareState(new URLSearchParams(compareQuery(s)))).toEqual(s);
    expect(compareHref({})).toBe('/compare');
    expect(parseCompareState({ m: 'x', t: 'pie' })).toMatchObject({ metric: 'new_received', chart: 'bar', years: null });
  });

  test('years: ranges and lists', () => {
    expect(parseYears('2023~2021')).toEqual([2021, 2023]);
    expect(parseYears('1900~abc')).toBeNull();
    expect(formatYears([2021, 2022, 2023])).toBe('2021-2023');
    expect(formatYears([2021, 2023])).toBe('2021~2023');
    expect(formatYears([2021, 2022])).toBe('2021~2022');
    expect(yearsText([2021, 2022, 2023])).toBe('2021—2023年度');
    expect(yearsText([2023])).toBe('2023年度');
  });

  test('drill-down links and key patterns', () => {
    expect(drillHref({ region: '620600', year: 2023, keys: ['t3.granted.total'] })).toBe('/reports?r=620600&y=2023&key=t3.granted.total');
    const all = ['t3.denied.state_secret.total', 't3.denied.third_party.total', 't3.denied.third_party.natural_person', 't3.granted.total'];
    expect(matchKeys('t3.denied.*.total', all)).toEqual(['t3.denied.state_secret.total', 't3.denied.third_party.total']);
    expect(matchKeys('t3.granted.total~t3.denied.state_secret.total', all)).toEqual(['t3.denied.state_secret.total', 't3.granted.total']);
    expect(matchKeys(null, all)).toEqual([]);
  });
});

describe('measures from the format', () => {
  test('labels come from the format as data', () => {
    expect(OUTCOME_GROUPS.map((g) => g.short)).toEqual(['予以公开', '部分公开', '不予公开', '无法提供', '不予处理', '其他处理']);
    expect(APPLICANT_GROUPS.map((g) => g.label)).toEqual(['自然人', '法人或其他组织']);
    expect(CASE_GROUPS.map((g) => g.label)).toEqual(['行政复议', '行政诉讼']);
    expect(VOLUME_ROWS.map((r) => r.key)).toEqual(['new_received', 'carried_over', 'total_processed', 'carried_forward']);
    // 2019's single （六）其他处理 row and 2021's three sub-rows both belong to 其他处理.
    expect(OUTCOME_GROUPS.find((g) => g.key === 'other')!.rows).toEqual({
      '2019': ['other'],
      '2021': ['other.overdue_correction', 'other.overdue_fee', 'other.other'],
    });
  });

  test('figures of a real report (武威市 2023)', () => {
    const f = input('武威市', wuwei).points[0].figures;
    expect(f.sums.received_natural.value).toBe(wuwei.values['t3.new_received.natural_person']);
    expect(f.sums.received.value).toBe(259);
    const counts = outcomeCounts(f);
    // H2 holds in this report: the six groups add up to （七）总计.
    expect(counts.reduce((a, b) => a + (b.value ?? 0), 0)).toBe(wuwei.values['t3.total_processed.total']);
    expect(f.ratios.granted_share.value).toBeCloseTo(164 / 260, 6);
    const review = caseSummary(f, CASE_GROUPS[0]);
    expect(review.total.value).toBe(10);
    expect(review.results[1].value).toBe(7);
    expect(review.rate.value).toBeCloseTo(0.7, 6);
    expect(ratio(1, 0)).toBeNull();
    expect(caseSummary(null, CASE_GROUPS[1]).rate.value).toBeNull();
  });

  test('a report lacking a figure is counted as lacking, never as 0', () => {
    // 武威市 with its 表四 复议 纠正 cell unread, summed with 罗庄区 (复议 总计 0 there).
    const lacking = withMissing(wuwei, ['t4.review.corrected']);
    const f = input('两地', [lacking, luozhuang]).points[0].figures;
    expect(f.sums.review_corrected).toEqual({ value: luozhuang.values['t4.review.corrected'] ?? 0, reports: 2, lacking: 1 });
    expect(partialLabel(f.sums.review_corrected)).toBe('部分：2 份报告中 1 份缺此项');
    // The rate is computed over 罗庄区 alone (the only report with every part).
    expect(f.ratios.review_rate.over).toBe(1);
    // An inferred or guessed cell is not summed until reviewed: the figure it feeds is lacking.
    const inferred = { ...wuwei.cells, 't4.review.total': { ...wuwei.cells['t4.review.total'], status: 'inferred' as const } };
    expect(reportMetrics(wuwei.format, inferred).review_total).toBeNull();
    expect(
      reportMetrics(wuwei.format, { ...wuwei.cells, 't3.granted.total': { ...wuwei.cells['t3.granted.total'], status: 'guessed' as never } }).granted,
    ).toBeNull();
    // A blank cell is the template's 0.
    expect(
      reportMetrics(wuwei.format, { ...wuwei.cells, 't4.review.other': { ...wuwei.cells['t4.review.other'], status: 'blank', value: null } })
        .review_other,
    ).toBe(0);
    // A report whose whole 表四 is unread lacks every 表四 figure.
    const noT4 = withMissing(
      wuwei,
      Object.keys(wuwei.cells).filter((k) => k.startsWith('t4.')),
    );
    expect(input('x', noT4).points[0].figures.sums.review_total).toEqual({ value: null, reports: 1, lacking: 1 });
  });
});

describe('chart specs', () => {
  const two = [input('武威市', wuwei), input('罗庄区', luozhuang)];

  test('categories are labelled as briefly as the selection allows', () => {
    expect(categoriesOf(two).map((c) => c.label)).toEqual(['武威市', '罗庄区']);
    const multi = [{ name: '甲', points: [...input('甲', wuwei, 2022).points, ...input('甲', wuwei, 2023).points] }];
    expect(categoriesOf(multi).map((c) => c.label)).toEqual(['2022年', '2023年']);
  });

  test('volume split by applicant type; table and CSV carry the same numbers', () => {
    const spec = volumeSpec(two, { id: 'compare-volume', subtitle: 's', metric: 'new_received', chart: 'bar' });
    expect(spec.series.map((s) => s.name)).toEqual(['自然人', '法人或其他组织']);
    const natural = wuwei.values['t3.new_received.natural_person'];
    expect(spec.series[0].data[0]).toBe(natural);
    expect(specToTable(spec).rows[0].cells[0]).toBe(String(natural));
    const csv = specToCsv(spec);
    expect(csv.startsWith('\uFEFF地区（单位）· 年度,自然人（件）,法人或其他组织（件）\r\n')).toBe(true);
    expect(csv).toContain(`\r\n武威市,${natural},4\r\n`);
    expect(spec.links?.[0][0]).toBe('/reports/1?key=t3.new_received.natural_person');
  });

  test('outcome shares per category add up to 100 %', () => {
    const spec = outcomesSpec(two, { id: 'o', subtitle: 's' });
    const shares = spec.series.map((_, si) => shareOf(spec, si, 0) ?? 0);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(categoryTotals(spec)[0]).toBe(260);
    const csv = specToCsv(spec).split('\r\n');
    expect(csv[0]).toContain('予以公开（件）,予以公开 占比（%）');
    expect(csv[1].split(',').slice(0, 3)).toEqual(['武威市', '164', (Math.round((164 / 260) * 10000) / 100).toFixed(2)]);
  });

  test('review and litigation: one category per case type, rate on the right axis', () => {
    const spec = casesSpec(two, { id: 'c', subtitle: 's' });
    expect(spec.categories).toEqual(['武威市 行政复议', '武威市 行政诉讼', '罗庄区 行政复议', '罗庄区 行政诉讼']);
    const rate = spec.series.find((s) => s.name === '纠错率')!;
    expect(rate.axis).toBe(1);
    expect(rate.data[0]).toBeCloseTo(0.7, 6);
  });

  test('partial values are labelled in the table, the CSV, tooltips and exports', () => {
    const spec = casesSpec([input('两地', [withMissing(wuwei, ['t4.review.corrected']), luozhuang])], { id: 'c', subtitle: 's' });
    const corrected = spec.series.find((s) => s.name === '结果纠正')!;
    expect(corrected.partial?.[0]).toBe('部分：2 份报告中 1 份缺此项');
    const csv = specToCsv(spec).split('\r\n');
    expect(csv[0].endsWith(',说明')).toBe(true);
    expect(csv[1]).toContain('结果纠正（件）：部分：2 份报告中 1 份缺此项');
    expect(specToTable(spec).rows[0].partial).toContain('部分：2 份报告中 1 份缺此项');
    const o = buildOption(spec, { width: 1200, height: 675, mode: 'export' });
    expect(JSON.stringify(o.graphic)).toContain('含部分数据');
  });

  test('empty selection and empty data are explained, not drawn', () => {
    const spec = volumeSpec([], { id: 'v', subtitle: '全国', metric: 'new_received', chart: 'bar' });
    expect(isEmptySpec(spec)).toBe(true);
    expect(spec.empty).toBe('尚未选择地区或单位');
    const opt = buildOption(spec, { width: 800, height: 400, mode: 'screen' });
    expect(JSON.stringify(opt.graphic)).toContain('尚未选择地区或单位');
    expect(isEmptySpec(outcomePieSpec(null, { id: 'p', subtitle: 's' }))).toBe(true);
  });
});

describe('options and exports', () => {
  const spec = volumeSpec([input('武威市', wuwei), input('罗庄区', luozhuang)], {
    id: 'compare-volume',
    subtitle: '武威市、罗庄区 · 2023年度',
    metric: 'new_received',
    chart: 'bar',
  });

  test('the export option is a sandwich: title, filters, chart, source line; no animation', () => {
    const o = buildOption(spec, { width: 1200, height: 675, mode: 'export', footer: '生成于 2025-01-01' });
    expect(o.animation).toBe(false);
    expect(o.backgroundColor).toBe('#ffffff');
    const title = (o.title as { text: string; subtext: string }[])[0];
    expect(title.text).toBe('本年新收政府信息公开申请数量（按申请人类型）');
    expect(title.subtext).toBe('武威市、罗庄区 · 2023年度');
    expect(JSON.stringify(o.graphic)).toContain('数据来源：各单位政府信息公开工作年度报告');
  });

  test('phones get horizontal bars when categories are many; legends wrap', () => {
    const many: ChartSpec = { ...spec, categories: ['a', 'b', 'c', 'd', 'e'], series: spec.series.map((s) => ({ ...s, data: [1, 2, 3, 4, 5] })) };
    const o = buildOption(many, { width: 375, height: 400, mode: 'screen' });
    expect((o.yAxis as { type: string }).type).toBe('category');
    expect(legendRows(['予以公开', '部分公开', '不予公开', '无法提供', '不予处理', '其他处理'], 300, 11)).toBeGreaterThan(1);
  });

  test('pie shares are shares of the whole', () => {
    const pie = outcomePieSpec(input('x', wuwei).points[0], { id: 'p', subtitle: 's' });
    expect(shareOf(pie, 0, 0)).toBeCloseTo(164 / 260, 6);
    expect(specToTable(pie).columns).toEqual(['办理结果', '申请数（件）', '占比']);
  });

  test('server-side SVG: standalone, accessible, Chinese text, escaped', () => {
    const svg = renderChartSvg({ ...spec, title: '标题 <&> 测试' }, { date: '2025-01-01', url: '/compare?r=1' });
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg')).toBe(true);
    expect(svg).toContain('role="img"');
    expect(svg).toContain('<title id="chart-title">标题 &lt;&amp;&gt; 测试</title>');
    expect(svg).toContain('武威市');
    expect(svg).toContain('数据来源：各单位政府信息公开工作年度报告');
    expect(svg).toContain("'WenQuanYi Micro Hei'");
    expect(finishSvg('<svg width="1"></svg>', { title: 't', subtitle: 's' })).toContain('xmlns="http://www.w3.org/2000/svg"');
  });

  test('file names are safe', () => {
    expect(exportFileName({ title: '办理结果 / 构成: 2023?' }, 'csv')).toBe('办理结果_构成_2023.csv');
  });
});

describe('review counts beside a chart (issue 8)', () => {
  test('the table and the CSV carry 已人工核对 and 存疑未核对 per category, and the chart says so', async () => {
    const { specToCsv } = await import('./csv');
    const { reviewSummary } = await import('./spec');
    const { volumeSpec } = await import('./specs');
    const row = VOLUME_ROWS.find((r) => r.key === 'new_received')!;
    const point = (year: number, reviewed: number, doubtful: number) => ({
      year,
      figures: { ...sumFigures([{ [row.byApplicant.natural]: 10, [row.byApplicant.legal]: 2 }]), review: { reviewed, doubtful } },
      reports: 1,
      link: () => null,
    });
    const spec = volumeSpec([{ name: '洪泽区', points: [point(2022, 0, 0), point(2023, 1, 20)] }], {
      id: 'v',
      subtitle: '',
      metric: 'new_received',
      chart: 'bar',
    });
    const csv = specToCsv(spec).split('\r\n');
    expect(csv[0]).toBe('\uFEFF年度,自然人（件）,法人或其他组织（件）,已人工核对（项）,存疑未核对（项）');
    expect(csv[2]).toBe('2023年,10,2,1,20');
    expect(reviewSummary(spec)).toBe('所含报告中，已人工核对的数字 1 项（已按核对值计入），存疑未核对的数字 20 项。');
    // Exported images carry it in their footer.
    const { buildOption } = await import('./option');
    const footer = JSON.stringify(buildOption(spec, { mode: 'export', width: 1200, height: 675 } as Parameters<typeof buildOption>[1]));
    expect(footer).toContain('已人工核对 1 项，存疑未核对 20 项');
    const clean = volumeSpec([{ name: '洪泽区', points: [point(2022, 0, 0)] }], { id: 'v', subtitle: '', metric: 'new_received', chart: 'bar' });
    expect(clean.review).toBeUndefined();
    expect(reviewSummary(clean)).toBe('');
  });
});
