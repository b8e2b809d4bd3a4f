/**
 * The dashboard's views (page shapes, not queries), each from the read queries of db/queries and
 * the pure chart builders of lib/charts: the overview (country or region), the comparison, the region page, and any chart by
 * id (the SVG route), so a briefing can link to a stable image of exactly the view on screen.
 */
import { regionByCode } from '@/lib/region/gazetteer';
import { MIN_APPLICATIONS_TO_RANK, rankMeasure, rankUnits, RANK_MEASURES, volumeRow, type Ranked, type RankMeasure } from '@/lib/metrics';
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
import { compareQuery, parseCompareState, type CompareState } from '@/lib/charts/state';
import { drillLink, entityNames, regionEntity, type Entity, type RegionEntity } from '@/lib/charts/entities';
import { filterQuery, getParam, isRegionCode, parseFilterParams, type SearchParams } from '@/lib/url/params';
import type { Db } from '@/db/client';
import { getChildFigures, getYearFigures, type ChildFigures } from '@/db/queries/figures';
import type { Filter } from '@/db/queries/filter';
import { getAgencies } from '@/db/queries/places';
import { getYears } from '@/db/queries/reports';

/** The filter of an entity (null: the whole country), for its reports. */
export function entityFilter(e: Entity | null, years?: number[] | null): Filter {
  const f: Filter = !e ? {} : e.kind === 'region' ? { regionCode: e.code } : { agencyIds: [e.id] };
  if (years?.length) f.years = years;
  return f;
}

/** An entity's (null: the country's) figures per year, as chart input. */
async function entityInput(db: Db, e: Entity | null, name: string, years?: number[] | null): Promise<EntityInput> {
  const rows = await getYearFigures(db, entityFilter(e, years));
  return {
    name,
    points: rows.map((y): YearPoint => ({ year: y.year, figures: y.figures, reports: y.reports, link: (keys) => drillLink(e, y, keys) })),
  };
}

