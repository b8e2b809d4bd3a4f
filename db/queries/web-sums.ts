/**
 * Yearly sums of every stored per-report figure over the reports a figure counts (the counting
 * rule of scope.ts, as its notCovered condition), in one SQL statement: the dashboard's charts
 * need all figures at once, and a national view must not read 20,000 rows into JavaScript.
 */
import { METRIC_COLUMNS, type MetricColumn } from '../../lib/metrics';
import type { Db } from '../client';
import { notCovered, regionCondition, type Filter } from './scope';

export interface YearSums {
  year: number;
  reports: number;
  /** The counted report ids when there are few (for drill-down links), else null. */
  ids: number[] | null;
  sums: Record<MetricColumn, number | null>;
}

const FEW = 50;

export function sumsByYear(db: Db, f: Filter): YearSums[] {
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
  const nc = notCovered(f);
  const rows = db.$client
    .prepare(
      `select r.year, count(*) as reports, case when count(*) <= ${FEW} then group_concat(r.id) end as ids,
        ${METRIC_COLUMNS.map((c) => `sum(m.${c}) as ${c}`).join(', ')}
        from reports r left join report_metrics m on m.report_id = r.id
        where ${parts.join(' and ')} and ${nc.sql} group by r.year order by r.year`,
    )
    .all(...params, ...nc.params) as ({ year: number; reports: number; ids: string | null } & Record<MetricColumn, number | null>)[];
  return rows.map((r) => ({
    year: r.year,
    reports: r.reports,
    ids: r.ids ? r.ids.split(',').map(Number) : null,
    sums: Object.fromEntries(METRIC_COLUMNS.map((c) => [c, r[c]])) as Record<MetricColumn, number | null>,
  }));
}
