import 'server-only';
/**
 * The dashboard's charts, loaded from the database: each page's charts and, by id, any chart for
 * the SVG route (so a briefing can link to a stable image of exactly the view on screen).
 */
import { getDb } from '@/db/client';
import { getChildRollup, type RegionFigure } from '@/db/queries/metrics';
import { getYears } from '@/db/queries/web-agencies';
import { regionByCode } from '@/lib/region/gazetteer';
import { MIN_APPLICATIONS_TO_RANK } from '@/lib/metrics';
import type { ChartSpec } from '@/lib/charts/spec';
import {
  casesSpec,
  outcomePieSpec,
  outcomesSpec,
  rankingSpec,
  selectionSubtitle,
  volumeSpec,
  yearsText,
  type EntityInput,
  type YearPoint,
} from '@/lib/charts/specs';
import { compareQuery, getParam, isRegionCode, parseCompareState, parseYears, type CompareState, type SearchParams } from '@/lib/charts/state';
import { volumeRow } from '@/lib/charts/measures';
import { drillLink, entityNames, entityYears, regionEntity, resolveEntities, type Entity, type RegionEntity } from './entities';

async function toInput(e: Entity | null, name: string, years?: number[] | null, rows: string[] = []): Promise<EntityInput> {
  return {
    name,
    points: (await entityYears(e, years, rows)).map(
      (y): YearPoint => ({ year: y.year, values: y.values, reports: y.reports, link: (keys) => drillLink(e, y, keys) }),
    ),
  };
}

// ---------------------------------------------------------------------------------------------
// Compare

export interface CompareData {
  state: CompareState;
  entities: Entity[];
  names: string[];
  inputs: EntityInput[];
  availableYears: number[];
  volume: ChartSpec;
  outcomes: ChartSpec;
  cases: ChartSpec;
}

export function svgQuery(state: CompareState): string {
  return compareQuery({ ...state, tables: [], browse: null });
}

export async function loadCompare(state: CompareState): Promise<CompareData> {
  const entities = await resolveEntities(state.regions, state.agencies);
  const names = entityNames(entities);
  const inputs = await Promise.all(entities.map((e, i) => toInput(e, names[i], state.years, [state.metric])));
  const q = svgQuery(state);
  const subtitle = selectionSubtitle(inputs, state.years);
  const metric = volumeRow(state.metric);
  return {
    state,
    entities,
    names,
    inputs,
    availableYears: await getYears(await getDb()),
    volume: volumeSpec(inputs, {
      id: 'compare-volume',
      subtitle: `${subtitle} · ${metric.short}`,
      years: state.years,
      metric: state.metric,
      chart: state.chart,
      svgHref: `/charts/compare-volume.svg?${q}`,
    }),
    outcomes: outcomesSpec(inputs, { id: 'compare-outcomes', subtitle, years: state.years, svgHref: `/charts/compare-outcomes.svg?${q}` }),
    cases: casesSpec(inputs, { id: 'compare-cases', subtitle, years: state.years, svgHref: `/charts/compare-cases.svg?${q}` }),
  };
}

// ---------------------------------------------------------------------------------------------
// Overview: the whole country, or one region

export interface OverviewData {
  region: RegionEntity | null;
  input: EntityInput;
  year: number | null;
  point: YearPoint | null;
  volume: ChartSpec;
  outcomes: ChartSpec;
  cases: ChartSpec;
}

export function overviewQuery(region: string | null, year: number | null): string {
  return [region ? `r=${region}` : '', year ? `y=${year}` : ''].filter(Boolean).join('&');
}

export async function loadOverview(regionCode: string | null, year: number | null): Promise<OverviewData> {
  const region = regionCode ? regionEntity(regionCode) : null;
  const name = region ? region.path : '全国';
  const input = await toInput(region, name);
  const years = input.points.map((p) => p.year);
  const y = year && years.includes(year) ? year : years[years.length - 1] ?? null;
  const point = input.points.find((p) => p.year === y) ?? null;
  const q = overviewQuery(region ? region.code : null, y);
  const rq = region ? `r=${region.code}` : '';
  return {
    region,
    input,
    year: y,
    point,
    volume: volumeSpec([input], {
      id: 'overview-volume',
      subtitle: `${name} · ${yearsText(years)}`,
      metric: 'new_received',
      chart: 'bar',
      svgHref: `/charts/overview-volume.svg${rq ? `?${rq}` : ''}`,
    }),
    outcomes: outcomePieSpec(point, {
      id: 'overview-outcomes',
      title: '办理结果构成',
      subtitle: `${name} · ${y ?? ''}年度`,
      svgHref: `/charts/overview-outcomes.svg${q ? `?${q}` : ''}`,
    }),
    cases: casesSpec([input], { id: 'overview-cases', subtitle: `${name} · ${yearsText(years)}`, svgHref: `/charts/overview-cases.svg${rq ? `?${rq}` : ''}` }),
  };
}

// ---------------------------------------------------------------------------------------------
// Region: over the years, and its children side by side

export const CHILD_MEASURES = {
  received: { label: '本年新收申请', format: 'count' as const, key: 't3.new_received.total' },
  grantedShare: { label: '予以公开率', format: 'percent' as const, key: 't3.granted.total' },
  reviewRate: { label: '行政复议纠错率', format: 'percent' as const, key: 't4.review.corrected' },
};
export type ChildMeasure = keyof typeof CHILD_MEASURES;

