/**
 * Which reports a figure counts, and their values. Rules (stated once, shown in the dashboard):
 * - only the current version of each agency's report for a year (a corrected re-publication
 *   replaces the earlier one);
 * - a region's figure is the sum of the reports of agencies in it (any depth);
 * - a report that covers a whole region (scope "region", e.g. a 人民政府 report saying 全市共收到…)
 *   already includes that region's departments and lower governments: their own reports are then
 *   not added again for that year;
 * - a region-wide report only does so where it is itself counted: a county's figure is the sum of
 *   the county's reports even when the city published a city-wide report, and a department asked
 *   for by itself shows its own figure.
 * Why not the other way round (sum the departments, drop the region-wide report)? Departments
 * rarely all publish, so the sum would undercount; the government's region-wide report is the
 * figure the region itself states.
 */
import { regionByCode } from '../../lib/region/gazetteer';
import { METRIC_COLUMNS, type MetricColumn } from '../../lib/metrics';
import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { fragment, groupIds, idTable } from '../dialect';
import { col, type Shape } from '../rows';
import { coversSql, rankOfCode, rankSql } from '../coverage';

export const COUNTING_RULE =
  '每个单位每年只计最新版本的报告；地区数据为区域内各单位报告之和；覆盖全地区的政府报告（如“全市共收到……”）已含其下属单位，同年不再重复相加。';

export interface Filter {
  /** A region (6-digit, or 9-digit township): reports of agencies in it, at any depth. */
  regionCode?: string;
  agencyIds?: number[];
  years?: number[];
}

export interface ReportRef {
  id: number;
  year: number;
  regionCode: string | null;
  townCode: string | null;
  scope: string | null;
}

/** SQL condition and parameters for "agency lies in region `code`" (alias a = agencies). */
export function regionCondition(code: string, alias = 'a'): { sql: string; params: string[] } {
  if (code.length === 9) return { sql: `${alias}.town_code = ?`, params: [code] };
  const r = regionByCode(code);
  const prefix = r?.level === 'province' ? code.slice(0, 2) : r?.level === 'city' ? code.slice(0, 4) : code;
  if (prefix.length === 6) return { sql: `${alias}.region_code = ?`, params: [code] };
  // A range, not LIKE, so the index on region_code is used.
  return { sql: `${alias}.region_code >= ? and ${alias}.region_code < ?`, params: [prefix, prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1)] };
}

function where(f: Filter): { sql: string; params: (string | number)[] } {
  const parts = ['r.is_current = 1', 'r.year is not null'];
  const params: (string | number)[] = [];
  if (f.regionCode) {
    const rc = regionCondition(f.regionCode, 'r');
    parts.push(rc.sql);
    params.push(...rc.params);
  }
  if (f.agencyIds?.length) {
    parts.push(`r.agency_id in (${f.agencyIds.map(() => '?').join(',')})`);
    params.push(...f.agencyIds);
  }
  if (f.years?.length) {
    parts.push(`r.year in (${f.years.map(() => '?').join(',')})`);
    params.push(...f.years);
  }
  return { sql: parts.join(' and '), params };
}

/** SQL condition (alias r = reports) and parameters selecting the reports a figure counts. */
export function countedWhere(f: Filter, opts: { childrenOf?: string; live?: boolean } = {}): { sql: string; params: (string | number)[] } {
  const w = where(f);
  const nc = notCovered(f, opts.childrenOf, opts.live);
  return { sql: `${w.sql} and ${nc.sql}`, params: [...w.params, ...nc.params] };
}

