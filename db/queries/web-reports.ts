/**
 * Report lists for the dashboard's report index: the latest current reports, paged.
 */
import type { Db } from '../client';
import type { ReportSummary } from './reports';

export function listLatestReports(db: Db, { limit = 50, offset = 0, year }: { limit?: number; offset?: number; year?: number } = {}): { total: number; rows: ReportSummary[] } {
  const where = year ? 'r.is_current = 1 and r.year = ?' : 'r.is_current = 1';
  const params = year ? [year] : [];
  const total = (db.$client.prepare(`select count(*) as n from reports r where ${where}`).get(...params) as { n: number }).n;
  const rows = db.$client
    .prepare(
      `select r.id, a.name as agency, a.region_code as regionCode, g.path as regionPath, r.year, r.format, r.published,
        r.failed_checks as failedChecks, json_array_length(r.warnings) as warnings, r.is_current as isCurrent, r.source_file as sourceFile
        from reports r left join agencies a on a.id = r.agency_id left join regions g on g.code = coalesce(a.town_code, a.region_code)
        where ${where} order by r.year desc, r.id desc limit ? offset ?`,
    )
    .all(...params, limit, offset) as ReportSummary[];
  return { total, rows: rows.map((r) => ({ ...r, isCurrent: Boolean(r.isCurrent) })) };
}
