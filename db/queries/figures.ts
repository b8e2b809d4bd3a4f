/**
 * Summed figures with their coverage: per year for a region, agencies or the whole country, and
 * per child region for a roll-up. For every figure the sum over the reports that have it and how
 * many have it; for every ratio its parts over the reports that have all of them (aggregate.ts).
 * Reports lacking a figure are counted, never added as 0.
 *
 * The country, provinces, cities and counties read the region × year roll-ups (region_rollups,
 * rebuilt after each import): a handful of rows instead of every report. Townships and agencies
 * chosen by hand are summed from the report rows (few).
 */
import { childRegions, regionByCode, type Region } from '../../lib/region/gazetteer';
import { ROLLUP_LEVELS, rollupCode } from '../../lib/region/rollup-levels';
import { METRIC_COLUMNS, RATIOS, type Figures, type RatioId } from '../../lib/metrics';
import { rankOfCode } from '../coverage';
import type { Db } from '../client';
import { AGGREGATE_SPEC, REPORT_AGGREGATES, ROLLUP_AGGREGATES } from '../aggregate';
import { filterSql, type Filter } from './filter';
import { allDynamic, marks, type Cell, type Param } from './rows';

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
  return { reports, sums, ratios, review: { reviewed: a.reviewed_cells ?? 0, doubtful: a.doubtful_cells ?? 0 } };
}

/** The roll-up level and code a region's figures are kept under, or null (townships: from reports). */
export function rollupKey(code: string | null | undefined): { level: string; code: string } | null {
  if (!code) return { level: 'country', code: '000000' };
  if (code.length !== 6) return null;
  const level = regionByCode(code)?.level;
  const at = ROLLUP_LEVELS.find((l) => l.level === level) ?? ROLLUP_LEVELS[ROLLUP_LEVELS.length - 1];
  return { level: at.level, code: rollupCode(code, at.digits) };
}

export interface YearFigures {
  year: number;
  /** Reports the figures count (the counting rule applied). */
  reports: number;
  /** The one report when there is exactly one (a click opens it directly). */
  onlyReportId: number | null;
  figures: Figures;
}

function yearFigures(rows: Record<string, Cell>[]): YearFigures[] {
  return rows.map((row) => {
    const a = aggOf(row);
    return { year: a.year!, reports: a.reports ?? 0, onlyReportId: a.reports === 1 ? a.first_id : null, figures: toFigures(a) };
  });
}

/** Per year (ascending): the summed figures of a region, agencies or (empty filter) the whole country. */
export async function getYearFigures(db: Db, f: Filter): Promise<YearFigures[]> {
  const key = f.agencyIds?.length ? null : rollupKey(f.regionCode);
  if (key) {
    const params: Param[] = [key.level, key.code, f.regionCode ? rankOfCode(f.regionCode) : 0];
    let years = '';
    if (f.years?.length) {
      years = ` and u.year in (${marks(f.years.length)})`;
      params.push(...f.years);
    }
    const rows = await allDynamic(
      db,
      'getYearFigures',
      `select u.year as year, ${ROLLUP_AGGREGATES.join(', ')} from region_rollups u where u.level = ? and u.code = ? and u.covered < ?${years} group by u.year order by u.year`,
      params,
      { year: 'int', ...AGGREGATE_SPEC },
    );
    return yearFigures(rows);
  }
  const w = filterSql(f, { counted: true });
  const rows = await allDynamic(
    db,
    'getYearFigures',
    `select r.year as year, ${REPORT_AGGREGATES.join(', ')} from reports r left join report_metrics m on m.report_id = r.id where ${w.sql} group by r.year order by r.year`,
    w.params,
    { year: 'int', ...AGGREGATE_SPEC },
  );
  return yearFigures(rows);
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
  const children = childRegions(regionCode).filter((c) => c.level !== 'township' || regionCode.length === 6);
  const key = rollupKey(regionCode);
  let rows: Record<string, Cell>[];
  if (key && key.level !== 'county') {
    // The counties' roll-ups inside the region, then each goes to the child it lies in.
    const prefix = key.level === 'province' ? regionCode.slice(0, 2) : regionCode.slice(0, 4);
    rows = await allDynamic(
      db,
      'getChildFigures',
      `select u.code as region_code, null as town_code, ${ROLLUP_AGGREGATES.join(', ')} from region_rollups u
        where u.level = 'county' and u.code >= ? and u.code < ? and u.year = ? and u.covered < ? group by u.code`,
      [prefix, prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1), year, rankOfCode(regionCode) + 1],
      { region_code: 'text', town_code: 'text?', ...AGGREGATE_SPEC },
    );
  } else {
    const w = filterSql({ regionCode, years: [year] }, { counted: true, childrenOf: regionCode });
    rows = await allDynamic(
      db,
      'getChildFigures',
      `select r.region_code as region_code, r.town_code as town_code, ${REPORT_AGGREGATES.join(', ')} from reports r left join report_metrics m on m.report_id = r.id
        where ${w.sql} group by r.region_code, r.town_code`,
      w.params,
      { region_code: 'text?', town_code: 'text?', ...AGGREGATE_SPEC },
    );
  }
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
