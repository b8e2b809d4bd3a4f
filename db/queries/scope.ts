/**
 * Which reports a figure counts, and their values. Rules (stated once, shown in the dashboard):
 * - only the current version of each agency's report for a year (a corrected re-publication
 *   replaces the earlier one);
 * - a region's figure is the sum of the reports of agencies in it (any depth);
 * - a report that covers a whole region (scope "region", e.g. a 人民政府 report saying 全市共收到…)
 *   already includes that region's departments and lower governments: their own reports are then
 *   not added again for that year.
 */
import { regionByCode } from '../../lib/region/gazetteer';
import { METRIC_COLUMNS, type MetricColumn } from '../../lib/metrics';
import type { Db } from '../client';

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

/** Code prefix of a region: 2 digits for a province, 4 for a city, all 6 for a county. */
function prefixOf(code: string | null): string | null {
  if (!code) return null;
  const r = regionByCode(code);
  return r?.level === 'province' ? code.slice(0, 2) : r?.level === 'city' ? code.slice(0, 4) : code;
}

/** The reports a figure counts (see the rules above), with their stored figures. */
export function countedReports(db: Db, f: Filter, metrics: readonly MetricColumn[] = METRIC_COLUMNS): (ReportRef & Record<MetricColumn, number | null>)[] {
  const w = where(f);
  const cols = metrics.map((c) => `, m.${c}`).join('');
  const join = metrics.length ? ' left join report_metrics m on m.report_id = r.id' : '';
  const rows = db.$client
    .prepare(
      `select r.id, r.year, r.region_code as regionCode, r.town_code as townCode, r.scope${cols}
        from reports r${join} where ${w.sql}`,
    )
    .all(...w.params) as (ReportRef & Record<MetricColumn, number | null>)[];
  // Region-wide reports by year and region prefix; a report inside one (other than itself, and
  // not a wider region-wide report) is already counted by it.
  const wide = new Map<string, number[]>();
  for (const r of rows) {
    if (r.scope !== 'region') continue;
    const key = `${r.year}:${prefixOf(r.regionCode)}`;
    (wide.get(key) ?? wide.set(key, []).get(key)!).push(r.id);
  }
  if (wide.size === 0) return rows;
  return rows.filter((r) => {
    if (!r.regionCode) return true;
    const own = r.scope === 'region' ? prefixOf(r.regionCode)! : null;
    for (const p of [r.regionCode.slice(0, 2), r.regionCode.slice(0, 4), r.regionCode]) {
      // A region-wide report is only covered by a strictly wider one.
      if (own && p.length >= own.length) break;
      const ids = wide.get(`${r.year}:${p}`);
      if (ids && ids.some((id) => id !== r.id)) return false;
    }
    return true;
  });
}

/** Values of `keys` for the given reports: reportId → key → value (primary-key lookups). */
export function valuesOf(db: Db, reportIds: number[], keys: string[]): Map<number, Map<string, number | null>> {
  const out = new Map<number, Map<string, number | null>>();
  if (reportIds.length === 0 || keys.length === 0) return out;
  const rows = db.$client
    .prepare(
      `select v.report_id as id, v.key, v.value from json_each(?) j join report_values v on v.report_id = j.value
        where v.key in (${keys.map(() => '?').join(',')})`,
    )
    .all(JSON.stringify(reportIds), ...keys) as { id: number; key: string; value: number | null }[];
  for (const r of rows) {
    let m = out.get(r.id);
    if (!m) out.set(r.id, (m = new Map()));
    m.set(r.key, r.value);
  }
  return out;
}

const RANK = (x: string) => `(case when ${x} like '__0000' then 0 when ${x} like '____00' then 1 else 2 end)`;

/**
 * The counting rule above as SQL: a condition on alias r that is false for reports already
 * counted by a region-wide report of the same year (by index lookups of the three regions that
 * can contain r: its province, its city, itself).
 */
export const NOT_COVERED = `not exists (select 1 from reports w where w.is_current = 1 and w.year = r.year and w.scope = 'region'
  and w.region_code in (substr(r.region_code, 1, 2) || '0000', substr(r.region_code, 1, 4) || '00', r.region_code) and w.id <> r.id
  and (r.scope is not 'region' or ${RANK('w.region_code')} < ${RANK('r.region_code')}))`;

/** Sums of stored figures per year over the counted reports, in SQL (national figures stay fast). */
export function sumByYear(db: Db, f: Filter, metric: MetricColumn): { year: number; value: number | null; reports: number; ids: string | null }[] {
  const w = where(f);
  return db.$client
    .prepare(
      `select r.year, sum(m.${metric}) as value, count(*) as reports, case when count(*) <= 2000 then group_concat(r.id) end as ids
        from reports r left join report_metrics m on m.report_id = r.id where ${w.sql} and ${NOT_COVERED} group by r.year order by r.year`,
    )
    .all(...w.params) as { year: number; value: number | null; reports: number; ids: string | null }[];
}