export function isChildMeasure(s: string | null): s is ChildMeasure {
  return s != null && s in CHILD_MEASURES;
}

export interface RegionData {
  region: RegionEntity;
  input: EntityInput;
  year: number | null;
  measure: ChildMeasure;
  children: (RegionFigure & { rank: number | null; unranked?: string })[];
  volume: ChartSpec;
  outcomes: ChartSpec;
  cases: ChartSpec;
  childChart: ChartSpec;
}

export function regionQuery(year: number | null, measure: ChildMeasure): string {
  return [year ? `y=${year}` : '', measure !== 'received' ? `m=${measure}` : ''].filter(Boolean).join('&');
}

/** Ranks children by a measure; shares need at least MIN_APPLICATIONS_TO_RANK concluded applications. */
export function rankChildren(figs: RegionFigure[], measure: ChildMeasure) {
  const rankable = (f: RegionFigure) => measure === 'received' || (f.processed ?? 0) >= MIN_APPLICATIONS_TO_RANK;
  const sorted = figs.filter((f) => rankable(f) && f[measure] != null).sort((a, b) => (b[measure] ?? 0) - (a[measure] ?? 0));
  return figs
    .map((f) => {
      const i = sorted.indexOf(f);
      if (i >= 0) return { ...f, rank: i + 1 };
      return { ...f, rank: null, unranked: rankable(f) ? '无数据' : `办结申请少于 ${MIN_APPLICATIONS_TO_RANK} 件，不参与排名` };
    })
    .sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9) || (b.received ?? 0) - (a.received ?? 0));
}

export async function loadRegion(code: string, year: number | null, measure: ChildMeasure): Promise<RegionData | null> {
  const region = regionEntity(code);
  if (!region) return null;
  const input = await toInput(region, region.name);
  const years = input.points.map((p) => p.year);
  const y = year && years.includes(year) ? year : years[years.length - 1] ?? null;
  const figs = y ? await getChildRollup(await getDb(), { regionCode: code, year: y }) : [];
  const children = rankChildren(figs, measure);
  const m = CHILD_MEASURES[measure];
  const subtitle = `${region.path} · ${yearsText(years)}`;
  const q = regionQuery(y, measure);
  return {
    region,
    input,
    year: y,
    measure,
    children,
    volume: volumeSpec([input], { id: 'region-volume', subtitle, metric: 'new_received', chart: 'bar', svgHref: `/charts/region-volume.svg?code=${code}` }),
    outcomes: outcomesSpec([input], { id: 'region-outcomes', subtitle, svgHref: `/charts/region-outcomes.svg?code=${code}` }),
    cases: casesSpec([input], { id: 'region-cases', subtitle, svgHref: `/charts/region-cases.svg?code=${code}` }),
    childChart: rankingSpec(
      children.map((c) => ({
        name: c.region.name,
        value: c[measure],
        link: c.reportIds.length === 1 ? `/reports/${c.reportIds[0]}?key=${m.key}` : `/reports?r=${c.region.code}${y ? `&y=${y}` : ''}&key=${m.key}`,
      })),
      {
        id: 'region-children',
        title: `下级地区：${m.label}`,
        seriesName: m.label,
        format: m.format,
        categoryName: '下级地区',
        subtitle: `${region.path} · ${y ?? ''}年度`,
        note: m.format === 'percent' ? `比率按各下级地区报告之和计算；办结申请少于 ${MIN_APPLICATIONS_TO_RANK} 件的地区列出但不排名。` : undefined,
        svgHref: `/charts/region-children.svg?code=${code}${q ? `&${q}` : ''}`,
      },
    ),
  };
}

// ---------------------------------------------------------------------------------------------
// Any chart by id (the SVG route)

export const CHART_IDS = [
  'compare-volume',
  'compare-outcomes',
  'compare-cases',
  'overview-volume',
  'overview-outcomes',
  'overview-cases',
  'region-volume',
  'region-outcomes',
  'region-cases',
  'region-children',
] as const;

export async function loadChartById(id: string, sp: SearchParams): Promise<ChartSpec | null> {
  if (id.startsWith('compare-')) {
    const d = await loadCompare(parseCompareState(sp));
    return id === 'compare-volume' ? d.volume : id === 'compare-outcomes' ? d.outcomes : id === 'compare-cases' ? d.cases : null;
  }
  if (id.startsWith('overview-')) {
    const r = getParam(sp, 'r');
    const y = parseYears(getParam(sp, 'y'))?.[0] ?? null;
    const d = await loadOverview(r && isRegionCode(r) && regionByCode(r) ? r : null, y);
    return id === 'overview-volume' ? d.volume : id === 'overview-outcomes' ? d.outcomes : id === 'overview-cases' ? d.cases : null;
  }
  if (id.startsWith('region-')) {
    const code = getParam(sp, 'code');
    if (!code || !isRegionCode(code)) return null;
    const m = getParam(sp, 'm');
    const d = await loadRegion(code, parseYears(getParam(sp, 'y'))?.[0] ?? null, isChildMeasure(m) ? m : 'received');
    if (!d) return null;
    return id === 'region-volume' ? d.volume : id === 'region-outcomes' ? d.outcomes : id === 'region-cases' ? d.cases : id === 'region-children' ? d.childChart : null;
  }
  return null;
}
