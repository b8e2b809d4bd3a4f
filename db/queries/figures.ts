/**
 * Summed figures with their coverage: per year for a region, agencies or the whole country, and
 * per child region for a roll-up. One SQL aggregate over the stored per-report figures
 * (report_metrics), generated from the lists of lib/metrics: for every figure the sum over the
 * reports that have it and how many have it; for every ratio its parts over the reports that
 * have all of them. Reports lacking a figure are counted, never added as 0.
 */
import { childRegions, type Region } from '../../lib/region/gazetteer';
import { METRIC_COLUMNS, RATIOS, type Figures, type MetricColumn, type RatioId } from '../../lib/metrics';
import type { Db } from '../client';
import { filterSql, type Filter } from './filter';
import { allDynamic, type Cell, type Spec } from './rows';

const notNull = (cols: MetricColumn[]) => cols.map((c) => `m.${c} is not null`).join(' and ');
const plus = (cols: MetricColumn[]) => cols.map((c) => `m.${c}`).join(' + ');

/** The aggregate columns: reports, s_<figure>, n_<figure>, and per ratio rn_, rd_, ro_. */
const AGGREGATES = [
  'count(*) as reports',
  'min(r.id) as first_id',
  ...METRIC_COLUMNS.flatMap((c) => [`sum(m.${c}) as s_${c}`, `count(m.${c}) as n_${c}`]),
  ...RATIOS.flatMap((q) => {
    const cols = [...q.num, ...q.den, ...(q.less ?? [])];
    const both = notNull(cols);
    const den = q.less?.length ? `(${plus(q.den)}) - (${plus(q.less)})` : plus(q.den);
    return [
      `sum(case when ${both} then ${plus(q.num)} end) as rn_${q.id}`,
      `sum(case when ${both} then ${den} end) as rd_${q.id}`,
      `sum(case when ${both} then 1 else 0 end) as ro_${q.id}`,
    ];
  }),
].join(', ');

const AGG_SPEC: Spec = {
  reports: 'int',
  first_id: 'int',
  ...Object.fromEntries(METRIC_COLUMNS.flatMap((c) => [[`s_${c}`, 'num?'], [`n_${c}`, 'int']])),
  ...Object.fromEntries(RATIOS.flatMap((q) => [[`rn_${q.id}`, 'num?'], [`rd_${q.id}`, 'num?'], [`ro_${q.id}`, 'int?']])),
};

type Agg = Record<string, number | null>;

/** The numeric columns of a checked aggregate row. */
function aggOf(row: Record<string, Cell>): Agg {
  const a: Agg = {};
  for (const [k, v] of Object.entries(row)) if (typeof v === 'number' || v === null) a[k] = v;
  return a;
}

/** Adds aggregate rows (sums and counts add; the first id is the smallest). */
function merge(into: Agg | undefined, a: Agg): Agg {
  if (!into) return { ...a };
  for (const [k, v] of Object.entries(a)) {
    if (v == null) continue;
    const cur = into[k];
    into[k] = k === 'first_id' ? Math.min(cur ?? v, v) : (cur ?? 0) + v;
  }
  return into;
}

function toFigures(a: Agg): Figures {
  const reports = a.reports ?? 0;
  const sums: Figures['sums'] = {};
  for (const c of METRIC_COLUMNS) {
    const have = a[`n_${c}`] ?? 0;
    sums[c] = { value: have > 0 ? (a[`s_${c}`] ?? 0) : null, reports, lacking: reports - have };
  }
  const ratios = {} as Figures['ratios'];
  for (const q of RATIOS) {
    const num = a[`rn_${q.id}`] ?? null;
    const den = a[`rd_${q.id}`] ?? null;
    ratios[q.id as RatioId] = { value: num != null && den != null && den > 0 ? num / den : null, num, den, over: a[`ro_${q.id}`] ?? 0, reports };
  }
  return { reports, sums, ratios };
}

export interface YearFigures {
  year: number;
  /** Reports the figures count (the counting rule applied). */
  reports: number;
  /** The one report when there is exactly one (a click opens it directly). */
  onlyReportId: number | null;
  figures: Figures;
}

/** Per year (ascending): the summed figures of a region, agencies or (empty filter) the whole country. */
export async function getYearFigures(db: Db, f: Filter): Promise<YearFigures[]> {
  const w = filterSql(f, { counted: true });
  const rows = await allDynamic(
    db,
    'getYearFigures',
    `select r.year as year, ${AGGREGATES} from reports r left join report_metrics m on m.report_id = r.id where ${w.sql} group by r.year order by r.year`,
    w.params,
    { year: 'int', ...AGG_SPEC },
  );
  return rows.map((row) => {
    const a = aggOf(row);
    return { year: a.year!, reports: a.reports ?? 0, onlyReportId: a.reports === 1 ? a.first_id : null, figures: toFigures(a) };
  });
}

export interface ChildFigures {
  region: Region;
  reports: number;
  onlyReportId: number | null;
  figures: Figures;
}

function prefixOf(r: Region): string {
  return r.level === 'province' ? r.code.slice(0, 2) : r.level === 'city' ? r.code.slice(0, 4) : r.code;
}

/**
 * The child regions of a region side by side for one year (the counties of a city, the townships
 * of a county), each counted as if asked for by itself: a county's figure stays its own under a
 * city-wide report. Children without reports are left out.
 */
export async function getChildFigures(db: Db, { regionCode, year }: { regionCode: string; year: number }): Promise<ChildFigures[]> {
  const w = filterSql({ regionCode, years: [year] }, { counted: true, childrenOf: regionCode });
  const rows = await allDynamic(
    db,
    'getChildFigures',
    `select r.region_code as region_code, r.town_code as town_code, ${AGGREGATES} from reports r left join report_metrics m on m.report_id = r.id
      where ${w.sql} group by r.region_code, r.town_code`,
    w.params,
    { region_code: 'text?', town_code: 'text?', ...AGG_SPEC },
  );
  const children = childRegions(regionCode).filter((c) => c.level !== 'township' || regionCode.length === 6);
  const byChild = new Map<string, Agg>();
  for (const r of rows) {
    const regionCodeOf = typeof r.region_code === 'string' ? r.region_code : null;
    const child = children.find((c) => (c.level === 'township' ? r.town_code === c.code : regionCodeOf?.startsWith(prefixOf(c))));
    if (child) byChild.set(child.code, merge(byChild.get(child.code), aggOf(r)));
  }
  return children
    .filter((c) => byChild.has(c.code))
    .map((c) => {
      const a = byChild.get(c.code)!;
      return { region: c, reports: a.reports ?? 0, onlyReportId: a.reports === 1 ? (a.first_id ?? null) : null, figures: toFigures(a) };
    });
}
