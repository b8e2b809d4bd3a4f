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
import { sql } from 'drizzle-orm';
import { rankOfCode } from '../coverage';
import type { Db } from '../driver';
import { AGGREGATE, REPORT_AGGREGATES, ROLLUP_AGGREGATES } from '../aggregate';
import { col } from '../rows';
import { codeRange, filterSql, type Filter } from './filter';

type Agg = Record<string, number | null>;

const REPORT_SUMS = sql.raw(REPORT_AGGREGATES.join(', '));
const ROLLUP_SUMS = sql.raw(ROLLUP_AGGREGATES.join(', '));

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

function yearFigures(rows: ({ year: number } & Agg)[]): YearFigures[] {
  return rows.map((a) => ({ year: a.year, reports: a.reports ?? 0, onlyReportId: a.reports === 1 ? a.first_id : null, figures: toFigures(a) }));
}

const YEAR_AGGREGATE = { ...AGGREGATE, year: col.number };

/** Per year (ascending): the summed figures of a region, agencies or (empty filter) the whole country. */
export async function getYearFigures(db: Db, f: Filter): Promise<YearFigures[]> {
  const key = f.agencyIds?.length ? null : rollupKey(f.regionCode);
  if (key) {
    const years = f.years?.length ? sql` and u.year in ${f.years}` : sql``;
    const rows = await db.all(
      sql`select u.year as year, ${ROLLUP_SUMS} from region_rollups u
        where u.level = ${key.level} and u.code = ${key.code} and u.covered < ${f.regionCode ? rankOfCode(f.regionCode) : 0}${years} group by u.year order by u.year`,
      YEAR_AGGREGATE,
    );
    return yearFigures(rows);
  }
  const rows = await db.all(
    sql`select r.year as year, ${REPORT_SUMS} from reports r left join report_metrics m on m.report_id = r.id where ${filterSql(f, { counted: true })} group by r.year order by r.year`,
    YEAR_AGGREGATE,
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
  const place = { region_code: col.textOrNull, town_code: col.textOrNull };
  let rows: { region_code: string | null; town_code: string | null; sums: Agg }[];
  if (key && key.level !== 'county') {
    // The counties' roll-ups inside the region, then each goes to the child it lies in.
    const [from, to] = codeRange(key.level === 'province' ? regionCode.slice(0, 2) : regionCode.slice(0, 4));
    rows = (
      await db.all(
        sql`select u.code as region_code, null as town_code, ${ROLLUP_SUMS} from region_rollups u
          where u.level = 'county' and u.code >= ${from} and u.code < ${to} and u.year = ${year} and u.covered < ${rankOfCode(regionCode) + 1} group by u.code`,
        { ...AGGREGATE, ...place },
      )
    ).map(({ region_code, town_code, ...sums }) => ({ region_code, town_code, sums }));
  } else {
    const w = filterSql({ regionCode, years: [year] }, { counted: true, childrenOf: regionCode });
    rows = (
      await db.all(
        sql`select r.region_code as region_code, r.town_code as town_code, ${REPORT_SUMS} from reports r left join report_metrics m on m.report_id = r.id
          where ${w} group by r.region_code, r.town_code`,
        { ...AGGREGATE, ...place },
      )
    ).map(({ region_code, town_code, ...sums }) => ({ region_code, town_code, sums }));
  }
  const byChild = new Map<string, Agg>();
  for (const r of rows) {
    const child = children.find((c) => (c.level === 'township' ? r.town_code === c.code : r.region_code?.startsWith(prefixOf(c))));
    if (child) byChild.set(child.code, merge(byChild.get(child.code), r.sums));
  }
  return children
    .filter((c) => byChild.has(c.code))
    .map((c) => {
      const a = byChild.get(c.code)!;
      return { region: c, reports: a.reports ?? 0, onlyReportId: a.reports === 1 ? (a.first_id ?? null) : null, figures: toFigures(a) };
    });
}