/** The reports a figure counts (see the rules above), with their stored figures. */
export async function countedReports(
  db: Db,
  f: Filter,
  metrics: readonly MetricColumn[] = METRIC_COLUMNS,
  opts: {
    /** For a roll-up of this region's children: each child is counted as if asked for by itself. */
    childrenOf?: string;
    /** Evaluate the counting rule afresh instead of reading the stored covered_rank (tests). */
    live?: boolean;
  } = {},
): Promise<(ReportRef & Record<MetricColumn, number | null>)[]> {
  const w = where(f);
  const nc = notCovered(f, opts.childrenOf, opts.live);
  const cols = metrics.map((c) => `, m.${c}`).join('');
  const join = metrics.length ? ' left join report_metrics m on m.report_id = r.id' : '';
  const shape: Shape = { id: col.number, year: col.number, regionCode: col.textOrNull, townCode: col.textOrNull, scope: col.textOrNull };
  for (const m of metrics) shape[m] = col.numberOrNull;
  const rows = await db.all(
    fragment(
      `select r.id, r.year, r.region_code as "regionCode", r.town_code as "townCode", r.scope${cols}
        from reports r${join} where ${w.sql} and ${nc.sql}`,
      [...w.params, ...nc.params],
    ),
    shape,
  );
  return rows as unknown as (ReportRef & Record<MetricColumn, number | null>)[];
}

/** Values of `keys` for the given reports: reportId → key → value (primary-key lookups). */
export async function valuesOf(db: Db, reportIds: number[], keys: string[]): Promise<Map<number, Map<string, number | null>>> {
  const out = new Map<number, Map<string, number | null>>();
  if (reportIds.length === 0 || keys.length === 0) return out;
  const rows = await db.all(
    sql`select v.report_id as id, v.key, v.value from ${idTable(db.dialect, reportIds)} j join report_values v on v.report_id = j.id
        where v.key in (${sql.join(keys.map((k) => sql`${k}`), sql`, `)})`,
    { id: col.number, key: col.text, value: col.numberOrNull },
  );
  for (const r of rows) {
    let m = out.get(r.id);
    if (!m) out.set(r.id, (m = new Map()));
    m.set(r.key, r.value);
  }
  return out;
}

/**
 * The counting rule above as SQL: a condition on alias r (a report the filter selects) that is
 * false when a region-wide report of the same year, counted by the same filter, already includes
 * it (db/coverage.ts). For a region (or everything) it reads the stored `covered_rank`: r is left
 * out when a covering report lies inside the region, i.e. covered_rank ≥ the region's rank. For
 * agencies chosen by hand (or `live`), it looks the covering reports up among those agencies.
 * Plain SQL (no SQLite-only syntax), so it runs on PostgreSQL as is.
 */
export function notCovered(f: Filter, childrenOf?: string, live = false): { sql: string; params: (string | number)[] } {
  if (!live && !f.agencyIds?.length) {
    // A roll-up counts each child by itself: only reports narrower than the parent cover.
    const rank = childrenOf ? rankOfCode(childrenOf) + 1 : f.regionCode ? rankOfCode(f.regionCode) : 0;
    return { sql: '(r.covered_rank is null or r.covered_rank < ?)', params: [rank] };
  }
  const parts = coversSql('r', 'w');
  const params: (string | number)[] = [];
  if (f.regionCode) {
    const rc = regionCondition(f.regionCode, 'w');
    parts.push(rc.sql);
    params.push(...rc.params);
  }
  if (f.agencyIds?.length) {
    parts.push(`w.agency_id in (${f.agencyIds.map(() => '?').join(',')})`);
    params.push(...f.agencyIds);
  }
  if (childrenOf) {
    parts.push(`${rankSql('w')} > ?`);
    params.push(rankOfCode(childrenOf));
  }
  return { sql: `not exists (select 1 from reports w where ${parts.join(' and ')})`, params };
}

/** Sums of stored figures per year over the counted reports, in SQL (national figures stay fast). */
export async function sumByYear(db: Db, f: Filter, metric: MetricColumn): Promise<{ year: number; value: number | null; reports: number; ids: number[] | null }[]> {
  const w = where(f);
  const nc = notCovered(f);
  return db.all(
    sql`select r.year, sum(m.${sql.raw(metric)}) as value, count(*) as reports, case when count(*) <= 2000 then ${sql.raw(groupIds(db.dialect, 'r.id'))} end as ids
        from reports r left join report_metrics m on m.report_id = r.id where ${fragment(`${w.sql} and ${nc.sql}`, [...w.params, ...nc.params])} group by r.year order by r.year`,
    { year: col.number, value: col.numberOrNull, reports: col.number, ids: col.idList },
  );
}
