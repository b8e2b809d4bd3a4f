/**
 * Data quality: reports with failed checks or warnings, and failed checks per rule family and
 * per region. Filtered by the same builder as every other page (region, year), plus a rule.
 */
import { RULE_FAMILIES } from '../../lib/format/rules';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../driver';
import { col } from '../rows';
import { rollupKey } from './figures';
import { codeRange, filterSql, type Filter } from './filter';
import { listReports, type ReportSummary } from './reports';

export interface QualityRow extends ReportSummary {
  failedRules: string[];
}

/** Reports with failed checks or warnings (most failures first), filterable by region, year and rule (id or prefix). */
export async function listQualityIssues(db: Db, f: Filter & { ruleId?: string | null }, limit = 100): Promise<QualityRow[]> {
  const parts = [filterSql(f), sql`(r.failed_checks > 0 or r.warning_count > 0)`];
  if (f.ruleId) {
    // A rule id or a prefix of one (t3.row_total); ids hold only [a-z0-9_.] (an `_` in LIKE matches itself too).
    if (!/^[a-z0-9_.]{1,100}$/.test(f.ruleId)) return [];
    parts.push(sql`exists (select 1 from report_checks k where k.report_id = r.id and k.status = 'fail' and k.rule_id like ${`${f.ruleId}%`})`);
  }
  const ids = await db.all(
    sql`select r.id as id from reports r where ${sql.join(parts, sql` and `)} order by r.failed_checks desc, r.year desc, r.warning_count desc, r.id desc limit ${limit}`,
    { id: col.number },
  );
  if (ids.length === 0) return [];
  const idList = ids.map((r) => r.id);
  const [{ rows }, rules] = await Promise.all([
    listReports(db, {}, { counted: false, limit, ids: idList }),
    db.all(sql`select report_id, rule_id from report_checks where status = 'fail' and report_id in ${idList} order by rule_id`, {
      report_id: col.number,
      rule_id: col.text,
    }),
  ]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const failed = new Map<number, string[]>();
  for (const r of rules) failed.set(r.report_id, [...(failed.get(r.report_id) ?? []), r.rule_id]);
  return idList.map((id) => ({ ...byId.get(id)!, failedRules: failed.get(id) ?? [] })).filter((r) => r.id != null);
}

export interface QualitySummary {
  byRule: { family: string; failures: number; reports: number }[];
  byRegion: { regionCode: string; path: string | null; reports: number; failedReports: number; failedChecks: number }[];
}

/** The 50 counties with most failed checks inside a roll-up region (and years), from the county roll-ups: a handful of rows per county and year. */
function failuresByCounty(key: { level: string; code: string }, years: number[] | null | undefined): SQL {
  const prefix =
    key.level === 'country' ? '' : key.level === 'province' ? key.code.slice(0, 2) : key.level === 'city' ? key.code.slice(0, 4) : key.code;
  const [from, to] = prefix ? codeRange(prefix) : ['000000', 'a'];
  return sql`select u.code as region_code, g.path as path, sum(u.reports) as reports, sum(u.failed_reports) as failed_reports, sum(u.failed_checks) as failed_checks
    from region_rollups u left join regions g on g.code = u.code
    where u.level = 'county' and u.code >= ${from} and u.code < ${to}${years?.length ? sql` and u.year in ${years}` : sql``}
    group by u.code, g.path order by failed_checks desc limit 50`;
}

/** The same, counted from the reports a filter names (townships, agencies). */
function failuresByRegion(w: SQL): SQL {
  return sql`select r.region_code as region_code, g.path as path, count(*) as reports, sum(case when r.failed_checks > 0 then 1 else 0 end) as failed_reports, sum(r.failed_checks) as failed_checks
    from reports r left join regions g on g.code = r.region_code
    where ${w} and r.region_code is not null group by r.region_code, g.path order by failed_checks desc limit 50`;
}

/** Failed checks per rule family and per region (county level or above): the quality summary. */
export async function getQualitySummary(db: Db, f: Filter = {}): Promise<QualitySummary> {
  const w = filterSql(f);
  const key = rollupKey(f.regionCode);
  // The family is the rule id's first two parts (t3.balance.natural_person → t3.balance).
  const family = sql.join(
    RULE_FAMILIES.map((fam) => sql`when k.rule_id like ${`${fam.id}.%`} then cast(${fam.id} as text)`),
    sql` `,
  );
  const [byRule, byRegion] = await Promise.all([
    db.all(
      // The failing reports come from the covering index of current reports, not from their rows.
      sql`select case ${family} else k.rule_id end as family, count(*) as failures, count(distinct k.report_id) as reports
        from report_checks k where k.status = 'fail' and k.report_id in (select r.id from reports r where ${w} and r.failed_checks > 0)
        group by family order by failures desc`,
      { family: col.text, failures: col.number, reports: col.number },
    ),
    db.all(key && f.regionCode?.length !== 9 ? failuresByCounty(key, f.years) : failuresByRegion(w), {
      region_code: col.text,
      path: col.textOrNull,
      reports: col.number,
      failed_reports: col.number,
      failed_checks: col.number,
    }),
  ]);
  return {
    byRule,
    byRegion: byRegion.map((g) => ({
      regionCode: g.region_code,
      path: g.path,
      reports: g.reports,
      failedReports: g.failed_reports,
      failedChecks: g.failed_checks,
    })),
  };
}
