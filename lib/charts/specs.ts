/**
 * Chart specs from summed values: the dashboard's charts, defined once. Inputs are plain data
 * (per entity and year, the summed values and a drill-down link maker); outputs are ChartSpecs.
 * Pure: the pages, the exports and the SVG route all call these.
 */
import {
  APPLICANT_GROUPS,
  applicantKeys,
  CASE_GROUPS,
  caseKeys,
  caseSummary,
  CORRECTION_RATE_DEFINITION,
  OUTCOME_GROUPS,
  outcomeCounts,
  outcomeKeys,
  partialLabel,
  ratioDef,
  ratioLabel,
  T4_RESULTS,
  TOTAL_COLUMN,
  volumeRow,
  type Figures,
  type Summed,
} from '../metrics';
import type { ChartSpec, SeriesSpec } from './spec';
import { APPLICANT_COLORS, OUTCOME_COLORS, PALETTE, RATE_COLOR, RESULT_COLORS } from './theme';

export interface YearPoint {
  year: number;
  /** Summed figures with their coverage (lib/metrics `Figures`). */
  figures: Figures;
  /** Number of reports summed (for the notes and table). */
  reports: number;
  /** Drill-down target for the given value keys, or null. */
  link: (keys: string[]) => string | null;
}

export interface EntityInput {
  name: string;
  points: YearPoint[];
}

export interface SpecOptions {
  id: string;
  subtitle: string;
  svgHref?: string;
  note?: string;
}

export const UNIT = '件';

export const NOTES = {
  applicant: '法人或其他组织 = 商业企业、科研机构、社会公益组织、法律服务机构、其他 五列之和（表三无此小计）。',
  outcomes: '占比 = 各类办理结果 ÷ 六类办理结果之和（应等于表三“（七）总计”）；（三）至（六）为其下各行之和。',
  cases: `${CORRECTION_RATE_DEFINITION}；${CASE_GROUPS[1].label} = ${CASE_GROUPS[1].groups.length} 类之和；比率只按各项齐全的报告计算。`,
  disclosure: `${ratioDef('granted_share').label} = ${ratioDef('granted_share').definition}；${ratioDef('disclosed_share').label} = ${ratioDef('disclosed_share').definition}；只按两项齐全的报告计算。`,
} as const;

/** A series' data and partial labels from summed figures. */
function summedSeries(sums: (Summed | null)[]): { data: (number | null)[]; partial: (string | null)[] } {
  return { data: sums.map((x) => x?.value ?? null), partial: sums.map((x) => partialLabel(x)) };
}

interface Category {
  label: string;
  entity: number;
  point: YearPoint;
}

/** The review counts of each category (see ChartSpec.review); none when nothing was reviewed or is doubtful. */
function reviewOf(points: YearPoint[]): ChartSpec['review'] {
  const out = points.map((p) => ({ reviewed: p.figures.review?.reviewed ?? 0, doubtful: p.figures.review?.doubtful ?? 0 }));
  return out.some((r) => r.reviewed || r.doubtful) ? out : undefined;
}

/** One category per entity and year with data, labelled as briefly as the selection allows. */
export function categoriesOf(inputs: EntityInput[], years?: number[] | null): Category[] {
  const out: Category[] = [];
  const allYears = new Set<number>();
  inputs.forEach((e) => e.points.forEach((p) => (!years || years.includes(p.year)) && allYears.add(p.year)));
  const single = inputs.length === 1;
  const oneYear = allYears.size === 1;
  inputs.forEach((e, ei) => {
    for (const p of e.points) {
      if (years && !years.includes(p.year)) continue;
      const label = single ? `${p.year}年` : oneYear ? e.name : `${e.name} ${p.year}`;
      out.push({ label, entity: ei, point: p });
    }
  });
  return out;
}

function entitiesText(inputs: EntityInput[]): string {
  return inputs.length ? inputs.map((e) => e.name).join('、') : '全国';
}

const emptyText = (inputs: EntityInput[]) => (inputs.length === 0 ? '尚未选择地区或单位' : '所选地区、单位和年度没有已入库的报告');

