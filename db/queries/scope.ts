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
  agencyId: number;
  agencyName: string;
  regionCode: string | null;
  townCode: string | null;
  scope: string | null;
  format: string;
}

/** SQL condition and parameters for "agency lies in region `code`" (alias a = agencies). */
export function regionCondition(code: string): { sql: string; params: string[] } {
  if (code.length === 9) return { sql: 'a.town_code = ?', params: [code] };
  const r = regionByCode(code);
  const prefix = r?.level === 'province' ? code.slice(0, 2) : r?.level === 'city' ? code.slice(0, 4) : code;
  return prefix.length === 6 ? { sql: 'a.region_code = ?', params: [code] } : { sql: 'a.region_code like ?', params: [`${prefix}%`] };
}

function where(f: Filter): { sql: string; params: (string | number)[] } {
  const parts = ['r.is_current = 1', 'r.year is not null'];
  const params: (string | number)[] = [];
  if (f.regionCode) {
    const rc = regionCondition(f.regionCode);
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

/** True when region `inner` (code) lies in or equals region `outer`. */
function covers(outer: string | null, inner: string | null): boolean {
  if (!outer || !inner) return false;
  const r = regionByCode(outer);
  const prefix = r?.level === 'province' ? outer.slice(0, 2) : r?.level === 'city' ? outer.slice(0, 4) : outer;
  return inner.startsWith(prefix);
}

/** The reports a figure counts (see the rules above). */
export function countedReports(db: Db, f: Filter): ReportRef[] {
  const w = where(f);
  const rows = db.$client
    .prepare(
      `select r.id, r.year, r.agency_id as agencyId, a.name as agencyName, a.region_code as regionCode, a.town_code as townCode,
        r.scope, r.format from reports r join agencies a on a.id = r.agency_id where ${w.sql}`,
    )
    .all(...w.params) as ReportRef[];
  const regionWide = rows.filter((r) => r.scope === 'region');
  if (regionWide.length === 0) return rows;
  return rows.filter(
    (r) => !regionWide.some((g) => g.id !== r.id && g.year === r.year && covers(g.regionCode, r.regionCode) && !(r.scope === 'region' && covers(r.regionCode, g.regionCode))),
  );
}

/** Values of `keys` for the given reports: reportId → key → value. */
export function valuesOf(db: Db, f: Filter, keys: string[]): Map<number, Map<string, number | null>> {
  const w = where(f);
  const rows = db.$client
    .prepare(
      `select v.report_id as id, v.key, v.value from report_values v join reports r on r.id = v.report_id
        join agencies a on a.id = r.agency_id where ${w.sql} and v.key in (${keys.map(() => '?').join(',')})`,
    )
    .all(...w.params, ...keys) as { id: number; key: string; value: number | null }[];
  const out = new Map<number, Map<string, number | null>>();
  for (const r of rows) {
    let m = out.get(r.id);
    if (!m) out.set(r.id, (m = new Map()));
    m.set(r.key, r.value);
  }
  return out;
}
