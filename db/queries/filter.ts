/**
 * The one filter builder of the read side: which reports a page, chart, list or export reads.
 *
 * Counting rule (stated once, shown in the dashboard as COUNTING_RULE):
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
import { sql, type SQL } from 'drizzle-orm';
import { regionByCode } from '../../lib/region/gazetteer';
import { coversSql, rankOfCode, rankSql } from '../coverage';

export const COUNTING_RULE =
  '每个单位每年只计最新版本的报告；地区数据为区域内各单位报告之和；覆盖全地区的政府报告（如“全市共收到……”）已含其下属单位，同年不再重复相加。';

export interface Filter {
  /** A region (6-digit, or 9-digit township): reports of agencies in it, at any depth. */
  regionCode?: string | null;
  agencyIds?: number[];
  years?: number[] | null;
}

/** [prefix, the next prefix): a code range for `code >= ? and code < ?` (a range, not LIKE, so an index on the code is used). */
export function codeRange(prefix: string): [string, string] {
  return [prefix, prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1)];
}

/** SQL condition on alias `alias` (reports or agencies: both carry region_code and town_code) for "lies in region `code`". */
export function regionCondition(code: string, alias = 'r'): SQL {
  const a = sql.raw(alias);
  if (code.length === 9) return sql`${a}.town_code = ${code}`;
  const level = regionByCode(code)?.level;
  const prefix = level === 'province' ? code.slice(0, 2) : level === 'city' ? code.slice(0, 4) : code;
  if (prefix.length === 6) return sql`${a}.region_code = ${code}`;
  const [from, to] = codeRange(prefix);
  return sql`${a}.region_code >= ${from} and ${a}.region_code < ${to}`;
}

/**
 * The condition (alias r = reports) selecting the current reports a filter names. `counted` adds
 * the counting rule: reports with a year, not already included in a counted region-wide report.
 * `childrenOf`: for a roll-up of that region's children, each child counted as if asked for alone.
 * `live`: evaluate the counting rule afresh instead of reading the stored covered_rank (tests).
 */
export function filterSql(f: Filter, opts: { counted?: boolean; childrenOf?: string; live?: boolean } = {}): SQL {
  const parts = [sql`r.is_current = 1`];
  if (opts.counted) parts.push(sql`r.year is not null`);
  if (f.regionCode) parts.push(regionCondition(f.regionCode, 'r'));
  if (f.agencyIds?.length) parts.push(sql`r.agency_id in ${f.agencyIds}`);
  if (f.years?.length) parts.push(sql`r.year in ${f.years}`);
  if (opts.counted) parts.push(notCovered(f, opts.childrenOf, opts.live));
  return sql.join(parts, sql` and `);
}

/**
 * The counting rule as SQL: a condition on alias r that is false when a region-wide report of the
 * same year, counted by the same filter, already includes it (db/coverage.ts). For a region (or
 * everything) it reads the stored `covered_rank`: r is left out when a covering report lies inside
 * the region, i.e. covered_rank ≥ the region's rank. For agencies chosen by hand (or `live`), it
 * looks the covering reports up among those agencies.
 */
function notCovered(f: Filter, childrenOf?: string, live = false): SQL {
  if (!live && !f.agencyIds?.length) {
    // A roll-up counts each child by itself: only reports narrower than the parent cover.
    const rank = childrenOf ? rankOfCode(childrenOf) + 1 : f.regionCode ? rankOfCode(f.regionCode) : 0;
    return sql`(r.covered_rank is null or r.covered_rank < ${rank})`;
  }
  // The counting rule's conditions are constant SQL text (db/coverage.ts, shared with the store).
  const parts = coversSql('r', 'w').map((c) => sql.raw(c));
  if (f.regionCode) parts.push(regionCondition(f.regionCode, 'w'));
  if (f.agencyIds?.length) parts.push(sql`w.agency_id in ${f.agencyIds}`);
  if (childrenOf) parts.push(sql`${sql.raw(rankSql('w'))} > ${rankOfCode(childrenOf)}`);
  return sql`not exists (select 1 from reports w where ${sql.join(parts, sql` and `)})`;
}
