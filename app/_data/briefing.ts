import 'server-only';
/**
 * A Word briefing of any dashboard view: the view's charts (from the same loaders as the page),
 * the reports behind them, their failed checks, and the definitions, assembled as plain data for
 * lib/briefing/docx.ts.
 *
 * Every view is one entry of BRIEFING_VIEWS, reading the same query parameters as the chart
 * route (`/briefing/NAME.docx?…` ↔ `/charts/NAME-*.svg?…`). A new page adds one entry.
 *
 * Data functions called: the views of app/_data/views.ts (getCompareView, getOverviewView,
 * getRegionView, entityFilter) and listReports, getReport (db/queries/reports.ts).
 */
import type { Db } from '@/db/client';
import { getReport, listReports, type ReportSummary } from '@/db/queries/reports';
import { COUNTING_RULE } from '@/db/queries/filter';
import { entityFilter, getCompareView, getOverviewView, getRegionView, regionQuery } from './views';
import type { Entity } from '@/lib/charts/entities';
import { ruleLabel } from '@/lib/format/rules';
import { volumeRow } from '@/lib/metrics';
import { svgToPngAsync } from '@/lib/charts/png';
import { isEmptySpec, type ChartSpec } from '@/lib/charts/spec';
import { NOTES, yearsText, type EntityInput } from '@/lib/charts/specs';
import { renderChartSvg } from '@/lib/charts/svg';
import { SOURCE_LINE } from '@/lib/charts/theme';
import { compareHref, parseCompareState } from '@/lib/charts/state';
import { filterQuery, getParam, isRegionCode, parseFilterParams, parseIntInRange, RANGES, type SearchParams } from '@/lib/url/params';
import { CORRECTION_RATE_DEFINITION } from '@/lib/metrics';
import { regionByCode } from '@/lib/region/gazetteer';
import { coverageNotes, coverageOf, type Briefing, type BriefingCheck, type BriefingSource, type BriefingTerm } from '@/lib/briefing/model';

/** What a view contributes; the rest (images, reports, checks, definitions) is common. */
export interface BriefingView {
  title: string;
  filters: { label: string; value: string }[];
  /** Site-relative link to the view. */
  path: string;
  charts: ChartSpec[];
  /** The bodies shown (null: the whole country) and their chart inputs, for coverage and sources. */
  entities: (Entity | null)[];
  inputs: EntityInput[];
  years: number[] | null;
  /** Where all failed checks, and all reports, of the view are listed. */
  qualityPath: string;
  reportsPath: string;
  /** Definitions particular to the view (e.g. the ranking rule). */
  terms?: BriefingTerm[];
}

const MAX_TITLE_NAMES = 6;

function namesText(names: string[]): string {
  return names.length > MAX_TITLE_NAMES ? `${names.slice(0, MAX_TITLE_NAMES).join('、')}等 ${names.length} 个` : names.join('、');
}