/** Application volumes (a 表三 row) split by applicant type: stacked bars, or one line per entity. */
export function volumeSpec(inputs: EntityInput[], o: SpecOptions & { years?: number[] | null; metric: string; chart: 'bar' | 'line' }): ChartSpec {
  const row = volumeRow(o.metric);
  const title = `${row.short}`;
  if (o.chart === 'line') {
    const years = [...new Set(inputs.flatMap((e) => e.points.map((p) => p.year)))]
      .filter((y) => !o.years || o.years.includes(y))
      .sort((a, b) => a - b);
    const key = `t3.${row.key}.${TOTAL_COLUMN}`;
    const series: SeriesSpec[] = inputs.map((e, i) => ({
      name: e.name,
      color: PALETTE[i % PALETTE.length],
      format: 'count',
      type: 'line',
      ...summedSeries(years.map((y) => e.points.find((p) => p.year === y)?.figures.sums[row.metric] ?? null)),
    }));
    return {
      id: o.id,
      title,
      subtitle: o.subtitle,
      note: o.note,
      layout: 'line',
      categoryName: '年度',
      categories: years.map((y) => `${y}年`),
      series,
      unit: UNIT,
      links: inputs.map((e) => years.map((y) => e.points.find((p) => p.year === y)?.link([key]) ?? null)),
      svgHref: o.svgHref,
      empty: emptyText(inputs),
    };
  }
  const cats = categoriesOf(inputs, o.years);
  const series: SeriesSpec[] = APPLICANT_GROUPS.map((g, gi) => ({
    name: g.label,
    color: APPLICANT_COLORS[gi],
    stack: 'applicant',
    format: 'count',
    ...summedSeries(cats.map((c) => c.point.figures.sums[row.byApplicant[g.key]] ?? null)),
  }));
  return {
    id: o.id,
    title: `${title}（按申请人类型）`,
    subtitle: o.subtitle,
    note: o.note ?? NOTES.applicant,
    layout: 'bar',
    categoryName: inputs.length === 1 ? '年度' : '地区（单位）· 年度',
    categories: cats.map((c) => c.label),
    series,
    unit: UNIT,
    links: APPLICANT_GROUPS.map((g) => cats.map((c) => c.point.link(applicantKeys(row.key, g)))),
    svgHref: o.svgHref,
    empty: emptyText(inputs),
    review: reviewOf(cats.map((c) => c.point)),
  };
}

/** Disclosure outcomes as 100 % stacked bars: 予以公开 … 其他处理. */
export function outcomesSpec(inputs: EntityInput[], o: SpecOptions & { years?: number[] | null }): ChartSpec {
  const cats = categoriesOf(inputs, o.years);
  const counts = cats.map((c) => outcomeCounts(c.point.figures));
  return {
    id: o.id,
    title: '办理结果构成',
    subtitle: o.subtitle,
    note: o.note ?? NOTES.outcomes,
    layout: 'percent',
    categoryName: inputs.length === 1 ? '年度' : '地区（单位）· 年度',
    categories: cats.map((c) => c.label),
    series: OUTCOME_GROUPS.map((g, gi) => ({
      name: g.short,
      color: OUTCOME_COLORS[gi],
      stack: 'outcome',
      format: 'count',
      ...summedSeries(counts.map((row) => row[gi])),
    })),
    unit: UNIT,
    links: OUTCOME_GROUPS.map((g) => cats.map((c) => c.point.link(outcomeKeys(g)))),
    svgHref: o.svgHref,
    empty: emptyText(inputs),
    review: reviewOf(cats.map((c) => c.point)),
  };
}