/** The regions and agencies of a selection that exist, regions first. */
export async function resolveEntities(db: Db, regions: string[], agencies: number[]): Promise<Entity[]> {
  const out: Entity[] = [];
  for (const code of regions) {
    const e = regionEntity(code);
    if (e) out.push(e);
  }
  for (const a of await getAgencies(db, agencies)) {
    out.push({ kind: 'agency', id: a.id, name: a.name, path: a.regionPath ?? '', level: a.level, regionCode: a.townCode ?? a.regionCode });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Compare

export interface CompareView {
  state: CompareState;
  entities: Entity[];
  names: string[];
  inputs: EntityInput[];
  availableYears: number[];
  volume: ChartSpec;
  outcomes: ChartSpec;
  cases: ChartSpec;
}

export async function getCompareView(db: Db, state: CompareState): Promise<CompareView> {
  const entities = await resolveEntities(db, state.regions, state.agencies);
  const names = entityNames(entities);
  const [inputs, availableYears] = await Promise.all([Promise.all(entities.map((e, i) => entityInput(db, e, names[i], state.years))), getYears(db)]);
  const q = compareQuery({ ...state, tables: [], browse: null });
  const subtitle = selectionSubtitle(inputs, state.years);
  return {
    state,
    entities,
    names,
    inputs,
    availableYears,
    volume: volumeSpec(inputs, {
      id: 'compare-volume',
      subtitle: `${subtitle} · ${volumeRow(state.metric).short}`,
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

export interface OverviewView {
  region: RegionEntity | null;
  input: EntityInput;
  year: number | null;
  point: YearPoint | null;
  volume: ChartSpec;
  outcomes: ChartSpec;
  cases: ChartSpec;
}

export async function getOverviewView(db: Db, regionCode: string | null, year: number | null): Promise<OverviewView> {
  const region = regionCode ? regionEntity(regionCode) : null;
  const name = region ? region.path : '全国';
  const input = await entityInput(db, region, name);
  const years = input.points.map((p) => p.year);
  const y = year && years.includes(year) ? year : (years[years.length - 1] ?? null);
  const point = input.points.find((p) => p.year === y) ?? null;
  const rq = filterQuery({ regions: region ? [region.code] : [] });
  const q = filterQuery({ regions: region ? [region.code] : [], years: y ? [y] : null });
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
    cases: casesSpec([input], {
      id: 'overview-cases',
      subtitle: `${name} · ${yearsText(years)}`,
      svgHref: `/charts/overview-cases.svg${rq ? `?${rq}` : ''}`,
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Region: over the years, and its children side by side

export interface RegionView {
  region: RegionEntity;
  input: EntityInput;
  year: number | null;
  measure: RankMeasure;
  children: (ChildFigures & Ranked)[];
  volume: ChartSpec;
  outcomes: ChartSpec;
  cases: ChartSpec;
  childChart: ChartSpec;
}

export function regionQuery(year: number | null, measure: RankMeasure): string {
  return filterQuery({ years: year ? [year] : null }, { m: measure.id !== RANK_MEASURES[0].id ? measure.id : null });
}

export async function getRegionView(db: Db, code: string, year: number | null, measureId: string | null): Promise<RegionView | null> {
  const region = regionEntity(code);
  if (!region) return null;
  const measure = rankMeasure(measureId);
  const input = await entityInput(db, region, region.name);
  const years = input.points.map((p) => p.year);
  const y = year && years.includes(year) ? year : (years[years.length - 1] ?? null);
  const children = rankUnits(y ? await getChildFigures(db, { regionCode: code, year: y }) : [], measure);
  const subtitle = `${region.path} · ${yearsText(years)}`;
  const q = regionQuery(y, measure);
  return {
    region,
    input,
    year: y,
    measure,
    children,
    volume: volumeSpec([input], {
      id: 'region-volume',
      subtitle,
      metric: 'new_received',
      chart: 'bar',
      svgHref: `/charts/region-volume.svg?code=${code}`,
    }),
    outcomes: outcomesSpec([input], { id: 'region-outcomes', subtitle, svgHref: `/charts/region-outcomes.svg?code=${code}` }),
    cases: casesSpec([input], { id: 'region-cases', subtitle, svgHref: `/charts/region-cases.svg?code=${code}` }),
    childChart: rankingSpec(
      children.map((c) => ({
        name: c.region.name,
        value: c.value,
        partial: c.partial,
        link:
          c.onlyReportId != null
            ? `/reports/${c.onlyReportId}?key=${measure.key}`
            : `/reports?${filterQuery({ regions: [c.region.code], years: y ? [y] : null }, { key: measure.key })}`,
      })),
      {
        id: 'region-children',
        title: `下级地区：${measure.label}`,
        seriesName: measure.label,
        format: measure.format,
        categoryName: '下级地区',
        subtitle: `${region.path} · ${y ?? ''}年度`,
        note:
          measure.format === 'percent'
            ? `比率按各下级地区报告之和计算，只计两项齐全的报告；办结申请少于 ${MIN_APPLICATIONS_TO_RANK} 件的地区列出但不排名。`
            : undefined,
        svgHref: `/charts/region-children.svg?code=${code}${q ? `&${q}` : ''}`,
      },
    ),
  };
}

/** A region's rank among its peers (same parent and level) on a measure, for one year. */
export async function getPeerRank(
  db: Db,
  code: string,
  year: number,
  measureId: string | null,
): Promise<{ peers: number; me: (ChildFigures & Ranked) | null }> {
  const r = regionByCode(code);
  if (!r?.parentCode) return { peers: 0, me: null };
  const peers = rankUnits(
    (await getChildFigures(db, { regionCode: r.parentCode, year })).filter((p) => p.region.level === r.level),
    rankMeasure(measureId),
  );
  return { peers: peers.length, me: peers.find((p) => p.region.code === code) ?? null };
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

export async function getChartById(db: Db, id: string, sp: SearchParams): Promise<ChartSpec | null> {
  if (!(CHART_IDS as readonly string[]).includes(id)) return null;
  const [page, chart] = [id.slice(0, id.indexOf('-')), id.slice(id.indexOf('-') + 1)];
  if (page === 'compare') {
    const d = await getCompareView(db, parseCompareState(sp));
    return chart === 'volume' ? d.volume : chart === 'outcomes' ? d.outcomes : d.cases;
  }
  const f = parseFilterParams(sp);
  if (page === 'overview') {
    const r = f.regions[0] && regionByCode(f.regions[0]) ? f.regions[0] : null;
    const d = await getOverviewView(db, r, f.years?.[0] ?? null);
    return chart === 'volume' ? d.volume : chart === 'outcomes' ? d.outcomes : d.cases;
  }
  const code = getParam(sp, 'code');
  if (!code || !isRegionCode(code)) return null;
  const d = await getRegionView(db, code, f.years?.[0] ?? null, getParam(sp, 'm'));
  if (!d) return null;
  return chart === 'volume' ? d.volume : chart === 'outcomes' ? d.outcomes : chart === 'cases' ? d.cases : d.childChart;
}