export const BRIEFING_VIEWS: Record<string, (db: Db, sp: SearchParams) => Promise<BriefingView | null>> = {
  async compare(db, sp) {
    const state = parseCompareState(sp);
    const d = await getCompareView(db, state);
    if (d.entities.length === 0) return null;
    const regions = d.entities.filter((e) => e.kind === 'region');
    return {
      title: `对比：${namesText(d.names)}`,
      filters: [
        { label: '地区（单位）', value: d.names.join('、') },
        { label: '年度', value: state.years ? yearsText(state.years) : `全部年度（${yearsText(d.availableYears)}）` },
        { label: '数量指标', value: volumeRow(state.metric).short },
        { label: '图表', value: state.chart === 'line' ? '历年趋势' : '按申请人类型' },
      ],
      path: compareHref({ ...state, tables: [], browse: null }),
      charts: [d.volume, d.outcomes, d.cases],
      entities: d.entities,
      inputs: d.inputs,
      years: state.years,
      qualityPath: regions.length === 1 ? `/quality?r=${regions[0].code}` : '/quality',
      reportsPath: regions.length === 1 ? `/reports?r=${regions[0].code}` : '/reports',
    };
  },

  async overview(db, sp) {
    const f = parseFilterParams(sp);
    const code = f.regions[0] && regionByCode(f.regions[0]) ? f.regions[0] : null;
    const d = await getOverviewView(db, code, f.years?.[0] ?? null);
    const scope = d.region ? d.region.path : '全国';
    const years = d.input.points.map((p) => p.year);
    const q = filterQuery({ regions: code ? [code] : [], years: d.year ? [d.year] : null });
    return {
      title: `概览：${scope}`,
      filters: [
        { label: '范围', value: scope },
        { label: '年度', value: `${yearsText(years)}（办理结果构成为 ${d.year ?? '—'}年度）` },
      ],
      path: `/${q ? `?${q}` : ''}`,
      charts: [d.volume, d.outcomes, d.cases],
      entities: [d.region],
      inputs: [d.input],
      years: null,
      qualityPath: `/quality${code ? `?r=${code}` : ''}`,
      reportsPath: `/reports${code ? `?r=${code}` : ''}`,
    };
  },

  async region(db, sp) {
    const code = getParam(sp, 'code');
    if (!code || !isRegionCode(code)) return null;
    const d = await getRegionView(db, code, parseFilterParams(sp).years?.[0] ?? null, getParam(sp, 'm'));
    if (!d) return null;
    const years = d.input.points.map((p) => p.year);
    const q = regionQuery(d.year, d.measure);
    return {
      title: `地区：${d.region.path}`,
      filters: [
        { label: '地区', value: d.region.path },
        { label: '年度', value: yearsText(years) },
        { label: '下级地区对比', value: `${d.year ?? '—'}年度，按${d.measure.label}排列` },
      ],
      path: `/regions/${code}${q ? `?${q}` : ''}`,
      charts: [d.volume, d.outcomes, d.cases, d.childChart],
      entities: [d.region],
      inputs: [d.input],
      years: null,
      qualityPath: `/quality?r=${code}`,
      reportsPath: `/reports?r=${code}`,
      terms: d.childChart.note ? [{ term: '下级地区排名', text: d.childChart.note }] : [],
    };
  },

  /** A reporting body (/agencies/[id]): its charts over the years, as the compare view of that one body. */
  async agency(db, sp) {
    const id = parseIntInRange(getParam(sp, 'id'), RANGES.id);
    if (id == null) return null;
    const state = parseCompareState({ a: String(id) });
    const d = await getCompareView(db, state);
    const body = d.entities[0];
    if (!body) return null;
    return {
      title: `单位：${d.names[0]}`,
      filters: [
        { label: '单位', value: d.names[0] },
        { label: '年度', value: state.years ? yearsText(state.years) : `全部年度（${yearsText(d.availableYears)}）` },
      ],
      path: `/agencies/${id}`,
      charts: [d.volume, d.outcomes, d.cases],
      entities: d.entities,
      inputs: d.inputs,
      years: state.years,
      // /quality has no body filter; the body's page lists its failed checks and cross-year findings per year.
      qualityPath: `/agencies/${id}`,
      reportsPath: `/reports?a=${id}`,
    };
  },
};

/** The definitions every briefing states, worded where the app defines them. */
export function briefingDefinitions(): BriefingTerm[] {
  return [
    { term: '纠错率', text: CORRECTION_RATE_DEFINITION },
    { term: '予以公开率', text: NOTES.disclosure },
    { term: '占比', text: NOTES.outcomes },
    { term: '法人或其他组织', text: NOTES.applicant },
    { term: '统计口径', text: COUNTING_RULE },
  ];
}

/** Sources listed in full up to this many; the rest are counted and linked. */
const MAX_SOURCES = 300;
/** Reports whose failed checks are spelled out; the rest are counted and linked. */
const MAX_CHECKED_REPORTS = 30;

function reportLabel(r: Pick<ReportSummary, 'agency' | 'year'>): string {
  return `${r.agency ?? '（未识别单位）'} ${r.year ?? '—'}年度`;
}

/** Reports read per shown body (a national view has more: they are counted, not all listed). */
const MAX_READ = 5000;

