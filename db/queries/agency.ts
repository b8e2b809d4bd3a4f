/**
 * The body page (/agencies/[id]): a body's reports over the years, one year's tables beside the
 * year before (value, previous value, change), its deadlines and its cross-year findings.
 */
import { compareYears, type ValueChange } from '../../lib/crossyear/compare';
import { deadlineFor, deadlineSettingsFrom, timeliness, timelinessLabel } from '../../lib/coverage/deadlines';
import type { FormatVersion } from '../../lib/format';
import { regionPath } from '../../lib/region/gazetteer';
import type { Db } from '../client';
import { getAgencyCrossYear, getAgencyYears, getReportCells, type CrossYearRow } from './crossyear';

export interface AgencyYearRow {
  reportId: number;
  year: number;
  format: FormatVersion;
  published: string | null;
  due: string;
  /** 按时 / 逾期 N 天 / 发布日期不详. */
  timeliness: string;
  late: boolean;
  failedChecks: number;
  /** Failed cross-year rules against the year before. */
  crossYear: number;
}

export interface AgencyView {
  id: number;
  name: string;
  level: string | null;
  regionCode: string | null;
  regionPath: string | null;
  years: AgencyYearRow[];
  /** The year shown in the tables, and the year before when the body has it. */
  year: AgencyYearRow | null;
  previous: AgencyYearRow | null;
  values: { key: string; value: number | null; status: string }[];
  changes: Map<string, ValueChange> | null;
  findings: CrossYearRow[];
}

export async function getAgencyView(
  db: Db,
  id: number,
  askedYear: number | null,
  env: Record<string, string | undefined> = process.env,
): Promise<AgencyView | null> {
  const body = await getAgencyYears(db, id);
  if (!body) return null;
  const settings = deadlineSettingsFrom(env);
  const findings = await getAgencyCrossYear(db, id);
  const years: AgencyYearRow[] = body.reports.map((r) => {
    const due = deadlineFor({ kind: body.kind, level: body.level as 'county' | null, townCode: body.townCode }, r.year, settings);
    const t = timeliness(r.published, r.year, due);
    return {
      reportId: r.reportId,
      year: r.year,
      format: r.format as FormatVersion,
      published: r.published,
      due: due.date,
      timeliness: timelinessLabel(t),
      late: t.status === 'late',
      failedChecks: r.failedChecks,
      crossYear: findings.filter((f) => f.reportId === r.reportId && f.status === 'fail').length,
    };
  });
  const year = years.find((y) => y.year === askedYear) ?? years.at(-1) ?? null;
  const previous = year ? (years.find((y) => y.year === year.year - 1) ?? null) : null;
  const cells = await getReportCells(
    db,
    [year?.reportId, previous?.reportId].filter((x): x is number => x !== undefined),
  );
  const current = year ? cells.get(year.reportId)! : {};
  return {
    id: body.id,
    name: body.name,
    level: body.level,
    regionCode: body.townCode ?? body.regionCode,
    regionPath: (body.townCode ?? body.regionCode) ? regionPath((body.townCode ?? body.regionCode)!) : null,
    years,
    year,
    previous,
    values: Object.entries(current).map(([key, c]) => ({ key, value: c.value, status: c.status })),
    changes:
      year && previous
        ? compareYears({ format: previous.format, cells: cells.get(previous.reportId)! }, { format: year.format, cells: current })
        : null,
    findings,
  };
}
