/**
 * Report lists for the dashboard's report index: the latest current reports, paged.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { col } from '../rows';
import { SUMMARY_ROW, type ReportSummary } from './reports';

export async function listLatestReports(
  db: Db,
  { limit = 50, offset = 0, year }: { limit?: number; offset?: number; year?: number } = {},
): Promise<{ total: number; rows: ReportSummary[] }> {
  const where = year ? sql`r.is_current = 1 and r.year = ${year}` : sql`r.is_current = 1`;
  const total = (await db.one(sql`select count(*) as n from reports r where ${where}`, { n: col.number }))!.n;
  const rows = await db.all(
    sql`select r.id, a.name as agency, a.region_code as "regionCode", g.path as "regionPath", r.year, r.format, r.published,
        r.failed_checks as "failedChecks", r.warning_count as warnings, r.is_current as "isCurrent", r.source_file as "sourceFile", r.source_url as "sourceUrl"
        from reports r left join agencies a on a.id = r.agency_id left join regions g on g.code = coalesce(a.town_code, a.region_code)
        where ${where} order by r.year desc, r.id desc limit ${limit} offset ${offset}`,
    SUMMARY_ROW,
  );
  return { total, rows };
}