/** The counted reports of the shown bodies, each once, newest first; `capped` when a body had more than MAX_READ. */
async function reportsOf(db: Db, view: BriefingView): Promise<{ reports: ReportSummary[]; capped: boolean }> {
  const seen = new Map<number, ReportSummary>();
  let capped = false;
  for (const e of view.entities) {
    const { rows } = await listReports(db, entityFilter(e, view.years), { limit: MAX_READ });
    if (rows.length >= MAX_READ) capped = true;
    for (const r of rows) if (!seen.has(r.id)) seen.set(r.id, r);
  }
  const reports = [...seen.values()].sort((a, b) => (b.year ?? 0) - (a.year ?? 0) || (a.agency ?? '').localeCompare(b.agency ?? '', 'zh-CN'));
  return { reports, capped };
}

async function failedChecks(db: Db, reports: ReportSummary[], origin: string): Promise<BriefingCheck[]> {
  const out: BriefingCheck[] = [];
  for (const r of reports.filter((x) => x.failedChecks > 0).slice(0, MAX_CHECKED_REPORTS)) {
    const detail = await getReport(db, r.id);
    for (const c of detail?.checks ?? []) {
      if (c.status !== 'fail') continue;
      out.push({
        report: reportLabel(r),
        rule: ruleLabel(c.ruleId),
        detail: c.message ?? `应为 ${c.expected ?? '—'}，实为 ${c.actual ?? '—'}`,
        link: `${origin}/reports/${r.id}`,
      });
    }
  }
  return out;
}

function sourceOf(r: ReportSummary, origin: string): BriefingSource {
  return {
    agency: r.agency ?? '（未识别单位）',
    region: r.regionPath,
    year: r.year,
    published: r.published,
    link: r.sourceUrl ?? `${origin}/reports/${r.id}`,
    original: Boolean(r.sourceUrl),
  };
}

/**
 * The briefing of view `name` for the query `sp`, or null when there is no such view or nothing
 * is selected. `origin` makes the links absolute (a document outlives the site's relative links).
 */
export async function loadBriefing(db: Db, name: string, sp: SearchParams, origin: string, date: string): Promise<Briefing | null> {
  const make = Object.hasOwn(BRIEFING_VIEWS, name) ? BRIEFING_VIEWS[name] : null;
  const view = make ? await make(db, sp) : null;
  if (!view) return null;
  const url = `${origin}${view.path}`;
  const charts = await Promise.all(
    view.charts.map(async (spec) => ({
      spec,
      image: isEmptySpec(spec) ? null : await svgToPngAsync(renderChartSvg(spec, { date, url })),
      imageUrl: spec.svgHref ? `${origin}${spec.svgHref.replace(/\.svg(\?|$)/, '.png$1')}` : undefined,
    })),
  );
  const { reports, capped } = await reportsOf(db, view);
  const checks = await failedChecks(db, reports, origin);
  const failing = reports.filter((r) => r.failedChecks > 0).length;
  const coverage = coverageOf(view.inputs, view.years);
  // All counted reports: those read, or, when a body had more than were read, the aggregates' count.
  const total = capped
    ? Math.max(
        coverage.reduce((n, c) => n + c.reports, 0),
        reports.length,
      )
    : reports.length;
  const listed = Math.min(MAX_SOURCES, reports.length);
  return {
    title: view.title,
    filters: view.filters,
    generated: date,
    url,
    charts,
    definitions: [...briefingDefinitions(), ...(view.terms ?? [])],
    coverage,
    notes: coverageNotes(coverage),
    checks,
    checksOmitted:
      failing > MAX_CHECKED_REPORTS || capped
        ? { count: Math.max(0, failing - MAX_CHECKED_REPORTS), link: `${origin}${view.qualityPath}`, atLeast: capped }
        : null,
    sources: reports.slice(0, listed).map((r) => sourceOf(r, origin)),
    sourcesOmitted: total > listed ? { count: total - listed, link: `${origin}${view.reportsPath}` } : null,
    sourceLine: SOURCE_LINE,
  };
}