/** 行政复议 and 行政诉讼: results stacked per category, 纠错率 as points on the right axis. */
export function casesSpec(inputs: EntityInput[], o: SpecOptions & { years?: number[] | null }): ChartSpec {
  const cats = categoriesOf(inputs, o.years);
  const rows = cats.flatMap((c) => CASE_GROUPS.map((g) => ({ c, g, s: caseSummary(c.point.figures, g) })));
  const series: SeriesSpec[] = T4_RESULTS.map((r, ri) => ({
    name: r.label,
    color: RESULT_COLORS[ri],
    stack: 'case',
    format: 'count',
    ...summedSeries(rows.map((x) => x.s.results[ri])),
  }));
  series.push({
    name: '纠错率',
    color: RATE_COLOR,
    type: 'line',
    pointsOnly: true,
    axis: 1,
    format: 'percent',
    data: rows.map((x) => x.s.rate.value),
    partial: rows.map((x) => ratioLabel(x.s.rate)),
  });
  const links = T4_RESULTS.map((r) => rows.map((x) => x.c.point.link(caseKeys(x.g, r.key))));
  links.push(rows.map((x) => x.c.point.link([...caseKeys(x.g, 'corrected'), ...caseKeys(x.g, 'total'), ...caseKeys(x.g, 'pending')])));
  return {
    id: o.id,
    title: '行政复议、行政诉讼结果与纠错率',
    subtitle: o.subtitle,
    note: o.note ?? NOTES.cases,
    layout: 'bar',
    categoryName: inputs.length === 1 ? '年度 · 类别' : '地区（单位）· 年度 · 类别',
    categories: rows.map((x) => `${x.c.label} ${x.g.label}`),
    series,
    unit: UNIT,
    links,
    svgHref: o.svgHref,
    empty: emptyText(inputs),
    review: reviewOf(rows.map((x) => x.c.point)),
  };
}

/** Outcome composition of one set of values as a donut. */
export function outcomePieSpec(point: YearPoint | null, o: SpecOptions & { title?: string }): ChartSpec {
  const counts = point ? outcomeCounts(point.figures) : [];
  return {
    id: o.id,
    title: o.title ?? '办理结果构成',
    subtitle: o.subtitle,
    note: o.note ?? NOTES.outcomes,
    layout: 'pie',
    categoryName: '办理结果',
    categories: point ? OUTCOME_GROUPS.map((g) => g.short) : [],
    colors: OUTCOME_COLORS,
    series: [{ name: '申请数', color: OUTCOME_COLORS[0], format: 'count', ...summedSeries(counts) }],
    unit: UNIT,
    links: point ? [OUTCOME_GROUPS.map((g) => point.link(outcomeKeys(g)))] : undefined,
    svgHref: o.svgHref,
    empty: '所选范围内没有办理结果数据',
  };
}

export interface RankedInput {
  name: string;
  value: number | null;
  /** Why the value is partial (lib/metrics partialLabel / ratioLabel), or null. */
  partial: string | null;
  link: string | null;
}

/** Child regions (or peers) side by side: horizontal bars, largest first. */
export function rankingSpec(
  items: RankedInput[],
  o: SpecOptions & { title: string; seriesName: string; format: 'count' | 'percent'; categoryName: string },
): ChartSpec {
  const sorted = [...items].sort((a, b) => (b.value ?? -1) - (a.value ?? -1));
  return {
    id: o.id,
    title: o.title,
    subtitle: o.subtitle,
    note: o.note,
    layout: 'hbar',
    categoryName: o.categoryName,
    categories: sorted.map((i) => i.name),
    series: [{ name: o.seriesName, color: PALETTE[0], format: o.format, data: sorted.map((i) => i.value), partial: sorted.map((i) => i.partial) }],
    unit: UNIT,
    links: [sorted.map((i) => i.link)],
    svgHref: o.svgHref,
    empty: '没有下级地区的报告',
  };
}

export function yearsText(years: number[] | null | undefined, available?: number[]): string {
  const ys = years?.length ? years : (available ?? []);
  if (ys.length === 0) return '全部年度';
  const sorted = [...ys].sort((a, b) => a - b);
  const contiguous = sorted.every((y, i) => i === 0 || y === sorted[i - 1] + 1);
  if (sorted.length === 1) return `${sorted[0]}年度`;
  return contiguous ? `${sorted[0]}—${sorted[sorted.length - 1]}年度` : `${sorted.join('、')}年度`;
}

export function selectionSubtitle(inputs: EntityInput[], years: number[] | null | undefined, extra?: string): string {
  const ys = years?.length ? years : [...new Set(inputs.flatMap((e) => e.points.map((p) => p.year)))];
  return [entitiesText(inputs), yearsText(ys), extra].filter(Boolean).join(' · ');
}
